package io.bottomup.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bottomup.SparkTest;
import java.time.YearMonth;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class FctPersonMonthTest extends SparkTest {
  @Test
  void countsActionsHelpTrainingAndTheLatestReviewPerEmployedMonth() {
    Dataset<Row> people = rows("person_key STRING, department STRING, job_level INT, hire_date DATE, termination_date DATE",
        "{\"person_key\":\"ann\",\"department\":\"Eng\",\"job_level\":3,\"hire_date\":\"2020-01-01\"}",
        "{\"person_key\":\"bo\",\"department\":\"Eng\",\"job_level\":5,\"hire_date\":\"2025-02-15\"}",
        "{\"person_key\":\"cy\",\"department\":\"Ops\",\"job_level\":5,\"hire_date\":\"2020-01-01\",\"termination_date\":\"2025-01-31\"}",
        "{\"person_key\":\"di\",\"department\":\"Ops\",\"job_level\":5,\"hire_date\":\"2025-02-28\"}");
    Dataset<Row> collaboration = rows("actor_key STRING, month STRING, action STRING, target_key STRING, to_self BOOLEAN",
        "{\"actor_key\":\"ann\",\"month\":\"2025-02\",\"action\":\"answer\",\"target_key\":\"bo\"}",
        "{\"actor_key\":\"ann\",\"month\":\"2025-02\",\"action\":\"answer\",\"to_self\":true}",
        "{\"actor_key\":\"ann\",\"month\":\"2025-02\",\"action\":\"reply\",\"target_key\":\"bo\"}",
        "{\"actor_key\":\"ann\",\"month\":\"2025-02\",\"action\":\"comment\",\"target_key\":\"cy\"}",
        "{\"actor_key\":\"ann\",\"month\":\"2025-02\",\"action\":\"react\",\"target_key\":\"dee\"}",
        "{\"actor_key\":\"ann\",\"month\":\"2025-02\",\"action\":\"view\"}",
        "{\"actor_key\":\"bo\",\"month\":\"2025-02\",\"action\":\"view\"}");
    Dataset<Row> training = rows("person_key STRING, month STRING, status STRING, hours DOUBLE, cost DOUBLE",
        "{\"person_key\":\"bo\",\"month\":\"2025-02\",\"status\":\"completed\",\"hours\":6,\"cost\":100}",
        "{\"person_key\":\"bo\",\"month\":\"2025-02\",\"status\":\"completed\",\"hours\":2}",
        "{\"person_key\":\"bo\",\"month\":\"2025-02\",\"status\":\"withdrawn\",\"hours\":8,\"cost\":50}");
    Dataset<Row> appraisals = rows("person_key STRING, review_date DATE, manager_rating DOUBLE, cycle STRING",
        "{\"person_key\":\"ann\",\"review_date\":\"2024-07-15\",\"manager_rating\":3,\"cycle\":\"2024-H1\"}",
        "{\"person_key\":\"ann\",\"review_date\":\"2025-01-20\",\"manager_rating\":4,\"cycle\":\"2024-H2\"}",
        "{\"person_key\":\"ann\",\"review_date\":\"2025-03-01\",\"manager_rating\":5,\"cycle\":\"2025-X\"}",
        "{\"person_key\":\"cy\",\"review_date\":\"2025-01-10\",\"manager_rating\":3,\"cycle\":\"B\"}",
        "{\"person_key\":\"cy\",\"review_date\":\"2025-01-05\",\"manager_rating\":2,\"cycle\":\"A\"}",
        "{\"person_key\":\"cy\",\"review_date\":\"2024-12-01\",\"manager_rating\":1,\"cycle\":\"Z\"}");
    Dataset<Row> months = Months.between(spark, YearMonth.of(2025, 1), YearMonth.of(2025, 2));

    Dataset<Row> pm = FctPersonMonth.build(people, months, collaboration, training, appraisals, java.time.LocalDate.of(2025, 2, 27))
        .withColumn("k", org.apache.spark.sql.functions.concat_ws("/", org.apache.spark.sql.functions.col("person_key"),
            org.apache.spark.sql.functions.col("month")));
    Map<String, Row> r = byKey(pm, "k");

    assertEquals(java.util.Set.of("ann/2025-01", "ann/2025-02", "bo/2025-02", "cy/2025-01"), r.keySet(),
        "bo is hired in February; cy leaves at the end of January; di is hired on 28 February, after the run date");
    Row ann = r.get("ann/2025-02");
    assertEquals(2L, (Long) ann.getAs("n_answer"));
    assertEquals(1L, (Long) ann.getAs("n_view"));
    assertEquals(5L, (Long) ann.getAs("social_actions"), "two answers, reply, comment and react; not the view");
    assertEquals(3L, (Long) ann.getAs("help_given"), "answer, reply and comment to others; not the answer to her own question");
    assertEquals(2L, (Long) ann.getAs("people_helped"), "bo (twice) and cy; a reaction does not help");
    assertEquals(4.0, (Double) ann.getAs("latest_manager_rating"), "the March review is after February's end");
    assertEquals("2024-H2", ann.getAs("latest_cycle"));
    Row bo = r.get("bo/2025-02");
    assertEquals(0L, (Long) bo.getAs("social_actions"));
    assertEquals(8.0, (Double) bo.getAs("formal_hours"), "completed training only");
    assertEquals(100.0, (Double) bo.getAs("formal_cost"));
    assertNull(bo.getAs("latest_manager_rating"));
    assertEquals(0.0, (Double) r.get("cy/2025-01").getAs("formal_hours"));
    assertEquals(3.0, (Double) r.get("cy/2025-01").getAs("latest_manager_rating"), "two reviews in January: the later one");
    assertEquals("B", r.get("cy/2025-01").getAs("latest_cycle"));
    assertEquals(4.0, (Double) r.get("ann/2025-01").getAs("latest_manager_rating"), "the review of 20 January");
    assertFalse(r.containsKey("cy/2025-02"));
  }
}
