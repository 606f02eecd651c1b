package io.bottomup.ingest.adapter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bottomup.BottomupException;
import io.bottomup.schema.Entity;
import io.bottomup.schema.EntitySpec;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * xAPI statements (SOURCES.md, {@code format: xapi}): a file holds a JSON array of statements, one
 * statement per line, one statement, or an LRS page {@code {"statements": [...]}}. Each statement is
 * one record of the source's entity; a statement the verb map sends to the other entity is skipped
 * as {@code for_<entity>}, an unknown verb as {@code verb:<verb>}.
 *
 * <p>The verb is the last path segment of {@code verb.id}. The actor is {@code actor.account.name}
 * (in the system its {@code homePage} is aliased to in {@code options.home_pages}, else the source's)
 * or {@code actor.mbox} without {@code mailto:} (an email). Default verb map: asked → question;
 * answered → answer, responded and replied → reply (on a discussion, forum or Q&amp;A object, else
 * skipped as the verb); commented → comment; posted, shared → post; edited, updated → edit; voted,
 * liked → react; viewed → view (on a discussion or wiki page, else skipped); completed, passed →
 * training completed; failed → failed; registered, enrolled → in_progress. {@code options.verbs}
 * adds or replaces entries (verb: action or training status). Training hours come from
 * {@code result.duration} (ISO 8601; 0 for a registration without one), the score from
 * {@code result.score.scaled} × 100.
 */
public final class XapiAdapter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final com.fasterxml.jackson.databind.ObjectReader STRICT = JSON.readerFor(JsonNode.class)
      .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  static final Map<String, String> DEFAULT_VERBS = defaults();
  private static final Pattern DURATION = Pattern.compile(
      "P(?:(\\d+(?:\\.\\d+)?)Y)?(?:(\\d+(?:\\.\\d+)?)M)?(?:(\\d+(?:\\.\\d+)?)W)?(?:(\\d+(?:\\.\\d+)?)D)?"
          + "(?:T(?:(\\d+(?:\\.\\d+)?)H)?(?:(\\d+(?:\\.\\d+)?)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?");

  private final String system;
  private final Entity entity;
  private final Map<String, String> verbs;
  private final Map<String, String> homePages;
  private final Adapted out;

  public XapiAdapter(String system, Entity entity, Map<String, String> verbs, Map<String, String> homePages) {
    this.system = system;
    this.entity = entity;
    this.verbs = new HashMap<>(DEFAULT_VERBS);
    verbs.forEach((k, v) -> this.verbs.put(k.toLowerCase(Locale.ROOT), v.toLowerCase(Locale.ROOT)));
    // A home page is matched without a trailing slash: https://lms.example.com/ and …com are one site.
    this.homePages = new java.util.HashMap<>();
    homePages.forEach((page, alias) -> this.homePages.put(page(page), alias));
    this.out = new Adapted(entity == Entity.TRAINING ? EntitySpec.training() : EntitySpec.collaboration());
  }

  private static Map<String, String> defaults() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("asked", "question");
    m.put("answered", "answer");
    m.put("responded", "reply");
    m.put("replied", "reply");
    m.put("commented", "comment");
    m.put("posted", "post");
    m.put("shared", "post");
    m.put("edited", "edit");
    m.put("updated", "edit");
    m.put("voted", "react");
    m.put("liked", "react");
    m.put("viewed", "view");
    m.put("completed", "completed");
    m.put("passed", "completed");
    m.put("failed", "failed");
    m.put("registered", "in_progress");
    m.put("enrolled", "in_progress");
    return m;
  }

  public Adapted result() {
    return out;
  }

  /**
   * Reads one file of statements. A file whose first line holds a whole JSON object, or which is no
   * JSON value while one of its lines holds a whole object (its first line broken), has a statement
   * (or page) per line, and each line is read on its own: a line that is not a JSON object is one
   * {@code malformed} record, and the lines after it are read. Otherwise the file is one JSON value
   * (an array, a page or a statement, laid out over any lines), and broken JSON refuses the file,
   * naming the line; an array element that is not an object is one {@code malformed} record.
   */
  public void read(InputStream in, String file) throws IOException {
    String text;
    try {
      text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(in.readAllBytes())).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw BottomupException.refused("file " + file + " is not UTF-8 text");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String[] lines = text.split("\r\n|\n|\r", -1);
    int first = 0;
    while (first < lines.length && lines[first].isBlank()) {
      first++;
    }
    boolean firstWhole = first < lines.length && wholeObject(lines[first]);
    com.fasterxml.jackson.core.JsonProcessingException broken = first < lines.length && !firstWhole ? syntaxError(text) : null;
    // A statement per line: the first line holds a whole object, or the file is no JSON value and some
    // line does (its first line is the broken one).
    if (firstWhole || broken != null && java.util.Arrays.stream(lines).anyMatch(XapiAdapter::wholeObject)) {
      for (int i = first; i < lines.length; i++) {
        if (!lines[i].isBlank()) {
          line(lines[i], file, i + 1);
        }
      }
      return;
    }
    if (broken != null) {
      throw BottomupException.refused("file " + file + " line " + broken.getLocation().getLineNr() + " is not valid JSON: "
          + broken.getOriginalMessage());
    }
    try (JsonParser p = new JsonFactory().createParser(text)) {
      p.setCodec(JSON);
      for (JsonToken token = p.nextToken(); token != null; token = p.nextToken()) {
        if (token == JsonToken.START_ARRAY) {
          for (token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
            element(p, token, file);
          }
        } else {
          element(p, token, file);
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw BottomupException.refused("file " + file + " line " + e.getLocation().getLineNr() + " is not valid JSON: "
          + e.getOriginalMessage());
    }
  }

  /** A top-level value or an array element: a statement or page, else a malformed record. */
  private void element(JsonParser p, JsonToken token, String file) throws IOException {
    long line = p.currentLocation().getLineNr();
    if (token == JsonToken.START_OBJECT) {
      statementOrPage(p, file, 0);
    } else {
      out.malformed(file, line, JSON.writeValueAsString(p.readValueAsTree()), "a statement must be a JSON object");
    }
  }

  /** The first syntax error of {@code text} read as JSON values, or null. */
  private static com.fasterxml.jackson.core.JsonProcessingException syntaxError(String text) throws IOException {
    try (JsonParser p = new JsonFactory().createParser(text)) {
      while (p.nextToken() != null) {
        p.skipChildren();
      }
      return null;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return e;
    }
  }

  private static boolean wholeObject(String line) {
    try {
      return STRICT.readTree(line).isObject();
    } catch (IOException e) {
      return false;
    }
  }

  /** One line of a statement-per-line file. */
  private void line(String text, String file, long line) throws IOException {
    if (!wholeObject(text)) {
      out.malformed(file, line, text, "a line must hold one JSON statement object");
      return;
    }
    try (JsonParser p = new JsonFactory().createParser(text)) {
      p.setCodec(JSON);
      p.nextToken();
      statementOrPage(p, file, line - 1);
    }
  }

  /**
   * One top-level object: a statement, or an LRS page {@code {"statements": [...], "more": ...}}. It is
   * read field by field, so that each statement of a page is positioned at the line it starts on
   * ({@code lineBefore} lines before the parser's first line).
   */
  private void statementOrPage(JsonParser p, String file, long lineBefore) throws IOException {
    long line = lineBefore + p.currentLocation().getLineNr();
    com.fasterxml.jackson.databind.node.ObjectNode node = JSON.createObjectNode();
    List<JsonNode> statements = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      if (p.nextToken() != JsonToken.START_ARRAY || !field.equals("statements")) {
        node.set(field, p.readValueAsTree());
        continue;
      }
      com.fasterxml.jackson.databind.node.ArrayNode array = node.putArray(field);
      while (p.nextToken() != JsonToken.END_ARRAY) {
        lines.add(lineBefore + p.currentLocation().getLineNr());
        statements.add(p.readValueAsTree());
        array.add(statements.get(statements.size() - 1));
      }
    }
    if (!node.has("statements") || node.has("verb")) {
      statement(node, file, line);
      return;
    }
    for (int i = 0; i < statements.size(); i++) {
      if (statements.get(i).isObject()) {
        statement(statements.get(i), file, lines.get(i));
      } else {
        out.malformed(file, lines.get(i), JSON.writeValueAsString(statements.get(i)), "a statement must be a JSON object");
      }
    }
  }

  private void statement(JsonNode s, String file, long line) throws IOException {
    String raw = JSON.writeValueAsString(s);
    String verb = lastSegment(s.path("verb").path("id").asText(""));
    String mapped = verbs.get(verb.toLowerCase(Locale.ROOT));
    if (mapped == null) {
      out.skip("verb:" + verb);
      return;
    }
    boolean training = EntitySpec.TRAINING_STATUSES.contains(mapped);
    // The object decides first: an answer that is not on a discussion is no record of either entity, so
    // both sources reading a file skip it for the same reason (verb:answered), not one as for_collaboration.
    String objectType = lastSegment(s.path("object").path("definition").path("type").asText("")).toLowerCase(Locale.ROOT);
    boolean discussion = objectType.contains("discussion") || objectType.contains("forum") || objectType.contains("thread")
        || objectType.contains("question-and-answer") || objectType.equals("qa");
    // Verbs are matched in any case, as the verb map is.
    String known = verb.toLowerCase(Locale.ROOT);
    if ((known.equals("answered") || known.equals("responded") || known.equals("replied")) && !discussion
        && DEFAULT_VERBS.get(known).equals(mapped)) {
      out.skip("verb:" + verb);
      return;
    }
    if (known.equals("viewed") && !discussion && !objectType.contains("wiki") && !objectType.contains("page")
        && DEFAULT_VERBS.get(known).equals(mapped)) {
      out.skip("verb:" + verb);
      return;
    }
    if (training != (entity == Entity.TRAINING)) {
      out.skip("for_" + (training ? "training" : "collaboration"));
      return;
    }
    Map<String, String> v = new LinkedHashMap<>();
    String[] actor = actor(s.path("actor"));
    if (training) {
      JsonNode object = s.path("object");
      v.put("record_id", id(s));
      v.put("learner", actor[0]);
      v.put("learner_system", actor[1]);
      v.put("course_id", object.path("id").asText(null));
      v.put("course_title", firstText(object.path("definition").path("name")));
      v.put("modality", "elearning");
      v.put("status", mapped);
      String at = timestamp(s);
      if (mapped.equals("in_progress")) {
        v.put("enrolled_at", at);
      } else {
        v.put("completed_at", at);
      }
      String duration = s.path("result").path("duration").asText(null);
      v.put("hours", duration != null ? hours(duration) : mapped.equals("in_progress") ? "0" : null);
      JsonNode scaled = s.path("result").path("score").path("scaled");
      if (scaled.isNumber()) {
        // × 100 on the number as written: 0.12345 is 12.345, exactly, not rounded and without binary noise.
        v.put("score", scaled.decimalValue().movePointRight(2).stripTrailingZeros().toPlainString());
      } else if (!scaled.isMissingNode() && !scaled.isNull()) {
        // xAPI's scaled score is a JSON number: another value is the wrong type (bad_value), never dropped.
        v.put("score", "result.score.scaled is not a number: " + scaled);
      }
    } else {
      v.put("event_id", id(s));
      v.put("source", actor[1]);
      v.put("occurred_at", timestamp(s));
      v.put("actor", actor[0]);
      v.put("action", mapped);
      v.put("thread_id", s.path("object").path("id").asText(null));
      JsonNode parents = s.path("context").path("contextActivities").path("parent");
      if (parents.isArray() && !parents.isEmpty()) {
        v.put("space", parents.get(0).path("id").asText(null));
      }
    }
    out.add(file, line, raw, v);
  }

  /**
   * The statement's id; an LRS assigns one to every statement it stores, and one sent without it gets
   * an id derived from its content ({@code sha256:} and the digest of its JSON, keys sorted, without
   * {@code stored}, {@code authority} and {@code version}), so the same statement exported twice is a
   * duplicate, as it would be with its id.
   */
  private static String id(JsonNode s) throws IOException {
    String id = s.path("id").asText(null);
    if (id != null && !id.isBlank()) {
      return id;
    }
    // The digest of the statement as its sender wrote it: keys in any order, without what an LRS adds
    // when it stores a statement (stored, authority, version), so a re-export keeps the id.
    com.fasterxml.jackson.databind.node.ObjectNode sent = ((com.fasterxml.jackson.databind.node.ObjectNode) s).deepCopy();
    sent.remove(List.of("id", "stored", "authority", "version"));
    return "sha256:" + io.bottomup.ingest.LandingLedger.sha256(CANONICAL.writeValueAsString(JSON.treeToValue(sent, Object.class)));
  }

  /** JSON with every object's keys in order, for {@link #id}. */
  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** When it happened: {@code timestamp}, else {@code stored}, which an LRS sets it to when a statement has none. */
  private static String timestamp(JsonNode s) {
    String at = s.path("timestamp").asText(null);
    return at != null && !at.isBlank() ? at : s.path("stored").asText(null);
  }

  /**
   * The actor's id and system: account name in its home page's system, or the mailbox's email. An actor
   * identified otherwise (xAPI also allows {@code mbox_sha1sum} and {@code openid}) is passed on as
   * {@code mbox_sha1sum:<hex, lower case>} or {@code openid:<uri>} in the source's system: an identity map may
   * name its employee, else it is {@code unmatched_identity}, not a missing actor. So is an anonymous
   * group (its members are several people).
   */
  /** A home page as matched against the configured aliases: trimmed, without trailing slashes. */
  private static String page(String url) {
    return url.strip().replaceFirst("/+$", "");
  }

  private String[] actor(JsonNode actor) {
    String name = actor.path("account").path("name").asText("").strip();
    if (!name.isEmpty()) {
      String home = actor.path("account").path("homePage").asText("");
      return new String[] {name, homePages.getOrDefault(page(home), system)};
    }
    String mbox = actor.path("mbox").asText("").strip().replaceFirst("(?i)^mailto:", "");
    if (!mbox.isEmpty()) {
      return new String[] {mbox, system};
    }
    String sha1 = actor.path("mbox_sha1sum").asText("").strip().toLowerCase(Locale.ROOT); // hex, in either case
    if (!sha1.isEmpty()) {
      return new String[] {"mbox_sha1sum:" + sha1, system};
    }
    String openid = actor.path("openid").asText("").strip();
    if (!openid.isEmpty()) {
      return new String[] {"openid:" + openid, system};
    }
    if (actor.path("member").isArray() && !actor.path("member").isEmpty()) {
      return new String[] {"anonymous group of " + actor.path("member").size() + " members", system};
    }
    return new String[] {null, system};
  }

  static String lastSegment(String uri) {
    String trimmed = uri.replaceAll("/+$", "");
    int slash = trimmed.lastIndexOf('/');
    return slash >= 0 ? trimmed.substring(slash + 1) : trimmed;
  }

  private static String firstText(JsonNode languageMap) {
    var it = languageMap.elements();
    return it.hasNext() ? it.next().asText(null) : null;
  }

  /** An ISO 8601 duration in hours (a year is 365 days, a month 30); null when it is not one. */
  static String hours(String duration) {
    Matcher m = DURATION.matcher(duration.trim());
    if (!m.matches() || duration.trim().equals("P") || duration.trim().endsWith("T")) {
      return "not an ISO 8601 duration: " + duration;
    }
    double[] perUnit = {365 * 24, 30 * 24, 7 * 24, 24, 1, 1 / 60.0, 1 / 3600.0};
    double hours = 0;
    for (int i = 0; i < perUnit.length; i++) {
      if (m.group(i + 1) != null) {
        hours += Double.parseDouble(m.group(i + 1)) * perUnit[i];
      }
    }
    return BigDecimal.valueOf(hours).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
