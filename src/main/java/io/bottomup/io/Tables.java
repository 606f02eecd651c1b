package io.bottomup.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a Parquet table so that readers never see half of it: the new table is written beside the
 * old one and swapped in by two renames, so at any moment the path holds either the complete old
 * table or the complete new one (or, for the instant between the renames, nothing).
 */
public final class Tables {
  private Tables() {}

  public static void write(Dataset<Row> table, String path, String... partitionBy) {
    SparkSession spark = table.sparkSession();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String id = UUID.randomUUID().toString().substring(0, 8);
    Path target = new Path(path);
    Path staged = new Path(path + ".tmp-" + id);
    Dataset<Row> rows = partitionBy.length == 0 ? table
        : table.repartition(java.util.Arrays.stream(partitionBy).map(org.apache.spark.sql.functions::col)
            .toArray(org.apache.spark.sql.Column[]::new));
    rows.write().mode(SaveMode.ErrorIfExists).partitionBy(partitionBy).parquet(staged.toString());
    swap(conf, staged, target, new Path(path + ".old-" + id));
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
