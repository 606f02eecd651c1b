package io.bottomup.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
