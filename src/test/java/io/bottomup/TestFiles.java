package io.bottomup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Landing files for tests, written line by line. */
public final class TestFiles {
  private TestFiles() {}

  /** Writes {@code lines} to {@code file} (UTF-8, each ended by a line feed), creating its folders. */
  public static void write(Path file, String... lines) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
  }
}
