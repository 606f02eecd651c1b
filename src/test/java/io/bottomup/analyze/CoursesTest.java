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
        assertEquals("Title cc", c.get("cc").getAs("course_title"), "the title is kept");
      } else {
        assertNull(c.get("cc").getAs("suppression"), "ann, bob and dan are 3 people");
        assertEquals(4.0, (Double) c.get("cc").getAs("completed_hours"));
      }
    }
  }
}
