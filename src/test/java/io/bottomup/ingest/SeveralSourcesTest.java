package io.bottomup.ingest;

import static io.bottomup.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.SparkTest;
import io.bottomup.cli.Main;
import io.bottomup.report.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * INPUTS.md's duplicate rule ("a record whose key equals that of a record already staged in this
 * run") across the sources of one entity, and within one line of a Slack export.
 */
class SeveralSourcesTest extends SparkTest {
  /** Ingests {@code in} into {@code out} with the configured {@code sources} (every record may be quarantined); its manifest. */
  private static Manifest ingest(Path dir, Path in, Path out, String... sources) throws IOException {
    List<String> lines = new java.util.ArrayList<>(List.of("quality_gate: {max_quarantined_share: 1.0}", "sources:"));
    for (String source : sources) {
      lines.add("  - " + source);
    }
    Path config = Files.writeString(dir.resolve("job.yaml"), String.join("\n", lines) + "\n");
    assertEquals(0, Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "k"), "ingest", "--input", in.toString(), "--out", out.toString(),
        "--run-date", "2025-12-31", "--config", config.toString()));
    return Manifest.fromJson(Files.readAllLines(out.resolve("_runs/history.jsonl")).get(0)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Event e1 is in sources s1 and s2, record T1 in t1 and t2 (for two learners): the second of each is
   * a duplicate of the first, and e2, T2 are staged. A Slack reaction listing U2 twice: one is staged.
   * One listing an unknown U9 twice: both are unmatched_identity.
   */
  @Test
  void aKeyStagedFromAnEarlierSourceMakesTheLaterRecordADuplicate(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("in");
    write(in.resolve("directory/people.csv"), "employee_id,email,department,hire_date",
        "E1,e1@x.com,Eng,2020-01-01", "E2,e2@x.com,Eng,2020-01-01");
    write(in.resolve("identities/ids.csv"), "employee_id,system,external_id", "E1,slack,U1", "E2,slack,U2");
    String e1 = "{\"event_id\":\"e1\",\"source\":\"slack\",\"occurred_at\":\"2025-03-03T10:00:00Z\",\"actor\":\"U1\",\"action\":\"post\"}";
    write(in.resolve("s1/a.jsonl"), e1);
    write(in.resolve("s2/a.jsonl"), e1,
        "{\"event_id\":\"e2\",\"source\":\"slack\",\"occurred_at\":\"2025-03-03T11:00:00Z\",\"actor\":\"U2\",\"action\":\"post\"}");
    write(in.resolve("chat/channels.json"), "[{\"id\":\"C1\",\"name\":\"help\"}]");
    write(in.resolve("chat/help/2025-03-03.json"), "[{\"type\":\"message\",\"user\":\"U1\",\"text\":\"hi\",\"ts\":\"1740996000.000100\","
        + "\"reactions\":[{\"name\":\"ok\",\"users\":[\"U2\",\"U2\"],\"count\":2},{\"name\":\"eyes\",\"users\":[\"U9\",\"U9\"],\"count\":2}]}]");
    write(in.resolve("appraisals/a.csv"), "employee_id,cycle,review_date,manager_rating", "E1,2025-H1,2025-07-15,4");
    write(in.resolve("t1/a.csv"), "record_id,learner,course_id,status,hours", "T1,E1,C1,completed,1");
    write(in.resolve("t2/a.csv"), "record_id,learner,course_id,status,hours", "T1,E2,C1,completed,1", "T2,E2,C1,completed,1");
    Path out = dir.resolve("out");
    Manifest m = ingest(dir, in, out,
        "{name: s1, entity: collaboration, format: jsonl, path: s1}",
        "{name: s2, entity: collaboration, format: jsonl, path: s2}",
        "{name: chat, entity: collaboration, format: slack-export, path: chat, system: slack}",
        "{name: t1, entity: training, format: csv, path: t1}",
        "{name: t2, entity: training, format: csv, path: t2}");
    Map<String, SourceCounts> bySource = new java.util.TreeMap<>();
    m.sources().forEach(s -> bySource.put(s.source(), s));
    assertEquals(Map.of(), bySource.get("s1").byReason());
    assertEquals(Map.of("duplicate", 1L), bySource.get("s2").byReason(), "e1 again");
    assertEquals(1L, bySource.get("s2").staged(), "e2");
    assertEquals(Map.of("duplicate", 1L, "unmatched_identity", 2L), bySource.get("chat").byReason(),
        "the second U2 under ok; U9, who is no one, twice under eyes: nothing of U9's was staged, so no duplicate");
    assertEquals(2L, bySource.get("chat").staged(), "the message and one reaction");
    assertEquals(Map.of("duplicate", 1L), bySource.get("t2").byReason(), "T1 again, for another learner");
    assertEquals(1L, bySource.get("t2").staged(), "T2");
    assertTrue(m.sources().stream().allMatch(SourceCounts::reconciles));

    List<Row> quarantined = spark.read().parquet(out.resolve("quarantine/training").toString()).collectAsList();
    assertEquals(1, quarantined.size());
    assertEquals("duplicate record_id of an earlier source; the record kept is at t1/a.csv line 2",
        quarantined.get(0).getAs("detail"), "ends as a duplicate's detail within a source: incremental runs read it back");
    Row event = spark.read().parquet(out.resolve("quarantine/collaboration").toString()).filter("reason = 'duplicate'")
        .filter("detail like '%earlier source%'").first();
    assertTrue(((String) event.getAs("detail")).matches(".*the record kept is at s1/a\\.jsonl line [0-9]+$"), event.toString());
    assertEquals(1L, spark.read().parquet(out.resolve("staging/stg_training").toString()).filter("record_id = 'T1'").count());
  }
  /**
   * SOURCES.md: a source's system is "the identity namespace its ids live in". Learner C9 of a training
   * export declared with system cornerstone is E2 by the identity map's cornerstone row; in an export
   * without a system (lms) C9 is no one. E1's email resolves in either.
   */
  @Test
  void aTrainingSourcesLearnersAreLookedUpInItsSystem(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("in");
    write(in.resolve("directory/people.csv"), "employee_id,email,department,hire_date",
        "E1,e1@x.com,Eng,2020-01-01", "E2,e2@x.com,Eng,2020-01-01");
    write(in.resolve("identities/ids.csv"), "employee_id,system,external_id", "E2,cornerstone,C9");
    write(in.resolve("collaboration/a.jsonl"),
        "{\"event_id\":\"e1\",\"source\":\"qa\",\"occurred_at\":\"2025-03-03T10:00:00Z\",\"actor\":\"e1@x.com\",\"action\":\"post\"}");
    write(in.resolve("appraisals/a.csv"), "employee_id,cycle,review_date,manager_rating", "E1,2025-H1,2025-07-15,4");
    write(in.resolve("cs/a.csv"), "record_id,learner,course_id,status,hours", "T1,C9,C1,completed,1", "T2,e1@x.com,C1,completed,1");
    write(in.resolve("lms/a.csv"), "record_id,learner,course_id,status,hours", "T3,C9,C1,completed,1");
    Manifest m = ingest(dir, in, dir.resolve("out"),
        "{name: cs, entity: training, format: csv, path: cs, system: cornerstone}",
        "{name: other, entity: training, format: csv, path: lms}");
    Map<String, SourceCounts> bySource = new java.util.TreeMap<>();
    m.sources().forEach(s -> bySource.put(s.source(), s));
    assertEquals(2L, bySource.get("cs").staged(), "C9 is E2 in cornerstone; e1@x.com is E1");
    assertEquals(Map.of(), bySource.get("cs").byReason());
    assertEquals(Map.of("unmatched_identity", 1L), bySource.get("other").byReason(), "C9 is no one in lms");
  }

  /**
   * INPUTS.md: every file in an entity's folder is read, also beside configured sources. The canonical
   * collaboration/a.jsonl holds e1 and e3, source s1 (folder s1) e1 again: the canonical folder is read
   * first, so s1's e1 is the duplicate and e3 is staged. A configured directory source beside files in
   * directory/ refuses the run, naming both, since people come from one source.
   */
  @Test
  void theCanonicalFolderIsReadBesideConfiguredSources(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("in");
    write(in.resolve("directory/people.csv"), "employee_id,email,department,hire_date",
        "E1,e1@x.com,Eng,2020-01-01", "E2,e2@x.com,Eng,2020-01-01");
    write(in.resolve("identities/ids.csv"), "employee_id,system,external_id", "E1,slack,U1", "E2,slack,U2");
    String e1 = "{\"event_id\":\"e1\",\"source\":\"slack\",\"occurred_at\":\"2025-03-03T10:00:00Z\",\"actor\":\"U1\",\"action\":\"post\"}";
    write(in.resolve("collaboration/a.jsonl"), e1,
        "{\"event_id\":\"e3\",\"source\":\"slack\",\"occurred_at\":\"2025-03-04T10:00:00Z\",\"actor\":\"U2\",\"action\":\"post\"}");
    write(in.resolve("s1/a.jsonl"), e1);
    write(in.resolve("appraisals/a.csv"), "employee_id,cycle,review_date,manager_rating", "E1,2025-H1,2025-07-15,4");
    write(in.resolve("training/a.csv"), "record_id,learner,course_id,status,hours", "T1,E1,C1,completed,1");
    Path out = dir.resolve("out");
    Manifest m = ingest(dir, in, out, "{name: s1, entity: collaboration, format: jsonl, path: s1}");
    Map<String, SourceCounts> collaboration = new java.util.TreeMap<>();
    m.sources().stream().filter(c -> c.entity().equals("collaboration")).forEach(c -> collaboration.put(c.source(), c));
    assertEquals(java.util.Set.of("canonical", "s1"), collaboration.keySet());
    assertEquals(2L, collaboration.get("canonical").staged(), "e1 and e3");
    assertEquals(Map.of("duplicate", 1L), collaboration.get("s1").byReason(), "e1, first read from the canonical folder");
    assertEquals(2L, spark.read().parquet(out.resolve("staging/stg_collaboration").toString()).count());

    write(in.resolve("hris/people.csv"), "employee_id,email,department,hire_date", "E3,e3@x.com,Eng,2020-01-01");
    Path both = Files.writeString(dir.resolve("both.yaml"), String.join("\n",
        "sources:", "  - {name: hris, entity: directory, format: csv, path: hris}", ""));
    assertEquals(2, Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "k"), "ingest", "--input", in.toString(), "--out",
        dir.resolve("out2").toString(), "--run-date", "2025-12-31", "--config", both.toString()));
    String refused = Files.readString(dir.resolve("out2/_runs/history.jsonl"));
    assertTrue(refused.contains("directory can come from one source only, found 2: the files in directory/, source 'hris'"), refused);
  }

  /**
   * The configuration is checked against the landing folder before anything is read, so a mistake in
   * a source refuses the run (exit 2) even where the quality gate would also fail (exit 3): here
   * training/ is missing. Each case names its source: options a Slack export does not have, a path
   * that does not exist behind a valid source, and two directory sources.
   */
  @Test
  void sourcesAreCheckedBeforeAnythingIsRead(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("in");
    write(in.resolve("directory/people.csv"), "employee_id,email,department,hire_date", "E1,e1@x.com,Eng,2020-01-01");
    write(in.resolve("chat/channels.json"), "[{\"id\":\"C1\",\"name\":\"help\"}]");
    write(in.resolve("hris/people.csv"), "employee_id,email,department,hire_date", "E1,e1@x.com,Eng,2020-01-01");
    write(in.resolve("appraisals/a.csv"), "employee_id,cycle,review_date,manager_rating", "E1,2025-H1,2025-07-15,4");
    String[][] cases = {
        {"{name: chat, entity: collaboration, format: slack-export, path: chat, options: {channels: [help]}}",
            "configuration key 'sources.chat.options' is not read by format slack-export, which has no options"},
        {"{name: chat, entity: collaboration, format: slack-export, path: chat}\n  - {name: lms, entity: training, format: xapi, path: lrs}",
            "source 'lms': " + in.resolve("lrs") + " does not exist"},
        {"{name: hris, entity: directory, format: csv, path: hris}\n  - {name: hr2, entity: directory, format: csv, path: hris/people.csv}",
            "directory can come from one source only, found 3: the files in directory/, source 'hris', source 'hr2'"}};
    for (int i = 0; i < cases.length; i++) {
      Path config = Files.writeString(dir.resolve("job" + i + ".yaml"), "sources:\n  - " + cases[i][0] + "\n");
      Path out = dir.resolve("out" + i);
      assertEquals(2, Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "k"), "ingest", "--input", in.toString(), "--out",
          out.toString(), "--run-date", "2025-12-31", "--config", config.toString()), cases[i][0]);
      String refused = Files.readString(out.resolve("_runs/history.jsonl"));
      assertTrue(refused.contains(cases[i][1]), refused);
      assertTrue(!Files.exists(out.resolve("staging")), "nothing was read or published");
    }
  }

  /**
   * Source "first" reads folder zz and is configured before "second", which reads aa. A full run keeps
   * the first source's record of a key both hold. An incremental night whose new file zz/2.jsonl holds
   * e2, staged from aa/1.jsonl the night before, must not keep aa's record because its path sorts
   * first: the night gives way to a full refresh, which keeps zz/2.jsonl's e2.
   */
  @Test
  void anIncrementalNightKeepsTheEarlierSourceInConfigurationOrder(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("in");
    write(in.resolve("directory/people.csv"), "employee_id,email,department,hire_date",
        "E1,e1@x.com,Eng,2020-01-01", "E2,e2@x.com,Eng,2020-01-01");
    String event = "{\"event_id\":\"%s\",\"source\":\"wiki\",\"occurred_at\":\"2025-11-%sT10:00:00Z\",\"actor\":\"%s\",\"action\":\"post\"}";
    write(in.resolve("zz/1.jsonl"), String.format(event, "e1", "30", "e1@x.com"));
    write(in.resolve("aa/1.jsonl"), String.format(event, "e2", "30", "e2@x.com"));
    write(in.resolve("appraisals/a.csv"), "employee_id,cycle,review_date,manager_rating", "E1,2025-H1,2025-07-15,4");
    write(in.resolve("training/a.csv"), "record_id,learner,course_id,status,hours", "T1,E1,C1,completed,1");
    Path config = Files.writeString(dir.resolve("job.yaml"), String.join("\n",
        "quality_gate: {max_quarantined_share: 1.0}",
        "sources:",
        "  - {name: first, entity: collaboration, format: jsonl, path: zz}",
        "  - {name: second, entity: collaboration, format: jsonl, path: aa}", ""));
    Path out = dir.resolve("out");
    Map<String, String> env = Map.of("BOTTOMUP_PSEUDONYM_KEY", "k");
    assertEquals(0, Main.run(env, "ingest", "--input", in.toString(), "--out", out.toString(),
        "--run-date", "2025-12-31", "--config", config.toString()));

    write(in.resolve("zz/2.jsonl"), String.format(event, "e2", "29", "e1@x.com"));
    assertEquals(0, Main.run(env, "ingest", "--input", in.toString(), "--out", out.toString(),
        "--run-date", "2026-01-01", "--config", config.toString()));
    List<String> runs = Files.readAllLines(out.resolve("_runs/history.jsonl"));
    Manifest night = Manifest.fromJson(runs.get(runs.size() - 1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String mode = night.checks().stream().filter(c -> c.name().equals(io.bottomup.VolumeCheck.MODE_CHECK))
        .findFirst().orElseThrow().detail();
    assertTrue(mode.startsWith("full refresh: a new or changed file holds an event already staged from a later source"), mode);
    Row e2 = spark.read().parquet(out.resolve("staging/stg_collaboration").toString()).filter("event_id = 'e2'").first();
    assertEquals("zz/2.jsonl", e2.getAs(io.bottomup.schema.Columns.FILE));
    Row dup = spark.read().parquet(out.resolve("quarantine/collaboration").toString()).first();
    assertEquals("aa/1.jsonl", dup.getAs("file"));
    assertEquals("duplicate", dup.getAs("reason"));
  }
}
