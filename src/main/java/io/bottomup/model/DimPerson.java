package io.bottomup.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;

import io.bottomup.schema.Columns;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code dim_person}: one row per staged employee, pseudonymous. Adds whether the person manages
 * anyone, tenure in years at the run date ((run date − hire date) / 365.25) and whether the person
 * is employed at the run date.
 */
public final class DimPerson {
  private DimPerson() {}

  public static Dataset<Row> build(Dataset<Row> stgDirectory, LocalDate runDate) {
    Dataset<Row> managers = stgDirectory.select(col(Columns.MANAGER_KEY).as("_managed_by")).distinct();
    Date asOf = Date.valueOf(runDate);
    return stgDirectory
        .join(managers, col(Columns.PERSON_KEY).equalTo(col("_managed_by")), "left")
        .select(
            col(Columns.PERSON_KEY),
            col(Columns.DEPARTMENT),
            col("team"),
            col(Columns.MANAGER_KEY),
            col("job_level"),
            col("location"),
            col("hire_date"),
            col("termination_date"),
            col("hourly_cost"),
            col("_managed_by").isNotNull().as("is_manager"),
            round(datediff(lit(asOf), col("hire_date")).divide(365.25), 2).as("tenure_years"),
            col("hire_date").leq(lit(asOf))
                .and(col("termination_date").isNull().or(col("termination_date").geq(lit(asOf)))).as("employed_at_run_date"));
  }
}
