package io.bottomup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bottomup.BottomupException;
import io.bottomup.io.OutputLayout;
import io.bottomup.io.RunHistory;
import io.bottomup.report.Manifest;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;

/** The operator's commands: {@code status} (the last runs from {@code _runs/}) and {@code backfill}. */
final class Operations {
  private Operations() {}

  /**
   * Prints the last {@code last} runs: date, status, how ingest read (incremental or full), records
   * read/staged/quarantined/skipped, duration; then the lock, when a run holds it or died holding it.
   */
  static void status(String out, int last, PrintStream print) {
    List<JsonNode> runs = new RunHistory(new Configuration(), new OutputLayout(out)).runs();
    if (runs.isEmpty()) {
      print.println("status: no runs recorded in " + out + "/_runs/" + RunHistory.FILE);
    } else {
      print.printf(Locale.ROOT, "%-10s  %-19s  %-11s  %-20s  %10s  %10s  %11s  %9s  %8s%n", "run date", "status", "ingest",
          "started (UTC)", "read", "staged", "quarantined", "skipped", "duration");
      runs.subList(Math.max(0, runs.size() - last), runs.size()).forEach(run -> print.println(line(run)));
    }
    String lock = io.bottomup.io.RunLock.describe(new Configuration(), new OutputLayout(out));
    if (lock != null) {
      print.println("status: " + lock);
    }
  }

  /** One run's line: date, status, ingest mode, start, the records summed over its sources, duration. */
  private static String line(JsonNode run) {
    long read = 0;
    long staged = 0;
    long quarantined = 0;
    long skipped = 0;
    for (JsonNode s : run.path("sources")) {
      read += s.path("read").asLong();
      staged += s.path("staged").asLong();
      quarantined += s.path("quarantined").asLong();
      skipped += s.path("skipped").asLong();
    }
    return String.format(Locale.ROOT, "%-10s  %-19s  %-11s  %-20s  %,10d  %,10d  %,11d  %,9d  %8s", run.path("run_date").asText(),
        run.path("status").asText(), ingestMode(run), run.path("started_at").asText(), read, staged, quarantined, skipped,
        duration(run.path("started_at").asText(), run.path("finished_at").asText()));
  }

  /** {@code incremental} or {@code full} for a run that ingested, {@code –} for one that did not (model, report, forget). */
  static String ingestMode(JsonNode run) {
    for (JsonNode check : run.path("checks")) {
      if (io.bottomup.VolumeCheck.MODE_CHECK.equals(check.path("name").asText())) {
        return check.path("detail").asText().startsWith(io.bottomup.VolumeCheck.INCREMENTAL) ? "incremental" : "full";
      }
    }
    return "–";
  }

  static String duration(String start, String end) {
    try {
      long s = Duration.between(Instant.parse(start), Instant.parse(end)).toSeconds();
      return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    } catch (RuntimeException e) {
      return "–";
    }
  }

  /**
   * Runs each date from {@code from} to {@code to} in order. Resumable: a date whose latest recorded
   * run succeeded is skipped, so after a failure the same command continues where it stopped. Stops
   * at the first failure (its exit code is the command's); prints one summary at the end. {@code conf}
   * is the session's: the first configuration that opens a local path decides the JVM's local file
   * system (Hadoop caches it), and only the session's names {@link io.bottomup.io.LocalFiles}.
   */
  static int backfill(Configuration conf, LocalDate from, LocalDate to, String out, Function<LocalDate, Manifest> run,
      PrintStream print) {
    if (to.isBefore(from)) {
      throw BottomupException.refused("--to " + to + " is before --from " + from);
    }
    Map<String, String> latest = new LinkedHashMap<>();
    for (JsonNode recorded : new RunHistory(conf, new OutputLayout(out)).runs()) {
      latest.put(recorded.path("run_date").asText(), recorded.path("status").asText());
    }
    List<String> summary = new ArrayList<>();
    int exit = 0;
    int ran = 0;
    int skipped = 0;
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      if (Manifest.SUCCEEDED.equals(latest.get(d.toString()))) {
        summary.add(d + "  already succeeded, skipped");
        skipped++;
        continue;
      }
      long start = System.nanoTime();
      try {
        Manifest m = run.apply(d);
        summary.add(String.format(Locale.ROOT, "%s  %s in %.0f s", d, m.status(), (System.nanoTime() - start) / 1e9));
        ran++;
      } catch (RuntimeException e) {
        BottomupException known = e instanceof BottomupException b ? b : null;
        exit = known != null ? known.exitCode() : BottomupException.EXIT_FAILED;
        summary.add(d + "  failed (exit " + exit + "): " + (known != null ? known.getMessage() : e.toString()));
        summary.add("stopped; run the same backfill again to resume from " + d);
        break;
      }
    }
    print.println("backfill " + from + " to " + to + ": " + ran + " run, " + skipped + " already done"
        + (exit == 0 ? "" : ", stopped at a failure"));
    summary.forEach(line -> print.println("  " + line));
    return exit;
  }
}
