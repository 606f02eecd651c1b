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
}
