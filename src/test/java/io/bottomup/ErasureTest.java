package io.bottomup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.cli.Main;
import io.bottomup.generate.SampleGenerator;
import io.bottomup.ingest.SourceCounts;
import io.bottomup.privacy.Pseudonymizer;
import io.bottomup.report.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After {@code forget}, no trace of the person's pseudonym remains in staging or marts, and none comes back. */
class ErasureTest extends SparkTest {
  static final String KEY = "erasure-test-key";
  static final LocalDate END = LocalDate.of(2026, 6, 30);

  @TempDir Path dir;

  /** Every string cell of every table under a folder that equals the pseudonym. */
  private long traces(Path folder, String pseudonym) throws IOException {
    long found = 0;
    try (Stream<Path> tables = Files.list(folder)) {
      for (Path table : tables.filter(Files::isDirectory).toList()) {
        Dataset<Row> rows = spark.read().parquet(table.toString());
        for (StructField f : rows.schema().fields()) {
          if (f.dataType().typeName().equals("string")) {
            found += rows.filter(rows.col(f.name()).equalTo(pseudonym)).count();
          }
        }
      }
    }
    return found;
  }

  @Test
  void forgetRemovesEveryTraceAndLaterRunsKeepItRemoved() throws IOException {
    Path in = dir.resolve("in");
    new SampleGenerator(60, 6, 7, END).write(in);
    String employee = Files.readAllLines(in.resolve("directory/employees.csv")).get(1).split(",")[0];
    String pseudonym = new Pseudonymizer(KEY).pseudonym(Pseudonymizer.PERSON, employee);
    Path out = dir.resolve("out");
    Map<String, String> env = Map.of(Pseudonymizer.KEY_ENV, KEY);
    String[] run = {"run", "--input", in.toString(), "--out", out.toString(), "--run-date", END.toString()};
    assertEquals(0, Main.run(env, run));
    assertTrue(traces(out.resolve("staging"), pseudonym) > 0, "the person is there before");
    assertTrue(traces(out.resolve("marts"), pseudonym) > 0);

    assertEquals(0, Main.run(env, "forget", "--out", out.toString(), "--run-date", END.toString(), "--employee-id", employee));
    assertEquals(0, traces(out.resolve("staging"), pseudonym), "staging");
    assertEquals(0, traces(out.resolve("marts"), pseudonym), "marts");
    assertEquals(List.of(pseudonym), Files.readAllLines(out.resolve("_runs/" + Erasure.FORGOTTEN)), "the pseudonym, never the id");
    assertFalse(Files.readString(out.resolve("_runs/" + Erasure.FORGOTTEN)).contains(employee));
    String history = Files.readString(out.resolve("_runs/history.jsonl"));
    assertTrue(history.contains("person(s) forgotten"), "the erasure is logged in _runs/");

    run[0] = "ingest";
    assertEquals(0, Main.run(env, run), "the next night reads the same landing folder");
    assertEquals(0, traces(out.resolve("staging"), pseudonym), "and does not bring the person back");
    List<String> runs = Files.readAllLines(out.resolve("_runs/history.jsonl"));
    Manifest m = Manifest.fromJson(runs.get(runs.size() - 1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    SourceCounts directory = m.sources().stream().filter(s -> s.entity().equals("directory")).findFirst().orElseThrow();
    assertEquals(1L, directory.skippedByReason().get("forgotten"));
    assertTrue(m.sources().stream().allMatch(SourceCounts::reconciles));
  }
}
