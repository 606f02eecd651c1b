package io.bottomup;

import io.bottomup.config.JobConfig;
import io.bottomup.io.OutputLayout;
import io.bottomup.privacy.Pseudonymizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What every stage of one run shares: the session, the job configuration, where inputs and outputs
 * live, the run date (the only notion of "now" a stage may use) and the pseudonym key.
 *
 * <p>Stages never write the published layout {@code out} directly: they write the run's private
 * workspace {@code work} ({@code <out>/_work/<run id>}), which is published by rename when the run
 * succeeds. A stage reads a table from the workspace if this run wrote it, else the published one.
 * {@code spark} is null in the report stage, which must not start Spark.
 */
public record RunContext(
    SparkSession spark,
    JobConfig config,
    String input,
    OutputLayout out,
    OutputLayout work,
    LocalDate runDate,
    Pseudonymizer pseudonymizer,
    String runId,
    Instant startedAt,
    boolean fullRefresh) {

  public static RunContext create(
      SparkSession spark, JobConfig config, String input, OutputLayout out, LocalDate runDate, Pseudonymizer key) {
    Instant now = Instant.now();
    String runId = runDate + "_" + now.getEpochSecond() + "_" + UUID.randomUUID().toString().substring(0, 6);
    return new RunContext(spark, config, input, out, out.workspace(runId), runDate, key, runId, now, false);
  }

  /** What a run id ({@link #create}: run date, start in epoch seconds, a random suffix) names. */
  public record RunId(LocalDate runDate, Instant startedAt) {
    /** The parts of {@code id}, or null when it is not a run id (a folder someone else left). */
    public static RunId parse(String id) {
      String[] parts = id.split("_", 3);
      try {
        return parts.length == 3 ? new RunId(LocalDate.parse(parts[0]), Instant.ofEpochSecond(Long.parseLong(parts[1]))) : null;
      } catch (RuntimeException notARunId) {
        return null;
      }
    }
  }

  /** The same run, told to rebuild staging and marts from every landing file ({@code --full-refresh}). */
  public RunContext withFullRefresh(boolean full) {
    return new RunContext(spark, config, input, out, work, runDate, pseudonymizer, runId, startedAt, full);
  }

  /** The Hadoop configuration of the run (Spark's when there is a session). */
  public Configuration hadoop() {
    return spark != null ? spark.sparkContext().hadoopConfiguration() : new Configuration();
  }

  /**
   * A table as this run sees it: this run's copy if it wrote one, the published one with this run's
   * partitions replaced if it wrote only some ({@link io.bottomup.io.Tables#writePartitions}), else the published one.
   */
  public org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table(Function<OutputLayout, String> table) {
    return io.bottomup.io.Tables.readMerged(spark, table.apply(work), table.apply(out));
  }

  /** Where to read a table: this run's copy if it wrote one, else the published one. */
  public String latest(Function<OutputLayout, String> table) {
    String mine = table.apply(work);
    try {
      Path p = new Path(mine);
      return p.getFileSystem(hadoop()).exists(p) ? mine : table.apply(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
