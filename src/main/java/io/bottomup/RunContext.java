package io.bottomup;

import io.bottomup.config.JobConfig;
import io.bottomup.io.OutputLayout;
import io.bottomup.privacy.Pseudonymizer;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/**
 * What every stage of one run shares: the session, the job configuration, where inputs and outputs
 * live, the run date (the only notion of "now" a stage may use) and the pseudonym key.
 * {@code spark} is null in the report stage, which must not start Spark.
 */
public record RunContext(
    SparkSession spark, JobConfig config, String input, OutputLayout out, LocalDate runDate, Pseudonymizer pseudonymizer,
    Instant startedAt) {

  public RunContext(
      SparkSession spark, JobConfig config, String input, OutputLayout out, LocalDate runDate, Pseudonymizer pseudonymizer) {
    this(spark, config, input, out, runDate, pseudonymizer, Instant.now());
  }
}
