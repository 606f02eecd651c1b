package io.bottomup.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.SparkTest;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablesTest extends SparkTest {
  static final String DDL = "event_id STRING, event_month STRING, size INT";

  /** A partitioned write of no rows leaves no Parquet file; the table still reads, empty, with its columns. */
  @Test
  void anEmptyPartitionedTableReadsAsEmptyWithItsColumns(@TempDir Path dir) {
    String path = dir.resolve("fct_question").toString();
    Tables.write(rows(DDL), path, "event_month");
    Dataset<Row> read = Tables.read(spark, path);
    assertEquals(0, read.count());
    assertEquals(List.of("event_id", "size", "event_month"), List.of(read.columns()), "partition columns last, as Spark reads them");
    assertEquals("int", read.schema().apply("size").dataType().simpleString());
  }

  @Test
  void aPartitionedTableWithRowsReadsItsRows(@TempDir Path dir) {
    String path = dir.resolve("fct_question").toString();
    Tables.write(rows(DDL, "{\"event_id\":\"e1\",\"event_month\":\"2025-03\",\"size\":7}",
        "{\"event_id\":\"e2\",\"event_month\":\"2025-04\",\"size\":9}"), path, "event_month");
    List<Row> read = Tables.read(spark, path).orderBy("event_id").collectAsList();
    assertEquals(2, read.size());
    assertEquals("2025-04", read.get(1).getAs("event_month"));
    assertEquals(9, (Integer) read.get(1).getAs("size"));
  }

  /**
   * A table is read with the schema it was written with: the same columns and types as Spark infers from
   * its files (the day folders' dates as dates), the same rows, and no Spark job to read a footer.
   */
  @Test
  void aTableIsReadWithItsStoredSchemaAsSparkWouldInferIt(@TempDir Path dir) throws Exception {
    String ddl = "event_id STRING, event_date DATE, occurred_at TIMESTAMP, minutes BIGINT";
    Dataset<Row> table = rows(ddl, "{\"event_id\":\"e1\",\"event_date\":\"2026-07-10\",\"occurred_at\":\"2026-07-10T09:30:00Z\",\"minutes\":5}",
        "{\"event_id\":\"e2\",\"event_date\":\"2026-07-11\",\"minutes\":null}");
    String partitioned = dir.resolve("stg_collaboration").toString();
    String whole = dir.resolve("mart").toString();
    Tables.write(table, partitioned, "event_date");
    Tables.write(table, whole);
    for (String path : List.of(partitioned, whole)) {
      assertTrue(new java.io.File(path, Tables.SCHEMA).isFile(), path);
      long jobs = jobsDuring(() -> Tables.read(spark, path));
      Dataset<Row> read = Tables.read(spark, path);
      Dataset<Row> inferred = spark.read().parquet(path);
      assertEquals(inferred.schema(), read.schema(), path);
      assertEquals(sorted(inferred, "event_id").toString(), sorted(read, "event_id").toString(), path);
      assertEquals(0, jobs, "no job to infer the schema of " + path);
    }
    assertEquals(List.of("event_id", "occurred_at", "minutes", "event_date"), List.of(Tables.read(spark, partitioned).columns()));
    assertEquals("date", Tables.read(spark, partitioned).schema().apply("event_date").dataType().simpleString());
    // Without the file (a table from an older version), the schema is inferred: a job reads a footer.
    java.nio.file.Files.delete(Path.of(whole, Tables.SCHEMA));
    assertTrue(jobsDuring(() -> Tables.read(spark, whole)) > 0, "an inferred schema reads a footer");
    assertEquals(List.of("event_id", "event_date", "occurred_at", "minutes"), List.of(Tables.read(spark, whole).columns()));
  }

  /** A partial table (some partitions of a night) keeps its schema too; read merged with the published one. */
  @Test
  void aPartialTableIsReadMergedWithItsSchema(@TempDir Path dir) {
    String published = dir.resolve("out/fct").toString();
    String mine = dir.resolve("work/fct").toString();
    Tables.write(rows(DDL, "{\"event_id\":\"e1\",\"event_month\":\"2025-03\",\"size\":7}",
        "{\"event_id\":\"e2\",\"event_month\":\"2025-04\",\"size\":9}"), published, "event_month");
    Tables.writePartitions(rows(DDL, "{\"event_id\":\"e3\",\"event_month\":\"2025-04\",\"size\":11}"), mine, "event_month",
        List.of("2025-04"));
    assertTrue(new java.io.File(mine, Tables.SCHEMA).isFile());
    assertEquals("[[e1,7,2025-03], [e3,11,2025-04]]", sorted(Tables.readMerged(spark, mine, published), "event_id").toString());
  }

  /** How many Spark jobs {@code work} started (the listener bus drained before counting). */
  private static long jobsDuring(Runnable work) throws java.util.concurrent.TimeoutException {
    java.util.concurrent.atomic.AtomicLong jobs = new java.util.concurrent.atomic.AtomicLong();
    org.apache.spark.scheduler.SparkListener counter = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
        jobs.incrementAndGet();
      }
    };
    spark.sparkContext().listenerBus().waitUntilEmpty();
    spark.sparkContext().addSparkListener(counter);
    try {
      work.run();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
    return jobs.get();
  }

  /**
   * Ids and keys are written without a dictionary (Sessions.UNIQUE_COLUMNS), other columns with one: the
   * footer of the written file names each column chunk's encodings.
   */
  @Test
  void uniqueIdsAreWrittenWithoutADictionaryOtherColumnsWithOne(@TempDir Path dir) throws java.io.IOException {
    String path = dir.resolve("stg").toString();
    // The same value on every row, so that the writer would keep a dictionary for either column
    // (for values that do not repeat, it falls back to plain encoding by itself).
    String row = "{\"event_id\":\"e1\",\"source\":\"qa\"}";
    Tables.write(rows("event_id STRING, source STRING", row, row, row, row, row, row).coalesce(1), path);
    java.io.File file = java.util.Arrays.stream(dir.resolve("stg").toFile().listFiles())
        .filter(f -> f.getName().endsWith(".parquet")).findFirst().orElseThrow();
    java.util.Map<String, java.util.Set<org.apache.parquet.column.Encoding>> encodings = new java.util.TreeMap<>();
    try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
        org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toURI()),
            spark.sparkContext().hadoopConfiguration()))) {
      reader.getFooter().getBlocks().get(0).getColumns()
          .forEach(c -> encodings.put(c.getPath().toDotString(), c.getEncodings()));
    }
    assertFalse(encodings.get("event_id").stream().anyMatch(org.apache.parquet.column.Encoding::usesDictionary),
        "event_id: " + encodings.get("event_id"));
    assertTrue(encodings.get("source").stream().anyMatch(org.apache.parquet.column.Encoding::usesDictionary),
        "source: " + encodings.get("source"));
  }
}
