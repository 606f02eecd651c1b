package io.bottomup.model;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.bottomup.config.JobConfig;
import io.bottomup.schema.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code fct_appraisal}: one row per person and review cycle, with the department and the manager
 * rating on a 0–1 scale ((rating − scale min) / (scale max − scale min)) so that organisations with
 * different scales compare.
 */
public final class FctAppraisal {
  private FctAppraisal() {}

  /** The reviews up to the run date (a run for an earlier date does not use later cycles). */
  public static Dataset<Row> build(Dataset<Row> stgAppraisals, Dataset<Row> dimPerson, JobConfig config,
      java.time.LocalDate runDate) {
    double span = config.ratingMax() - config.ratingMin();
    return stgAppraisals
        .filter(col("review_date").leq(lit(java.sql.Date.valueOf(runDate))))
        .join(broadcast(dimPerson.select(Columns.PERSON_KEY, Columns.DEPARTMENT)), Columns.PERSON_KEY)
        .select(
            col(Columns.PERSON_KEY), col(Columns.DEPARTMENT), col("cycle"), col("review_date"), col("manager_rating"),
            col("manager_rating").minus(lit(config.ratingMin())).divide(lit(span)).as("rating_normalised"),
            col("self_rating"), col("goals_met_pct"), col("promoted"), col("competency_gaps"));
  }
}
