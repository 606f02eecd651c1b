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
