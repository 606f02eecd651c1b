package io.bottomup;

import static io.bottomup.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.cli.Main;
import io.bottomup.privacy.Pseudonymizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code forget} right after an incremental night that changed nothing (the staging it left is the
 * one the marts were built from): the night recomputed only March, but the person forgotten was active
 * in January and February, so the erasure must rebuild every month of the facts.
 */
class ForgetAfterANightTest extends SparkTest {
  private static final String KEY = "forget-test-key";

  private static String event(String id, String at, String actor, String action) {
    return "{\"event_id\":\"" + id + "\",\"source\":\"wiki\",\"occurred_at\":\"" + at + "\",\"actor\":\"" + actor
        + "\",\"action\":\"" + action + "\"}";
  }

  /** The mart tables (name: rows) holding {@code pseudonym} in any text column. */
  private List<String> traces(Path marts, String pseudonym) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> tables = Files.list(marts)) {
      for (Path table : tables.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> files = Files.walk(table)) {
          if (files.noneMatch(f -> f.toString().endsWith(".parquet"))) {
            continue; // a table without rows (this tiny run has no network, for one)
          }
        }
        Dataset<Row> rows = spark.read().parquet(table.toString());
        Column any = functions.lit(false);
        for (StructField f : rows.schema().fields()) {
          if (f.dataType().typeName().equals("string")) {
            any = any.or(functions.coalesce(rows.col(f.name()).equalTo(pseudonym), functions.lit(false)));
          }
        }
        long n = rows.filter(any).count();
        if (n > 0) {
          found.add(table.getFileName() + ": " + n);
        }
      }
    }
    return found;
  }

  @Test
  void forgetAfterAnIncrementalNightRemovesThePersonFromEveryMonth(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("in");
    List<String> people = new ArrayList<>(List.of("employee_id,email,department,hire_date"));
    for (int i = 1; i <= 6; i++) {
      people.add("E" + i + ",e" + i + "@x.com,Eng,2020-01-01");
    }
    write(in.resolve("directory/people.csv"), people.toArray(String[]::new));
    write(in.resolve("appraisals/a.csv"), "employee_id,cycle,review_date,manager_rating", "E2,2025-H2,2025-12-15,4");
    write(in.resolve("training/t.csv"), "record_id,learner,course_id,status,hours,completed_at",
        "T1,E2,C1,completed,2,2026-01-10");
    write(in.resolve("collaboration/history.jsonl"),
        event("h1", "2026-01-12T10:00:00Z", "e1@x.com", "post"), event("h2", "2026-02-03T10:00:00Z", "e1@x.com", "post"),
        event("h3", "2026-02-04T10:00:00Z", "e2@x.com", "post"));
    Map<String, String> env = Map.of(Pseudonymizer.KEY_ENV, KEY);
    Path out = dir.resolve("out");
    write(in.resolve("collaboration/night.jsonl"), event("n1", "2026-03-31T09:00:00Z", "e2@x.com", "post"));
    // Ingest and model as a scheduler's tasks (the analysis plays no part here; forget runs it).
    for (String task : List.of("ingest", "model")) {
      assertEquals(0, Main.run(env, task, "--input", in.toString(), "--out", out.toString(), "--run-date", "2026-03-31"));
    }
    // The same night again (a scheduler's retry): incremental, nothing changed, the run date's month recomputed.
    for (String task : List.of("ingest", "model")) {
      assertEquals(0, Main.run(env, task, "--input", in.toString(), "--out", out.toString(), "--run-date", "2026-03-31"));
    }
    List<String> history = Files.readAllLines(out.resolve("_runs/history.jsonl"));
    String retry = history.get(history.size() - 2); // the retry's ingest; its model is the last line
    assertTrue(retry.contains("\"stages\":[{\"name\":\"ingest\"") && retry.contains("incremental"), "an incremental ingest: " + retry);

    String pseudonym = new Pseudonymizer(KEY).pseudonym(Pseudonymizer.PERSON, "E1");
    List<String> before = traces(out.resolve("marts"), pseudonym);
    assertTrue(before.contains("fct_collaboration: 2"), "E1 posted in January and February: " + before);
    assertEquals(0, Main.run(env, "forget", "--out", out.toString(), "--run-date", "2026-03-31", "--employee-id", "E1"));
    assertEquals(List.of(), traces(out.resolve("marts"), pseudonym), "no month of any mart keeps E1");
  }
}
