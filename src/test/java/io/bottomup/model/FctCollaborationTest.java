package io.bottomup.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bottomup.SparkTest;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class FctCollaborationTest extends SparkTest {
  static final String EVENT = "source STRING, event_id STRING, occurred_at TIMESTAMP, event_date DATE, actor_key STRING,"
      + " action STRING, thread_id STRING, parent_id STRING, target_key STRING, space STRING, size LONG";

  static String event(String id, String date, String actor, String action, String thread, String parent, String target) {
    return "{\"source\":\"qa\",\"event_id\":\"" + id + "\",\"occurred_at\":\"" + date + "T10:00:00Z\",\"event_date\":\"" + date
        + "\",\"actor_key\":\"" + actor + "\",\"action\":\"" + action + "\""
        + (thread == null ? "" : ",\"thread_id\":\"" + thread + "\"")
        + (parent == null ? "" : ",\"parent_id\":\"" + parent + "\"")
        + (target == null ? "" : ",\"target_key\":\"" + target + "\"") + "}";
  }

  static Dataset<Row> people() {
    return rows("person_key STRING, department STRING",
        "{\"person_key\":\"ann\",\"department\":\"Eng\"}",
        "{\"person_key\":\"bo\",\"department\":\"Eng\"}",
        "{\"person_key\":\"cy\",\"department\":\"Sales\"}");
  }

  @Test
  void helpGoesToTheParentsAuthorElseTheThreadsAskerAndNeverToOneself() {
    Dataset<Row> events = rows(EVENT,
        event("q1", "2025-03-01", "ann", "question", "q1", null, null),
        event("a1", "2025-03-02", "bo", "answer", "q1", "q1", null),
        event("r1", "2025-03-02", "cy", "reply", "q1", "a1", null),
        event("c1", "2025-03-03", "ann", "comment", "q1", null, null),
        event("x1", "2025-03-03", "cy", "react", "q1", "a1", null),
        event("e1", "2025-03-04", "cy", "edit", null, null, "ann"),
        event("k1", "2025-03-05", "ann", "accept", "q1", "a1", null),
        event("s1", "2025-03-06", "bo", "reply", "q1", "a1", "bo"),
        event("x2", "2025-03-06", "ann", "react", "q1", "a1", "bo"),
        event("late", "2025-04-01", "bo", "answer", "q1", "q1", null));
    Map<String, Row> f = byKey(FctCollaboration.build(events, people(), LocalDate.of(2025, 3, 31)), "event_id");
    assertEquals(9, f.size(), "the event after the run date is out of scope");
    assertEquals("bo", f.get("k1").getAs("target_key"), "an accept is directed at the accepted answer's author");
    assertEquals("ann", f.get("a1").getAs("target_key"));
    assertEquals(true, f.get("a1").getAs("target_inferred"));
    assertEquals(false, f.get("a1").getAs("cross_department"));
    assertEquals("bo", f.get("r1").getAs("target_key"), "a reply helps the author of what it replies to");
    assertEquals(true, f.get("r1").getAs("cross_department"));
    assertNull(f.get("c1").getAs("target_key"), "the asker commenting on her own question helps nobody");
    assertEquals(true, f.get("c1").getAs("to_self"), "and it is marked as help to herself");
    assertEquals(false, f.get("a1").getAs("to_self"));
    assertNull(f.get("x1").getAs("to_self"), "no target named or inferred");
    assertNull(f.get("x1").getAs("target_key"), "a reaction is not a helping action");
    assertEquals("ann", f.get("e1").getAs("target_key"));
    assertEquals(false, f.get("e1").getAs("target_inferred"));
    assertEquals("Sales", f.get("e1").getAs("actor_department"));
    assertEquals("Eng", f.get("e1").getAs("target_department"));
    assertEquals("2025-03", f.get("e1").getAs("month"));
    assertNull(f.get("s1").getAs("target_key"), "a reply naming its own author as target helps nobody");
    assertEquals(true, f.get("s1").getAs("to_self"));
    assertEquals(false, f.get("s1").getAs("target_inferred"));
    assertEquals("bo", f.get("x2").getAs("target_key"), "a reaction's named target is kept");
    assertEquals(false, f.get("x2").getAs("target_inferred"));
    assertEquals(false, f.get("x2").getAs("to_self"));
  }

  @Test
  void anIncrementalMonthInfersTheSameTargetsFromOnlyTheEventsItRespondsTo() {
    Dataset<Row> all = rows(EVENT,
        event("q1", "2025-03-01", "ann", "question", "q1", null, null),
        event("q2", "2025-03-02", "cy", "question", null, null, null),
        event("a0", "2025-03-03", "bo", "answer", "q2", "q2", null),
        event("z1", "2025-03-04", "bo", "question", "z1", null, null),
        event("z2", "2025-03-05", "ann", "answer", "z1", "z1", null),
        event("a1", "2025-04-01", "bo", "answer", "q1", "q1", null),
        event("c2", "2025-04-02", "ann", "comment", "q2", null, null),
        event("r1", "2025-04-03", "cy", "reply", "q1", "a1", null));
    Dataset<Row> april = all.filter("event_date >= '2025-04-01'");
    Dataset<Row> respondedTo = FctCollaboration.respondedTo(april, all);
    assertEquals(java.util.Set.of("q1", "q2", "a1"), byKey(respondedTo, "event_id").keySet(),
        "the parents and thread questions of April's events (a1 is r1's parent); a0 only shares a thread, z1 and z2 are unrelated");
    LocalDate runDate = LocalDate.of(2025, 4, 30);
    Map<String, Row> whole = byKey(FctCollaboration.build(all, people(), runDate), "event_id");
    Map<String, Row> month = byKey(FctCollaboration.build(april, respondedTo, people(), runDate), "event_id");
    assertEquals(java.util.Set.of("a1", "c2", "r1"), month.keySet());
    assertEquals("ann", month.get("a1").getAs("target_key"), "answer to q1 by its parent");
    assertEquals("cy", month.get("c2").getAs("target_key"), "comment in q2's thread, which has no parent: the asker");
    assertEquals("bo", month.get("r1").getAs("target_key"), "reply to a1, an April event itself");
    for (String id : month.keySet()) {
      assertEquals(whole.get(id).<String>getAs("target_key"), month.get(id).<String>getAs("target_key"), id);
    }
    respondedTo.unpersist();
    org.junit.jupiter.api.Assertions.assertSame(all, FctCollaboration.respondedTo(april, all, 2),
        "three ids (q1, q2, a1) are more than a bound of 2: every event is kept, unpersisted");
  }
}
