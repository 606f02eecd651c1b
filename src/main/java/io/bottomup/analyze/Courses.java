package io.bottomup.analyze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.bottomup.schema.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code mart_courses}: formal training per course over the period (enrolments in its months):
 * learners, completions and their share, completed hours and course cost, cost per completed hour.
 * The title is one of the course's titles as typed in the LMS: text from the data, which both reports
 * write escaped (HTML) and as plain text (Excel).
 */
public final class Courses {
  private Courses() {}

  public static Dataset<Row> byCourse(Dataset<Row> fctTraining, String firstMonth, String lastMonth) {
    Column completed = col("status").equalTo("completed");
    return fctTraining.filter(col(Columns.MONTH).geq(firstMonth).and(col(Columns.MONTH).leq(lastMonth)))
        .groupBy("course_id")
        .agg(first(col("course_title"), true).as("course_title"), first(col("modality"), true).as("modality"),
            countDistinct(Columns.PERSON_KEY).as("learners"), count(lit(1)).as("enrolments"),
            sum(when(completed, 1L).otherwise(0L)).as("completions"),
            sum(when(completed, col("hours")).otherwise(0.0)).as("completed_hours"),
            sum(when(completed, col("cost")).otherwise(0.0)).as("cost"))
        .withColumn("completion_rate", col("completions").divide(col("enrolments")))
        .withColumn("cost_per_hour", when(col("completed_hours").gt(0), col("cost").divide(col("completed_hours"))));
  }
}
