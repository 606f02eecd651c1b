package io.bottomup.ingest.adapter;

import io.bottomup.BottomupException;
import io.bottomup.ingest.Reason;
import io.bottomup.schema.Action;
import io.bottomup.schema.EntitySpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A Stack Exchange data dump (SOURCES.md, {@code format: stackexchange}): {@code Posts.xml},
 * {@code Comments.xml}, {@code PostHistory.xml} and {@code Votes.xml}; each {@code <row>} is one
 * record. Posts are read twice: once to learn every post's type, owner and question, then as records.
 *
 * <p>Rules, in this order: the row's type decides whether it is skipped ({@code other_post_type},
 * {@code other_history_type}, {@code other_vote_type}); an actor that is the Community user
 * {@code -1} is skipped as {@code bot}; a missing actor (a deleted user) is quarantined
 * {@code missing_field}; a row pointing at a post absent from Posts.xml is quarantined
 * {@code bad_value}. A target whose post has no owner, or whose owner is the Community user, is left
 * empty. Times are UTC. Besides the
 * fields SOURCES.md names, comments, edits and accepts carry the question as {@code thread_id}.
 */
public final class StackExchangeAdapter {
  public static final String POSTS = "Posts.xml";
  public static final String COMMENTS = "Comments.xml";
  public static final String HISTORY = "PostHistory.xml";
  public static final String VOTES = "Votes.xml";
  static final String COMMUNITY = "-1";

  /** What the records need to know of a post. */
  record Post(String type, String owner, String parent) {
    /** The question a post belongs to: itself for a question, its parent for an answer. */
    String question(String id) {
      return "1".equals(type) ? id : parent;
    }

    /** A question or an answer: the posts that become records (other types are skipped). */
    boolean staged() {
      return "1".equals(type) || "2".equals(type);
    }
  }

  /** Opens a file of the dump by name, or returns null when it is absent. */
  public interface Files {
    InputStream open(String name) throws IOException;
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StackExchangeAdapter.class);
  private final String system;
  private final String prefix;
  private final Adapted out;
  private final Map<String, Post> posts = new HashMap<>();

  /**
   * @param system the system name the ids belong to
   * @param prefix the source's path under the input folder, for record positions
   */
  public StackExchangeAdapter(String system, String prefix) {
    this.system = system;
    this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    this.out = new Adapted(EntitySpec.collaboration());
  }

  public Adapted read(Files files) throws IOException {
    rows(files, POSTS, true, this::index);
    rows(files, POSTS, true, this::post);
    rows(files, COMMENTS, false, this::comment);
    rows(files, HISTORY, false, this::history);
    rows(files, VOTES, false, this::vote);
    return out;
  }

  /**
   * Open-community mode: the dump's own user list ({@code Users.xml}) as directory records of one
   * department, the employee id being {@code <system>:<Id>} and the hire date the account's creation
   * date; the Community user {@code -1} is left out. A dump without Users.xml has no members.
   */
  public Adapted members(Files files, String department) throws IOException {
    Adapted members = new Adapted(EntitySpec.of(io.bottomup.schema.Entity.DIRECTORY, io.bottomup.config.JobConfig.defaults()));
    try (InputStream probe = files.open("Users.xml")) {
      if (probe == null) {
        return members;
      }
    }
    rows(files, "Users.xml", true, (a, at) -> {
      String id = a.get("Id");
      if (id == null || COMMUNITY.equals(id)) {
        members.skip("bot");
        return;
      }
      Map<String, String> v = new LinkedHashMap<>();
      v.put("employee_id", system + ":" + id);
      v.put("email", id + "@" + system + ".community.invalid");
      v.put("department", department);
      String created = a.get("CreationDate");
      v.put("hire_date", created == null || created.length() < 10 ? null : created.substring(0, 10));
      // The user list holds names and profiles: only the id and the creation date are kept as raw text.
      members.add(at.file(), at.line(), "<row Id=\"" + id + "\" CreationDate=\"" + created + "\" />", v);
    });
    return members;
  }

  /**
   * What a post id names, for the rows that point at it: the first row with that id, as the duplicate
   * rule keeps it (INPUTS.md), unless that one is skipped (neither a question nor an answer) and a later
   * one is staged. A row without an id names nothing.
   */
  private void index(Map<String, String> a, Position at) {
    String id = a.get("Id");
    if (blank(id)) {
      return;
    }
    Post post = new Post(a.get("PostTypeId"), a.get("OwnerUserId"), a.get("ParentId"));
    Post before = posts.get(id);
    if (before == null || !before.staged() && post.staged()) {
      posts.put(id, post);
    }
  }

  private void post(Map<String, String> a, Position at) {
    String type = a.get("PostTypeId");
    if (!"1".equals(type) && !"2".equals(type)) {
      out.skip("other_post_type");
      return;
    }
    Map<String, String> v = base("p", a.get("Id"), a.get("CreationDate"), a.get("OwnerUserId"));
    if ("1".equals(type)) {
      v.put("action", Action.QUESTION.value());
      v.put("thread_id", a.get("Id"));
      v.put("space", firstTag(a.get("Tags")));
      emit(v, at, missing(a, "Id"), null, null);
    } else {
      v.put("action", Action.ANSWER.value());
      v.put("parent_id", id("p", a.get("ParentId")));
      v.put("thread_id", a.get("ParentId"));
      emit(v, at, missing(a, "Id", "ParentId"), a.get("ParentId"), Post::owner);
    }
  }

  private void comment(Map<String, String> a, Position at) {
    Map<String, String> v = base("c", a.get("Id"), a.get("CreationDate"), a.get("UserId"));
    v.put("action", Action.COMMENT.value());
    v.put("parent_id", id("p", a.get("PostId")));
    emit(v, at, missing(a, "Id", "PostId"), a.get("PostId"), Post::owner);
  }

  private void history(Map<String, String> a, Position at) {
    String type = a.get("PostHistoryTypeId");
    if (!"4".equals(type) && !"5".equals(type) && !"6".equals(type)) {
      out.skip("other_history_type");
      return;
    }
    Map<String, String> v = base("h", a.get("Id"), a.get("CreationDate"), a.get("UserId"));
    v.put("action", Action.EDIT.value());
    v.put("parent_id", id("p", a.get("PostId")));
    emit(v, at, missing(a, "Id", "PostId"), a.get("PostId"), Post::owner);
  }

  /** An accept vote has no voter in the dump: the actor is the question's owner, the target the answer's. */
  private void vote(Map<String, String> a, Position at) {
    if (!"1".equals(a.get("VoteTypeId"))) {
      out.skip("other_vote_type");
      return;
    }
    String postId = a.get("PostId");
    Post answer = blank(postId) ? null : posts.get(postId);
    Post question = answer == null || !"2".equals(answer.type()) ? null : posts.get(answer.question(postId));
    Map<String, String> v = base("v", a.get("Id"), a.get("CreationDate"), question == null ? null : question.owner());
    v.put("action", Action.ACCEPT.value());
    v.put("parent_id", id("p", postId));
    String missing = missing(a, "Id", "PostId");
    if (missing != null) {
      out.reject(at.file(), at.line(), at.raw(), Reason.MISSING_FIELD, missing, v);
      return;
    }
    if (question == null) {
      String why = answer == null ? " is not in " + POSTS
          : !"2".equals(answer.type()) ? " is not an answer (PostTypeId " + answer.type() + "); only an answer is accepted"
          : "'s question is not in " + POSTS;
      out.reject(at.file(), at.line(), at.raw(), Reason.BAD_VALUE, "vote " + a.get("Id") + ": post " + postId + why
          + ", so the asker cannot be known", v);
      return;
    }
    v.put("thread_id", answer.question(postId));
    v.put("target", person(answer.owner()));
    emit(v, at, null, null, null);
  }

  /**
   * Applies the bot, missing-field and absent-post rules, then adds the record; {@code missing} names
   * a required attribute the row lacks (null: none), {@code postId} is the post the row points at
   * (null: none), whose owner is the target by {@code target}.
   */
  private void emit(Map<String, String> v, Position at, String missing, String postId, Function<Post, String> target) {
    String actor = v.get("actor");
    if (COMMUNITY.equals(actor)) {
      out.skip("bot");
      return;
    }
    if (blank(actor)) {
      out.reject(at.file(), at.line(), at.raw(), Reason.MISSING_FIELD, "required field actor is missing (a deleted user)", v);
      return;
    }
    if (missing != null) {
      out.reject(at.file(), at.line(), at.raw(), Reason.MISSING_FIELD, missing, v);
      return;
    }
    if (postId != null) {
      Post post = posts.get(postId);
      if (post == null) {
        out.reject(at.file(), at.line(), at.raw(), Reason.BAD_VALUE, "post " + postId + " is not in " + POSTS
            + ", so the person helped cannot be known", v);
        return;
      }
      v.put("target", person(target.apply(post)));
      if (v.get("thread_id") == null) {
        v.put("thread_id", post.question(postId));
      }
    }
    out.add(at.file(), at.line(), at.raw(), v);
  }

  /** A dump's time: UTC without an offset ({@code 2015-01-01T10:00:00.000}). */
  private static final java.util.regex.Pattern DUMP_TIME =
      java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");

  private Map<String, String> base(String kind, String id, String created, String actor) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("event_id", id(kind, id));
    v.put("source", system);
    // Only a time written as the dumps write it gets its UTC mark: another value reaches the validator,
    // and its message, as it stands in the file.
    v.put("occurred_at", created != null && DUMP_TIME.matcher(created.strip()).matches() ? created.strip() + "Z" : created);
    v.put("actor", actor);
    return v;
  }

  /** A post's owner as a target: the Community user {@code -1} is no person helped, so none (as a deleted owner). */
  private static String person(String owner) {
    return COMMUNITY.equals(owner) ? null : owner;
  }

  /** An id of the dump as an event id ({@code p12}); none when the attribute is missing. */
  private static String id(String kind, String id) {
    return blank(id) ? null : kind + id.strip();
  }

  /** The first of {@code names} the row lacks, as a quarantine detail; null when it has them all. */
  private static String missing(Map<String, String> a, String... names) {
    for (String name : names) {
      if (blank(a.get(name))) {
        return "required attribute " + name + " is missing from the row";
      }
    }
    return null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  static String firstTag(String tags) {
    if (tags == null) {
      return null;
    }
    // Older dumps write <beer><ale>, dumps since 2024 |beer|ale|.
    char open = tags.startsWith("<") ? '<' : tags.startsWith("|") ? '|' : 0;
    if (open == 0) {
      return null;
    }
    int end = tags.indexOf(open == '<' ? '>' : '|', 1);
    return end > 1 ? tags.substring(1, end) : null;
  }

  /** Where a row is: file, line and its text as the quarantine keeps it. */
  record Position(String file, long line, String raw) {}

  private void rows(Files files, String name, boolean required, BiConsumer<Map<String, String>, Position> each) throws IOException {
    try (InputStream in = files.open(name)) {
      if (in == null) {
        if (required) {
          throw BottomupException.refused("Stack Exchange dump " + prefix + " has no " + name);
        }
        return;
      }
      java.io.PushbackInputStream data = new java.io.PushbackInputStream(in, 1);
      int first = data.read();
      if (first < 0) {
        // An empty file (0 bytes) holds no row, as an empty landing file holds no record.
        if (required) {
          throw BottomupException.refused("Stack Exchange dump " + prefix + " has an empty " + name + " (0 bytes)");
        }
        LOG.warn("file {}{} is empty (0 bytes): no rows", prefix, name);
        return;
      }
      data.unread(first);
      XMLInputFactory factory = XMLInputFactory.newFactory();
      factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
      factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
      XMLStreamReader xml = factory.createXMLStreamReader(data, "UTF-8");
      try {
        while (xml.hasNext()) {
          if (xml.next() == XMLStreamConstants.START_ELEMENT && "row".equals(xml.getLocalName())) {
            Map<String, String> attributes = new LinkedHashMap<>();
            StringBuilder raw = new StringBuilder("<row");
            for (int i = 0; i < xml.getAttributeCount(); i++) {
              attributes.put(xml.getAttributeLocalName(i), xml.getAttributeValue(i));
              raw.append(' ').append(xml.getAttributeLocalName(i)).append("=\"").append(xml.getAttributeValue(i)
                  .replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;")).append('"');
            }
            each.accept(attributes, new Position(prefix + name, xml.getLocation().getLineNumber(), raw.append(" />").toString()));
          }
        }
      } finally {
        xml.close();
      }
    } catch (XMLStreamException e) {
      javax.xml.stream.Location where = e.getLocation();
      String message = e.getMessage() == null ? "" : e.getMessage();
      // The parser's message may begin with its own position ("ParseError at [row,col]:[4,27]\nMessage: ...").
      int cut = message.lastIndexOf("Message: ");
      throw BottomupException.refused("file " + prefix + name + (where == null || where.getLineNumber() < 0 ? "" : " line "
          + where.getLineNumber() + ", column " + where.getColumnNumber()) + " is not well-formed XML: "
          + (cut >= 0 ? message.substring(cut + 9) : message).strip());
    }
  }
}
