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
}
