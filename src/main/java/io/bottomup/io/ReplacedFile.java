package io.bottomup.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A small file outside the run's workspace that is replaced whole ({@code _runs/history.jsonl},
 * {@code _runs/forgotten.txt}), so that a run killed at any moment leaves the old content or the new,
 * never none: a file system's rename does not replace an existing file everywhere (Hadoop's local one
 * refuses), and deleting first left a moment with no file at all. The new content is written to
 * {@code NAME.next}, renamed to {@code NAME.ready} (complete from then on), then {@code NAME} is deleted
 * and {@code NAME.ready} renamed to it. Readers take {@code NAME.ready} while it exists; the next write
 * finishes an interrupted one first. Writers hold the output folder's lock.
 */
public final class ReplacedFile {
  static final String NEXT = ".next";
  static final String READY = ".ready";

  private ReplacedFile() {}

  /**
   * The current content, or null when there is none. A reader without the lock ({@code status}) may meet
   * a write between two renames: a file gone between its check and its opening is looked for again.
   */
  public static byte[] read(FileSystem fs, Path file) throws IOException {
    Path ready = sibling(file, READY);
    for (int attempt = 0; ; attempt++) {
      try {
        for (Path p : new Path[] {ready, file}) {
          if (fs.exists(p)) {
            try (InputStream in = fs.open(p)) {
              return in.readAllBytes();
            }
          }
        }
        if (attempt >= 2) {
          return null; // none, three times: not a write's renames passing by
        }
      } catch (java.io.FileNotFoundException moved) {
        if (attempt >= 2) {
          throw moved;
        }
      }
    }
  }

  /** Replaces the content. */
  public static void write(FileSystem fs, Path file, byte[] content) throws IOException {
    fs.mkdirs(file.getParent());
    fs.setWriteChecksum(false);
    Path ready = sibling(file, READY);
    if (fs.exists(ready)) {
      settle(fs, ready, file);
    }
    Path next = sibling(file, NEXT);
    try (OutputStream out = fs.create(next, true)) {
      out.write(content);
    }
    if (!fs.rename(next, ready)) {
      throw new IOException("cannot rename " + next + " to " + ready);
    }
    settle(fs, ready, file);
  }

  /** {@code ready} in the place of {@code file}. */
  private static void settle(FileSystem fs, Path ready, Path file) throws IOException {
    if (fs.exists(file) && !fs.delete(file, false)) {
      throw new IOException("cannot delete " + file);
    }
    if (!fs.rename(ready, file)) {
      throw new IOException("cannot rename " + ready + " to " + file);
    }
  }

  private static Path sibling(Path file, String suffix) {
    return new Path(file.getParent(), file.getName() + suffix);
  }
}
