package io.bottomup.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.SparkTest;
import io.bottomup.config.JobConfig;
import io.bottomup.schema.Columns;
import io.bottomup.schema.EntitySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePiecesTest extends SparkTest {
  @TempDir
  java.nio.file.Path dir;

  private static final EntitySpec SPEC = EntitySpec.of(io.bottomup.schema.Entity.COLLABORATION, JobConfig.defaults());

  private Path write(String name, String text) throws Exception {
    java.nio.file.Path f = dir.resolve("collaboration").resolve(name);
    Files.createDirectories(f.getParent());
    Files.write(f, text.getBytes(StandardCharsets.UTF_8));
    return new Path(f.toString());
  }

  /** "line raw" for every record, in file order, read with pieces of at most {@code splitBytes}. */
  private List<String> read(Path file, long splitBytes) {
    return new LandingReader(spark, splitBytes).read(SPEC, new Path(dir.toString()), List.of(file))
        .orderBy(Columns.LINE).collectAsList().stream()
        .map(r -> r.<Long>getAs(Columns.LINE) + " " + r.<String>getAs(Columns.RAW)).toList();
  }

  private List<FilePieces.Piece> plan(Path file, long splitBytes) {
    return FilePieces.plan(JavaSparkContext.fromSparkContext(spark.sparkContext()), List.of(file), List.of("collaboration/x.jsonl"),
        splitBytes);
  }

  @Test
  void aLargeJsonLinesFileIsReadInPiecesWithTheLineNumbersOfTheWholeFile() throws Exception {
    // BOM, Windows line ends, blank lines, a line longer than a piece, and a last line without a line feed.
    String text = "\uFEFF{\"event_id\":\"1\"}\r\n{\"event_id\":\"2\"}\r\n\r\n{\"event_id\":\"3\",\"space\":\""
        + "x".repeat(100) + "\"}\n\n{\"event_id\":\"4\"}\n{\"event_id\":\"é5\"}";
    Path file = write("x.jsonl", text);
    List<String> whole = read(file, Long.MAX_VALUE);
    assertEquals(List.of("1 {\"event_id\":\"1\"}", "2 {\"event_id\":\"2\"}"), whole.subList(0, 2));
    assertEquals("6 {\"event_id\":\"4\"}", whole.get(3));
    assertEquals("7 {\"event_id\":\"é5\"}", whole.get(4));
    for (long size : new long[] {7, 16, 17, 18, 40, 64}) {
      assertTrue(plan(file, size).size() > 1, "cut at " + size + " bytes");
      assertEquals(whole, read(file, size), "pieces of " + size + " bytes");
    }
  }

  @Test
  void piecesStartAfterTheLineFeedsOfThePiecesBeforeThem() throws Exception {
    // 10 lines of 10 bytes: pieces of 25 bytes start at 0, 25, 50, 75 with 0, 2, 5, 7 line feeds before.
    Path file = write("x.jsonl", "{\"e\":\"0\"}\n".repeat(10));
    List<FilePieces.Piece> pieces = plan(file, 25);
    assertEquals(List.of(0L, 25L, 50L, 75L), pieces.stream().map(FilePieces.Piece::start).toList());
    assertEquals(List.of(0L, 2L, 5L, 7L), pieces.stream().map(FilePieces.Piece::breaksBefore).toList());
  }

  @Test
  void aFileWithALoneCarriageReturnIsReadWhole() throws Exception {
    Path file = write("x.jsonl", "{\"event_id\":\"1\"}\r{\"event_id\":\"2\"}\n{\"event_id\":\"3\"}\n".repeat(3));
    List<FilePieces.Piece> pieces = plan(file, 10);
    assertEquals(1, pieces.size());
    assertTrue(pieces.get(0).whole());
    assertEquals(List.of("1 {\"event_id\":\"1\"}", "2 {\"event_id\":\"2\"}"), read(file, 10).subList(0, 2));
  }

  @Test
  void smallFilesShareATaskUpToTheTargetSize() {
    java.util.function.Function<Long, FilePieces.Piece> piece = bytes -> new FilePieces.Piece("p", "f", 0, Long.MAX_VALUE, 0, bytes);
    List<List<FilePieces.Piece>> tasks = FilePieces.tasks(List.of(piece.apply(4L), piece.apply(5L), piece.apply(2L),
        piece.apply(30L), piece.apply(1L)), 10);
    // 4 + 5 fit in 10; 2 would not fit beside them; 30 is alone, over the target; 1 follows it.
    assertEquals(List.of(2, 1, 1, 1), tasks.stream().map(List::size).toList());
    assertEquals(List.of(9L, 2L, 30L, 1L), tasks.stream().map(t -> t.stream().mapToLong(FilePieces.Piece::bytes).sum()).toList());
  }

  @Test
  void aFolderOfManySmallFilesIsReadByFewTasks() throws Exception {
    List<Path> files = new java.util.ArrayList<>();
    for (int day = 1; day <= 9; day++) {
      files.add(write("d" + day + ".jsonl", "{\"event_id\":\"" + day + "a\"}\n{\"event_id\":\"" + day + "b\"}\n"));
    }
    // 9 files of 36 bytes in tasks of at most 100 bytes: 2 files each, the last alone.
    org.apache.spark.sql.Dataset<Row> rows = new LandingReader(spark, 100).read(SPEC, new Path(dir.toString()), files);
    assertEquals(5, rows.rdd().getNumPartitions());
    assertEquals(18, rows.count());
    assertEquals(List.of(1L, 2L), rows.filter(org.apache.spark.sql.functions.col(Columns.FILE).equalTo("collaboration/d9.jsonl"))
        .orderBy(Columns.LINE).collectAsList().stream().map(r -> r.<Long>getAs(Columns.LINE)).toList());
  }

  @Test
  void csvFilesAreNeverCut() throws Exception {
    Path file = write("x.csv", "event_id,source\n" + "1,qa\n".repeat(20));
    assertEquals(1, FilePieces.plan(JavaSparkContext.fromSparkContext(spark.sparkContext()), List.of(file), List.of("x.csv"), 8).size());
  }

  @Test
  void anInvalidByteInALaterPieceNamesItsOffsetInTheWholeFile() throws Exception {
    java.nio.file.Path f = dir.resolve("collaboration").resolve("x.jsonl");
    Files.createDirectories(f.getParent());
    byte[] good = "{\"event_id\":\"1\"}\n".repeat(4).getBytes(StandardCharsets.UTF_8);
    byte[] bytes = java.util.Arrays.copyOf(good, good.length + 2);
    bytes[good.length] = (byte) 0xC3; // a lead byte followed by a line feed: not UTF-8
    bytes[good.length + 1] = '\n';
    Files.write(f, bytes);
    Exception e = assertThrows(Exception.class, () -> read(new Path(f.toString()), 20));
    String message = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : e.getCause().getMessage());
    assertTrue(message.contains("invalid byte sequence at byte offset " + good.length), message);
  }

  @Test
  void rowsOfAPieceKeepTheFileName() throws Exception {
    Path file = write("x.jsonl", "{\"event_id\":\"1\"}\n".repeat(6));
    List<Row> rows = new LandingReader(spark, 20).read(SPEC, new Path(dir.toString()), List.of(file)).collectAsList();
    assertEquals(6, rows.size());
    assertTrue(rows.stream().allMatch(r -> "collaboration/x.jsonl".equals(r.getAs(Columns.FILE))));
  }
}
