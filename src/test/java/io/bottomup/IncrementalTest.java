package io.bottomup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.cli.Main;
import io.bottomup.generate.SampleGenerator;
import io.bottomup.privacy.Pseudonymizer;
import io.bottomup.report.Manifest;
import io.bottomup.tools.CompareMarts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten nightly runs over a growing landing folder give the marts, staging and quarantine of one full
 * refresh of the final folder. The nights add a day's files each, and also: late events in a file of
 * their own, a file changed in place, a file removed and its rows landed under another name, a
 * duplicate of a staged event, and one file that forces a full refresh (it sorts before a staged
 * duplicate of its event). After night 2 a person is forgotten ({@code forget}): no trace of their
 * pseudonym remains in staging or marts, then or after any later night.
 */
class IncrementalTest extends SparkTest {
  static final String KEY = "incremental-test-key";
  static final LocalDate END = LocalDate.of(2026, 4, 30);
  static final int NIGHTS = 10;
  static final LocalDate FIRST = END.minusDays(NIGHTS);
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  @TempDir Path dir;

  /** A collaboration file's lines by the date bucket they land in ({@code null}: history), header apart. */
  record Split(String header, Map<LocalDate, List<String>> byDay) {}

  /** Lines by the first date they mention; lines without one stay with the line before (a record spanning lines). */
  static Split split(Path file, boolean csv) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String header = csv ? lines.remove(0) : null;
    Map<LocalDate, List<String>> byDay = new TreeMap<>((a, b) -> a == null ? (b == null ? 0 : -1) : b == null ? 1 : a.compareTo(b));
    LocalDate bucket = null;
    for (String line : lines) {
      Matcher m = DATE.matcher(line);
      if (m.find()) {
        LocalDate d = LocalDate.parse(m.group());
        bucket = d.isAfter(FIRST) ? d : null;
      }
      byDay.computeIfAbsent(bucket, k -> new ArrayList<>()).add(line);
    }
    return new Split(header, byDay);
  }

  private static void write(Path file, String header, List<String> lines) throws IOException {
    StringBuilder s = new StringBuilder();
    if (header != null) {
      s.append(header).append('\n');
    }
    lines.forEach(l -> s.append(l).append('\n'));
    Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
  }

  private static Manifest lastManifest(Path out) throws IOException {
    List<String> runs = Files.readAllLines(out.resolve("_runs/history.jsonl"));
    return Manifest.fromJson(runs.get(runs.size() - 1).getBytes(StandardCharsets.UTF_8));
  }

  private static String mode(Manifest m) {
    return m.checks().stream().filter(c -> c.name().equals(VolumeCheck.MODE_CHECK)).findFirst().orElseThrow().detail();
  }

  private List<String> rowsOf(Path table, String... drop) {
    List<String> rows = new ArrayList<>();
    for (Row r : spark.read().parquet(table.toString()).drop(drop).collectAsList()) {
      rows.add(r.toString());
    }
    rows.sort(null);
    return rows;
  }

  /** Every string cell of every table under a folder that equals the pseudonym. */
  private long traces(Path folder, String pseudonym) throws IOException {
    long found = 0;
    try (Stream<Path> tables = Files.list(folder)) {
      for (Path table : tables.filter(Files::isDirectory).toList()) {
        org.apache.spark.sql.Dataset<Row> rows = spark.read().parquet(table.toString());
        org.apache.spark.sql.Column any = org.apache.spark.sql.functions.lit(false);
        for (org.apache.spark.sql.types.StructField f : rows.schema().fields()) {
          if (f.dataType().typeName().equals("string")) {
            any = any.or(org.apache.spark.sql.functions.coalesce(rows.col(f.name()).equalTo(pseudonym),
                org.apache.spark.sql.functions.lit(false)));
          }
        }
        found += rows.filter(any).count();
      }
    }
    return found;
  }

  private static String partFile(Path partition) throws IOException {
    try (Stream<Path> files = Files.list(partition)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")).sorted().toList().toString();
    }
  }

  private static final Pattern FIELD = Pattern.compile("\"(event_id|actor|action|occurred_at|thread_id|parent_id)\":\"([^\"]*)\"");

  /**
   * An answer on {@code day} to a question of an earlier month that had none: its first answer changes
   * in a month the night's facts do not otherwise touch.
   */
  static String lateAnswer(List<String> history, LocalDate day) {
    Map<String, Map<String, String>> questions = new LinkedHashMap<>();
    java.util.Set<String> answered = new java.util.HashSet<>();
    for (String line : history) {
      Map<String, String> f = new java.util.HashMap<>();
      Matcher m = FIELD.matcher(line);
      while (m.find()) {
        f.put(m.group(1), m.group(2));
      }
      if (f.get("occurred_at") == null || f.get("event_id") == null || f.get("actor") == null) {
        continue; // a planted fault
      }
      if ("question".equals(f.get("action")) && f.get("occurred_at").compareTo(day.withDayOfMonth(1).toString()) < 0) {
        questions.put(f.get("event_id"), f);
      } else if ("answer".equals(f.get("action"))) {
        answered.add(f.get("thread_id"));
        answered.add(f.get("parent_id"));
      }
    }
    Map<String, String> q = questions.values().stream().filter(f -> !answered.contains(f.get("event_id"))).findFirst().orElseThrow();
    String answerer = questions.values().stream().map(f -> f.get("actor")).filter(a -> !a.equals(q.get("actor"))).findFirst().orElseThrow();
    return "{\"event_id\":\"" + q.get("event_id") + "-late\",\"source\":\"qa\",\"occurred_at\":\"" + day + "T12:00:00Z\","
        + "\"actor\":\"" + answerer + "\",\"action\":\"answer\",\"thread_id\":\"" + q.get("event_id") + "\",\"parent_id\":\""
        + q.get("event_id") + "\",\"space\":\"late\",\"size\":42}";
  }

  @Test
  void tenNightlyRunsEqualOneFullRefresh() throws IOException {
    Path generated = dir.resolve("generated");
    new SampleGenerator(60, 3, 11, END).write(generated);
    Path in = dir.resolve("in");
    Path collaboration = in.resolve("collaboration");
    Files.createDirectories(collaboration);
    for (String entity : List.of("directory", "identities", "appraisals", "training")) {
      Files.createDirectories(in.resolve(entity));
      try (Stream<Path> files = Files.list(generated.resolve(entity))) {
        for (Path f : files.toList()) {
          Files.copy(f, in.resolve(entity).resolve(f.getFileName()));
        }
      }
    }
    // The training export gains its last record in place on night 5: training is read again that night,
    // the other small entities are kept as published.
    Path training = in.resolve("training/training.csv");
    List<String> trainingLines = Files.readAllLines(training, StandardCharsets.UTF_8);
    String lateTraining = trainingLines.remove(trainingLines.size() - 1);
    write(training, null, trainingLines);
    Map<String, Split> sources = new LinkedHashMap<>();
    sources.put("chat.csv", split(generated.resolve("collaboration/chat.csv"), true));
    sources.put("qa.jsonl", split(generated.resolve("collaboration/qa.jsonl"), false));
    sources.put("wiki.jsonl", split(generated.resolve("collaboration/wiki.jsonl"), false));
    sources.forEach((name, split) -> {
      try {
        write(collaboration.resolve(name.replace(".", "-0-history.")), split.header(), split.byDay().getOrDefault(null, List.of()));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    Split chat = sources.get("chat.csv");
    Split qa = sources.get("qa.jsonl");
    List<String> lateChat = chat.byDay().get(FIRST.plusDays(2)).subList(0, 2);
    List<String> heldQa = qa.byDay().get(FIRST.plusDays(5)).subList(0, 1);
    String lateAnswer = lateAnswer(qa.byDay().get(null), END); // on the last night: nights 3 and 9 rebuild everything

    // The forgotten person: an employee who asks and answers (so their pseudonym is in the facts).
    String[] person = Files.readAllLines(in.resolve("directory/employees.csv")).get(1).split(",");
    String employee = person[0];
    String repeated = sources.get("wiki.jsonl").byDay().get(null).stream().filter(l -> !l.contains(person[1]))
        .skip(3).findFirst().orElseThrow();
    String pseudonym = new Pseudonymizer(KEY).pseudonym(Pseudonymizer.PERSON, employee);
    Path out = dir.resolve("nightly");
    Map<String, String> env = Map.of(Pseudonymizer.KEY_ENV, KEY);
    String quietDay = "event_date=" + FIRST.minusDays(20);
    String before = null;
    List<String> modes = new ArrayList<>();
    for (int night = 0; night <= NIGHTS; night++) {
      LocalDate day = FIRST.plusDays(night);
      int added = 0;
      if (night > 0) {
        for (Map.Entry<String, Split> s : sources.entrySet()) {
          List<String> lines = new ArrayList<>(s.getValue().byDay().getOrDefault(day, List.of()));
          if (night == 2 && s.getKey().equals("chat.csv")) {
            lines.removeAll(lateChat); // these arrive late, on night 4
          }
          if (night == 5 && s.getKey().equals("qa.jsonl")) {
            lines.removeAll(heldQa); // the export is completed in place on night 6
          }
          if (!lines.isEmpty()) {
            added++;
            write(collaboration.resolve(s.getKey().replace(".", "-" + day + ".")), s.getValue().header(), lines);
          }
        }
      }
      switch (night) {
        case 4 -> write(collaboration.resolve("chat-late-a.csv"), chat.header(), lateChat);
        case 5 -> Files.writeString(training, lateTraining + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        case 6 -> {
          Path changed = collaboration.resolve("qa-" + FIRST.plusDays(5) + ".jsonl");
          Files.writeString(changed, heldQa.get(0) + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        }
        case 7 -> {
          Files.delete(collaboration.resolve("chat-late-a.csv"));
          write(collaboration.resolve("chat-late-b.csv"), chat.header(), lateChat);
        }
        case 8 -> write(collaboration.resolve("wiki-zz-again.jsonl"), null,
            List.of(repeated));
        case NIGHTS -> write(collaboration.resolve("qa-late-answer.jsonl"), null, List.of(lateAnswer));
        case 9 -> write(collaboration.resolve("chat-0-aaa.csv"), chat.header(), List.of(chat.byDay().get(null).get(5)));
        default -> { }
      }
      // The nights run ingest and model as two tasks (analysis is a whole recomputation from the marts);
      // the last night runs everything.
      String[] args = {"ingest", "--input", in.toString(), "--out", out.toString(), "--run-date", day.toString()};
      if (night == NIGHTS) {
        args[0] = "run";
      }
      assertEquals(0, Main.run(env, args), "night " + night);
      Manifest m = lastManifest(out);
      modes.add(mode(m));
      assertTrue(m.sources().stream().allMatch(io.bottomup.ingest.SourceCounts::reconciles), "night " + night);
      int extra = switch (night) {
        case 4, 6, 7, NIGHTS -> 1;
        case 8 -> 1;
        default -> 0;
      };
      if (night > 0 && night != 3 && night != 9) {
        assertTrue(modes.get(night).startsWith("incremental: " + (added + extra) + " collaboration file(s) new or changed, "
            + (night == 7 ? 1 : 0) + " removed"), "night " + night + ": " + modes.get(night));
      }
      if (night < NIGHTS) {
        args[0] = "model";
        assertEquals(0, Main.run(env, args), "night " + night + ", model");
      }
      if (night > 0 && night != 3 && night != 9) {
        // An incremental night keeps the small entities whose files did not change, with the counts of
        // the ingest that read them; training is read again on night 5, when its file changed.
        for (io.bottomup.ingest.SourceCounts c : m.sources()) {
          boolean read = c.entity().equals("collaboration") || night == 5 && c.entity().equals("training");
          LocalDate lastRead = night < 3 ? FIRST : night > 9 ? FIRST.plusDays(9)
              : night > 5 && c.entity().equals("training") ? FIRST.plusDays(5) : FIRST.plusDays(3);
          assertEquals(read ? null : lastRead.toString(), c.unchangedSince(), "night " + night + ", " + c.entity());
        }
        assertEquals(night == 5, modes.get(night).contains("training changed (read whole)"), modes.get(night));
      }
      if (night == 2) {
        assertTrue(traces(out.resolve("staging"), pseudonym) > 0, "the person is there before");
        assertTrue(traces(out.resolve("marts"), pseudonym) > 0);
        assertEquals(0, Main.run(env, "forget", "--out", out.toString(), "--run-date", day.toString(), "--employee-id", employee));
        assertEquals(List.of(pseudonym), Files.readAllLines(out.resolve("_runs/" + Erasure.FORGOTTEN)), "the pseudonym, never the id");
        assertTrue(Files.readString(out.resolve("_runs/history.jsonl")).contains("person(s) forgotten"), "logged in _runs/");
        assertTrue(Files.readString(out.resolve("_runs/history.jsonl")).contains("staging row(s) removed: directory 1, identities "),
            "the rows removed, per entity");
      }
      if (night == 2 || night == 3 || night == NIGHTS) {
        assertEquals(0, traces(out.resolve("staging"), pseudonym), "staging after night " + night);
        assertEquals(0, traces(out.resolve("marts"), pseudonym), "marts after night " + night);
      }
      if (night == 3) {
        assertTrue(modes.get(3).startsWith("full refresh: the sources, retention, rating scale, pseudonym key, forgotten people "
            + "or staging's version"), modes.get(3));
        io.bottomup.ingest.SourceCounts directory = m.sources().stream().filter(c -> c.entity().equals("directory"))
            .findFirst().orElseThrow();
        assertEquals(1L, directory.skippedByReason().get("forgotten"), "the landing folder still holds the person");
      }
      if (night >= 4 && night <= 8) {
        // From night 3 the lookback no longer reaches the history files, so old days are not read again.
        assertEquals(before, partFile(out.resolve("staging/stg_collaboration").resolve(quietDay)),
            "an incremental night leaves the staging days it does not touch as they were");
      }
      before = partFile(out.resolve("staging/stg_collaboration").resolve(quietDay));
    }
    assertTrue(modes.get(0).startsWith("full refresh: no earlier ingest"), modes.get(0));
    assertTrue(modes.get(9).startsWith("full refresh: a new or changed file holds an event already staged"), modes.get(9));

    Path full = dir.resolve("full");
    Files.createDirectories(full.resolve("_runs"));
    Files.copy(out.resolve("_runs/" + Erasure.FORGOTTEN), full.resolve("_runs/" + Erasure.FORGOTTEN));
    assertEquals(0, Main.run(env, "run", "--input", in.toString(), "--out", full.toString(), "--run-date", END.toString()));
    assertTrue(mode(lastManifest(full)).startsWith("full refresh"));
    assertEquals(List.of(), CompareMarts.differences(out.toString(), full.toString()), "marts after ten nights = marts of one full refresh");
    assertEquals(rowsOf(full.resolve("staging/stg_collaboration")), rowsOf(out.resolve("staging/stg_collaboration")));
    for (String entity : List.of("directory", "identities", "appraisals", "training")) {
      assertEquals(rowsOf(full.resolve("staging/stg_" + entity)), rowsOf(out.resolve("staging/stg_" + entity)), entity);
      assertEquals(rowsOf(full.resolve("quarantine/" + entity), "run_date"), rowsOf(out.resolve("quarantine/" + entity), "run_date"),
          entity);
    }
    Map<String, io.bottomup.ingest.SourceCounts> kept = new TreeMap<>();
    lastManifest(out).sources().forEach(c -> kept.put(c.entity(), c.withUnchangedSince(null)));
    lastManifest(full).sources().stream().filter(c -> !c.entity().equals("collaboration"))
        .forEach(c -> assertEquals(c, kept.get(c.entity()), "the last night's counts of " + c.entity() + " are a full read's"));
    List<String> quarantine = rowsOf(full.resolve("quarantine/collaboration"), "run_date");
    assertEquals(quarantine, rowsOf(out.resolve("quarantine/collaboration"), "run_date"));
    assertTrue(quarantine.stream().anyMatch(r -> r.contains("wiki-zz-again.jsonl") && r.contains("duplicate")),
        "the repeated event is quarantined as a duplicate of the staged one: " + quarantine);
    String lateQuestion = lateAnswer.replaceFirst(".*\"parent_id\":\"([^\"]*)\".*", "$1");
    Row late = spark.read().parquet(out.resolve("marts/fct_question").toString())
        .filter(org.apache.spark.sql.functions.col("event_id").equalTo(lateQuestion)).first();
    assertTrue(late.<String>getAs("month").compareTo("2026-04") < 0, "a question of an earlier month: " + late);
    assertEquals(java.sql.Timestamp.from(java.time.Instant.parse(END + "T12:00:00Z")), late.getAs("first_answer_at"),
        "answered on the last night, in the nightly facts too");
  }
}
