package io.bottomup.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bottomup.SparkTest;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class CoursesTest extends SparkTest {
  private static String enrolment(String person, String course, String status, double hours, double cost, String month) {
    return "{\"person_key\":\"" + person + "\",\"course_id\":\"" + course + "\",\"course_title\":\"Title " + course
        + "\",\"modality\":\"virtual\",\"status\":\"" + status + "\",\"hours\":" + hours + ",\"cost\":" + cost
        + ",\"month\":\"" + month + "\"}";
  }

  @Test
  void completedHoursAndCostsPerCourseWithinThePeriod() {
    var training = rows("person_key STRING, course_id STRING, course_title STRING, modality STRING, status STRING, "
            + "hours DOUBLE, cost DOUBLE, month STRING",
        enrolment("ann", "c1", "completed", 8, 400, "2026-01"),
        enrolment("bob", "c1", "completed", 8, 400, "2026-02"),
        enrolment("ann", "c1", "withdrawn", 0, 0, "2026-03"),
        enrolment("cat", "c1", "in_progress", 8, 400, "2026-03"),
        enrolment("dan", "c1", "completed", 8, 400, "2024-01"),
        enrolment("ann", "c2", "failed", 4, 100, "2026-01"));
    Map<String, Row> c = byKey(Courses.byCourse(training, "2025-11", "2026-10"), "course_id");
    Row c1 = c.get("c1");
    assertEquals(3L, (Long) c1.getAs("learners"), "ann, bob, cat; dan's enrolment is before the period");
    assertEquals(4L, (Long) c1.getAs("enrolments"));
    assertEquals(2L, (Long) c1.getAs("completions"));
    assertEquals(0.5, (Double) c1.getAs("completion_rate"));
    assertEquals(16.0, (Double) c1.getAs("completed_hours"));
    assertEquals(800.0, (Double) c1.getAs("cost"));
    assertEquals(50.0, (Double) c1.getAs("cost_per_hour"));
    assertNull(c.get("c2").getAs("cost_per_hour"), "nothing completed");
  }
  /**
   * k = 3. c9 and ca have one learner (ann), cb two (ann, bob): 1 + 1 + 2 = 4 learners, but 2 people,
   * whose hours the organisation's total minus cc's would give away. cc (4 people) is hidden too. With
   * dan in cb instead of ann, the three small courses hold 3 people: cc stays.
   */
  @Test
  void hiddenCoursesHoldAtLeastKDistinctLearners() {
    String schema = "person_key STRING, course_id STRING, course_title STRING, modality STRING, status STRING, "
        + "hours DOUBLE, cost DOUBLE, month STRING";
    java.util.List<String> small = java.util.List.of(enrolment("ann", "c9", "completed", 7, 700, "2026-01"),
        enrolment("ann", "ca", "completed", 3, 300, "2026-01"), enrolment("bob", "cb", "completed", 2, 100, "2026-01"));
    java.util.List<String> big = java.util.List.of(enrolment("eve", "cc", "completed", 1, 10, "2026-01"),
        enrolment("fay", "cc", "completed", 1, 10, "2026-01"), enrolment("gil", "cc", "completed", 1, 10, "2026-01"),
        enrolment("hal", "cc", "completed", 1, 10, "2026-01"));
    java.util.List<String> keep = java.util.List.of("period", "course_title", "modality", "course_id");
    for (String third : java.util.List.of("ann", "dan")) {
      java.util.List<String> all = new java.util.ArrayList<>(small);
      all.add(enrolment(third, "cb", "completed", 2, 100, "2026-01"));
      all.addAll(big);
      var training = rows(schema, all.toArray(String[]::new));
      Map<String, Row> c = byKey(Courses.suppress(Courses.byCourse(training, "2025-11", "2026-10")
          .withColumn("period", org.apache.spark.sql.functions.lit("p")), training, "2025-11", "2026-10", 3, keep), "course_id");
      assertEquals("small_group", c.get("c9").getAs("suppression"));
      assertEquals("small_group", c.get("cb").getAs("suppression"));
      if (third.equals("ann")) {
        assertEquals("complementary", c.get("cc").getAs("suppression"), "ann and bob are 2 people");
        assertNull(c.get("cc").getAs("completed_hours"));
        assertNull(c.get("cc").getAs("withheld"), "a suppressed course says so in suppression");
        assertEquals("Title cc", c.get("cc").getAs("course_title"), "the title is kept");
      } else {
        assertNull(c.get("cc").getAs("suppression"), "ann, bob and dan are 3 people");
        assertEquals(4.0, (Double) c.get("cc").getAs("completed_hours"));
      }
    }
  }

  private static final String SCHEMA = "person_key STRING, course_id STRING, course_title STRING, modality STRING, "
      + "status STRING, hours DOUBLE, cost DOUBLE, month STRING";
  private static final java.util.List<String> KEEP = java.util.List.of("period", "course_title", "modality", "course_id");

  private Map<String, Row> suppressed(int k, java.util.List<String> enrolments) {
    var training = rows(SCHEMA, enrolments.toArray(String[]::new));
    return byKey(Courses.suppress(Courses.byCourse(training, "2025-11", "2026-10")
        .withColumn("period", org.apache.spark.sql.functions.lit("p")), training, "2025-11", "2026-10", k, KEEP), "course_id");
  }

  /** c2: gil, hal, ivy and jon completed 1 hour each (10 each); c3: kim, lea and max completed 1 hour each. */
  private static java.util.List<String> c2c3() {
    java.util.List<String> e = new java.util.ArrayList<>();
    for (String p : java.util.List.of("gil", "hal", "ivy", "jon")) {
      e.add(enrolment(p, "c2", "completed", 1, 10, "2026-01"));
    }
    for (String p : java.util.List.of("kim", "lea", "max")) {
      e.add(enrolment(p, "c3", "completed", 1, 10, "2026-01"));
    }
    return e;
  }

  /**
   * k = 3. c1 has 6 learners, of whom ann and bob completed 20 hours each: its hours would be theirs, so
   * its completion measures are empty while the course and its 6 learners stay. Their 40 hours would
   * still be the organisation's total minus c2's and c3's, so c3 (3 completers, fewer than c2's 4)
   * loses its completion measures too: the emptied courses hold 5 completers. c2 shows its 4 hours.
   */
  @Test
  void completionMeasuresOfFewerThanKCompletersAreEmpty() {
    java.util.List<String> e = new java.util.ArrayList<>(c2c3());
    e.add(enrolment("ann", "c1", "completed", 20, 1000, "2026-01"));
    e.add(enrolment("bob", "c1", "completed", 20, 1000, "2026-01"));
    for (String p : java.util.List.of("cat", "dan", "eve", "fay")) {
      e.add(enrolment(p, "c1", "in_progress", 20, 1000, "2026-01"));
    }
    Map<String, Row> c = suppressed(3, e);
    Row c1 = c.get("c1");
    assertNull(c1.getAs("suppression"), "the course is shown");
    assertEquals("completion", c1.getAs("withheld"));
    assertEquals("completion", c.get("c3").getAs("withheld"));
    assertNull(c.get("c2").getAs("withheld"));
    assertEquals(6L, (Long) c1.getAs("learners"));
    assertEquals(6L, (Long) c1.getAs("enrolments"));
    for (String m : Courses.COMPLETION_MEASURES) {
      assertNull(c1.getAs(m), "c1's " + m + ": ann's and bob's");
      assertNull(c.get("c3").getAs(m), "c3's " + m + ": 40 hours = total − c2 − c3 otherwise");
    }
    assertEquals(3L, (Long) c.get("c3").getAs("learners"));
    assertEquals(4.0, (Double) c.get("c2").getAs("completed_hours"));
    assertEquals(40.0, (Double) c.get("c2").getAs("cost"));
    assertEquals(4L, (Long) c.get("c2").getAs("completions"));
  }

  /**
   * k = 3. c8 (ann, completed 30 hours) and c7 (bob and cat, in progress) are suppressed: together 3
   * learners, so no course is added for the learners, but only ann completed: the hidden courses'
   * hours are hers. c3, fewest completers, loses its completion measures; c2 keeps them. Without c7
   * and c8 nothing is hidden.
   */
  @Test
  void suppressedCoursesCountTheirCompletersOnly() {
    java.util.List<String> e = new java.util.ArrayList<>(c2c3());
    Map<String, Row> none = suppressed(3, e);
    assertEquals(3.0, (Double) none.get("c3").getAs("completed_hours"), "nothing is hidden: c3 is shown");
    e.add(enrolment("ann", "c8", "completed", 30, 0, "2026-01"));
    e.add(enrolment("bob", "c7", "in_progress", 30, 0, "2026-01"));
    e.add(enrolment("cat", "c7", "in_progress", 30, 0, "2026-01"));
    Map<String, Row> c = suppressed(3, e);
    assertEquals("small_group", c.get("c8").getAs("suppression"));
    assertEquals("small_group", c.get("c7").getAs("suppression"));
    assertNull(c.get("c3").getAs("suppression"), "3 learners hidden: no course is added for the learners");
    assertEquals(3L, (Long) c.get("c3").getAs("learners"));
    assertNull(c.get("c3").getAs("completed_hours"), "ann's 30 hours = total − c2 − c3 otherwise");
    assertEquals(4.0, (Double) c.get("c2").getAs("completed_hours"));
  }

  /**
   * k = 3. c4: ann, bob, cat and dan completed 2 hours each, but only ann's and bob's cost anything (100
   * each): the cost would be their two fees, so c4's cost is empty, and c3's (3 payers, fewer than c2's
   * 4) as its complement; c4's hours and completions stay. c5: eve, fay and gus completed, only eve with
   * hours (5): c5's completed hours would be hers, so they are empty, and c3's as the complement; c5's
   * completions stay.
   */
  @Test
  void hoursAndCostsOfFewerThanKPeopleAreEmptyWithinACourse() {
    java.util.List<String> e = new java.util.ArrayList<>(c2c3());
    e.add(enrolment("ann", "c4", "completed", 2, 100, "2026-01"));
    e.add(enrolment("bob", "c4", "completed", 2, 100, "2026-01"));
    e.add(enrolment("cat", "c4", "completed", 2, 0, "2026-01"));
    e.add(enrolment("dan", "c4", "completed", 2, 0, "2026-01"));
    Map<String, Row> paid = suppressed(3, e);
    assertNull(paid.get("c4").getAs("cost"), "ann's and bob's fees");
    assertEquals("cost", paid.get("c4").getAs("withheld"), "the cost is withheld, not unrecorded");
    assertNull(paid.get("c4").getAs("cost_per_hour"));
    assertEquals(8.0, (Double) paid.get("c4").getAs("completed_hours"), "four people's hours");
    assertEquals(4L, (Long) paid.get("c4").getAs("completions"));
    assertNull(paid.get("c3").getAs("cost"), "the complement: 2 + 3 payers hidden together");
    assertEquals(3.0, (Double) paid.get("c3").getAs("completed_hours"));
    assertEquals(40.0, (Double) paid.get("c2").getAs("cost"));

    java.util.List<String> h = new java.util.ArrayList<>(c2c3());
    h.add(enrolment("eve", "c5", "completed", 5, 0, "2026-01"));
    h.add(enrolment("fay", "c5", "completed", 0, 0, "2026-01"));
    h.add(enrolment("gus", "c5", "completed", 0, 0, "2026-01"));
    Map<String, Row> hours = suppressed(3, h);
    assertNull(hours.get("c5").getAs("completed_hours"), "eve's hours");
    assertEquals("hours", hours.get("c5").getAs("withheld"));
    assertEquals(3L, (Long) hours.get("c5").getAs("completions"), "three people completed");
    assertNull(hours.get("c3").getAs("completed_hours"), "the complement: 1 + 3 people with hours hidden together");
    assertEquals(30.0, (Double) hours.get("c3").getAs("cost"), "c3's cost: three payers");
    assertEquals(4.0, (Double) hours.get("c2").getAs("completed_hours"));
  }
}
