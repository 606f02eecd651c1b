package io.bottomup;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the Spark session every Spark stage uses. The settings are the pipeline's, not the
 * cluster's: UTC everywhere, ANSI mode on (bad values must go through {@code try_} functions),
 * microsecond timestamps in Parquet (so parquet-avro reads them without Spark), few shuffle
 * partitions for small local runs (adaptive execution coalesces further).
 */
public final class Sessions {
  public static final String MASTER_DEFAULT = "local[*]";
  /**
   * Shuffle partitions: Spark's default of 200 is far too many for a 2-core machine and the data of a
   * few thousand people; adaptive execution coalesces further and splits skewed partitions.
   */
  public static final int SHUFFLE_PARTITIONS_DEFAULT = 8;
  /**
   * Tasks that list a partitioned table's folders: Spark's default starts one task per folder, so
   * each read of staging's 565 day folders cost 3–5 s on this 2-core machine (about 20 s of a 1M-event
   * night); a few tasks per core list them in under a second.
   */
  static final int LISTING_TASKS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  /**
   * Columns written without Parquet's dictionary encoding, in every table that has them: ids, pseudonym
   * keys and instants that are (nearly) unique within a file. The writer tries a dictionary first and
   * hashes and compares every value until the dictionary outgrows its page and it falls back to plain
   * encoding: 53% of the CPU of writing 10M staged events went to Parquet's writer, most of it in that
   * dictionary (a flight recording). Without it, ingest's staging write of 10M events took 38.5–38.7 s
   * instead of 45.1–46.1 s (two pairs back to back), and its files were no larger (649 MB against
   * 652 MB, the marts 773 MB against 776 MB, every row equal); bench/results.
   */
  static final java.util.List<String> UNIQUE_COLUMNS = java.util.List.of(
      "event_id", "record_id", "actor_key", "target_key", "person_key", "thread_id", "parent_id",
      "occurred_at", "_line");
  /** Hadoop's key of Parquet's per-column dictionary switch (the column's name follows the '#'). */
  static final String NO_DICTIONARY = "spark.hadoop.parquet.enable.dictionary#";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Sessions.class);

  private Sessions() {}

  /** The master meaning "the one spark-submit (or spark.master) gives": bottomup sets none itself. */
  public static final String SPARK_SUBMIT = "spark-submit";

  public static SparkSession create(String master) {
    SparkSession.Builder builder = SparkSession.builder().appName("bottomup");
    if (!SPARK_SUBMIT.equals(master)) {
      builder.master(master);
    }
    if (master.startsWith("local")) {
      builder.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1");
    }
    long start = System.nanoTime();
    SparkSession spark = configure(builder).getOrCreate();
    Progress.attach(spark.sparkContext());
    LOG.info("Spark {} ready on {} in {} s", spark.version(), spark.sparkContext().master(),
        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
    return spark;
  }

  /**
   * The pipeline's settings. A {@code spark.*} system property (e.g. from {@code spark-submit --conf}
   * or {@code BOTTOMUP_JAVA_OPTS=-Dspark.sql.shuffle.partitions=64}) wins over these defaults, except
   * over the {@link #REQUIRED} ones.
   */
  public static SparkSession.Builder configure(SparkSession.Builder builder) {
    settings().forEach(builder::config);
    return builder;
  }

  /** What {@link #configure} sets: each key and its value (keys a system property sets are left out, but the required ones). */
  static Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("spark.ui.enabled", "false");
    defaults.put("spark.sql.shuffle.partitions", String.valueOf(SHUFFLE_PARTITIONS_DEFAULT));
    defaults.put("spark.sql.adaptive.enabled", "true");
    defaults.put("spark.sql.sources.parallelPartitionDiscovery.parallelism", String.valueOf(LISTING_TASKS));
    defaults.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    defaults.put("spark.sql.sources.partitionOverwriteMode", "static");
    // Cached tables are kept without Spark's column compression: choosing an encoding gathers statistics
    // over every value of every cached batch (a hash map of each text column's values), 37% of the time
    // of ingest's parse-and-cache of 10M events (a flight recording); without it that pass took 42 s
    // instead of 65 s and ingest 177 s instead of 199 s (bench/results). The ingest cache, the large
    // one, is mostly unique text (ids, raw lines) that dictionary encoding would not shrink; what does
    // not fit in memory goes to disk (MEMORY_AND_DISK) as before.
    defaults.put("spark.sql.inMemoryColumnarStorage.compressed", "false");
    // Local paths: permissions set in Java, not by a chmod process for every file written (LocalFiles).
    defaults.put("spark.hadoop.fs.file.impl", io.bottomup.io.LocalFiles.class.getName());
    for (String column : UNIQUE_COLUMNS) {
      defaults.put(NO_DICTIONARY + column, "false");
    }
    defaults.forEach((key, value) -> {
      if (System.getProperty(key) == null) {
        settings.put(key, value);
      }
    });
    REQUIRED.forEach((key, value) -> {
      String given = System.getProperty(key);
      if (given != null && !given.equalsIgnoreCase(value)) {
        LOG.warn("{}={} (a system property or the cluster's spark-defaults) is not used: bottomup sets {}", key, given, value);
      }
      settings.put(key, value);
    });
    return settings;
  }

  /**
   * Settings the contracts rest on, which no system property or cluster default may change: times in UTC
   * (INPUTS.md: a date without a time is the start of that day in UTC; months and days are UTC's),
   * strict arithmetic and casts, and strict date parsing (2025-02-30 is a bad value, not 2025-03-02).
   */
  static final Map<String, String> REQUIRED = Map.of("spark.sql.session.timeZone", "UTC", "spark.sql.ansi.enabled", "true",
      "spark.sql.legacy.timeParserPolicy", "CORRECTED");
}
