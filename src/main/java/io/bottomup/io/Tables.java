package io.bottomup.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Parquet tables. Tables are written into a run's workspace; {@link #swap} replaces a published
 * table by its new version with two renames, so the path holds either the complete old table or the
 * complete new one (or, for the instant between the renames, nothing).
 */
public final class Tables {
  private Tables() {}

  /** Writes a table into a run's private workspace (published later by {@link Publisher}). */
  public static void write(Dataset<Row> table, String path, String... partitionBy) {
    write(table, path, false, partitionBy);
  }

  /**
   * Writes, or with {@code append} adds to, a table in a run's private workspace: several sources of
   * one entity are written one after the other into the same staging table.
   */
  public static void write(Dataset<Row> table, String path, boolean append, String... partitionBy) {
    Dataset<Row> rows = partitionBy.length == 0 ? table
        : table.repartition(Arrays.stream(partitionBy).map(functions::col).toArray(Column[]::new));
    rows.write().mode(append ? SaveMode.Append : SaveMode.Overwrite).partitionBy(partitionBy).parquet(path);
  }

  public static Dataset<Row> read(SparkSession spark, String path) {
    return spark.read().parquet(path);
  }

  public static boolean exists(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces {@code target} by {@code staged}; the old content is deleted only after the swap. */
  public static void swap(Configuration conf, Path staged, Path target, Path old) {
    try {
      FileSystem fs = target.getFileSystem(conf);
      boolean hadOld = fs.exists(target);
      if (hadOld) {
        fs.mkdirs(old.getParent());
      }
      if (hadOld && !fs.rename(target, old)) {
        throw new IOException("cannot move " + target + " aside to " + old);
      }
      if (!fs.rename(staged, target)) {
        throw new IOException("cannot publish " + staged + " as " + target);
      }
      if (hadOld) {
        fs.delete(old, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
