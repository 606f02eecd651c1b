package io.bottomup.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kill at each step of a replacement leaves the old content or the new, and the next write finishes it. */
class ReplacedFileTest {
  @TempDir Path dir;

  private FileSystem fs() throws Exception {
    return FileSystem.getLocal(new Configuration());
  }

  private org.apache.hadoop.fs.Path file() {
    return new org.apache.hadoop.fs.Path(dir.resolve("_runs/history.jsonl").toUri());
  }

  private String read() throws Exception {
    byte[] b = ReplacedFile.read(fs(), file());
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void replacesTheContentAndLeavesNoOtherFile() throws Exception {
    assertNull(read(), "nothing yet");
    ReplacedFile.write(fs(), file(), "a\n".getBytes(StandardCharsets.UTF_8));
    ReplacedFile.write(fs(), file(), "a\nb\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("a\nb\n", Files.readString(dir.resolve("_runs/history.jsonl")));
    try (var files = Files.list(dir.resolve("_runs"))) {
      assertEquals(java.util.List.of("history.jsonl"), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  /** Killed while writing the new content (a partial .next): the old content stands. */
  @Test
  void aPartialNextFileIsIgnored() throws Exception {
    ReplacedFile.write(fs(), file(), "a\n".getBytes(StandardCharsets.UTF_8));
    Files.writeString(dir.resolve("_runs/history.jsonl.next"), "a\n{\"run_id\":");
    assertEquals("a\n", read());
    ReplacedFile.write(fs(), file(), "a\nc\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("a\nc\n", read());
    assertFalse(Files.exists(dir.resolve("_runs/history.jsonl.next")));
  }

  /** Killed after the new content became .ready: before the old file was deleted, and after. */
  @Test
  void aReadyFileIsTheContentUntilTheNextWriteSettlesIt() throws Exception {
    ReplacedFile.write(fs(), file(), "a\n".getBytes(StandardCharsets.UTF_8));
    Files.writeString(dir.resolve("_runs/history.jsonl.ready"), "a\nb\n");
    assertEquals("a\nb\n", read(), "the old file still there: the ready one is newer");
    Files.delete(dir.resolve("_runs/history.jsonl"));
    assertEquals("a\nb\n", read(), "the old file deleted, the rename not done: not empty");
    ReplacedFile.write(fs(), file(), "a\nb\nc\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("a\nb\nc\n", Files.readString(dir.resolve("_runs/history.jsonl")));
    assertFalse(Files.exists(dir.resolve("_runs/history.jsonl.ready")));
  }
}
