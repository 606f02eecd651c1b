package io.bottomup.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bottomup.SparkTest;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class QuestionFlowTest extends SparkTest {
  static final String FACT = "source STRING, event_id STRING, occurred_at TIMESTAMP, actor_key STRING, action STRING,"
      + " thread_id STRING, parent_id STRING, actor_department STRING, month STRING";

  static String e(String id, String at, String actor, String action, String thread, String parent) {
    return "{\"source\":\"qa\",\"event_id\":\"" + id + "\",\"occurred_at\":\"" + at + "\",\"actor_key\":\"" + actor
        + "\",\"action\":\"" + action + "\",\"actor_department\":\"Eng\",\"month\":\"2025-03\""
        + (thread == null ? "" : ",\"thread_id\":\"" + thread + "\"") + (parent == null ? "" : ",\"parent_id\":\"" + parent + "\"") + "}";
  }

  @Test
  void theFirstAnswerBySomeoneElseCountsAndSevenDaysIsTheLimit() {
    Map<String, Row> q = byKey(io.bottomup.model.FctQuestion.build(rows(FACT,
        e("q1", "2025-03-01T10:00:00Z", "ann", "question", "q1", null),
        e("a0", "2025-03-01T11:00:00Z", "ann", "answer", "q1", "q1"),
        e("a1", "2025-03-01T16:00:00Z", "bo", "answer", "q1", "q1"),
        e("a2", "2025-03-01T13:00:00Z", "cy", "answer", null, "q1"),
        e("q2", "2025-03-02T00:00:00Z", "bo", "question", null, null),
        e("a3", "2025-03-09T00:00:00Z", "ann", "answer", "q2", null),
        e("q3", "2025-03-03T00:00:00Z", "cy", "question", "t3", null),
        e("a4", "2025-03-10T00:00:00Z", "ann", "answer", "t3", null))), "event_id");
    assertEquals(3.0, (Double) q.get("q1").getAs("hours_to_first_answer"), "cy at 13:00; ann's own answer does not count");
    assertEquals(true, q.get("q1").getAs("answered_within_7d"));
    assertEquals(168.0, (Double) q.get("q2").getAs("hours_to_first_answer"), "the thread of a question without thread_id is its id");
    assertEquals(true, q.get("q2").getAs("answered_within_7d"), "exactly 7 days is within 7 days");
    assertEquals(168.0, (Double) q.get("q3").getAs("hours_to_first_answer"));
    assertEquals(3, q.size());
  }

  @Test
  void anUnansweredQuestionHasNoAnswerTime() {
    Map<String, Row> q = byKey(io.bottomup.model.FctQuestion.build(rows(FACT,
        e("q1", "2025-03-01T10:00:00Z", "ann", "question", "q1", null),
        e("a1", "2025-03-10T10:00:01Z", "bo", "answer", "q1", "q1"),
        e("q2", "2025-03-01T10:00:00Z", "ann", "question", "q2", null))), "event_id");
    assertEquals(false, q.get("q1").getAs("answered_within_7d"));
    assertNull(q.get("q2").getAs("hours_to_first_answer"));
    assertEquals(false, q.get("q2").getAs("answered_within_7d"));
  }

  /** An incremental run builds some months' questions with answers read from those months on only. */
  @Test
  void questionsOfSomeMonthsTakeTheirAnswersFromTheFactsGiven() {
    org.apache.spark.sql.Dataset<Row> march = rows(FACT,
        e("q1", "2025-03-30T10:00:00Z", "ann", "question", "q1", null),
        e("a1", "2025-03-30T12:00:00Z", "ann", "answer", "q1", "q1"));
    org.apache.spark.sql.Dataset<Row> april = rows(FACT,
        e("a2", "2025-04-01T10:00:00Z", "bo", "answer", "q1", "q1"),
        e("q2", "2025-04-02T10:00:00Z", "bo", "question", "q2", null));
    Map<String, Row> q = byKey(io.bottomup.model.FctQuestion.build(march, march.unionByName(april)), "event_id");
    assertEquals(48.0, (Double) q.get("q1").getAs("hours_to_first_answer"), "bo's answer two days later, in April");
    assertEquals(1, q.size(), "only the questions asked in the facts given first");
    assertNull(byKey(io.bottomup.model.FctQuestion.build(march, march), "event_id").get("q1").getAs("first_answer_at"),
        "ann's own answer does not count");
  }

  @Test
  void theFlowMartCountsAnswersAcceptsBacklogAndReach() {
    org.apache.spark.sql.Dataset<Row> facts = rows(FACT,
        e("q1", "2025-03-01T10:00:00Z", "ann", "question", "q1", null),
        e("a1", "2025-03-01T12:00:00Z", "bo", "answer", "q1", "q1"),
        e("x1", "2025-03-02T12:00:00Z", "ann", "accept", "q1", "a1"),
        e("v1", "2025-03-02T12:00:00Z", "cy", "view", "q1", null),
        e("v2", "2025-03-03T12:00:00Z", "dee", "view", "q1", null),
        e("q2", "2025-03-05T10:00:00Z", "bo", "question", "q2", null),
        e("a2", "2025-03-06T06:00:00Z", "ann", "answer", null, "q2"),
        e("x2", "2025-03-06T08:00:00Z", "bo", "accept", null, "a2"),
        e("q3", "2025-03-20T10:00:00Z", "cy", "question", "q3", null),
        e("q4", "2025-03-30T10:00:00Z", "cy", "question", "q4", null));
    Row r = QuestionFlow.mart(io.bottomup.model.FctQuestion.build(facts), facts, java.time.LocalDate.of(2025, 3, 31)).first();
    assertEquals(3L, (Long) r.getAs("askers"));
    assertEquals(4L, (Long) r.getAs("questions_asked"));
    assertEquals(0.5, (Double) r.getAs("answered_7d_share"));
    assertEquals(11.0, (Double) r.getAs("median_hours_to_first_answer"), 1e-9, "median of 2 h and 20 h");
    assertEquals(18.2, (Double) r.getAs("p90_hours_to_first_answer"), 1e-9, "2 + 0.9 × (20 − 2)");
    assertEquals(0.5, (Double) r.getAs("accepted_share"),
        "q1 and q2 of 4: x2 names no thread (INPUTS.md: optional), its answer a2 answers q2");
    assertEquals(1L, (Long) r.getAs("open_backlog"), "q3 is 11 days old without an answer; q4 only 2 days");
    assertEquals(2L, (Long) r.getAs("askers_helped"));
    assertEquals(2L, (Long) r.getAs("distinct_viewers"));
  }

  /** A night's few months of questions: the flow from their threads' rows alone equals the flow from all facts. */
  @Test
  void theResponsesToSomeQuestionsGiveTheirFlow() {
    org.apache.spark.sql.Dataset<Row> facts = rows(FACT,
        e("q1", "2025-03-01T10:00:00Z", "ann", "question", "q1", null),
        e("a1", "2025-03-01T12:00:00Z", "bo", "answer", null, "q1"),
        e("x1", "2025-03-02T12:00:00Z", "ann", "accept", null, "a1"),
        e("v1", "2025-03-02T12:00:00Z", "cy", "view", "q1", null),
        e("q2", "2025-03-05T10:00:00Z", "bo", "question", "q2", null),
        e("a2", "2025-03-06T06:00:00Z", "ann", "answer", "q2", "q2"),
        e("x2", "2025-03-06T08:00:00Z", "bo", "accept", null, "a2"),
        e("v2", "2025-03-06T12:00:00Z", "dee", "view", "q2", null),
        e("c1", "2025-03-06T13:00:00Z", "dee", "comment", "q1", "a1"));
    org.apache.spark.sql.Dataset<Row> q1 = io.bottomup.model.FctQuestion.build(facts).filter("event_id = 'q1'");
    org.apache.spark.sql.Dataset<Row> responses = QuestionFlow.responsesTo(q1, facts);
    assertEquals(java.util.List.of("a1", "v1", "x1", "x2"), responses.select("event_id").orderBy("event_id").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList(),
        "q1's answer (by its parent), view and accept, and every accept that names no thread; not q2's, nor a comment");
    java.time.LocalDate runDate = java.time.LocalDate.of(2025, 3, 31);
    Row narrow = QuestionFlow.mart(q1, responses, runDate).first();
    assertEquals(QuestionFlow.mart(q1, facts, runDate).first(), narrow);
    assertEquals(1.0, (Double) narrow.getAs("accepted_share"), "x1 names no thread: its answer a1 answers q1");
    assertEquals(1L, (Long) narrow.getAs("distinct_viewers"));
  }
}
