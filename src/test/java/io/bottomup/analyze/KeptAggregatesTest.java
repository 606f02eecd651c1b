package io.bottomup.analyze;

import static io.bottomup.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bottomup.SparkTest;
import io.bottomup.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A night aggregates again only the months whose facts it changed, and the months whose questions may
 * have passed their seven days since the last run date, and reads the others from the kept aggregates.
 */
class KeptAggregatesTest extends SparkTest {
  @TempDir Path dir;

  private static String event(String id, String at, String actor, String action) {
    return "{\"event_id\":\"" + id + "\",\"source\":\"qa\",\"occurred_at\":\"" + at + "\",\"actor\":\"" + actor
        + "@x.com\",\"action\":\"" + action + "\"}";
  }

  /** A landing folder of four people (E1, E2 in Eng; E3, E4 in Ops), one review and one course, without collaboration. */
  private Path landing() throws IOException {
    Path in = dir.resolve("in");
    write(in.resolve("directory/people.csv"), "employee_id,email,department,hire_date", "E1,e1@x.com,Eng,2020-01-01",
        "E2,e2@x.com,Eng,2020-01-01", "E3,e3@x.com,Ops,2020-01-01", "E4,e4@x.com,Ops,2020-01-01");
    write(in.resolve("appraisals/a.csv"), "employee_id,cycle,review_date,manager_rating", "E1,2026-H1,2026-06-15,4");
    write(in.resolve("training/t.csv"), "record_id,learner,course_id,status,hours,completed_at", "T1,E1,C1,completed,2,2026-07-10");
    return in;
  }

  @Test
  void aNightAggregatesTheChangedMonthsOnly() throws IOException {
    Path in = landing();
    Path c = in.resolve("collaboration");
    write(c.resolve("2026-07-10.jsonl"), event("P1", "2026-07-10T10:00:00Z", "e1", "post"));
    write(c.resolve("2026-08-10.jsonl"), event("P2", "2026-08-10T10:00:00Z", "e2", "post"),
        event("Q1", "2026-08-11T10:00:00Z", "e1", "question"));
    write(c.resolve("2026-09-10.jsonl"), event("P3", "2026-09-10T10:00:00Z", "e3", "post"),
        event("Q2", "2026-09-28T10:00:00Z", "e3", "question"));
    Path config = Files.writeString(dir.resolve("job.yaml"), "min_group_size: 1\n");
    Map<String, String> env = Map.of("BOTTOMUP_PSEUDONYM_KEY", "kept-aggregates-test-key");
    Path out = dir.resolve("out");
    assertEquals(0, run(env, in, "2026-10-03", out, config));
    assertEquals(List.of("2026-07", "2026-08", "2026-09", "2026-10"), aggregated(out), "the first run aggregates every month");
    assertEquals(Map.of("2026-07", 1L, "2026-08", 2L, "2026-09", 1L, "2026-10", 0L), activeLearners(out));
    // Q2's seven days run to 5 October 10:00: not yet passed on the 3rd, passed (unanswered) on the 5th.
    assertNull(answeredShare(out, "2026-09"));
    // The people on the Q&A platform, from which the difference-in-differences dates each department's adoption.
    assertEquals(Map.of("Eng 2026-08", "1 of 2", "Ops 2026-09", "1 of 2"), qaPeople(out), "E1's and E3's questions");

    // The night: a late July post by E4, and October's first post. The facts of July and October change;
    // September's do not, but a question asked after 26 September (the 3rd's cutoff) may be decided now.
    write(c.resolve("_late-july.jsonl"), event("L1", "2026-07-20T10:00:00Z", "e4", "post"));
    write(c.resolve("2026-10-05.jsonl"), event("P4", "2026-10-05T10:00:00Z", "e2", "post"));
    assertEquals(0, run(env, in, "2026-10-05", out, config));
    assertEquals(List.of("2026-07", "2026-09", "2026-10"), aggregated(out), "August is read from the kept aggregates");
    assertEquals(Map.of("2026-07", 2L, "2026-08", 2L, "2026-09", 1L, "2026-10", 1L), activeLearners(out));
    assertEquals(0.0, answeredShare(out, "2026-09"));
    // (NightsTest and IncrementalTest compare nights with a full refresh of the same folder, mart for mart.)

    // Other minutes per action change every month's informal hours: nothing kept is used.
    Path other = Files.writeString(dir.resolve("other.yaml"), "min_group_size: 1\nminutes_per_action: {post: 30}\n");
    assertEquals(0, Main.run(env, "analyze", "--input", in.toString(), "--run-date", "2026-10-05", "--out", out.toString(),
        "--config", other.toString()));
    assertEquals(List.of("2026-07", "2026-08", "2026-09", "2026-10"), aggregated(out));
  }

  private static String response(String id, String at, String actor, String action, String parent, String thread) {
    return "{\"event_id\":\"" + id + "\",\"source\":\"qa\",\"occurred_at\":\"" + at + "\",\"actor\":\"" + actor
        + "@x.com\",\"action\":\"" + action + "\"" + (parent == null ? "" : ",\"parent_id\":\"" + parent + "\"")
        + (thread == null ? "" : ",\"thread_id\":\"" + thread + "\"") + "}";
  }

  /**
   * A month's question flow also counts the views and accepts of its questions' threads, which come in
   * later months: a night aggregates again the months of the questions that the views, accepts and
   * answers of the months it rewrote name, as they were and as they are.
   */
  @Test
  void aNightAggregatesTheFlowOfTheQuestionsItsViewsAndAcceptsName() throws IOException {
    Path in = landing();
    Path c = in.resolve("collaboration");
    write(c.resolve("may.jsonl"), event("Q5", "2026-05-10T10:00:00Z", "e4", "question"));
    write(c.resolve("june.jsonl"), event("Q0", "2026-06-10T10:00:00Z", "e4", "question"));
    write(c.resolve("july.jsonl"), event("Q1", "2026-07-05T10:00:00Z", "e1", "question"),
        response("A1", "2026-07-06T10:00:00Z", "e2", "answer", "Q1", "Q1"));
    write(c.resolve("august.jsonl"), event("Q2", "2026-08-05T10:00:00Z", "e3", "question"));
    // V1, a view of June's question, staged in September's facts.
    write(c.resolve("views.jsonl"), response("V1", "2026-09-02T10:00:00Z", "e2", "view", null, "Q0"));
    Path config = Files.writeString(dir.resolve("job.yaml"), "min_group_size: 1\n");
    Map<String, String> env = Map.of("BOTTOMUP_PSEUDONYM_KEY", "kept-aggregates-test-key");
    Path out = dir.resolve("out");
    assertEquals(0, run(env, in, "2026-10-03", out, config));
    assertEquals(List.of("2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"), aggregated(out, "flow_aggregated"));
    assertEquals(1L, flow(out, "2026-06", "distinct_viewers"));
    assertEquals(0.0, flow(out, "2026-07", "accepted_share"));

    // The night: E1 accepts A1 in October, without a thread (its answer's, July's, is looked up); and
    // views.jsonl is corrected: V1 viewed August's question, not June's (the view as it was names June).
    // September's and October's facts change; June's, July's and August's do not, but their flows do.
    // May's flow is read from what was kept.
    write(c.resolve("accept.jsonl"), response("X1", "2026-10-04T10:00:00Z", "e1", "accept", "A1", null));
    write(c.resolve("views.jsonl"), response("V1", "2026-09-02T10:00:00Z", "e2", "view", null, "Q2"));
    assertEquals(0, run(env, in, "2026-10-05", out, config));
    assertEquals(List.of("2026-09", "2026-10"), aggregated(out, "aggregated"), "the monthly aggregates of the months whose facts changed");
    assertEquals(List.of("2026-06", "2026-07", "2026-08", "2026-09", "2026-10"), aggregated(out, "flow_aggregated"));
    assertEquals(0L, flow(out, "2026-06", "distinct_viewers"));
    assertEquals(1.0, flow(out, "2026-07", "accepted_share"));
    assertEquals(1L, flow(out, "2026-08", "distinct_viewers"));
    assertEquals(1L, flow(out, "2026-05", "questions_asked"));

    Path full = dir.resolve("full");
    assertEquals(0, run(env, in, "2026-10-05", full, config));
    assertEquals(List.of(), io.bottomup.tools.CompareMarts.differences(out.toString(), full.toString()),
        "the marts of the night equal those of a full refresh");

    // Another night: E3 views July's question in October. Three months of six are aggregated again, few
    // enough to read only their threads' responses (KeptAggregates#fewFlowMonths).
    write(c.resolve("october.jsonl"), response("V2", "2026-10-06T10:00:00Z", "e3", "view", null, "Q1"));
    assertEquals(0, run(env, in, "2026-10-07", out, config));
    assertEquals(List.of("2026-07", "2026-09", "2026-10"), aggregated(out, "flow_aggregated"));
    assertEquals(1L, flow(out, "2026-07", "distinct_viewers"));
    assertEquals(1.0, flow(out, "2026-07", "accepted_share"));
    Path again = dir.resolve("again");
    assertEquals(0, run(env, in, "2026-10-07", again, config));
    assertEquals(List.of(), io.bottomup.tools.CompareMarts.differences(out.toString(), again.toString()));
  }

  /**
   * A transition's exposure counts its person's actions in the window between two reviews: a night
   * counts again those whose window reaches a month of facts it changed, and keeps the others.
   */
  @Test
  void aNightCountsAgainTheExposureOfTheTransitionsWhoseMonthsChanged() throws IOException {
    Path in = dir.resolve("in");
    write(in.resolve("directory/people.csv"), "employee_id,email,department,hire_date", "E1,e1@x.com,Eng,2020-01-01",
        "E2,e2@x.com,Eng,2020-01-01", "E3,e3@x.com,Ops,2020-01-01");
    write(in.resolve("appraisals/a.csv"), "employee_id,cycle,review_date,manager_rating", "E1,2026-Q1,2026-03-15,3",
        "E1,2026-Q2,2026-06-15,4", "E1,2026-Q3,2026-09-15,4", "E2,2026-Q1,2026-03-15,3", "E2,2026-Q2,2026-06-15,3");
    write(in.resolve("training/t.csv"), "record_id,learner,course_id,status,hours,completed_at", "T1,E1,C1,completed,2,2026-07-10");
    Path c = in.resolve("collaboration");
    write(c.resolve("spring.jsonl"), event("Q1", "2026-04-10T10:00:00Z", "e1", "question"),
        event("Q2", "2026-05-10T10:00:00Z", "e2", "question"));
    write(c.resolve("summer.jsonl"), event("Q3", "2026-07-10T10:00:00Z", "e1", "question"));
    Path config = Files.writeString(dir.resolve("job.yaml"), "min_group_size: 1\n");
    Map<String, String> env = Map.of("BOTTOMUP_PSEUDONYM_KEY", "kept-aggregates-test-key");
    Path out = dir.resolve("out");
    assertEquals(0, run(env, in, "2026-10-03", out, config));
    assertEquals(List.of(1L, 1L, 1L), exposures(out), "E1's spring and summer questions, E2's spring question");
    assertEquals(3L, state(out).get("exposure_recounted").asLong());

    // The night: a late April question by E1, and October's first post. April's and October's facts
    // change: the two windows from 15 March to 15 June reach April and are counted again, from March's
    // facts on; E1's window from 15 June to 15 September reaches neither month and is kept.
    write(c.resolve("_late-april.jsonl"), event("L1", "2026-04-20T10:00:00Z", "e1", "question"));
    write(c.resolve("october.jsonl"), event("P4", "2026-10-04T10:00:00Z", "e3", "post"));
    assertEquals(0, run(env, in, "2026-10-05", out, config));
    assertEquals(List.of(1L, 2L, 1L), exposures(out));
    assertEquals(2L, state(out).get("exposure_recounted").asLong());
    assertEquals("2026-03", state(out).get("exposure_facts_from").asText());

    Path full = dir.resolve("full");
    assertEquals(0, run(env, in, "2026-10-05", full, config));
    assertEquals(exposures(full), exposures(out), "the night's exposures equal those of a full refresh");
    assertEquals(List.of(), io.bottomup.tools.CompareMarts.differences(out.toString(), full.toString()));
  }

  /** The kept exposures by the window's end, then count: E1's and E2's to 15 June, then E1's to 15 September. */
  private static List<Long> exposures(Path out) {
    return spark.read().parquet(out.resolve("marts").resolve(KeptAggregates.EXPOSURE).toString())
        .orderBy(org.apache.spark.sql.functions.col("to_date"), org.apache.spark.sql.functions.col("exposure_actions"))
        .select("exposure_actions").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
  }

  private static JsonNode state(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("marts").resolve(KeptAggregates.STATE).toFile());
  }

  private static Object flow(Path out, String month, String column) {
    List<Row> rows = spark.read().parquet(out.resolve("marts/mart_question_flow").toString())
        .filter("month = '" + month + "'").collectAsList();
    assertEquals(1, rows.size(), "one department asked in " + month);
    return rows.get(0).getAs(column);
  }

  private static int run(Map<String, String> env, Path in, String runDate, Path out, Path config) {
    return Main.run(env, "run", "--input", in.toString(), "--run-date", runDate, "--out", out.toString(), "--config",
        config.toString());
  }

  private static List<String> aggregated(Path out) throws IOException {
    return aggregated(out, "aggregated");
  }

  /** The months the last run aggregated again, as its state lists them under {@code field}. */
  private static List<String> aggregated(Path out, String field) throws IOException {
    JsonNode state = new ObjectMapper().readTree(out.resolve("marts").resolve(KeptAggregates.STATE).toFile());
    List<String> months = new ArrayList<>();
    state.get(field).forEach(m -> months.add(m.asText()));
    return months;
  }

  /** The kept department-month aggregates with someone on the Q&amp;A platform: "department month" to "qa_people of headcount". */
  private static Map<String, String> qaPeople(Path out) {
    Map<String, String> result = new TreeMap<>();
    for (Row r : spark.read().parquet(out.resolve("marts").resolve(KeptAggregates.DEPARTMENT_MONTH).toString())
        .filter(DifferenceInDifferences.QA_PEOPLE + " > 0").collectAsList()) {
      result.put(r.getAs("department") + " " + r.getAs("month"), r.getAs(DifferenceInDifferences.QA_PEOPLE) + " of " + r.getAs("headcount"));
    }
    return result;
  }

  private static Double answeredShare(Path out, String month) {
    return spark.read().parquet(out.resolve("marts/mart_learning_monthly").toString()).filter("month = '" + month + "'")
        .first().getAs("answered_7d_share");
  }

  private static Map<String, Long> activeLearners(Path out) {
    Map<String, Long> result = new TreeMap<>();
    for (Row r : spark.read().parquet(out.resolve("marts/mart_learning_monthly").toString()).collectAsList()) {
      result.put(r.getAs("month"), r.getAs("active_learners"));
    }
    return result;
  }
}
