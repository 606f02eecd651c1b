package io.bottomup.ingest;

import static io.bottomup.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.SparkTest;
import io.bottomup.cli.Main;
import io.bottomup.report.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest extends SparkTest {
  @TempDir Path dir;

  /** Run month 2026-03 with 12 months' retention: events before 2025-03-01 are skipped as retention. */
  @Test
  void eventsOlderThanTheRetentionAreSkippedAndCounted() throws IOException {
    Path in = landing(
        "e1,wiki,2025-02-28T23:59:59Z,ann@example.org,edit",
        "e2,wiki,2025-03-01T00:00:00Z,ann@example.org,edit",
        "e3,wiki,2026-03-15T10:00:00Z,ann@example.org,edit");
    Path config = Files.writeString(dir.resolve("job.yaml"), "retention_months: 12\n");
    Path out = dir.resolve("out");
    assertEquals(0, Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "k"), "ingest", "--input", in.toString(), "--out", out.toString(),
        "--run-date", "2026-03-31", "--config", config.toString()));
    List<String> runs = Files.readAllLines(out.resolve("_runs/history.jsonl"));
    Manifest m = Manifest.fromJson(runs.get(runs.size() - 1).getBytes(StandardCharsets.UTF_8));
    SourceCounts events = m.sources().stream().filter(s -> s.entity().equals("collaboration")).findFirst().orElseThrow();
    assertEquals(3, events.read());
    assertEquals(2, events.staged(), "the first day of the retained window is kept");
    assertEquals(Map.of("retention", 1L), events.skippedByReason());
    assertEquals(2, spark.read().parquet(out.resolve("staging/stg_collaboration").toString()).count());

    // A month later, an incremental night with one new file: the day that left the window is deleted.
    write(in.resolve("collaboration/events-2026-04.csv"), "event_id,source,occurred_at,actor,action",
        "e4,wiki,2026-04-30T09:00:00Z,ann@example.org,edit");
    assertEquals(0, Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "k"), "ingest", "--input", in.toString(), "--out", out.toString(),
        "--run-date", "2026-04-30", "--config", config.toString()));
    runs = Files.readAllLines(out.resolve("_runs/history.jsonl"));
    m = Manifest.fromJson(runs.get(runs.size() - 1).getBytes(StandardCharsets.UTF_8));
    String mode = m.checks().stream().filter(c -> c.name().equals("ingest_mode")).findFirst().orElseThrow().detail();
    assertTrue(mode.startsWith("incremental: 1 collaboration file(s) new or changed"), mode);
    assertFalse(Files.exists(out.resolve("staging/stg_collaboration/event_date=2025-03-01")), "2025-03 left the 12 months");
    List<org.apache.spark.sql.Row> kept = spark.read().parquet(out.resolve("staging/stg_collaboration").toString())
        .select("event_id").orderBy("event_id").collectAsList();
    assertEquals("[[e3], [e4]]", kept.toString());
  }

  /**
   * A quarantined record outlives no retention: bob is not in the directory, so his March 2025 edit is
   * quarantined in a run of March 2026 (inside twelve months). The night of April 2026 moves the cutoff to
   * 2025-04-01; quarantine rows carry no event date, so that night is a full refresh, and the record is
   * skipped as retention instead of kept in quarantine. His April 2025 edit is still inside the window.
   */
  @Test
  void aNightThatMovesTheCutoffDropsQuarantinedRecordsPastIt() throws IOException {
    Path in = landing(
        "e1,wiki,2025-03-10T10:00:00Z,bob@example.org,edit",
        "e2,wiki,2025-04-10T10:00:00Z,bob@example.org,edit",
        "e3,wiki,2026-03-15T10:00:00Z,ann@example.org,edit");
    Path config = Files.writeString(dir.resolve("job.yaml"),
        "retention_months: 12\nquality_gate: {max_quarantined_share: 1.0}\n");
    Path out = dir.resolve("out");
    Map<String, String> key = Map.of("BOTTOMUP_PSEUDONYM_KEY", "k");
    assertEquals(0, Main.run(key, "ingest", "--input", in.toString(), "--out", out.toString(), "--run-date", "2026-03-31",
        "--config", config.toString()));
    assertEquals("[[2], [3]]", quarantinedLines(out));

    write(in.resolve("collaboration/events-2026-04.csv"), "event_id,source,occurred_at,actor,action",
        "e4,wiki,2026-04-30T09:00:00Z,ann@example.org,edit");
    assertEquals(0, Main.run(key, "ingest", "--input", in.toString(), "--out", out.toString(), "--run-date", "2026-04-30",
        "--config", config.toString()));
    List<String> runs = Files.readAllLines(out.resolve("_runs/history.jsonl"));
    Manifest m = Manifest.fromJson(runs.get(runs.size() - 1).getBytes(StandardCharsets.UTF_8));
    String mode = m.checks().stream().filter(c -> c.name().equals("ingest_mode")).findFirst().orElseThrow().detail();
    assertTrue(mode.startsWith("full refresh: the retention cutoff moved to 2025-04-01"), mode);
    assertEquals("[[3]]", quarantinedLines(out), "line 2 (2025-03-10) is past the cutoff; line 3 (2025-04-10) is not");
    long retained = m.sources().stream().filter(s -> s.entity().equals("collaboration"))
        .mapToLong(s -> s.skippedByReason().getOrDefault("retention", 0L)).sum();
    assertEquals(1, retained, "bob's March edit is counted as skipped (retention)");
  }

  /** A landing folder of one employee, ann (E1), one review, one course, and these collaboration events. */
  private Path landing(String... events) throws IOException {
    Path in = dir.resolve("in");
    write(in.resolve("directory/employees.csv"), "employee_id,email,department,hire_date", "E1,ann@example.org,Eng,2020-01-01");
    String[] lines = new String[events.length + 1];
    lines[0] = "event_id,source,occurred_at,actor,action";
    System.arraycopy(events, 0, lines, 1, events.length);
    write(in.resolve("collaboration/events.csv"), lines);
    write(in.resolve("appraisals/appraisals.csv"), "employee_id,cycle,review_date,manager_rating", "E1,2025-H2,2025-12-15,4");
    write(in.resolve("training/training.csv"), "record_id,learner,course_id,status,hours", "T1,E1,C1,completed,2");
    return in;
  }

  /** The lines of the collaboration quarantine's records, in order, as text. */
  private String quarantinedLines(Path out) {
    return spark.read().parquet(out.resolve("quarantine/collaboration").toString()).select("line").orderBy("line")
        .collectAsList().toString();
  }
}
