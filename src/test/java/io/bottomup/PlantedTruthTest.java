package io.bottomup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.analyze.Evidence;
import io.bottomup.cli.Main;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence checked against a known truth: {@code generate --effect} plants an exact effect of
 * helping and asking on rating change; {@code --confounded} makes juniors both more active and
 * faster to improve, with no effect of the actions at all.
 */
class PlantedTruthTest extends SparkTest {
  private static Map<String, Row> evidenceFor(Path dir, String... plant) {
    Path input = dir.resolve("in");
    String[] generate = new String[] {"generate", "--out", input.toString(), "--employees", "500", "--months", "24"};
    String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(generate), java.util.Arrays.stream(plant))
        .toArray(String[]::new);
    assertEquals(0, Main.run(Map.of(), args));
    assertEquals(0, Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "planted"), "run", "--input", input.toString(),
        "--out", dir.resolve("out").toString(), "--run-date", "2026-10-31"));
    return byKey(spark.read().parquet(dir.resolve("out/marts/mart_evidence").toString()).filter("scope = 'all'"), "analysis");
  }

  @Test
  void aPlantedEffectIsFoundWithTheRightSignAndAnIntervalThatCoversIt(@TempDir Path dir) {
    Row adjusted = evidenceFor(dir, "--effect", "0.2").get(Evidence.ADJUSTED_EFFECT);
    double lo = adjusted.getAs("ci_low");
    double hi = adjusted.getAs("ci_high");
    assertTrue(lo > 0 && lo <= 0.2 && 0.2 <= hi, "95% CI [" + lo + ", " + hi + "] covers the planted 0.2 and excludes 0");
    assertEquals(Evidence.POSITIVE, adjusted.getAs("verdict"));
  }

  @Test
  void withNoEffectButConfoundingTheRawGapShowsAndTheAdjustedVerdictDoesNot(@TempDir Path dir) {
    Map<String, Row> evidence = evidenceFor(dir, "--effect", "0", "--confounded");
    Row cohort = evidence.get(Evidence.COHORT_DIFFERENCE);
    assertTrue((Double) cohort.getAs("ci_low") > 0, "juniors are more active and improve faster: the raw gap is positive");
    assertEquals(Evidence.NONE, evidence.get(Evidence.ADJUSTED_EFFECT).getAs("verdict"));
  }
}
