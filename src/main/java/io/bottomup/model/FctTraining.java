package io.bottomup.model;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;

import io.bottomup.schema.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code fct_training}: one row per staged enrolment with the learner's department and the month
 * it counts in (the month of completion, else of enrolment).
 */
public final class FctTraining {
  private FctTraining() {}

  public static Dataset<Row> build(Dataset<Row> stgTraining, Dataset<Row> dimPerson) {
    return stgTraining
        .join(broadcast(dimPerson.select(Columns.PERSON_KEY, Columns.DEPARTMENT)), Columns.PERSON_KEY)
        .select(
            col("record_id"), col(Columns.PERSON_KEY), col(Columns.DEPARTMENT), col("course_id"), col("course_title"),
            col("modality"), col("enrolled_at"), col("completed_at"), col("status"), col("hours"), col("cost"),
            col("score"), Months.of(coalesce(col("completed_at"), col("enrolled_at"))).as(Columns.MONTH));
  }
}
