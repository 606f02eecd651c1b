package io.bottomup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.cli.Main;
import io.bottomup.generate.SampleGenerator;
import io.bottomup.io.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An organisation whose collaboration has no question at all (a Slack export alone, or chat and a wiki)
 * is a normal run: the questions' fact and mart are empty, the rest is built.
 */
class NoQuestionsTest extends SparkTest {
  @Test
  void aRunWithoutAnyQuestionSucceedsWithEmptyQuestionTables(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("in");
    try (Stream<Path> files = Files.walk(Path.of("sample-data"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path to = in.resolve(Path.of("sample-data").relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else if (!f.getFileName().toString().equals("qa.jsonl")) { // the only file with questions
          Files.copy(f, to);
        }
      }
    }
    Path out = dir.resolve("out");
    String runDate = SampleGenerator.SAMPLE_END.toString();
    assertEquals(0, Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "no-questions"), "run", "--input", in.toString(),
        "--out", out.toString(), "--run-date", runDate));
    Dataset<Row> questions = Tables.read(spark, out.resolve("marts/fct_question").toString());
    assertEquals(0, questions.count());
    assertTrue(java.util.List.of(questions.columns()).contains("hours_to_first_answer"));
    assertEquals(0, Tables.read(spark, out.resolve("marts/mart_question_flow").toString()).count());
    Dataset<Row> monthly = Tables.read(spark, out.resolve("marts/mart_learning_monthly").toString());
    assertTrue(monthly.count() > 0);
    assertEquals(0, monthly.filter("questions_asked > 0").count(), "no month has a question");
    Dataset<Row> culture = Tables.read(spark, out.resolve("marts/mart_culture_index").toString());
    assertTrue(culture.count() > 0);
    assertEquals(0, culture.filter("opportunity_asking is not null").count(), "asking is not measured, rather than 0");
    assertTrue(Files.size(out.resolve("reports").resolve(runDate).resolve("learning-culture-report.html")) > 0);
  }
}
