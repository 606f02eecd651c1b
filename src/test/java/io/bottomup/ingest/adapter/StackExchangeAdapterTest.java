package io.bottomup.ingest.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.ingest.LandingRecord;
import io.bottomup.schema.EntitySpec;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StackExchangeAdapterTest {
  static final List<String> FIELDS = EntitySpec.collaboration().fieldNames();

  static String value(LandingRecord r, String field) {
    return r.values()[FIELDS.indexOf(field)];
  }

  static Map<String, LandingRecord> byEvent(Adapted a) {
    return a.records().stream().filter(r -> value(r, "event_id") != null).collect(Collectors.toMap(r -> value(r, "event_id"), r -> r, (x, y) -> x, TreeMap::new));
  }

  private static StackExchangeAdapter.Files files(Map<String, String> xml) {
    return name -> xml.containsKey(name) ? new ByteArrayInputStream(xml.get(name).getBytes(StandardCharsets.UTF_8)) : null;
  }

  private static String rows(String root, String... rows) {
    return "\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<" + root + ">\n  " + String.join("\n  ", rows) + "\n</" + root + ">\n";
  }

  /** One row per rule of SOURCES.md. */
  @Test
  void eachRuleOfSourcesMd() throws IOException {
    Map<String, String> dump = Map.of(
        "Posts.xml", rows("posts",
            "<row Id=\"1\" PostTypeId=\"1\" CreationDate=\"2015-01-01T10:00:00.000\" OwnerUserId=\"7\" Tags=\"&lt;hops&gt;&lt;ipa&gt;\" />",
            "<row Id=\"2\" PostTypeId=\"2\" ParentId=\"1\" CreationDate=\"2015-01-01T11:00:00.000\" OwnerUserId=\"8\" />",
            "<row Id=\"3\" PostTypeId=\"2\" ParentId=\"1\" CreationDate=\"2015-01-01T12:00:00.000\" />",
            "<row Id=\"4\" PostTypeId=\"4\" CreationDate=\"2015-01-01T12:00:00.000\" />",
            "<row Id=\"5\" PostTypeId=\"1\" CreationDate=\"2015-01-02T12:00:00.000\" OwnerUserId=\"-1\" />",
            "<row Id=\"6\" PostTypeId=\"2\" ParentId=\"99\" CreationDate=\"2015-01-02T12:00:00.000\" OwnerUserId=\"9\" />"),
        "Comments.xml", rows("comments",
            "<row Id=\"10\" PostId=\"2\" CreationDate=\"2015-01-01T13:00:00.000\" UserId=\"7\" />",
            "<row Id=\"11\" PostId=\"3\" CreationDate=\"2015-01-01T13:00:00.000\" UserId=\"8\" />",
            "<row Id=\"12\" PostId=\"42\" CreationDate=\"2015-01-01T13:00:00.000\" UserId=\"8\" />",
            "<row Id=\"13\" PostId=\"42\" CreationDate=\"2015-01-01T13:00:00.000\" />"),
        "PostHistory.xml", rows("posthistory",
            "<row Id=\"20\" PostHistoryTypeId=\"5\" PostId=\"1\" CreationDate=\"2015-01-01T14:00:00.000\" UserId=\"8\" />",
            "<row Id=\"21\" PostHistoryTypeId=\"2\" PostId=\"1\" CreationDate=\"2015-01-01T10:00:00.000\" UserId=\"7\" />",
            "<row Id=\"22\" PostHistoryTypeId=\"4\" PostId=\"1\" CreationDate=\"2015-01-01T14:00:00.000\" UserId=\"-1\" />"),
        "Votes.xml", rows("votes",
            "<row Id=\"30\" PostId=\"2\" VoteTypeId=\"1\" CreationDate=\"2015-01-03T00:00:00.000\" />",
            "<row Id=\"31\" PostId=\"2\" VoteTypeId=\"2\" CreationDate=\"2015-01-03T00:00:00.000\" />",
            "<row Id=\"32\" PostId=\"77\" VoteTypeId=\"1\" CreationDate=\"2015-01-03T00:00:00.000\" />"));
    Adapted a = new StackExchangeAdapter("stackexchange", "beer").read(files(dump));
    Map<String, LandingRecord> r = byEvent(a);
    assertEquals(Map.of("other_post_type", 1L, "bot", 2L, "other_history_type", 1L, "other_vote_type", 1L), a.skipped());
    assertEquals(16, a.read(), "6 posts + 4 comments + 3 history rows + 3 votes");

    LandingRecord q = r.get("p1");
    assertEquals("question", value(q, "action"));
    assertEquals("7", value(q, "actor"));
    assertEquals("1", value(q, "thread_id"));
    assertEquals("hops", value(q, "space"), "the first tag");
    assertEquals("2015-01-01T10:00:00.000Z", value(q, "occurred_at"), "times are UTC");
    assertEquals("stackexchange", value(q, "source"));
    assertEquals("beer/Posts.xml", q.file());
    assertEquals(3, q.line());

    LandingRecord answer = r.get("p2");
    assertEquals("answer", value(answer, "action"));
    assertEquals("p1", value(answer, "parent_id"));
    assertEquals("7", value(answer, "target"), "the question's owner");

    assertTrue(r.get("p3").malformed().contains("missing_field"), "an answer by a deleted user");
    assertTrue(r.get("p6").malformed().contains("bad_value"), "an answer to a question absent from Posts.xml");
    assertEquals("8", value(r.get("c10"), "target"), "a comment helps the post's owner");
    assertNull(value(r.get("c11"), "target"), "the post's owner was deleted: no target");
    assertNull(r.get("c11").malformed());
    assertTrue(r.get("c12").malformed().contains("bad_value"));
    assertTrue(r.get("c13").malformed().contains("missing_field"), "missing actor comes before the absent post");
    assertEquals("edit", value(r.get("h20"), "action"));
    assertEquals("7", value(r.get("h20"), "target"));
    LandingRecord accept = r.get("v30");
    assertEquals("accept", value(accept, "action"));
    assertEquals("7", value(accept, "actor"), "the asker");
    assertEquals("8", value(accept, "target"), "the answer's owner");
    assertEquals("p2", value(accept, "parent_id"));
    assertTrue(r.get("v32").malformed().contains("bad_value"), "an accept of a post absent from Posts.xml");
  }

  /** The first tag, in both spellings of the dumps: {@code <a><b>} (the sample here) and {@code |a|b|} (dumps since 2024). */
  @Test
  void theFirstTagInBothTagSpellings() {
    assertEquals("stout", StackExchangeAdapter.firstTag("<stout><ale>"));
    assertEquals("stout", StackExchangeAdapter.firstTag("|stout|ale|"));
    assertEquals("ipa", StackExchangeAdapter.firstTag("|ipa|"));
    assertNull(StackExchangeAdapter.firstTag("||"));
    assertNull(StackExchangeAdapter.firstTag(null));
    assertNull(StackExchangeAdapter.firstTag(""));
  }

  /**
   * The beer.stackexchange.com sample (../shared/realdata): the counts follow from SOURCES.md and were
   * recounted independently (a Python script over the same files with ElementTree).
   */
  @Test
  void theRealBeerDumpGivesTheCountsThatFollowFromSourcesMd() throws IOException {
    Path dump = Path.of("../shared/realdata/stackexchange-beer");
    Adapted a = new StackExchangeAdapter("stackexchange", "beer").read(name -> {
      Path f = dump.resolve(name);
      return Files.exists(f) ? new FileInputStream(f.toFile()) : null;
    });
    assertEquals(2106 + 1860 + 5093 + 10798, a.read(), "every row of the four files");
    assertEquals(Map.of("other_post_type", 117L, "other_history_type", 4089L, "bot", 5L, "other_vote_type", 10433L), a.skipped());
    Map<String, Long> byAction = new TreeMap<>();
    Map<String, Long> rejected = new TreeMap<>();
    for (LandingRecord r : a.records()) {
      if (r.malformed() == null) {
        byAction.merge(value(r, "action"), 1L, Long::sum);
      } else {
        rejected.merge(r.malformed().split(LandingRecord.REJECTED_MARK)[1], 1L, Long::sum);
      }
    }
    assertEquals(Map.of("question", 588L, "answer", 1393L, "comment", 1821L, "edit", 994L, "accept", 357L), byAction);
    assertEquals(Map.of("missing_field", 54L, "bad_value", 6L), rejected);
  }

  /**
   * Rows the rules of SOURCES.md meet in a damaged dump: a post id written twice (the first row is the
   * post that rows pointing at it see, as it is the one staged), rows without the ids they need, an
   * accept vote on a question, a time that is not a time, an empty file.
   */
  @Test
  void aDamagedDump() throws IOException {
    Map<String, String> dump = Map.of(
        "Posts.xml", rows("posts",
            "<row Id=\"1\" PostTypeId=\"1\" CreationDate=\"2015-01-01T10:00:00.000\" OwnerUserId=\"7\" />",
            "<row Id=\"2\" PostTypeId=\"2\" ParentId=\"1\" CreationDate=\"2015-01-01T11:00:00.000\" OwnerUserId=\"8\" />",
            "<row PostTypeId=\"1\" CreationDate=\"2015-01-01T12:00:00.000\" OwnerUserId=\"7\" />",
            "<row Id=\"3\" PostTypeId=\"2\" CreationDate=\"2015-01-01T12:00:00.000\" OwnerUserId=\"8\" />",
            "<row Id=\"4\" PostTypeId=\"1\" CreationDate=\"not-a-date\" OwnerUserId=\"7\" />",
            "<row Id=\"2\" PostTypeId=\"2\" ParentId=\"4\" CreationDate=\"2015-01-02T11:00:00.000\" OwnerUserId=\"9\" />"),
        "Comments.xml", rows("comments",
            "<row Id=\"10\" PostId=\"2\" CreationDate=\"2015-01-01T13:00:00.000\" UserId=\"7\" />",
            "<row Id=\"11\" CreationDate=\"2015-01-01T13:00:00.000\" UserId=\"8\" />"),
        "Votes.xml", "",
        "PostHistory.xml", rows("posthistory",
            "<row Id=\"20\" PostHistoryTypeId=\"5\" PostId=\"2\" CreationDate=\"2015-01-01T14:00:00.000\" UserId=\"9\" />"));
    Adapted a = new StackExchangeAdapter("stackexchange", "beer").read(files(dump));
    assertEquals(6 + 2 + 1, a.read(), "an empty Votes.xml holds no row and refuses nothing");
    Map<String, LandingRecord> r = byEvent(a);
    assertEquals("8", value(r.get("c10"), "target"), "post 2 is the first row with Id 2, 8's answer (not 9's)");
    assertEquals("8", value(r.get("h20"), "target"));
    assertEquals("1", value(r.get("h20"), "thread_id"));
    LandingRecord noId = a.records().stream().filter(x -> value(x, "event_id") == null).findFirst().orElseThrow();
    assertTrue(noId.malformed().contains("missing_field") && noId.malformed().contains("Id is missing"), noId.malformed());
    assertTrue(r.get("p3").malformed().contains("missing_field") && r.get("p3").malformed().contains("ParentId"),
        "an answer that names no question");
    assertNull(value(r.get("p3"), "parent_id"), "no parent 'pnull'");
    assertTrue(r.get("c11").malformed().contains("PostId"), "a comment that names no post");
    assertEquals("not-a-date", value(r.get("p4"), "occurred_at"), "a value that is not a time is passed on as written");

    Map<String, String> votes = Map.of(
        "Posts.xml", dump.get("Posts.xml"),
        "Votes.xml", rows("votes",
            "<row Id=\"30\" PostId=\"1\" VoteTypeId=\"1\" CreationDate=\"2015-01-03T00:00:00.000\" />",
            "<row Id=\"31\" VoteTypeId=\"1\" CreationDate=\"2015-01-03T00:00:00.000\" />",
            "<row Id=\"32\" PostId=\"2\" VoteTypeId=\"1\" CreationDate=\"2015-01-03T00:00:00.000\" />"));
    Map<String, LandingRecord> v = byEvent(new StackExchangeAdapter("stackexchange", "beer").read(files(votes)));
    assertTrue(v.get("v30").malformed().contains("bad_value") && v.get("v30").malformed().contains("not an answer"),
        "an accept vote on a question accepts no answer");
    assertTrue(v.get("v31").malformed().contains("missing_field"));
    assertEquals("7", value(v.get("v32"), "actor"), "the asker of the first post 2's question");
    assertEquals("8", value(v.get("v32"), "target"));

    Map<String, String> community = Map.of("Posts.xml", rows("posts",
        "<row Id=\"1\" PostTypeId=\"1\" CreationDate=\"2015-01-01T10:00:00.000\" OwnerUserId=\"-1\" />",
        "<row Id=\"2\" PostTypeId=\"2\" ParentId=\"1\" CreationDate=\"2015-01-01T11:00:00.000\" OwnerUserId=\"8\" />"));
    LandingRecord toCommunity = byEvent(new StackExchangeAdapter("stackexchange", "beer").read(files(community))).get("p2");
    assertNull(toCommunity.malformed());
    assertNull(value(toCommunity, "target"), "the Community user is no person helped: no target, no unmatched one");

    Map<String, String> broken = Map.of("Posts.xml", rows("posts", "<row Id=\"1\" Body=\"fish & chips\" />"));
    io.bottomup.BottomupException e = org.junit.jupiter.api.Assertions.assertThrows(io.bottomup.BottomupException.class,
        () -> new StackExchangeAdapter("stackexchange", "beer").read(files(broken)));
    assertTrue(e.getMessage().startsWith("file beer/Posts.xml line 3, column "), e.getMessage());
  }
}
