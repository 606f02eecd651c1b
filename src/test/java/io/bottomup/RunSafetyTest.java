package io.bottomup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.cli.Main;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same inputs, same outputs; a killed run damages nothing and the next run succeeds. */
class RunSafetyTest extends SparkTest {
  static final Path CORPUS = Path.of("src/test/resources/corpus");
  static final String RUN_DATE = "2026-01-31";
  static final Map<String, String> KEY = Map.of("BOTTOMUP_PSEUDONYM_KEY", "safety-key");

  static Path config(Path dir) throws IOException {
    return Files.writeString(dir.resolve("job.yaml"), "quality_gate: {max_quarantined_share: 1.0}\n");
  }

  static int run(Path out, Path config) {
    return Main.run(KEY, "run", "--input", CORPUS.toString(), "--out", out.toString(), "--run-date", RUN_DATE,
        "--config", config.toString());
  }

  /** Every row of every table under a layer, as sorted text. */
  static List<String> rows(Path layer) throws IOException {
    List<String> all = new ArrayList<>();
    try (Stream<Path> tables = Files.list(layer)) {
      for (Path table : tables.filter(Files::isDirectory).sorted().toList()) {
        Dataset<Row> t = spark.read().parquet(table.toString());
        t.collectAsList().stream().map(r -> table.getFileName() + " " + r.mkString("|")).sorted().forEach(all::add);
      }
    }
    return all;
  }

  /**
   * Two runs with the same inputs, run date and key give the same staged and mart rows; then a third
   * run on the first output, killed mid-write, leaves that output as it was, and the next run succeeds.
   * (One test, so the first run serves both checks.)
   */
  @Test
  void sameInputsGiveSameRowsAndAKilledRunLeavesThePreviousOutputsAndTheNextRunSucceeds(@TempDir Path dir) throws Exception {
    Path config = config(dir);
    Path out = dir.resolve("out");
    assertEquals(0, run(out, config));
    assertEquals(0, run(dir.resolve("b"), config));
    for (String layer : new String[] {"staging", "quarantine", "marts"}) {
      List<String> a = rows(out.resolve(layer));
      assertFalse(a.isEmpty(), layer);
      assertEquals(a, rows(dir.resolve("b").resolve(layer)), layer);
    }

    Path manifest = out.resolve("reports").resolve(RUN_DATE).resolve("manifest.json");
    byte[] manifestBefore = Files.readAllBytes(manifest);
    List<String> martsBefore = rows(out.resolve("marts"));

    Process victim = subprocess(out, config);
    Path work = out.resolve("_work");
    long deadline = System.currentTimeMillis() + 180_000;
    while (!hasStagedTable(work) && victim.isAlive() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(victim.isAlive(), "the run was still writing when it was killed");
    victim.destroyForcibly().waitFor();   // SIGKILL: no shutdown hook, no cleanup
    assertTrue(Files.exists(out.resolve("_lock")), "a killed run leaves its lock behind");

    assertArrayEquals(manifestBefore, Files.readAllBytes(manifest), "the published manifest is untouched");
    assertEquals(martsBefore, rows(out.resolve("marts")), "the published marts are complete and unchanged");
    assertTrue(Files.size(out.resolve("reports").resolve(RUN_DATE).resolve("learning-culture-workbook.xlsx")) > 0);

    assertEquals(0, run(out, config), "the next run takes over the stale lock and succeeds");
    assertFalse(Files.exists(out.resolve("_work")));
    assertFalse(Files.exists(out.resolve("_lock")));
    // _runs/ has one record per run: the first, the killed one (recorded by the next), the next.
    List<com.fasterxml.jackson.databind.JsonNode> history = new io.bottomup.io.RunHistory(
        new org.apache.hadoop.conf.Configuration(), new io.bottomup.io.OutputLayout(out.toString())).runs();
    assertEquals(List.of("succeeded", "failed", "succeeded"), history.stream().map(r -> r.get("status").asText()).toList());
    com.fasterxml.jackson.databind.JsonNode killed = history.get(1);
    assertEquals(RUN_DATE, killed.get("run_date").asText());
    assertTrue(killed.get("checks").get(0).get("detail").asText().contains("died before it finished"), killed.toString());
    assertTrue(Files.exists(out.resolve("_runs").resolve(killed.get("run_id").asText() + ".json")));
  }

  /**
   * A publication that stops half way (here {@code quarantine} cannot be created: a file has its name)
   * keeps its workspace and marker instead of deleting them: staging is already swapped in, and the
   * next run finishes the publication before it starts, so the published layers match again.
   */
  @Test
  void aPublicationStoppedHalfWayIsFinishedByTheNextRun(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    String[] ingest = ingestStoppedWhilePublishing(dir, out);
    assertTrue(Files.isDirectory(out.resolve("staging/stg_directory")), "staging was swapped in before the failure");
    List<Path> kept;
    try (Stream<Path> runs = Files.list(out.resolve("_work"))) {
      kept = runs.toList();
    }
    assertEquals(1, kept.size(), "the failed run's workspace is kept");
    assertTrue(Files.exists(kept.get(0).resolve("_PUBLISHING")));
    assertTrue(Files.isDirectory(kept.get(0).resolve("quarantine/collaboration")), "with what it did not publish");
    List<com.fasterxml.jackson.databind.JsonNode> history = new io.bottomup.io.RunHistory(
        new org.apache.hadoop.conf.Configuration(), new io.bottomup.io.OutputLayout(out.toString())).runs();
    assertEquals("failed", history.get(0).get("status").asText());
    assertTrue(history.get(0).get("checks").get(0).get("detail").asText().contains("the next run in this folder finishes"),
        history.get(0).toString());

    // While the cause stays, each run fails before its own work, and says so in _runs/.
    assertEquals(1, Main.run(KEY, ingest));
    history = new io.bottomup.io.RunHistory(new org.apache.hadoop.conf.Configuration(),
        new io.bottomup.io.OutputLayout(out.toString())).runs();
    assertEquals(2, history.size());
    assertTrue(history.get(1).get("checks").get(0).get("detail").asText().contains("cannot finish the publication of run "
        + kept.get(0).getFileName()), history.get(1).toString());

    Files.delete(out.resolve("quarantine"));
    assertEquals(0, Main.run(KEY, ingest));
    assertTrue(Files.isDirectory(out.resolve("quarantine/collaboration")), "the quarantine is published");
    assertFalse(Files.exists(out.resolve("_work")));
    history = new io.bottomup.io.RunHistory(new org.apache.hadoop.conf.Configuration(),
        new io.bottomup.io.OutputLayout(out.toString())).runs();
    assertEquals(3, history.size(), "one record per run: the stopped run's failure is replaced, not repeated");
    com.fasterxml.jackson.databind.JsonNode stopped = history.get(0);
    String stoppedId = kept.get(0).getFileName().toString();
    assertEquals(stoppedId, stopped.get("run_id").asText());
    assertEquals("succeeded", stopped.get("status").asText(), "its outputs are all in place now: " + stopped);
    assertTrue(stopped.get("sources").size() > 0, "with its own counts");
    com.fasterxml.jackson.databind.JsonNode finished = stopped.get("checks").get(stopped.get("checks").size() - 1);
    assertEquals("publication", finished.get("name").asText());
    assertTrue(finished.get("detail").asText().contains("finished by run " + history.get(2).get("run_id").asText()), finished.toString());
    assertTrue(Files.readString(out.resolve("_runs/" + stoppedId + ".json")).contains("\"succeeded\""));
  }

  /** A run killed while publishing leaves no record; the run that finishes its publication records it, saying so. */
  @Test
  void aRunKilledWhilePublishingIsRecordedByTheRunThatFinishesIt(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    String[] ingest = ingestStoppedWhilePublishing(dir, out);
    String stoppedId;
    try (Stream<Path> runs = Files.list(out.resolve("_work"))) {
      stoppedId = runs.toList().get(0).getFileName().toString();
    }
    // A kill leaves the workspace and its marker, and no record.
    try (Stream<Path> records = Files.list(out.resolve("_runs"))) {
      for (Path p : records.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(out.resolve("quarantine"));
    assertEquals(0, Main.run(KEY, ingest));
    List<com.fasterxml.jackson.databind.JsonNode> history = new io.bottomup.io.RunHistory(
        new org.apache.hadoop.conf.Configuration(), new io.bottomup.io.OutputLayout(out.toString())).runs();
    assertEquals(2, history.size());
    assertEquals(stoppedId, history.get(0).get("run_id").asText());
    assertEquals("succeeded", history.get(0).get("status").asText());
    com.fasterxml.jackson.databind.JsonNode checks = history.get(0).get("checks");
    assertEquals("publication", checks.get(checks.size() - 1).get("name").asText(), history.get(0).toString());

    // The recovering run, killed after its record and before it removed its workspace: the next run
    // removes the workspace and leaves the record as it is (no second record, no "publication" check).
    String recoveringId = history.get(1).get("run_id").asText();
    Path left = out.resolve("_work").resolve(recoveringId);
    Files.createDirectories(left);
    Files.writeString(left.resolve(io.bottomup.io.Publisher.MARKER), out.toString());
    Files.copy(out.resolve("_runs/" + recoveringId + ".json"), left.resolve(io.bottomup.io.Publisher.RUN_MANIFEST));
    assertEquals(0, Main.run(KEY, ingest));
    history = new io.bottomup.io.RunHistory(new org.apache.hadoop.conf.Configuration(),
        new io.bottomup.io.OutputLayout(out.toString())).runs();
    assertEquals(3, history.size());
    assertEquals(recoveringId, history.get(1).get("run_id").asText());
    assertFalse(history.get(1).toString().contains("finished by run"), history.get(1).toString());
    assertFalse(Files.exists(out.resolve("_work")), "the workspaces are removed");
  }

  /**
   * A run that publishes everything and then cannot write its record ({@code _runs} here is a file)
   * fails (exit 1) but keeps its workspace, marked published: the next run records it as it finished,
   * saying the publication finished and the record was missing, not that the publication stopped half way.
   */
  @Test
  void aRunPublishedInFullButNotRecordedIsRecordedByTheNextRun(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("_runs"), "in the way");
    String[] ingest = {"ingest", "--input", CORPUS.toString(), "--out", out.toString(), "--run-date", RUN_DATE, "--config",
        config(dir).toString()};
    assertEquals(1, Main.run(KEY, ingest));
    assertTrue(Files.isDirectory(out.resolve("staging/stg_directory")) && Files.isDirectory(out.resolve("quarantine/collaboration")),
        "every layer is published");
    List<Path> kept;
    try (Stream<Path> runs = Files.list(out.resolve("_work"))) {
      kept = runs.toList();
    }
    assertEquals(1, kept.size(), "the unrecorded run's workspace is kept");
    assertTrue(Files.exists(kept.get(0).resolve(io.bottomup.io.Publisher.PUBLISHED)));
    assertTrue(Files.exists(kept.get(0).resolve(io.bottomup.io.Publisher.RUN_MANIFEST)));

    // While _runs/ cannot be written, the next run fails before its own work and the workspace stays.
    assertEquals(1, Main.run(KEY, ingest));
    assertTrue(Files.exists(kept.get(0).resolve(io.bottomup.io.Publisher.RUN_MANIFEST)), "the only copy of its record");
    try (Stream<Path> runs = Files.list(out.resolve("_work"))) {
      assertEquals(kept, runs.toList(), "the failed run's own workspace is discarded");
    }

    Files.delete(out.resolve("_runs"));
    assertEquals(0, Main.run(KEY, ingest));
    assertFalse(Files.exists(out.resolve("_work")));
    List<com.fasterxml.jackson.databind.JsonNode> history = new io.bottomup.io.RunHistory(
        new org.apache.hadoop.conf.Configuration(), new io.bottomup.io.OutputLayout(out.toString())).runs();
    assertEquals(2, history.size(), "the unrecorded run and the one that recorded it; the run in between left no record: "
        + history);
    com.fasterxml.jackson.databind.JsonNode first = history.get(0);
    assertEquals(kept.get(0).getFileName().toString(), first.get("run_id").asText());
    assertEquals("succeeded", first.get("status").asText());
    String detail = first.get("checks").get(first.get("checks").size() - 1).get("detail").asText();
    assertTrue(detail.startsWith("the publication finished, but the run was not recorded as it finished")
        && detail.endsWith("run " + history.get(1).get("run_id").asText() + " recorded it"), detail);
    assertFalse(first.toString().contains("half way"), first.toString());
  }

  /**
   * An ingest into {@code out} whose publication stops half way: a file where the quarantine folder goes
   * refuses its rename, after staging was swapped in (exit 1). Returns the command, to run it again.
   */
  private static String[] ingestStoppedWhilePublishing(Path dir, Path out) throws IOException {
    Path config = config(dir);
    Files.createDirectories(out);
    Files.writeString(out.resolve("quarantine"), "in the way");
    String[] ingest = {"ingest", "--input", CORPUS.toString(), "--out", out.toString(), "--run-date", RUN_DATE, "--config",
        config.toString()};
    assertEquals(1, Main.run(KEY, ingest));
    return ingest;
  }

  private static boolean hasStagedTable(Path work) throws IOException {
    if (!Files.isDirectory(work)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(work)) {
      return files.anyMatch(p -> p.toString().contains("staging") && p.toString().endsWith(".parquet"));
    }
  }

  /** The same run in a separate JVM with this JVM's flags and classpath. */
  private static Process subprocess(Path out, Path config) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-XX:") || arg.startsWith("-Dio.netty")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.bottomup.cli.Main", "run",
        "--input", CORPUS.toString(), "--out", out.toString(), "--run-date", RUN_DATE, "--config", config.toString(),
        "--master", "local[1]"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(new File(out.getParent().toFile(), "victim.log"));
    pb.environment().putAll(KEY);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }
}
