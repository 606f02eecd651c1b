package io.bottomup.model;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import io.bottomup.schema.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code fct_training}: one row per staged enrolment with the learner's department and the month
 * it counts in (the month of completion, else of enrolment).
 */
public final class FctTraining {
  private FctTraining() {}

  /**
   * The records as known on the run date: one completed (else enrolled) after it is left out, as the
   * collaboration after it is; one with neither date is kept.
   */
  public static Dataset<Row> build(Dataset<Row> stgTraining, Dataset<Row> dimPerson, java.time.LocalDate runDate) {
    Column counted = to_date(coalesce(col("completed_at"), col("enrolled_at")));
    return stgTraining
        .filter(counted.isNull().or(counted.leq(lit(java.sql.Date.valueOf(runDate)))))
        .join(broadcast(dimPerson.select(Columns.PERSON_KEY, Columns.DEPARTMENT)), Columns.PERSON_KEY)
        .select(
            col("record_id"), col(Columns.PERSON_KEY), col(Columns.DEPARTMENT), col("course_id"), col("course_title"),
            col("modality"), col("enrolled_at"), col("completed_at"), col("status"), col("hours"), col("cost"),
            col("score"), Months.of(coalesce(col("completed_at"), col("enrolled_at"))).as(Columns.MONTH));
  }
}
