package io.bottomup.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bottomup.SparkTest;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;

class ModelStageTest extends SparkTest {
  @Test
  void theAffectedMonthsReadTheirDaysAndOneMoreOnEachSide() {
    var days = rows("event_date DATE",
        "{\"event_date\":\"2026-08-31\"}", "{\"event_date\":\"2026-09-29\"}", "{\"event_date\":\"2026-09-30\"}",
        "{\"event_date\":\"2026-10-15\"}", "{\"event_date\":\"2026-11-30\"}", "{\"event_date\":\"2026-12-01\"}",
        "{\"event_date\":\"2026-12-02\"}");
    List<String> kept = days.filter(ModelStage.inDaysOf(Set.of("2026-11", "2026-10")))
        .selectExpr("cast(event_date as string)").as(Encoders.STRING()).collectAsList();
    assertEquals(List.of("2026-09-30", "2026-10-15", "2026-11-30", "2026-12-01"), kept.stream().sorted().toList());
    assertEquals(0, days.filter(ModelStage.inDaysOf(Set.of())).count(), "no month, no day");
  }
  /**
   * The marts of an earlier version recorded no facts' fingerprint: an incremental run cannot add months
   * to them (its State differs), so the model rebuilds them once.
   */
  @Test
  void martsOfAnEarlierVersionDoNotMatchTheFactsFingerprint(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Path old = java.nio.file.Files.writeString(dir.resolve("_model.json"),
        "{\"run_date\":\"2026-10-30\",\"ledger\":\"abc\"}");
    ModelStage.State state = ModelStage.State.read(new org.apache.hadoop.conf.Configuration(), old.toString());
    assertEquals("abc", state.ledger());
    org.junit.jupiter.api.Assertions.assertNull(state.facts());
    org.junit.jupiter.api.Assertions.assertNotEquals(state.facts(), ModelStage.factsFingerprint());
    assertEquals(ModelStage.factsFingerprint(), ModelStage.factsFingerprint(), "stable within a version");
  }
}
