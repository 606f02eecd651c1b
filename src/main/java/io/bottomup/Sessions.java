package io.bottomup;

import org.apache.spark.sql.SparkSession;

/**
 * Builds the Spark session every Spark stage uses. The settings are the pipeline's, not the
 * cluster's: UTC everywhere, ANSI mode on (bad values must go through {@code try_} functions),
 * microsecond timestamps in Parquet (so parquet-avro reads them without Spark), few shuffle
 * partitions for small local runs (adaptive execution coalesces further).
 */
public final class Sessions {
  public static final String MASTER_DEFAULT = "local[*]";

  private Sessions() {}

  public static SparkSession create(String master) {
    SparkSession.Builder builder = SparkSession.builder().appName("bottomup").master(master);
    if (master.startsWith("local")) {
      builder.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1");
    }
    return configure(builder).getOrCreate();
  }

  public static SparkSession.Builder configure(SparkSession.Builder builder) {
    return builder
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.sql.sources.partitionOverwriteMode", "static")
        .config("spark.sql.legacy.timeParserPolicy", "CORRECTED");
  }
}
