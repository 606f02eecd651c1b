package io.bottomup;

import static io.bottomup.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bottomup.cli.Main;
import io.bottomup.tools.CompareMarts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second night whose marts must equal a full refresh of the same folder, found apart by a review of
 * incremental runs (each would have made them differ):
 * <ul>
 *   <li>the night brings a late post of June, two months before the first staged month (August): July's
 *       person-months must be built too, not only June's;</li>
 *   <li>that file is named {@code _late-june.jsonl}: the readers read it, so the ledger must see it;</li>
 *   <li>answer A1 is dated 1 October (an export's next-day early hours) in the file of 30 September,
 *       staged on night one out of scope; on night two (8 October) it answers August's Q1;</li>
 *   <li>{@code q7.jsonl} is removed, and the night runs as separate {@code ingest}, {@code model},
 *       {@code analyze} tasks: A7 answered Q7, and no longer helps anyone.</li>
 * </ul>
 */
class NightsTest extends SparkTest {
  @TempDir Path dir;

  private static String event(String id, String at, String actor, String action, String parent) {
    return "{\"event_id\":\"" + id + "\",\"source\":\"qa\",\"occurred_at\":\"" + at + "\",\"actor\":\"" + actor
        + "@x.com\",\"action\":\"" + action + "\"" + (parent == null ? "" : ",\"parent_id\":\"" + parent + "\",\"thread_id\":\"" + parent + "\"")
        + "}";
  }

  @Test
  void aSecondNightEqualsAFullRefresh() throws IOException {
    Path in = dir.resolve("in");
    write(in.resolve("directory/people.csv"), "employee_id,email,department,hire_date", "E1,e1@x.com,Eng,2020-01-01",
        "E2,e2@x.com,Eng,2020-01-01", "E3,e3@x.com,Ops,2020-01-01", "E4,e4@x.com,Ops,2020-01-01");
    write(in.resolve("appraisals/a.csv"), "employee_id,cycle,review_date,manager_rating", "E1,2026-H1,2026-07-15,4");
    write(in.resolve("training/t.csv"), "record_id,learner,course_id,status,hours,completed_at", "T1,E1,C1,completed,2,2026-07-10");
    Path c = in.resolve("collaboration");
    write(c.resolve("2026-08-20.jsonl"), event("Q1", "2026-08-20T10:00:00Z", "e1", "question", null));
    write(c.resolve("2026-09-30.jsonl"), event("P1", "2026-09-30T10:00:00Z", "e2", "post", null),
        event("A1", "2026-10-01T03:00:00Z", "e2", "answer", "Q1"));
    write(c.resolve("q7.jsonl"), event("Q7", "2026-08-01T10:00:00Z", "e2", "question", null));
    write(c.resolve("a7.jsonl"), event("A7", "2026-08-02T10:00:00Z", "e3", "answer", "Q7"));
    Path config = Files.writeString(dir.resolve("job.yaml"), "min_group_size: 1\nquality_gate: {max_quarantined_share: 1.0}\n");
    Map<String, String> env = Map.of("BOTTOMUP_PSEUDONYM_KEY", "nights-test-key");
    Path out = dir.resolve("out");
    String[] common = {"--out", out.toString(), "--config", config.toString()};
    assertEquals(0, run(env, "run", in, "2026-09-30", common));

    write(c.resolve("_late-june.jsonl"), event("L1", "2026-06-15T10:00:00Z", "e4", "post", null));
    Files.delete(c.resolve("q7.jsonl"));
    for (String task : List.of("ingest", "model", "analyze")) {
      assertEquals(0, run(env, task, in, "2026-10-08", common), task);
    }
    Path full = dir.resolve("full");
    assertEquals(0, run(env, "run", in, "2026-10-08", "--out", full.toString(), "--config", config.toString()));
    assertEquals(List.of(), CompareMarts.differences(out.toString(), full.toString()),
        "the marts of the night equal those of a full refresh");
  }

  private static int run(Map<String, String> env, String command, Path in, String runDate, String... options) {
    String[] args = new String[5 + options.length];
    args[0] = command;
    args[1] = "--input";
    args[2] = in.toString();
    args[3] = "--run-date";
    args[4] = runDate;
    System.arraycopy(options, 0, args, 5, options.length);
    return Main.run(env, args);
  }
}
