package io.bottomup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.BottomupException;
import io.bottomup.report.Manifest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperationsTest {
  private static String run(String date, String status, String started, String finished, long read, long staged) {
    return "{\"run_date\":\"" + date + "\",\"status\":\"" + status + "\",\"started_at\":\"" + started + "\",\"finished_at\":\""
        + finished + "\",\"sources\":[{\"read\":" + read + ",\"staged\":" + staged + ",\"quarantined\":" + (read - staged)
        + ",\"skipped\":0}]}";
  }

  private static Manifest manifest(LocalDate d) {
    return new Manifest(d.toString(), "id", Manifest.SUCCEEDED, "", "", "test", 5, List.of(), List.of(), List.of(), List.of());
  }

  @Test
  void statusPrintsTheLastRunsWithCountsAndDurations(@TempDir Path out) throws Exception {
    Files.createDirectories(out.resolve("_runs"));
    Files.write(out.resolve("_runs/history.jsonl"), List.of(
        run("2026-11-25", "succeeded", "2026-11-26T02:30:00Z", "2026-11-26T02:31:05Z", 1000, 990),
        run("2026-11-26", "failed_quality_gate", "2026-11-27T02:30:00Z", "2026-11-27T02:30:40Z", 1000, 700),
        run("2026-11-27", "succeeded", "2026-11-28T02:30:00Z", "2026-11-28T02:31:00Z", 1200, 1190)
            .replaceFirst("}$", ",\"checks\":[{\"name\":\"ingest_mode\",\"passed\":true,\"detail\":\"incremental: 2 collaboration file(s) new\"}]}")));
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    Operations.status(out.toString(), 2, new PrintStream(text, true, StandardCharsets.UTF_8));
    List<String> lines = text.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(3, lines.size(), "a header and the last two runs: " + lines);
    assertTrue(lines.get(1).startsWith("2026-11-26  failed_quality_gate"), lines.get(1));
    assertTrue(lines.get(1).contains("700") && lines.get(1).contains("300") && lines.get(1).endsWith("40 s"), lines.get(1));
    assertTrue(lines.get(2).contains("1,200") && lines.get(2).endsWith("1 min 0 s"), lines.get(2));
    assertTrue(lines.get(2).startsWith("2026-11-27  succeeded            incremental"), "how the run read: " + lines.get(2));
    assertTrue(lines.get(1).contains("failed_quality_gate  –"), "no ingest_mode check recorded: " + lines.get(1));


    // A run killed on another host two days ago left its lock and no record: status says it died.
    Files.writeString(out.resolve("_lock"), "pid=4242\nhost=gone-pod\nstarted_at=2026-11-26T02:30:00Z\n");
    text.reset();
    Operations.status(out.toString(), 1, new PrintStream(text, true, StandardCharsets.UTF_8));
    String last = text.toString(StandardCharsets.UTF_8).lines().reduce((x, y) -> y).orElseThrow();
    assertEquals("status: a run died holding the lock (pid 4242 on gone-pod, started 2026-11-26T02:30:00Z; it is older than"
        + " 24 hours): nothing of it was published, and the next run records it as failed", last);
    // This process, on this host, holding it now: a run in progress.
    Files.writeString(out.resolve("_lock"), "pid=" + ProcessHandle.current().pid() + "\nhost="
        + java.net.InetAddress.getLocalHost().getHostName() + "\nstarted_at=" + java.time.Instant.now() + "\n");
    text.reset();
    Operations.status(out.toString(), 1, new PrintStream(text, true, StandardCharsets.UTF_8));
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("status: a run holds the lock now (pid "
        + ProcessHandle.current().pid()), text.toString(StandardCharsets.UTF_8));
  }

  /** Stops at the first failure with its exit code; run again, it skips what succeeded and resumes. */
  @Test
  void backfillRunsInOrderStopsAtAFailureAndResumes(@TempDir Path out) throws Exception {
    List<LocalDate> ran = new ArrayList<>();
    boolean[] broken = {true};
    java.util.function.Function<LocalDate, Manifest> runner = d -> {
      if (broken[0] && d.equals(LocalDate.of(2026, 11, 3))) {
        throw new BottomupException(3, "the data quality gate failed");
      }
      ran.add(d);
      // Each successful run is recorded as the pipeline records it.
      try {
        Files.createDirectories(out.resolve("_runs"));
        Files.writeString(out.resolve("_runs/history.jsonl"), run(d.toString(), "succeeded", "2026-11-28T00:00:00Z",
            "2026-11-28T00:00:01Z", 1, 1) + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return manifest(d);
    };
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    int exit = Operations.backfill(new org.apache.hadoop.conf.Configuration(), LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 5), out.toString(), runner,
        new PrintStream(text, true, StandardCharsets.UTF_8));
    assertEquals(3, exit);
    assertEquals(List.of(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2)), ran);
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("resume from 2026-11-03"), text.toString(StandardCharsets.UTF_8));

    broken[0] = false;
    ran.clear();
    text.reset();
    assertEquals(0, Operations.backfill(new org.apache.hadoop.conf.Configuration(), LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 5), out.toString(), runner,
        new PrintStream(text, true, StandardCharsets.UTF_8)));
    assertEquals(List.of(LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 5)), ran,
        "the two dates that succeeded are not run again");
    assertTrue(text.toString(StandardCharsets.UTF_8).startsWith("backfill 2026-11-01 to 2026-11-05: 3 run, 2 already done"));
  }
}
