package io.bottomup.analyze;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Frames small enough for the driver to hold (a row per department, per month, per course). */
final class Small {
  private Small() {}

  /**
   * {@code rows} computed once and held by the driver, as a frame whose plan is its rows. What is built
   * on it (suppression's windows, scores) is planned over those rows, not over the aggregations that made
   * them: Spark analyses, optimises and, with adaptive execution, re-plans the whole plan below every
   * step, so a deep plan costs each step below it again (bench/results: thirtieth session).
   */
  static Dataset<Row> collected(Dataset<Row> rows) {
    return rows.sparkSession().createDataFrame(rows.collectAsList(), rows.schema());
  }
}
