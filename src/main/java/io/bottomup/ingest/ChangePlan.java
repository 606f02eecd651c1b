package io.bottomup.ingest;

import io.bottomup.RunContext;
import io.bottomup.config.SourceConfig;
import io.bottomup.privacy.Pseudonymizer;
import io.bottomup.schema.Entity;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;

/**
 * What an ingest must read: everything (a full refresh, with the reason), or, incrementally, only the
 * collaboration landing files that are new or changed since the last successful ingest (compared by
 * path, size and SHA-256 with {@link LandingLedger}), plus those the late-data lookback reads again.
 *
 * <p>Collaboration is the volume, so only collaboration is incremental, and only where a record's
 * file is its unit: the canonical folder and configured {@code csv} / {@code jsonl} sources. The
 * small entities are read whole every run. A full refresh is chosen, and said why, when the answer
 * could differ otherwise: the first run, {@code --full-refresh}, a changed source configuration,
 * retention, pseudonym key or list of forgotten people, a run date earlier than the last run's, a
 * changed directory or identity map (every person is resolved again), or a changed source that is
 * read as a whole (Stack Exchange, Slack, xAPI, xlsx).
 *
 * @param full read every landing file
 * @param reason why full, or what the incremental run reads
 * @param ledger the landing files now, to publish with the staging this run writes
 * @param previousLedger the ledger of the staging in place (null on a first run)
 * @param changed collaboration files new or changed since the last run
 * @param removed collaboration files the last run read that are gone
 * @param reread every collaboration file to read: changed ones and the lookback's
 * @param othersChanged a training or appraisal file (or another file) changed, so person-months are recomputed whole
 */
public record ChangePlan(
    boolean full,
    String reason,
    LandingLedger ledger,
    LandingLedger previousLedger,
    Set<String> changed,
    Set<String> removed,
    Set<String> reread,
    boolean othersChanged) {

  /** Files whose staged rows an incremental run replaces (re-read ones) or drops (removed ones). */
  public Set<String> replacedFiles() {
    Set<String> all = new TreeSet<>(reread);
    all.addAll(removed);
    return all;
  }

  public boolean incremental() {
    return !full;
  }

  /** The same plan, made a full refresh for {@code why}. */
  public ChangePlan asFull(String why) {
    return new ChangePlan(true, "full refresh: " + why, ledger, previousLedger, Set.of(), Set.of(), Set.of(), true);
  }

  /** A unit of landing files: a folder or file prefix relative to the input folder, read per file or as a whole. */
  record Unit(String name, String prefix, boolean perFile) {
    boolean holds(String path) {
      return path.equals(prefix) || path.startsWith(prefix + "/");
    }
  }

  /**
   * Decides the plan. {@code recentFiles} gives the files that hold staged events of the lookback
   * window (asked only for an incremental run).
   */
  public static ChangePlan decide(RunContext ctx, Path root, Set<String> forgotten, boolean stagingExists,
      java.util.function.Function<LocalDate, Set<String>> recentFiles) {
    List<LandingLedger.FileEntry> now = LandingLedger.scan(ctx.hadoop(), root);
    String fingerprint = LandingLedger.sha256(ctx.config().stagingFingerprint()
        + ";key=" + ctx.pseudonymizer().pseudonym(Pseudonymizer.PERSON, "bottomup-landing-ledger")
        + ";forgotten=" + new TreeSet<>(forgotten));
    LandingLedger ledger = new LandingLedger(ctx.runDate().toString(), fingerprint, now);
    LandingLedger previous = LandingLedger.read(ctx.hadoop(), ctx.out().root() + "/staging/" + LEDGER);
    ChangePlan full = new ChangePlan(true, "", ledger, previous, Set.of(), Set.of(), Set.of(), true);
    if (ctx.fullRefresh()) {
      return full.asFull("--full-refresh");
    }
    if (previous == null || !stagingExists) {
      return full.asFull("no earlier ingest in this output folder");
    }
    if (!previous.fingerprint().equals(fingerprint)) {
      return full.asFull("the sources, retention, rating scale, pseudonym key or forgotten people changed since the last run");
    }
    if (ctx.runDate().isBefore(LocalDate.parse(previous.runDate()))) {
      return full.asFull("the run date is earlier than the last run's (" + previous.runDate() + ")");
    }
    if (ctx.config().openCommunity()) {
      return full.asFull("open-community mode reads its dump as a whole");
    }
    List<Unit> collaboration = new ArrayList<>();
    List<Unit> people = new ArrayList<>();
    for (SourceConfig s : ctx.config().sources()) {
      Unit unit = new Unit(s.name(), normalise(s.path()), perFile(s));
      if (s.entity() == Entity.COLLABORATION) {
        collaboration.add(unit);
      } else if (s.entity() == Entity.DIRECTORY || s.entity() == Entity.IDENTITIES) {
        people.add(unit);
      }
    }
    if (collaboration.isEmpty()) {
      collaboration.add(new Unit("canonical", Entity.COLLABORATION.folder(), true));
    }
    for (Entity e : List.of(Entity.DIRECTORY, Entity.IDENTITIES)) {
      if (!SourceReader.configures(ctx.config().sources(), e)) {
        people.add(new Unit(e.folder(), e.folder(), false));
      }
    }
    Map<String, LandingLedger.FileEntry> before = previous.byPath();
    Map<String, LandingLedger.FileEntry> after = ledger.byPath();
    Set<String> differ = new TreeSet<>();
    after.forEach((path, f) -> {
      LandingLedger.FileEntry old = before.get(path);
      if (old == null || old.size() != f.size() || !old.sha256().equals(f.sha256())) {
        differ.add(path);
      }
    });
    Set<String> gone = new TreeSet<>(before.keySet());
    gone.removeAll(after.keySet());
    Set<String> touched = new TreeSet<>(differ);
    touched.addAll(gone);
    Set<String> changed = new TreeSet<>();
    Set<String> removed = new TreeSet<>();
    boolean others = false;
    for (String path : touched) {
      Unit unit = collaboration.stream().filter(u -> u.holds(path)).findFirst().orElse(null);
      if (people.stream().anyMatch(u -> u.holds(path))) {
        return full.asFull("the directory or identity map changed (" + path + "): every person is resolved again");
      } else if (unit != null && !unit.perFile()) {
        return full.asFull("source '" + unit.name() + "' changed (" + path + ") and is read as a whole");
      } else if (unit != null) {
        (gone.contains(path) ? removed : changed).add(path);
      } else {
        others = true;
      }
    }
    Set<String> reread = new TreeSet<>(changed);
    int lookback = ctx.config().lookbackDays();
    Set<String> recent = new TreeSet<>();
    if (lookback > 0) {
      for (String path : recentFiles.apply(ctx.runDate().minusDays(lookback))) {
        if (after.containsKey(path) && collaboration.stream().anyMatch(u -> u.perFile() && u.holds(path)) && !reread.contains(path)) {
          recent.add(path);
        }
      }
      reread.addAll(recent);
    }
    String reason = String.format(java.util.Locale.ROOT,
        "incremental: %d collaboration file(s) new or changed, %d removed, %d read again for the %d-day lookback; %d of %d landing files unchanged%s",
        changed.size(), removed.size(), recent.size(), lookback, after.size() - differ.size(), after.size(),
        others ? "; training or appraisal files changed (read whole, as every run)" : "");
    return new ChangePlan(false, reason, ledger, previous, changed, removed, reread, others);
  }

  /** Whether a source's records each come from one file, so it can be read file by file. */
  static boolean perFile(SourceConfig source) {
    return source.format().equals(SourceConfig.CSV) || source.format().equals(SourceConfig.JSONL);
  }

  /** The ledger's file name in {@code staging/}. */
  public static final String LEDGER = "_landing.json";

  /** A configured path as the ledger spells it: relative, without {@code ./} or a trailing slash. */
  static String normalise(String path) {
    String p = path.replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    return p.replaceAll("/+$", "");
  }
}
