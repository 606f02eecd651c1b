package io.bottomup.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bottomup.SparkTest;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class FctQuestionTest extends SparkTest {
  private static String question(String id, String askedAt, boolean answered) {
    return "{\"event_id\":\"" + id + "\",\"asked_at\":\"" + askedAt + "\",\"answered_within_7d\":" + answered + "}";
  }

  /**
   * Run date 2026-10-31: seven days before its end is 2026-10-25T00:00Z. q1 and q2 (answered) and q5
   * (asked at that instant, unanswered) are decided; q3 (unanswered) and q4 (answered) are not yet, and
   * are left out of the share: 2 of 3, where counting them gave 3 of 5.
   */
  @Test
  void questionsWhoseSevenDaysHaveNotPassedAreLeftOutOfTheShare() {
    Dataset<Row> questions = rows("event_id STRING, asked_at TIMESTAMP, answered_within_7d BOOLEAN",
        question("q1", "2026-10-20T09:00:00Z", true), question("q2", "2026-10-23T09:00:00Z", true),
        question("q5", "2026-10-25T00:00:00Z", false), question("q3", "2026-10-26T09:00:00Z", false),
        question("q4", "2026-10-30T09:00:00Z", true));
    Dataset<Row> decided = FctQuestion.decidedBy(questions, LocalDate.of(2026, 10, 31));
    Map<String, Row> byId = byKey(decided, "event_id");
    assertEquals(Boolean.FALSE, byId.get("q5").getAs("answered_within_7d"), "its seven days ended with the run date");
    assertNull(byId.get("q3").getAs("answered_within_7d"));
    assertNull(byId.get("q4").getAs("answered_within_7d"), "answered, but the unanswered of its days are not known yet");
    assertEquals(2.0 / 3, decided.agg(FctQuestion.answeredShare()).first().getDouble(0), 1e-12);
  }
}
