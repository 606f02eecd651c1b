package io.bottomup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes of the command line (OUTPUTS.md) for everything refused before any Spark work. */
class MainTest {
  private static final Map<String, String> WITH_KEY = Map.of("BOTTOMUP_PSEUDONYM_KEY", "k");

  @Test
  void helpSucceedsAndAWrongCommandLineIsRefused() {
    assertEquals(0, Main.run(WITH_KEY, "--help"));
    assertEquals(0, Main.run(WITH_KEY, "run", "--help"));
    assertEquals(2, Main.run(WITH_KEY));
    assertEquals(2, Main.run(WITH_KEY, "launch"));
    assertEquals(2, Main.run(WITH_KEY, "run", "--inptu", "x"));
    assertEquals(2, Main.run(WITH_KEY, "run", "--input", "x", "--out", "y"), "--run-date is required");
    assertEquals(2, Main.run(WITH_KEY, "run", "--input", "x", "--out", "y", "--run-date", "2026-13-01"));
    assertEquals(2, Main.run(WITH_KEY, "generate", "--employees", "many"));
  }

  /** An --input no path can be made of is refused before the run starts (it failed with exit 1 and a stack trace). */
  @Test
  void anInputThatIsNoPathIsRefused(@TempDir Path dir) {
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertEquals(2, Main.run(WITH_KEY, "run", "--input", "file:no-such-relative-folder", "--out", dir.resolve("o").toString(),
          "--run-date", "2026-10-31"));
      assertEquals(2, Main.run(WITH_KEY, "backfill", "--input", "file:landing", "--out", dir.resolve("o").toString(),
          "--from", "2026-10-30", "--to", "2026-10-31"));
    } finally {
      System.setErr(err);
    }
    String printed = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    org.junit.jupiter.api.Assertions.assertTrue(printed.contains(
        "bottomup run: --input file:no-such-relative-folder is not a path or URI: "), printed);
    org.junit.jupiter.api.Assertions.assertTrue(printed.contains("bottomup backfill: --input file:landing is not a path or URI: "), printed);
    org.junit.jupiter.api.Assertions.assertFalse(java.nio.file.Files.exists(dir.resolve("o")), "refused before the run: nothing written");
  }

  @Test
  void everyCommandButDemoAndGenerateNeedsTheKey(@TempDir Path dir) {
    for (String command : new String[] {"run", "ingest", "model", "analyze", "report"}) {
      assertEquals(2, Main.run(Map.of(), command, "--input", dir.toString(), "--out", dir.resolve("o").toString(),
          "--run-date", "2026-10-31"), command);
    }
  }

  @Test
  void aBadConfigurationIsRefused(@TempDir Path dir) throws Exception {
    Path config = java.nio.file.Files.writeString(dir.resolve("job.yaml"), "min_group_size: -3\n");
    assertEquals(2, Main.run(WITH_KEY, "report", "--input", dir.toString(), "--out", dir.toString(),
        "--run-date", "2026-10-31", "--config", config.toString()));
  }

  /** Found by a review: a broken YAML file was refused in eight lines of the parser's output. */
  @Test
  void brokenYamlIsNamedOnOneLine(@TempDir Path dir) throws Exception {
    Path config = java.nio.file.Files.writeString(dir.resolve("broken.yaml"), "min_group_size: [1\n  bad: : yaml\n");
    io.bottomup.BottomupException e = org.junit.jupiter.api.Assertions.assertThrows(io.bottomup.BottomupException.class,
        () -> io.bottomup.config.JobConfig.load(config));
    org.junit.jupiter.api.Assertions.assertFalse(e.getMessage().contains("\n"), e.getMessage());
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().matches(
        "configuration file .*broken\\.yaml is not valid YAML: line 2, column \\d+: .*"), e.getMessage());
  }

  /** Found by a review: an --out that is a file failed with exit 1 and a stack trace. */
  @Test
  void anOutputFolderThatIsAFileIsRefused(@TempDir Path dir) throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("outfile"), "x");
    assertEquals(2, Main.run(WITH_KEY, "ingest", "--input", "sample-data", "--out", file.toString(),
        "--run-date", "2026-10-31"));
    assertEquals(2, Main.run(WITH_KEY, "ingest", "--input", "sample-data", "--out", file.resolve("below").toString(),
        "--run-date", "2026-10-31"), "a folder below a file cannot be created");
  }
}
