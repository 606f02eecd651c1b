package io.bottomup.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bottomup.SparkTest;
import io.bottomup.schema.Columns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandingReaderTest extends SparkTest {
  /** An empty file holds no record and a file of another type is not the entity's: neither stops the run. */
  @Test
  void readsTheDataFilesByNameAndPassesOverEmptyOtherAndHiddenFiles(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("b-chat.CSV"), "event_id\ne1\n");
    Files.writeString(dir.resolve("a-qa.jsonl"), "{\"event_id\":\"e2\"}\n");
    Files.write(dir.resolve("c-night.jsonl"), new byte[0]);
    Files.writeString(dir.resolve("notes.txt"), "event_id\ne3\n");
    Files.writeString(dir.resolve(".DS_Store"), "x");
    Files.writeString(dir.resolve("_resent.jsonl"), "{\"event_id\":\"e4\"}\n");
    Files.createDirectories(dir.resolve("old"));
    List<String> files = LandingReader.listFiles(spark, new org.apache.hadoop.fs.Path(dir.toUri()), List.of("csv", "jsonl"))
        .stream().map(org.apache.hadoop.fs.Path::getName).toList();
    assertEquals(List.of("_resent.jsonl", "a-qa.jsonl", "b-chat.CSV"), files,
        "by name; the empty file, notes.txt, .DS_Store and the folder are not read");
    // The ledger, which decides what an incremental night reads, sees the same files (it passed over "_" names).
    List<String> ledger = LandingLedger.scan(spark.sparkContext().hadoopConfiguration(), new org.apache.hadoop.fs.Path(dir.toUri()))
        .stream().map(LandingLedger.FileEntry::path).toList();
    assertEquals(List.of("_resent.jsonl", "a-qa.jsonl", "b-chat.CSV", "c-night.jsonl", "notes.txt"), ledger);
  }

  /**
   * A data file that cannot be read is named and refuses the run (exit 2), not passed over: a broken
   * link (found by the ledger, which reads every landing file first), and a folder under a data file's name.
   */
  @Test
  void aDataFileThatCannotBeReadRefusesTheRunNamingIt(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("training"));
    Files.writeString(dir.resolve("training/a.csv"), "record_id\nr1\n");
    Files.createSymbolicLink(dir.resolve("training/b.csv"), dir.resolve("gone.csv"));
    io.bottomup.BottomupException link = org.junit.jupiter.api.Assertions.assertThrows(io.bottomup.BottomupException.class,
        () -> LandingLedger.scan(spark.sparkContext().hadoopConfiguration(), new org.apache.hadoop.fs.Path(dir.toUri())));
    assertEquals(io.bottomup.BottomupException.EXIT_REFUSED, link.exitCode());
    org.junit.jupiter.api.Assertions.assertTrue(link.getMessage().contains("training/b.csv cannot be read: it is a link to "),
        link.getMessage());

    Files.delete(dir.resolve("training/b.csv"));
    Files.createDirectories(dir.resolve("training/c.csv"));
    io.bottomup.BottomupException folder = org.junit.jupiter.api.Assertions.assertThrows(io.bottomup.BottomupException.class,
        () -> LandingReader.listFiles(spark, new org.apache.hadoop.fs.Path(dir.resolve("training").toUri()), List.of("csv")));
    assertEquals(io.bottomup.BottomupException.EXIT_REFUSED, folder.exitCode());
    org.junit.jupiter.api.Assertions.assertTrue(folder.getMessage().contains("c.csv cannot be read: it is a folder"),
        folder.getMessage());
  }

  /** INPUTS.md: every file in an entity's folder is read, .csv and .jsonl alike, for every entity. */
  @Test
  void aDirectoryMayComeAsJsonLinesToo(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("directory"));
    Files.writeString(dir.resolve("directory/a.csv"), "employee_id,email,department,hire_date\nE1,a@x.com,Eng,2020-01-01\n");
    Files.writeString(dir.resolve("directory/b.jsonl"),
        "{\"employee_id\":\"E2\",\"email\":\"b@x.com\",\"department\":\"Ops\",\"hire_date\":\"2021-02-03\",\"job_level\":4}\n");
    io.bottomup.schema.EntitySpec spec = io.bottomup.schema.EntitySpec.directory();
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.toUri());
    List<org.apache.hadoop.fs.Path> files = LandingReader.listFiles(spark, new org.apache.hadoop.fs.Path(root, "directory"), spec.extensions());
    assertEquals(2, files.size());
    java.util.Map<String, org.apache.spark.sql.Row> people = byKey(new LandingReader(spark).read(spec, root, files), "employee_id");
    assertEquals("directory/b.jsonl", people.get("E2").getAs(Columns.FILE));
    assertEquals("Ops", people.get("E2").getAs("department"));
    assertEquals("4", people.get("E2").getAs("job_level"), "a JSON number is read as its text, typed by the validator");
    assertEquals("a@x.com", people.get("E1").getAs("email"));
  }
}
