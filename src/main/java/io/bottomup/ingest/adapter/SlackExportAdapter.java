package io.bottomup.ingest.adapter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bottomup.BottomupException;
import io.bottomup.ingest.Reason;
import io.bottomup.schema.Action;
import io.bottomup.schema.EntitySpec;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Slack workspace export (SOURCES.md, {@code format: slack-export}): {@code channels.json} and one
 * folder per channel of {@code YYYY-MM-DD.json} files. Each message, and each (reaction, user) pair
 * on a message, is one record.
 * <ul>
 *   <li>a message without subtype, or with subtype {@code thread_broadcast}, {@code file_share},
 *       {@code file_comment} or {@code me_message}: a {@code reply} when {@code thread_ts} is present
 *       and differs from {@code ts}, else a {@code post}; event_id {@code <channel>:<ts>}; actor
 *       {@code user} ({@code comment.user} for a file comment); space = the channel's name; a reply's
 *       target is the thread parent's author ({@code parent_user_id} when the parent is not in the
 *       export), its parent_id and thread_id the parent's event id;</li>
 *   <li>a message with any other subtype: skipped, reason = the subtype;</li>
 *   <li>a reaction pair: {@code react}, event_id {@code <channel>:<ts>:<reaction>:<user>}, actor the
 *       reacting user, target the message's author, parent_id the message's event id, at the
 *       message's time (the export has no reaction time) — staged even when its message is skipped.</li>
 * </ul>
 * A message without an actor is quarantined {@code missing_field}. Positions are the file and the
 * line where the message's JSON object starts.
 */
public final class SlackExportAdapter {
  /** A channel's day file: {@code YYYY-MM-DD.json}. */
  private static final java.util.regex.Pattern DAY_FILE = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}\\.json");

  static final Set<String> KEPT_SUBTYPES = Set.of("thread_broadcast", "file_share", "file_comment", "me_message");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SlackExportAdapter.class);

  /** Lists and opens the files of the export. */
  public interface Files {
    /** Opens a file by its path inside the export, or returns null when it is absent. */
    InputStream open(String path) throws IOException;

    /** The names of the files in a folder of the export, sorted; empty when the folder is absent. */
    List<String> list(String folder) throws IOException;

    /** The names of the folders at the top of the export, sorted. */
    default List<String> folders() throws IOException {
      return List.of();
    }
  }

  private final String system;
  private final String prefix;
  private final Adapted out = new Adapted(EntitySpec.collaboration());

  public SlackExportAdapter(String system, String prefix) {
    this.system = system;
    this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
  }

  /** A message as read, before it becomes records. */
  private record Message(String file, long line, String raw, JsonNode node) {}

  public Adapted read(Files files) throws IOException {
    JsonNode channels;
    try (InputStream in = files.open("channels.json")) {
      if (in == null) {
        throw BottomupException.refused("Slack export " + prefix + " has no channels.json");
      }
      channels = JSON.readTree(in);
    }
    Set<String> listed = new java.util.HashSet<>();
    channels.forEach(c -> listed.add(c.path("name").asText(null)));
    for (String folder : files.folders()) {
      if (!listed.contains(folder)) {
        // A private channel (groups.json) or a conversation (dms.json, mpims.json) has a folder too:
        // only the public channels of channels.json are read, and a folder passed over is named.
        LOG.warn("Slack export {}: folder {} is not a channel of channels.json: its messages are not read", prefix, folder);
      }
    }
    for (JsonNode channel : channels) {
      String name = channel.path("name").asText(null);
      if (name == null) {
        continue;
      }
      List<Message> messages = new ArrayList<>();
      for (String day : files.list(name)) {
        if (DAY_FILE.matcher(day).matches()) {
          messages.addAll(messages(files, name + "/" + day));
        } else if (!day.startsWith(".")) {
          // A channel's folder holds its days (SOURCES.md); another file there (a canvas, a note) holds no messages.
          LOG.warn("Slack export {}: file {}/{} is not a day of messages (YYYY-MM-DD.json): not read", prefix, name, day);
        }
      }
      Map<String, String> authors = new HashMap<>();
      for (Message m : messages) {
        authors.putIfAbsent(m.node().path("ts").asText(), author(m.node()));
      }
      for (Message m : messages) {
        message(name, m, authors);
      }
    }
    return out;
  }

  private static String author(JsonNode message) {
    String user = "file_comment".equals(message.path("subtype").asText(null))
        ? message.path("comment").path("user").asText(null) : message.path("user").asText(null);
    return user == null || user.isBlank() ? null : user;
  }

  private void message(String channel, Message m, Map<String, String> authors) {
    JsonNode n = m.node();
    String ts = n.path("ts").asText(null);
    String subtype = n.path("subtype").asText(null);
    String eventId = channel + ":" + ts;
    if (subtype != null && !KEPT_SUBTYPES.contains(subtype)) {
      out.skip(subtype);
    } else {
      Map<String, String> v = base(eventId, ts, author(n), channel);
      String thread = n.path("thread_ts").asText(null);
      if (thread != null && !thread.equals(ts)) {
        v.put("action", Action.REPLY.value());
        v.put("parent_id", channel + ":" + thread);
        v.put("thread_id", channel + ":" + thread);
        // A thread begun before the export's first day has no parent message here; the reply still names
        // the parent's author (parent_user_id), so its target is known all the same.
        String parentUser = n.path("parent_user_id").asText("");
        v.put("target", authors.containsKey(thread) || parentUser.isBlank() ? authors.get(thread) : parentUser);
      } else {
        v.put("action", Action.POST.value());
        if (thread != null) {
          v.put("thread_id", eventId);
        }
      }
      v.put("size", String.valueOf(n.path("text").asText("").length()));
      emit(m, v);
    }
    java.util.Set<String> seen = new java.util.HashSet<>(); // the message's (reaction, user) pairs: their keys
    for (JsonNode reaction : n.path("reactions")) {
      String emoji = reaction.path("name").asText("");
      for (JsonNode user : reaction.path("users")) {
        Map<String, String> v = base(eventId + ":" + emoji + ":" + user.asText(), ts, user.asText(null), channel);
        v.put("action", Action.REACT.value());
        v.put("parent_id", eventId);
        v.put("target", author(n));
        if (!seen.add(emoji + ":" + user.asText())) {
          // The same (reaction, user) pair twice on one line: its key repeats, and file and line cannot tell
          // the two apart, so the repeat is quarantined here.
          out.reject(m.file(), m.line(), m.raw(), Reason.DUPLICATE, "duplicate source, event_id: reaction '" + emoji
              + "' lists the same user twice on this message; the record kept is at " + m.file() + " line " + m.line(), v);
        } else {
          emit(m, v);
        }
      }
    }
  }

  private void emit(Message m, Map<String, String> v) {
    if (v.get("actor") == null) {
      out.reject(m.file(), m.line(), m.raw(), Reason.MISSING_FIELD, "required field actor is missing (no user on the message)", v);
    } else if (v.get("event_id") == null) {
      out.reject(m.file(), m.line(), m.raw(), Reason.MISSING_FIELD,
          "required field occurred_at is missing (no ts on the message; its event_id is made from ts too)", v);
    } else if (v.get("occurred_at") == null) {
      out.reject(m.file(), m.line(), m.raw(), Reason.BAD_VALUE, "ts is not epoch seconds", v);
    } else {
      out.add(m.file(), m.line(), m.raw(), v);
    }
  }

  private Map<String, String> base(String eventId, String ts, String actor, String channel) {
    Map<String, String> v = new LinkedHashMap<>();
    // Without ts a message has neither a time nor an id (<channel>:<ts>): missing_field, not bad_value.
    v.put("event_id", ts == null || ts.isBlank() ? null : eventId);
    v.put("source", system);
    v.put("occurred_at", instant(ts));
    v.put("actor", actor);
    v.put("space", channel);
    return v;
  }

  /** Slack's {@code ts} (epoch seconds with a fraction) as an ISO instant in UTC, or null. */
  static String instant(String ts) {
    try {
      BigDecimal seconds = new BigDecimal(ts);
      long whole = seconds.longValue();
      long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
      return Instant.ofEpochSecond(whole, nanos).toString();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private List<Message> messages(Files files, String path) throws IOException {
    List<Message> messages = new ArrayList<>();
    try (InputStream in = files.open(path); JsonParser p = new JsonFactory().createParser(in)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return messages; // an empty day file (or only white space) holds no messages
      }
      if (first != JsonToken.START_ARRAY) {
        throw BottomupException.refused("file " + prefix + path + " is not a JSON array of messages");
      }
      p.setCodec(JSON);
      for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
        long line = p.currentLocation().getLineNr();
        JsonNode node = p.readValueAsTree();
        if (token == JsonToken.START_OBJECT) {
          messages.add(new Message(prefix + path, line, JSON.writeValueAsString(node), node));
        } else {
          // Not a message: one malformed record, and the messages after it are read.
          out.malformed(prefix + path, line, JSON.writeValueAsString(node), "a message must be a JSON object");
        }
      }
      if (p.nextToken() != null) {
        throw BottomupException.refused("file " + prefix + path + " line " + p.currentLocation().getLineNr()
            + ": text after the array of messages");
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw BottomupException.refused("file " + prefix + path + " line " + e.getLocation().getLineNr() + " is not valid JSON: "
          + e.getOriginalMessage());
    }
    return messages;
  }
}
