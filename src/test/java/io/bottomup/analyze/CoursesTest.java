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
}
