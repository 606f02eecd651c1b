package io.bottomup.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bottomup.SparkTest;
import io.bottomup.config.JobConfig;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** dim_person, fct_training and fct_appraisal on a few people. */
class DimensionsTest extends SparkTest {
  static Dataset<Row> directory() {
    return rows("person_key STRING, department STRING, team STRING, manager_key STRING, job_level INT, location STRING,"
            + " hire_date DATE, termination_date DATE, hourly_cost DOUBLE",
        "{\"person_key\":\"boss\",\"department\":\"Eng\",\"hire_date\":\"2016-01-01\"}",
        "{\"person_key\":\"ann\",\"department\":\"Eng\",\"manager_key\":\"boss\",\"hire_date\":\"2024-10-31\"}",
        "{\"person_key\":\"gone\",\"department\":\"Ops\",\"manager_key\":\"boss\",\"hire_date\":\"2020-01-01\",\"termination_date\":\"2025-10-30\"}");
  }

  @Test
  void dimPersonKnowsManagersTenureAndWhoIsEmployedAtTheRunDate() {
    Map<String, Row> p = byKey(DimPerson.build(directory(), LocalDate.of(2025, 10, 31)), "person_key");
    assertEquals(true, p.get("boss").getAs("is_manager"));
    assertEquals(false, p.get("ann").getAs("is_manager"));
    assertEquals(1.0, (Double) p.get("ann").getAs("tenure_years"), "365 days / 365.25, rounded to 2 places");
    assertEquals(true, p.get("ann").getAs("employed_at_run_date"));
    assertEquals(false, p.get("gone").getAs("employed_at_run_date"));
  }

  @Test
  void trainingCountsInTheMonthOfCompletionElseEnrolment() {
    Dataset<Row> stg = rows("record_id STRING, person_key STRING, course_id STRING, course_title STRING, modality STRING,"
            + " enrolled_at TIMESTAMP, completed_at TIMESTAMP, status STRING, hours DOUBLE, cost DOUBLE, score DOUBLE",
        "{\"record_id\":\"t1\",\"person_key\":\"ann\",\"course_id\":\"c\",\"enrolled_at\":\"2025-01-30T00:00:00Z\",\"completed_at\":\"2025-02-02T00:00:00Z\",\"status\":\"completed\",\"hours\":4}",
        "{\"record_id\":\"t2\",\"person_key\":\"ann\",\"course_id\":\"c\",\"enrolled_at\":\"2025-03-05T00:00:00Z\",\"status\":\"in_progress\",\"hours\":2}",
        "{\"record_id\":\"t3\",\"person_key\":\"stranger\",\"course_id\":\"c\",\"status\":\"completed\",\"hours\":1}",
        "{\"record_id\":\"t4\",\"person_key\":\"ann\",\"course_id\":\"c\",\"enrolled_at\":\"2025-10-01T00:00:00Z\",\"completed_at\":\"2025-10-31T23:00:00Z\",\"status\":\"completed\",\"hours\":4}",
        "{\"record_id\":\"t5\",\"person_key\":\"ann\",\"course_id\":\"c\",\"status\":\"completed\",\"hours\":1}");
    Map<String, Row> t = byKey(FctTraining.build(stg, DimPerson.build(directory(), LocalDate.of(2025, 10, 30)), LocalDate.of(2025, 10, 30)),
        "record_id");
    assertEquals("2025-02", t.get("t1").getAs("month"));
    assertEquals("2025-03", t.get("t2").getAs("month"));
    assertEquals("Eng", t.get("t1").getAs("department"));
    assertEquals(java.util.Set.of("t1", "t2", "t5"), t.keySet(),
        "t3: staging only holds resolved people, a key outside dim_person is not joined; t4 is completed the day after the run"
            + " date (as known on it, not yet); t5 has no date and is kept");
  }

  @Test
  void appraisalRatingsAreNormalisedToTheConfiguredScale() {
    Dataset<Row> stg = rows("person_key STRING, cycle STRING, review_date DATE, manager_rating DOUBLE, self_rating DOUBLE,"
            + " goals_met_pct DOUBLE, promoted BOOLEAN, competency_gaps INT",
        "{\"person_key\":\"ann\",\"cycle\":\"A\",\"review_date\":\"2025-07-01\",\"manager_rating\":4}",
        "{\"person_key\":\"boss\",\"cycle\":\"A\",\"review_date\":\"2025-07-01\",\"manager_rating\":1}",
        "{\"person_key\":\"ann\",\"cycle\":\"B\",\"review_date\":\"2025-11-01\",\"manager_rating\":5}");
    Dataset<Row> dim = DimPerson.build(directory(), LocalDate.of(2025, 10, 31));
    Map<String, Row> a = byKey(FctAppraisal.build(stg, dim, JobConfig.defaults(), LocalDate.of(2025, 10, 31)), "person_key");
    assertEquals(2, a.size(), "cycle B's review comes after the run date");
    assertEquals(0.75, (Double) a.get("ann").getAs("rating_normalised"), "(4 - 1) / (5 - 1)");
    assertEquals(0.0, (Double) a.get("boss").getAs("rating_normalised"));
    Map<String, Row> ten = byKey(FctAppraisal.build(stg, dim, JobConfig.fromYaml("rating_scale: {min: 0, max: 10}"),
        LocalDate.of(2025, 10, 31)), "person_key");
    assertEquals(0.4, (Double) ten.get("ann").getAs("rating_normalised"), 1e-12);
  }
}
