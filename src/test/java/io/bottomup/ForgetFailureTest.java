package io.bottomup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code forget} that fails (here: refused, as the folder holds no run) is recorded in {@code _runs/} like any failed run (OUTPUTS.md: one record per run). */
class ForgetFailureTest extends SparkTest {
  @Test
  void aFailedForgetIsRecordedInTheRunHistory(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    int exit = Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "k"), "forget", "--out", out.toString(), "--run-date", "2026-01-31",
        "--employee-id", "E1");
    assertEquals(2, exit, "refused: the folder holds no run");
    List<String> history = Files.readAllLines(out.resolve("_runs/history.jsonl"));
    assertEquals(1, history.size(), String.join("\n", history));
    assertTrue(history.get(0).contains("\"status\":\"failed\""), history.get(0));
    assertTrue(history.get(0).contains("\"name\":\"error\"") && history.get(0).contains("exit 2: nothing to forget: "),
        history.get(0));
  }
}
