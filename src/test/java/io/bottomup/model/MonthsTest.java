package io.bottomup.model;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bottomup.SparkTest;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class MonthsTest extends SparkTest {
  /** A month is yyyy-MM in UTC, the last instant of a month stays in it, and a month reads back as its first day. */
  @Test
  void monthsOfDatesAndTimestampsAndTheirFirstDays() {
    List<Row> rows = spark.sql("SELECT timestamp'2025-01-31 23:59:59.999999' AS ts, date'0999-12-01' AS d, "
            + "timestamp'2025-02-01 00:00:00' AS next, '2024-02' AS m")
        .select(Months.of(col("ts")), Months.of(col("d")), Months.of(col("next")),
            Months.start(col("m")).cast("string"), org.apache.spark.sql.functions.last_day(Months.start(col("m"))).cast("string"))
        .collectAsList();
    Row r = rows.get(0);
    assertEquals("2025-01", r.getString(0));
    assertEquals("0999-12", r.getString(1), "four digits for an early year");
    assertEquals("2025-02", r.getString(2));
    assertEquals("2024-02-01", r.getString(3));
    assertEquals("2024-02-29", r.getString(4), "a leap February");
  }
}
