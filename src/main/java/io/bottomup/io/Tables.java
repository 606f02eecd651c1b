package io.bottomup.io;

import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
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
    writeSchema(table, path, partitionBy);
  }

  /**
   * The file of a table that holds its schema as Spark reads it (the partition columns last). {@link
   * #read} reads with it: without it, every read of a table started a Spark job to read a Parquet footer
   * and infer the schema (291 of NightsTest's 2,545 Spark stages, 57 of a 10M night's 370; bench/results).
   * A night's partial table brings its own, which replaces the published one ({@link Publisher}). And a
   * partitioned write of no rows leaves no Parquet file to read it from (a Slack export has no questions,
   * so {@code fct_question} is empty): {@link #read} then answers an empty table.
   */
  public static final String SCHEMA = "_schema.json";

  private static void writeSchema(Dataset<Row> table, String path, String... partitionBy) {
    java.util.List<String> partitions = Arrays.asList(partitionBy);
    java.util.List<org.apache.spark.sql.types.StructField> fields = new java.util.ArrayList<>();
    Arrays.stream(table.schema().fields()).filter(f -> !partitions.contains(f.name())).forEach(fields::add);
    partitions.forEach(name -> fields.add(table.schema().apply(name)));
    try {
      Path file = new Path(path, SCHEMA);
      FileSystem fs = file.getFileSystem(table.sparkSession().sparkContext().hadoopConfiguration());
      try (java.io.OutputStream out = fs.create(file, true)) {
        out.write(new org.apache.spark.sql.types.StructType(fields.toArray(org.apache.spark.sql.types.StructField[]::new))
            .json().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + "/" + SCHEMA, e);
    }
  }

  /**
   * A Parquet table, with the schema it was written with ({@value #SCHEMA}); a partitioned one without any
   * partition is empty. A table without that file (written before it was kept for every table) has its
   * schema inferred from its files, as Spark does.
   */
  public static Dataset<Row> read(SparkSession spark, String path) {
    org.apache.spark.sql.types.StructType type;
    try {
      Path dir = new Path(path);
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path schema = new Path(dir, SCHEMA);
      if (!fs.exists(schema)) {
        return spark.read().parquet(path);
      }
      try (java.io.InputStream in = fs.open(schema)) {
        type = (org.apache.spark.sql.types.StructType)
            org.apache.spark.sql.types.DataType.fromJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
      if (Arrays.stream(fs.listStatus(dir)).allMatch(s -> hidden(s.getPath().getName()))) {
        return spark.createDataFrame(java.util.List.of(), type);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    return spark.read().schema(type).parquet(path);
  }

  /** Names Spark's Parquet reader skips: _SUCCESS, _PARTITIONS, _schema.json, .crc files. */
  private static boolean hidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  /** The file of a partial table that names the partitions it replaces. */
  public static final String PARTITIONS = "_PARTITIONS";

  /**
   * Writes some partitions of a table (an incremental run): {@code rows} hold the complete new content
   * of the partitions in {@code replaced} (values of {@code column}); a partition of {@code replaced}
   * without rows is deleted when published. The folder also gets {@value #PARTITIONS}, one line per
   * partition, {@code replace} or {@code delete}, which {@link Publisher} and {@link #readMerged} follow.
   */
  public static void writePartitions(Dataset<Row> rows, String path, String column, java.util.Collection<String> replaced) {
    java.util.Set<String> present = new java.util.TreeSet<>();
    Dataset<Row> scoped = rows.filter(functions.col(column).cast("string").isin(replaced.toArray()));
    if (!replaced.isEmpty()) {
      scoped.repartition(functions.col(column)).write().mode(SaveMode.Overwrite).partitionBy(column).parquet(path);
    }
    writeSchema(rows, path, column);
    try {
      Path dir = new Path(path);
      FileSystem fs = dir.getFileSystem(rows.sparkSession().sparkContext().hadoopConfiguration());
      fs.mkdirs(dir);
      for (FileStatus s : fs.listStatus(dir)) {
        if (s.isDirectory() && s.getPath().getName().startsWith(column + "=")) {
          present.add(s.getPath().getName().substring(column.length() + 1));
        }
      }
      StringBuilder lines = new StringBuilder("column\t" + column + "\n");
      for (String value : new java.util.TreeSet<>(replaced)) {
        lines.append(present.contains(value) ? "replace" : "delete").append('\t').append(value).append('\n');
      }
      try (java.io.OutputStream out = fs.create(new Path(dir, PARTITIONS), true)) {
        out.write(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** A partial table's partition column and its partitions, value to {@code replace} or {@code delete}; null for a whole table. */
  public static Partial partial(Configuration conf, String path) {
    try {
      Path file = new Path(path, PARTITIONS);
      FileSystem fs = file.getFileSystem(conf);
      if (!fs.exists(file)) {
        return null;
      }
      String column = null;
      java.util.Map<String, String> parts = new java.util.TreeMap<>();
      try (java.io.BufferedReader in = new java.io.BufferedReader(
          new java.io.InputStreamReader(fs.open(file), java.nio.charset.StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          String[] f = line.split("\t", 2);
          if (f[0].equals("column")) {
            column = f[1];
          } else if (f.length == 2) {
            parts.put(f[1], f[0]);
          }
        }
      }
      return new Partial(column, parts);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** What a partial table replaces: its partition column and, per value, {@code replace} or {@code delete}. */
  public record Partial(String column, java.util.Map<String, String> partitions) {
    public boolean writesAny() {
      return partitions.containsValue("replace");
    }
  }

  /** The partition values of the table a run sees (as {@link #readMerged} reads it), from folder names only. */
  public static java.util.SortedSet<String> partitions(SparkSession spark, String mine, String published, String column) {
    return new java.util.TreeSet<>(partitionFolders(spark.sparkContext().hadoopConfiguration(), mine, published, column).keySet());
  }

  /**
   * The partition folders of the table a run sees, by value: {@code mine}'s when it is whole; else the
   * published ones, with those of a partial {@code mine} in place of the partitions it replaces or deletes.
   */
  public static java.util.SortedMap<String, Path> partitionFolders(Configuration conf, String mine, String published,
      String column) {
    java.util.SortedMap<String, Path> values = new java.util.TreeMap<>();
    boolean mineExists = exists(conf, mine);
    Partial partial = mineExists ? partial(conf, mine) : null;
    if (mineExists && partial == null) {
      return folders(conf, mine, column);
    }
    if (exists(conf, published)) {
      values.putAll(folders(conf, published, column));
    }
    if (partial != null) {
      partial.partitions().keySet().forEach(values::remove);
      values.putAll(folders(conf, mine, column));
    }
    return values;
  }

  private static java.util.SortedMap<String, Path> folders(Configuration conf, String path, String column) {
    java.util.SortedMap<String, Path> values = new java.util.TreeMap<>();
    try {
      Path dir = new Path(path);
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        return values;
      }
      for (FileStatus s : fs.listStatus(dir)) {
        if (s.isDirectory() && s.getPath().getName().startsWith(column + "=")) {
          values.put(s.getPath().getName().substring(column.length() + 1), s.getPath());
        }
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
  }

  /**
   * Reads the table a run sees: {@code mine} (this run's workspace copy) if it exists and is whole;
   * the published table with a partial {@code mine}'s partitions replaced; else the published one.
   */
  public static Dataset<Row> readMerged(SparkSession spark, String mine, String published) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    if (!exists(spark, mine)) {
      return read(spark, published);
    }
    Partial partial = partial(conf, mine);
    if (partial == null) {
      return read(spark, mine);
    }
    Dataset<Row> kept = read(spark, published)
        .filter(functions.not(functions.col(partial.column()).cast("string").isin(partial.partitions().keySet().toArray())));
    return partial.writesAny() ? kept.unionByName(read(spark, mine)) : kept;
  }

  public static boolean exists(SparkSession spark, String path) {
    return exists(spark.sparkContext().hadoopConfiguration(), path);
  }

  public static boolean exists(Configuration conf, String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(conf).exists(p);
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
