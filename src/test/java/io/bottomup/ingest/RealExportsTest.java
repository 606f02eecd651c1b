package io.bottomup.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.SparkTest;
import io.bottomup.cli.Main;
import io.bottomup.report.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run over the real Stack Exchange and Slack samples (../shared/realdata), configured as
 * sources, with a directory fixture that maps every user of both to an employee (Stack Exchange user
 * ids and Slack user ids through the identity map). The counts are the ones SOURCES.md implies,
 * recounted independently (see the adapter tests); nothing is lost: read = staged + quarantined +
 * skipped for every source.
 */
class RealExportsTest extends SparkTest {
  static final Path REALDATA = Path.of("../shared/realdata");
  @TempDir static Path dir;
  static Manifest manifest;
  static int exit;

  @BeforeAll
  static void runOverBothExports() throws IOException {
    Path in = dir.resolve("in");
    copy(REALDATA.resolve("stackexchange-beer"), in.resolve("exports/beer"));
    copy(REALDATA.resolve("slack-houstondatavis"), in.resolve("exports/slack"));
    Files.createDirectories(in.resolve("exports/xapi"));
    Files.copy(REALDATA.resolve("xapi-openedx/all_statements.json"), in.resolve("exports/xapi/all_statements.json"));
    List<String> employees = new ArrayList<>(List.of(
        "employee_id,email,display_name,department,team,manager_id,job_level,location,hire_date,termination_date,hourly_cost"));
    List<String> identities = new ArrayList<>(List.of("employee_id,system,external_id"));
    Matcher se = Pattern.compile("<row Id=\"(-?\\d+)\"").matcher(Files.readString(in.resolve("exports/beer/Users.xml")));
    int n = 0;
    while (se.find()) {
      String id = se.group(1);
      String employee = "SE" + id.replace("-", "m");
      employees.add(employee + "," + employee.toLowerCase() + "@example.org,,Dept " + (char) ('A' + n++ % 4) + ",,,3,,2010-01-01,,");
      identities.add(employee + ",stackexchange," + id);
    }
    Matcher slack = Pattern.compile("\"id\": ?\"(U[A-Z0-9]+)\"").matcher(Files.readString(in.resolve("exports/slack/users.json")));
    TreeSet<String> slackIds = new TreeSet<>();
    while (slack.find()) {
      slackIds.add(slack.group(1));
    }
    for (String id : slackIds) {
      employees.add("SL" + id + ",sl" + id.toLowerCase() + "@example.org,,Dept " + (char) ('A' + n++ % 4) + ",,,3,,2010-01-01,,");
      identities.add("SL" + id + ",slack," + id);
    }
    Matcher xapi = Pattern.compile("\"name\": \"([0-9a-f-]{36})\"").matcher(
        Files.readString(in.resolve("exports/xapi/all_statements.json")));
    TreeSet<String> learners = new TreeSet<>();
    while (xapi.find()) {
      learners.add(xapi.group(1));
    }
    for (String id : learners) {
      employees.add("X" + id + ",x" + id + "@example.org,,Dept A,,,3,,2010-01-01,,");
      identities.add("X" + id + ",openedx," + id); // the accounts' homePage is aliased to system openedx below
    }
    write(in.resolve("directory/employees.csv"), employees);
    write(in.resolve("identities/identities.csv"), identities);
    write(in.resolve("appraisals/appraisals.csv"), List.of(
        "employee_id,cycle,review_date,manager_rating,self_rating,goals_met_pct,promoted,competency_gaps",
        "SE7,2016-H2,2016-12-15,4,4,80,false,0"));
    write(in.resolve("training/training.csv"), List.of(
        "record_id,learner,course_id,course_title,modality,enrolled_at,completed_at,status,hours,cost,score",
        "T1,SE7,C1,Brewing basics,classroom,2016-10-01,2016-10-02,completed,8,400,90"));
    Path config = Files.writeString(dir.resolve("job.yaml"), """
        sources:
          - name: beer
            entity: collaboration
            format: stackexchange
            path: exports/beer
          - name: houstondatavis
            entity: collaboration
            format: slack-export
            path: exports/slack
          - name: edx-activity
            entity: collaboration
            format: xapi
            path: exports/xapi
            options: {home_pages: {"http://localhost:18000": openedx}}
          - name: edx-learning
            entity: training
            format: xapi
            path: exports/xapi/all_statements.json
            options: {home_pages: {"http://localhost:18000": openedx}}
        """);
    exit = Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "real-exports-test"), "run", "--input", in.toString(), "--out",
        dir.resolve("out").toString(), "--run-date", "2016-12-31", "--config", config.toString());
    manifest = Manifest.fromJson(Files.readAllBytes(dir.resolve("out/reports/2016-12-31/manifest.json")));
  }

  private static void write(Path file, List<String> lines) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  private static SourceCounts source(String name) {
    return manifest.sources().stream().filter(s -> s.source().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theStackExchangeDumpIsCountedRecordForRecord() {
    assertEquals(0, exit);
    SourceCounts beer = source("beer");
    assertEquals("stackexchange", beer.format());
    assertEquals(2106 + 1860 + 5093 + 10798, beer.read(), "every row of Posts, Comments, PostHistory and Votes");
    assertEquals(Map.of("question", 588L, "answer", 1393L, "comment", 1821L, "edit", 994L, "accept", 357L),
        beer.stagedByAction());
    assertEquals(5153, beer.staged());
    assertEquals(Map.of("missing_field", 54L, "bad_value", 6L), beer.byReason(), "deleted users; posts absent from Posts.xml");
    assertEquals(Map.of("other_post_type", 117L, "other_history_type", 4089L, "bot", 5L, "other_vote_type", 10433L),
        beer.skippedByReason());
    assertTrue(beer.reconciles());
    assertEquals(0L, beer.unmatchedTarget(), "every user is mapped");
  }

  @Test
  void theSlackExportIsCountedRecordForRecord() {
    SourceCounts slack = source("houstondatavis");
    assertEquals(1382 + 199, slack.read());
    assertEquals(Map.of("post", 1031L, "react", 199L), slack.stagedByAction());
    assertEquals(0, slack.quarantined());
    assertEquals(351, slack.skipped(), "channel joins, purposes, archives and the like");
    assertEquals(320L, slack.skippedByReason().get("channel_join"));
    assertTrue(slack.reconciles());
  }

  /**
   * A Slack reaction's event id is {@code <channel>:<ts>:<reaction>:<user>} (SOURCES.md): past staging
   * the user id is the reacting person's pseudonym, so no Slack handle is staged or reaches a mart, and
   * the ids stay unique.
   */
  @Test
  void noSlackUserIdIsStagedInAReactionsEventId() throws IOException {
    for (String table : List.of("staging/stg_collaboration", "marts/fct_collaboration")) {
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> reactions = spark.read().parquet(dir.resolve("out").resolve(table).toString())
          .filter("source = 'slack' and action = 'react'");
      assertEquals(199, reactions.count(), table);
      assertEquals(199, reactions.select("event_id").distinct().count(), table);
      assertEquals(0, reactions.filter("event_id rlike ':U[A-Z0-9]{6,}$'").count(), table + ": no Slack user id");
      if (table.startsWith("staging")) {
        assertEquals(199, reactions.filter("endswith(event_id, concat(':', actor_key))").count(), "the reacting person's pseudonym");
      }
    }
  }

  @Test
  void xapiStatementsFeedCollaborationAndTrainingWithNothingLost() {
    SourceCounts activity = source("edx-activity");
    assertEquals(90, activity.read());
    assertEquals(Map.of("post", 3L, "edit", 3L, "react", 2L, "view", 1L, "question", 2L), activity.stagedByAction());
    assertEquals(79, activity.skipped());
    assertEquals(9L, activity.skippedByReason().get("for_training"));
    assertTrue(activity.reconciles());
    SourceCounts learning = source("edx-learning");
    assertEquals(90, learning.read());
    assertEquals(81, learning.skipped());
    assertEquals(9, learning.staged() + learning.quarantined(), "completed, passed, failed and registered statements");
    assertEquals(Map.of("missing_field", 4L, "duplicate", 3L), learning.byReason(),
        "completions without a duration have no hours; a registration repeated 4 times under one statement id is kept"
        + " once; and no unmatched_identity: the learner resolves in the homePage's system (openedx), not lrs");
    assertEquals(2, learning.staged());
    assertTrue(learning.reconciles());
  }

  @Test
  void theReportsAreBuiltFromTheExports() throws IOException {
    String html = Files.readString(dir.resolve("out/reports/2016-12-31/learning-culture-report.html"));
    assertTrue(html.contains("beer") && html.contains("houstondatavis"), "both sources in the data quality table");
    assertTrue(Files.size(dir.resolve("out/reports/2016-12-31/learning-culture-workbook.xlsx")) > 10_000);
  }

  /**
   * The next night over the same exports is incremental: sources read as a whole (Stack Exchange,
   * Slack, xAPI) are unchanged, so they are not read again and their staged rows stay as they are.
   */
  @Test
  void anUnchangedNightReadsNoWholeReadSourceAgain() throws IOException {
    long staged = spark.read().parquet(dir.resolve("out/staging/stg_collaboration").toString()).count();
    assertEquals(0, Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "real-exports-test"), "ingest", "--input",
        dir.resolve("in").toString(), "--out", dir.resolve("out").toString(), "--run-date", "2016-12-31", "--config",
        dir.resolve("job.yaml").toString()));
    List<String> runs = Files.readAllLines(dir.resolve("out/_runs/history.jsonl"));
    Manifest night = Manifest.fromJson(runs.get(runs.size() - 1).getBytes(StandardCharsets.UTF_8));
    String mode = night.checks().stream().filter(c -> c.name().equals("ingest_mode")).findFirst().orElseThrow().detail();
    assertTrue(mode.startsWith("incremental: 0 collaboration file(s) new or changed, 0 removed"), mode);
    assertEquals(List.of(), night.sources().stream().filter(c -> c.entity().equals("collaboration")).toList(),
        "no collaboration source is read");
    assertEquals(staged, spark.read().parquet(dir.resolve("out/staging/stg_collaboration").toString()).count());
  }
}
