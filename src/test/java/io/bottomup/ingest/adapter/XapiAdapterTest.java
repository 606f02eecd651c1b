package io.bottomup.ingest.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bottomup.ingest.LandingRecord;
import io.bottomup.schema.Entity;
import io.bottomup.schema.EntitySpec;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class XapiAdapterTest {
  private static String statement(String id, String verb, String objectType, String actor, String extra) {
    return "{\"id\":\"" + id + "\",\"actor\":" + actor + ",\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/" + verb + "\"},"
        + "\"object\":{\"id\":\"http://lms.example/o/" + id + "\",\"definition\":{\"type\":\"http://id.tincanapi.com/activitytype/"
        + objectType + "\",\"name\":{\"en-US\":\"Object " + id + "\"}}},\"timestamp\":\"2026-02-01T10:00:00+00:00\"" + extra + "}";
  }

  private static final String ACCOUNT = "{\"account\":{\"homePage\":\"https://lms.example\",\"name\":\"u1\"}}";
  private static final String MBOX = "{\"mbox\":\"mailto:ann@example.org\"}";

  private static String value(LandingRecord r, List<String> fields, String field) {
    return r.values()[fields.indexOf(field)];
  }

  @Test
  void collaborationVerbsActorsAndTheLrsPageShape() throws IOException {
    String page = "{\"statements\":[" + String.join(",",
        statement("s1", "asked", "question", ACCOUNT, ""),
        statement("s2", "answered", "discussion", MBOX, ""),
        statement("s3", "Answered", "cmi.interaction", MBOX, ""), // verbs in any case, as the verb map
        statement("s4", "viewed", "wiki-page", ACCOUNT, ""),
        statement("s5", "viewed", "video", ACCOUNT, ""),
        statement("s6", "completed", "course", ACCOUNT, ""),
        statement("s7", "bookmarked", "discussion", ACCOUNT, ""),
        statement("s8", "upvoted", "discussion", ACCOUNT, "")) + "]}";
    XapiAdapter a = new XapiAdapter("lrs", Entity.COLLABORATION, Map.of("upvoted", "react"),
        Map.of("https://lms.example", "lms"));
    a.read(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)), "xapi/page.json");
    List<String> fields = EntitySpec.collaboration().fieldNames();
    Map<String, LandingRecord> r = new TreeMap<>();
    a.result().records().forEach(x -> r.put(value(x, fields, "event_id"), x));
    assertEquals(List.of("s1", "s2", "s4", "s8"), List.copyOf(r.keySet()));
    assertEquals(Map.of("verb:Answered", 1L, "verb:viewed", 1L, "for_training", 1L, "verb:bookmarked", 1L), a.result().skipped());
    assertEquals("question", value(r.get("s1"), fields, "action"));
    assertEquals("u1", value(r.get("s1"), fields, "actor"));
    assertEquals("lms", value(r.get("s1"), fields, "source"), "the home page's configured system");
    assertEquals("answer", value(r.get("s2"), fields, "action"));
    assertEquals("ann@example.org", value(r.get("s2"), fields, "actor"), "mailto: stripped");
    assertEquals("lrs", value(r.get("s2"), fields, "source"));
    assertEquals("view", value(r.get("s4"), fields, "action"));
    assertEquals("react", value(r.get("s8"), fields, "action"), "a configured verb");

    // The same page read by a training source: the answer on an interaction and the video view are
    // no record of either entity, so they are skipped for their verb there too, not as for_collaboration.
    XapiAdapter training = new XapiAdapter("lrs", Entity.TRAINING, Map.of("upvoted", "react"), Map.of("https://lms.example", "lms"));
    training.read(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)), "xapi/page.json");
    assertEquals(Map.of("verb:Answered", 1L, "verb:viewed", 1L, "for_collaboration", 4L, "verb:bookmarked", 1L),
        training.result().skipped(), "s1, s2, s4, s8 are collaboration; s6 is the training record");
  }

  @Test
  void trainingStatementsWithDurationsAndScores() throws IOException {
    String lines = String.join("\n",
        statement("t1", "passed", "course", MBOX, ",\"result\":{\"duration\":\"PT1H30M\",\"score\":{\"scaled\":0.875}}"),
        statement("t2", "registered", "course", ACCOUNT, ""),
        statement("t3", "failed", "course", MBOX, ",\"result\":{\"duration\":\"P1DT2H\",\"score\":{\"scaled\":0.12345}}"),
        statement("t4", "asked", "question", MBOX, ""),
        statement("t5", "passed", "course", MBOX, ",\"result\":{\"duration\":\"PT1H\",\"score\":{\"scaled\":\"0.5\"}}"));
    // The alias is configured with a trailing slash, the statements' home page has none: one site.
    XapiAdapter a = new XapiAdapter("lrs", Entity.TRAINING, Map.of(), Map.of("https://lms.example/", "lms"));
    a.read(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), "xapi/lines.jsonl");
    List<String> fields = EntitySpec.training().fieldNames();
    Map<String, LandingRecord> r = new TreeMap<>();
    a.result().records().forEach(x -> r.put(value(x, fields, "record_id"), x));
    assertEquals(Map.of("for_collaboration", 1L), a.result().skipped());
    assertEquals("completed", value(r.get("t1"), fields, "status"), "passed is completed");
    assertEquals("1.5", value(r.get("t1"), fields, "hours"));
    assertEquals("87.5", value(r.get("t1"), fields, "score"));
    assertEquals("2026-02-01T10:00:00+00:00", value(r.get("t1"), fields, "completed_at"));
    assertEquals("in_progress", value(r.get("t2"), fields, "status"));
    assertEquals("u1", value(r.get("t2"), fields, "learner"));
    assertEquals("lms", value(r.get("t2"), fields, "learner_system"), "a learner's account is in its home page's system");
    assertEquals("lrs", value(r.get("t1"), fields, "learner_system"), "a mailbox: the source's system, tried as an email too");
    assertEquals("0", value(r.get("t2"), fields, "hours"), "a registration has no hours yet");
    assertEquals("2026-02-01T10:00:00+00:00", value(r.get("t2"), fields, "enrolled_at"));
    assertEquals("26", value(r.get("t3"), fields, "hours"), "one day and two hours");
    assertEquals("12.345", value(r.get("t3"), fields, "score"), "0.12345 × 100, not rounded");
    assertEquals(3, r.get("t3").line());
    assertEquals("result.score.scaled is not a number: \"0.5\"", value(r.get("t5"), fields, "score"),
        "a scaled score written as text reaches the validator as a bad value, not as no score");
  }

  /**
   * A minified export holds every statement on line 1, so file and line cannot tell two with one id
   * apart: the second "a" is the duplicate here, and "b" is staged.
   */
  @Test
  void aKeyRepeatedOnOneLineIsADuplicate() throws IOException {
    String minified = "[" + String.join(",", statement("a", "completed", "course", MBOX, ",\"result\":{\"duration\":\"PT1H\"}"),
        statement("a", "completed", "course", MBOX, ",\"result\":{\"duration\":\"PT2H\"}"),
        statement("b", "completed", "course", MBOX, ",\"result\":{\"duration\":\"PT1H\"}")) + "]";
    XapiAdapter a = new XapiAdapter("lrs", Entity.TRAINING, Map.of(), Map.of());
    a.read(new ByteArrayInputStream(minified.getBytes(StandardCharsets.UTF_8)), "xapi/min.json");
    List<String> fields = EntitySpec.training().fieldNames();
    List<String> read = a.result().records().stream()
        .map(r -> value(r, fields, "record_id") + " " + value(r, fields, "hours") + " " + r.line() + " "
            + (r.malformed() == null ? "ok" : r.malformed().substring(r.malformed().lastIndexOf(LandingRecord.REJECTED_MARK) + 1)))
        .toList();
    assertEquals(List.of("a 1 1 ok",
        "a 2 1 duplicate record_id: an earlier record on the same line has it; the record kept is at xapi/min.json line 1",
        "b 1 1 ok"), read);
  }

  /** In a pretty-printed LRS page each statement's position is the line it starts on. */
  @Test
  void aPagesStatementsKeepTheirOwnLines() throws IOException {
    String page = "{\n  \"more\": \"/xapi/statements?page=2\",\n  \"statements\": [\n"
        + statement("s1", "asked", "question", MBOX, "") + ",\n"
        + statement("s2", "commented", "discussion", MBOX, "") + "\n  ]\n}\n";
    XapiAdapter a = new XapiAdapter("lrs", Entity.COLLABORATION, Map.of(), Map.of());
    a.read(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)), "xapi/page.json");
    List<String> fields = EntitySpec.collaboration().fieldNames();
    Map<String, Long> lines = new TreeMap<>();
    a.result().records().forEach(x -> lines.put(value(x, fields, "event_id"), x.line()));
    assertEquals(Map.of("s1", 4L, "s2", 5L), lines);
  }

  /**
   * SOURCES.md: every record read is staged, quarantined or skipped. A null in an array of statements,
   * a line that is not a statement object and a line of broken JSON are one malformed record each, at
   * their own line, and the statements after them are read (they used to end the file silently, or,
   * broken JSON, refuse it).
   */
  @Test
  void whatIsNotAStatementObjectIsOneMalformedRecordAndReadingGoesOn() throws IOException {
    String array = "[" + statement("a1", "asked", "question", MBOX, "") + ",\nnull,\n"
        + statement("a2", "asked", "question", MBOX, "") + "]";
    String broken = statement("l2", "asked", "question", MBOX, "");
    String perLine = String.join("\n", statement("l1", "asked", "question", MBOX, ""), "\"oops\"",
        broken.substring(0, broken.length() - 1) + ",}", "", statement("l3", "asked", "question", MBOX, ""));
    XapiAdapter a = new XapiAdapter("lrs", Entity.COLLABORATION, Map.of(), Map.of());
    a.read(new ByteArrayInputStream(array.getBytes(StandardCharsets.UTF_8)), "x/arr.json");
    a.read(new ByteArrayInputStream(perLine.getBytes(StandardCharsets.UTF_8)), "x/lines.json");
    List<String> fields = EntitySpec.collaboration().fieldNames();
    List<String> read = a.result().records().stream()
        .map(x -> x.file() + ":" + x.line() + " " + (x.malformed() != null ? "malformed " + x.raw() : value(x, fields, "event_id")))
        .toList();
    assertEquals(List.of("x/arr.json:1 a1", "x/arr.json:2 malformed null", "x/arr.json:3 a2", "x/lines.json:1 l1",
        "x/lines.json:2 malformed \"oops\"", "x/lines.json:3 malformed " + broken.substring(0, broken.length() - 1) + ",}",
        "x/lines.json:5 l3"), read);
    assertEquals(7, a.result().read());
  }

  /** A statement-per-line file whose first line is broken: that line is malformed, the others are read. */
  @Test
  void aStatementPerLineFileWithABrokenFirstLineIsReadLineByLine() throws IOException {
    String broken = statement("l0", "asked", "question", MBOX, "");
    String perLine = String.join("\n", broken.substring(0, broken.length() - 10),
        statement("l1", "asked", "question", MBOX, ""), statement("l2", "asked", "question", MBOX, ""));
    XapiAdapter a = new XapiAdapter("lrs", Entity.COLLABORATION, Map.of(), Map.of());
    a.read(new ByteArrayInputStream(perLine.getBytes(StandardCharsets.UTF_8)), "x/first.json");
    List<String> fields = EntitySpec.collaboration().fieldNames();
    assertEquals(List.of("1 malformed", "2 l1", "3 l2"), a.result().records().stream()
        .map(x -> x.line() + " " + (x.malformed() != null ? "malformed" : value(x, fields, "event_id"))).toList());
  }

  /** A file that is one JSON value (an array, a page) and is broken cannot be cut into records: refused, with the line. */
  @Test
  void aBrokenArrayIsRefusedNamingTheLine() {
    String array = "[\n" + statement("a1", "asked", "question", MBOX, "") + ",\n{\"id\": }\n]";
    XapiAdapter a = new XapiAdapter("lrs", Entity.COLLABORATION, Map.of(), Map.of());
    io.bottomup.BottomupException e = org.junit.jupiter.api.Assertions.assertThrows(io.bottomup.BottomupException.class,
        () -> a.read(new ByteArrayInputStream(array.getBytes(StandardCharsets.UTF_8)), "x/arr.json"));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("file x/arr.json line 3 is not valid JSON"), e.getMessage());
  }

  @Test
  void isoDurations() {
    assertEquals("0.0542", XapiAdapter.hours("PT03M15S"));
    assertEquals("168", XapiAdapter.hours("P1W"));
    assertEquals("0.5", XapiAdapter.hours("PT1800S"));
  }

  /** The Open edX fixtures (../shared/realdata); counts recounted independently in Python. */
  @Test
  void theRealOpenEdxStatements() throws IOException {
    XapiAdapter collaboration = new XapiAdapter("lrs", Entity.COLLABORATION, Map.of(), Map.of());
    XapiAdapter training = new XapiAdapter("lrs", Entity.TRAINING, Map.of(), Map.of());
    for (XapiAdapter a : List.of(collaboration, training)) {
      try (FileInputStream in = new FileInputStream("../shared/realdata/xapi-openedx/all_statements.json")) {
        a.read(in, "xapi/all_statements.json");
      }
      assertEquals(90, a.result().read(), "every statement is a record or skipped");
    }
    List<String> fields = EntitySpec.collaboration().fieldNames();
    Map<String, Long> actions = new TreeMap<>();
    collaboration.result().records().forEach(r -> actions.merge(value(r, fields, "action"), 1L, Long::sum));
    assertEquals(Map.of("post", 3L, "edit", 3L, "react", 2L, "view", 1L, "question", 2L), actions);
    assertEquals(9L, collaboration.result().skipped().get("for_training"));
    assertEquals(23L, collaboration.result().skipped().get("verb:evaluated"));
    Map<String, Long> statuses = new TreeMap<>();
    training.result().records().forEach(r -> statuses.merge(value(r, EntitySpec.training().fieldNames(), "status"), 1L, Long::sum));
    assertEquals(Map.of("completed", 4L, "in_progress", 4L, "failed", 1L), statuses);
    assertNull(training.result().skipped().get("for_training"));
  }

  /**
   * What xAPI leaves optional: a statement without {@code timestamp} happened when it was {@code stored};
   * one without {@code id} gets one from its content; an actor known by {@code mbox_sha1sum} is passed on
   * in that form (an identity map may name it), and an anonymous group as such (unmatched later).
   */
  @Test
  void optionalPartsOfAStatement() throws IOException {
    String noTimestamp = statement("n1", "asked", "question", MBOX, "").replace("\"timestamp\"", "\"stored\"");
    String noId = statement("n2", "asked", "question", MBOX, "").replace("\"id\":\"n2\",", "");
    // The same statement re-exported: its keys in another order, with what an LRS adds when it stores it.
    String reExported = "{\"timestamp\":\"2026-02-01T10:00:00+00:00\",\"version\":\"1.0.3\","
        + noId.substring(1, noId.indexOf(",\"timestamp\"")) + ",\"stored\":\"2026-02-02T00:00:00Z\"}";
    String other = statement("n5", "asked", "question", MBOX, "").replace("\"id\":\"n5\",", "");
    String sha1 = statement("n3", "asked", "question", "{\"mbox\":\" \",\"mbox_sha1sum\":\"AB12\"}", "");
    String group = statement("n4", "asked", "question",
        "{\"objectType\":\"Group\",\"member\":[{\"mbox\":\"mailto:a@x.org\"},{\"mbox\":\"mailto:b@x.org\"}]}", "");
    XapiAdapter a = new XapiAdapter("lrs", Entity.COLLABORATION, Map.of(), Map.of());
    a.read(new ByteArrayInputStream(("[" + String.join(",\n", noTimestamp, noId, reExported, other, sha1, group) + "]")
        .getBytes(StandardCharsets.UTF_8)), "xapi/s.json");
    List<String> fields = EntitySpec.collaboration().fieldNames();
    List<LandingRecord> r = a.result().records();
    assertEquals(6, r.size());
    assertEquals("2026-02-01T10:00:00+00:00", value(r.get(0), fields, "occurred_at"), "stored, as an LRS sets timestamp");
    assertEquals("n1", value(r.get(0), fields, "event_id"));
    String derived = value(r.get(1), fields, "event_id");
    org.junit.jupiter.api.Assertions.assertTrue(derived.matches("sha256:[0-9a-f]{64}"), derived);
    assertEquals(derived, value(r.get(2), fields, "event_id"), "the same statement re-exported: the same id, a duplicate");
    org.junit.jupiter.api.Assertions.assertNotEquals(derived, value(r.get(3), fields, "event_id"), "another statement");
    assertEquals("mbox_sha1sum:ab12", value(r.get(4), fields, "actor"), "a blank mbox is none; hex in lower case");
    assertEquals("anonymous group of 2 members", value(r.get(5), fields, "actor"));
  }
}
