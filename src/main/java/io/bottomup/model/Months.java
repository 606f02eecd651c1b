package io.bottomup.model;

import static org.apache.spark.sql.functions.date_format;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Calendar months, written {@code yyyy-MM} in every mart so that they sort and read the same everywhere. */
public final class Months {
  public static final String PATTERN = "yyyy-MM";

  private Months() {}

  /** The month of a date or timestamp column, as {@code yyyy-MM}. */
  public static Column of(Column dateOrTimestamp) {
    return date_format(dateOrTimestamp, PATTERN);
  }

  /** Every month from {@code first} to {@code last} inclusive, one row each in column {@code month}. */
  public static Dataset<Row> between(SparkSession spark, YearMonth first, YearMonth last) {
    List<String> months = new ArrayList<>();
    for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
      months.add(m.toString());
    }
    return spark.createDataset(months, Encoders.STRING()).toDF(io.bottomup.schema.Columns.MONTH);
  }

  public static YearMonth of(LocalDate date) {
    return YearMonth.from(date);
  }
}
