package io.bottomup.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.SparkTest;
import io.bottomup.cli.Main;
import io.bottomup.report.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planted-fault corpus (src/test/resources/corpus): one fault per record in every entity, plus
 * valid tricky records. Exactly the listed records are quarantined, with the listed reason; all
 * others are staged; the manifest counts agree; a strict gate fails the same data with exit 3.
 */
class IngestFaultsTest extends SparkTest {
  static final Path CORPUS = Path.of("src/test/resources/corpus");

  /** A landing folder that is missing (a typo, an unmounted share) is refused with exit 2 and recorded in _runs/. */
  @Test
  void aMissingInputFolderIsRefusedAndRecorded(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    Path missing = dir.resolve("landing-typo");
    assertEquals(2, Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "k"), "run", "--input", missing.toString(), "--out", out.toString(),
        "--run-date", "2026-01-31"));
    java.util.List<String> runs = Files.readAllLines(out.resolve("_runs/history.jsonl"));
    assertEquals(1, runs.size());
    Manifest m = Manifest.fromJson(runs.get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("failed", m.status());
    String error = m.checks().stream().filter(c -> c.name().equals("error")).findFirst().orElseThrow().detail();
    assertTrue(error.startsWith("exit 2: input folder ") && error.contains("landing-typo does not exist or is not a folder"), error);
    assertFalse(Files.exists(out.resolve("staging")), "nothing published");
  }

  /**
   * A landing folder this user may not read (OUTPUTS.md: "missing or unreadable input folder") is refused
   * with exit 2, not read as empty (which would fail the quality gate, exit 3). Root reads any folder, so
   * the test runs only as another user.
   */
  @Test
  void anUnreadableEntityFolderIsRefused(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("in");
    Path collaboration = Files.createDirectories(in.resolve("collaboration"));
    Files.writeString(collaboration.resolve("a.jsonl"), "{}\n");
    Files.setPosixFilePermissions(collaboration, java.util.Set.of());
    try {
      org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(collaboration), "running as root: every folder is readable");
      assertEquals(2, Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "k"), "run", "--input", in.toString(), "--out",
          dir.resolve("out").toString(), "--run-date", "2026-01-31"));
    } finally {
      Files.setPosixFilePermissions(collaboration, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void quarantinesExactlyThePlantedFaultsAndStagesEveryTrickyValidRecord(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("job.yaml"), "quality_gate: {max_quarantined_share: 1.0}\n");
    Path out = dir.resolve("out");
    int exit = Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "k"), "run", "--input", CORPUS.toString(), "--out", out.toString(),
        "--run-date", "2026-01-31", "--config", config.toString());
    assertEquals(0, exit);

    Set<String> expected = new TreeSet<>(Files.readAllLines(CORPUS.resolve("expected-quarantine.csv")).subList(1,
        Files.readAllLines(CORPUS.resolve("expected-quarantine.csv")).size()));
    Set<String> actual = new TreeSet<>();
    for (String entity : new String[] {"directory", "identities", "collaboration", "appraisals", "training"}) {
      for (Row r : spark.read().parquet(out.resolve("quarantine").resolve(entity).toString()).collectAsList()) {
        actual.add(entity + "," + r.getAs("file") + "," + r.getAs("line") + "," + r.getAs("reason"));
      }
    }
    assertEquals(expected, actual);

    Manifest manifest = Manifest.fromJson(Files.readAllBytes(out.resolve("reports/2026-01-31/manifest.json")));
    Map<String, Long> staged = manifest.sources().stream().collect(Collectors.toMap(SourceCounts::entity, SourceCounts::staged));
    // A record rejected for its person, or as a duplicate of one key, holds no key: the next valid record
    // with that key is staged (directory E11, identity @zed, event e11, training T3).
    assertEquals(Map.of("directory", 5L, "identities", 4L, "collaboration", 6L, "appraisals", 1L, "training", 3L), staged);
    Map<String, Long> collaborationReasons = manifest.sources().stream().filter(s -> s.entity().equals("collaboration"))
        .findFirst().orElseThrow().byReason();
    assertEquals(new TreeMap<>(Map.of("malformed", 2L, "missing_field", 1L, "bad_value", 3L, "duplicate", 2L,
        "unmatched_identity", 2L)), collaborationReasons);
    assertEquals(1L, manifest.sources().stream().filter(s -> s.entity().equals("collaboration")).findFirst().orElseThrow()
        .unmatchedTarget());
    for (SourceCounts s : manifest.sources()) {
      assertEquals(s.read(), s.staged() + s.quarantined() + s.skipped(), s.entity());
    }

    Row multiLine = spark.read().parquet(out.resolve("quarantine/directory").toString())
        .filter("line = 12").first();
    assertEquals("job_level 11 is outside 1–10", multiLine.getAs("detail"));
    assertEquals("E9,Ops,hal@x.com,Hal,2020-01-01,,11,40", multiLine.getAs("raw"));

    String html = Files.readString(out.resolve("reports/2026-01-31/learning-culture-report.html"));
    assertTrue(html.contains("malformed 2"), "the report shows the quarantine per reason");
    assertFalse(html.contains("=HYPERLINK"), "course titles never reach the report");
    java.util.regex.Matcher nullText = java.util.regex.Pattern.compile(".{0,80}\\bnull\\b.{0,40}").matcher(html);
    assertFalse(nullText.find(), () -> "an empty value is written as 'null': " + nullText.group());
  }

  @Test
  void theDefaultGateRefusesTheSameDataAndPublishesNothing(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    int exit = Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "k"), "run", "--input", CORPUS.toString(), "--out", out.toString(),
        "--run-date", "2026-01-31");
    assertEquals(3, exit);
    assertFalse(Files.exists(out.resolve("reports")), "no report for a run that failed the gate");
    assertFalse(Files.exists(out.resolve("staging")), "nothing published");
    assertFalse(Files.exists(out.resolve("_work")), "the workspace is discarded");
    assertFalse(Files.exists(out.resolve("_lock")), "the lock is released");
    String history = Files.readString(out.resolve("_runs/history.jsonl"));
    assertTrue(history.contains("\"status\":\"failed_quality_gate\""), history);
    assertTrue(history.contains("directory/canonical: 8 of 13 records quarantined (61.5%), more than the 10% allowed"), history);
  }

  @Test
  void anEmptyRequiredFolderFailsTheGate(@TempDir Path dir) throws IOException {
    Path input = dir.resolve("in");
    for (String entity : new String[] {"directory", "collaboration", "appraisals", "training"}) {
      Files.createDirectories(input.resolve(entity));
    }
    Files.writeString(input.resolve("directory/people.csv"),
        "employee_id,email,department,hire_date\nE1,a@x.com,Eng,2020-01-01\n");
    assertEquals(3, ingest(input, dir.resolve("out")));
    String history = Files.readString(dir.resolve("out/_runs/history.jsonl"));
    assertTrue(history.contains("collaboration: the required input folder has no files"), history);
  }

  /** A copy of one file per entity of the corpus, to spoil one of them. */
  private static Path corpusCopy(Path input) throws IOException {
    for (String file : new String[] {"directory/people.csv", "collaboration/events.jsonl", "appraisals/a.csv", "training/t.csv"}) {
      Files.createDirectories(input.resolve(file).getParent());
      Files.copy(CORPUS.resolve(file), input.resolve(file));
    }
    return input;
  }

  /** A folder whose files hold a header and no record would make a report of nothing: the gate fails as for no files. */
  @Test
  void requiredFilesWithoutRecordsFailTheGate(@TempDir Path dir) throws IOException {
    Path input = corpusCopy(dir.resolve("in"));
    Files.writeString(input.resolve("directory/people.csv"), "employee_id,email,department,hire_date\n");
    Files.writeString(input.resolve("training/t.csv"), "\uFEFF");
    assertEquals(3, ingest(input, dir.resolve("out")));
    String history = Files.readString(dir.resolve("out/_runs/history.jsonl"));
    assertTrue(history.contains("directory: the required input holds no records"), history);
    assertTrue(history.contains("training: the required input holds no records"), history);
    assertFalse(history.contains("appraisals: the required input holds no records"), history);
    assertFalse(Files.exists(dir.resolve("out/staging")), "nothing published");
  }

  @Test
  void aHeaderWithoutRequiredColumnsQuarantinesItsRecordsAndAFileThatIsNotUtf8IsRefused(@TempDir Path dir) throws IOException {
    Path input = corpusCopy(dir.resolve("in"));
    // A header without required columns: each record is missing_field (INPUTS.md), and the gate decides.
    Files.writeString(input.resolve("training/t.csv"), "record_id,learner\nT1,E1\nT2,E2\n");
    assertEquals(3, ingest(input, dir.resolve("out")), "every training record quarantined: the gate fails");
    Files.write(input.resolve("training/t.csv"), new byte[] {'r', 'e', 'c', (byte) 0xFF, '\n'});
    assertEquals(2, ingest(input, dir.resolve("out")), "a file that is not UTF-8");
    assertFalse(Files.exists(dir.resolve("out/staging")));
    // One record per run in _runs/, refused runs included, with the exit code and the message.
    List<String> history = Files.readAllLines(dir.resolve("out/_runs/history.jsonl"));
    assertEquals(2, history.size(), "both runs are recorded");
    assertTrue(history.get(0).contains("\"status\":\"failed_quality_gate\""), history.get(0));
    Manifest gated = Manifest.fromJson(history.get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    SourceCounts training = gated.sources().stream().filter(c -> c.entity().equals("training")).findFirst().orElseThrow();
    assertEquals(Map.of("missing_field", 2L), training.byReason(), "course_id, status and hours are missing on both");
    assertTrue(history.get(1).contains("\"status\":\"failed\""), history.get(1));
    assertTrue(history.get(1).contains("exit 2: file training/t.csv is not UTF-8"), history.get(1));
  }

  /**
   * A collaboration file of bad records only: each is read and quarantined, and the gate decides
   * (exit 3). The count of records read was lost when none was valid (exit 1, "records were lost").
   */
  @Test
  void aFileWithoutAValidRecordIsReadAndQuarantinedWhole(@TempDir Path dir) throws IOException {
    Path input = dir.resolve("in");
    for (String file : new String[] {"directory/people.csv", "appraisals/a.csv", "training/t.csv"}) {
      Files.createDirectories(input.resolve(file).getParent());
      Files.copy(CORPUS.resolve(file), input.resolve(file));
    }
    Files.createDirectories(input.resolve("collaboration"));
    Files.writeString(input.resolve("collaboration/events.jsonl"),
        "{\"event_id\":\"z1\",\"source\":\"slack\",\"occurred_at\":\"2025-03-03T10:00:00Z\",\"actor\":\"U9\",\"action\":\"post\"}\n"
        + "{\"event_id\":\"z2\",\"source\":\"slack\",\"occurred_at\":\"2025-03-03T11:00:00Z\",\"actor\":\"U9\",\"action\":\"post\"}\n");
    assertEquals(3, ingest(input, dir.resolve("out")), "all quarantined: the gate fails, nothing is lost");
    Manifest gated = Manifest.fromJson(Files.readAllLines(dir.resolve("out/_runs/history.jsonl")).get(0)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    SourceCounts events = gated.sources().stream().filter(c -> c.entity().equals("collaboration")).findFirst().orElseThrow();
    assertEquals(2L, events.read());
    assertEquals(0L, events.staged());
    assertEquals(Map.of("unmatched_identity", 2L), events.byReason());
  }

  private static int ingest(Path input, Path out) {
    return Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "k"), "ingest", "--input", input.toString(), "--out", out.toString(),
        "--run-date", "2026-01-31");
  }
}
