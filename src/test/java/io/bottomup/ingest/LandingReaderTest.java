package io.bottomup.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bottomup.SparkTest;
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
    Files.createDirectories(dir.resolve("old"));
    List<String> files = LandingReader.listFiles(spark, new org.apache.hadoop.fs.Path(dir.toUri()), List.of("csv", "jsonl"))
        .stream().map(org.apache.hadoop.fs.Path::getName).toList();
    assertEquals(List.of("a-qa.jsonl", "b-chat.CSV"), files, "by name; the empty file, notes.txt, .DS_Store and the folder are not read");
  }
}
