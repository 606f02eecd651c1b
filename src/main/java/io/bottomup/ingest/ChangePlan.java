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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * What an ingest must read: everything (a full refresh, with the reason), or, incrementally, only the
 * collaboration landing files that are new or changed since the last successful ingest (compared by
 * path, size and SHA-256 with {@link LandingLedger}), plus those the late-data lookback reads again.
 *
 * <p>Collaboration is the volume, so only collaboration is incremental, and only where a record's
 * file is its unit: the canonical folder and configured {@code csv} / {@code jsonl} sources. An
 * incremental run keeps the published staging and quarantine of the small entities whose files are
 * all unchanged ({@link #unchanged}); the directory and the identity map are still read, to resolve the
 * night's people, but not written again. A small entity with a changed file is read whole. A full refresh is chosen, and said why, when the answer
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
 * @param unchanged the small entities (directory, identities, appraisals, training) whose landing files are
 *     all as the last ingest read them: an incremental run keeps their staging and quarantine (empty for a full plan)
 */
public record ChangePlan(
    boolean full,
    String reason,
    LandingLedger ledger,
    LandingLedger previousLedger,
    Set<String> changed,
    Set<String> removed,
    Set<String> reread,
    boolean othersChanged,
    Set<Entity> unchanged) {

  /**
   * Whether events staged before may be gone: a file the last run read was removed, or its content
   * changed (a new file, or one read again unchanged for the lookback, replaces nothing).
   */
  public boolean lostEvents() {
    if (!removed.isEmpty()) {
      return true;
    }
    Map<String, LandingLedger.FileEntry> before = previousLedger == null ? Map.of() : previousLedger.byPath();
    return changed.stream().anyMatch(before::containsKey);
  }

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
    return new ChangePlan(true, "full refresh: " + why, ledger, previousLedger, Set.of(), Set.of(), Set.of(), true, Set.of());
  }

  /**
   * A unit of landing files: a folder or file prefix relative to the input folder, read per file or as a
   * whole; {@code direct}: only the files directly in {@code prefix} (a canonical folder beside configured sources).
   */
  record Unit(String name, String prefix, boolean perFile, boolean direct) {
    Unit(String name, String prefix, boolean perFile) {
      this(name, prefix, perFile, false);
    }

    boolean holds(String path) {
      return path.equals(prefix) || path.startsWith(prefix + "/") && (!direct || path.indexOf('/', prefix.length() + 1) < 0);
    }
  }

  /**
   * Decides the plan. {@code recentFiles} gives the files that hold staged events of the lookback
   * window (asked only for an incremental run).
   */
  public static ChangePlan decide(RunContext ctx, Path root, Set<String> forgotten, boolean stagingExists,
      java.util.function.Function<LocalDate, Set<String>> recentFiles) {
    LandingLedger previous = LandingLedger.read(ctx.hadoop(), ctx.out().root() + "/staging/" + LEDGER);
    // A file whose stat and size are the last ledger's keeps its hash (LandingLedger.scan): a night hashes its new files only.
    List<LandingLedger.FileEntry> now = LandingLedger.scan(ctx.hadoop(), root, previous == null ? Map.of() : previous.byPath());
    String fingerprint = LandingLedger.sha256(ctx.config().stagingFingerprint()
        + ";key=" + ctx.pseudonymizer().pseudonym(Pseudonymizer.PERSON, "bottomup-landing-ledger")
        + ";forgotten=" + new TreeSet<>(forgotten) + ";" + io.bottomup.schema.StagingSchemas.fingerprint());
    LandingLedger ledger = new LandingLedger(ctx.runDate().toString(), fingerprint, now);
    ChangePlan full = new ChangePlan(true, "", ledger, previous, Set.of(), Set.of(), Set.of(), true, Set.of());
    if (ctx.fullRefresh()) {
      return full.asFull("--full-refresh");
    }
    if (previous == null || !stagingExists) {
      return full.asFull("no earlier ingest in this output folder");
    }
    if (!previous.fingerprint().equals(fingerprint)) {
      return full.asFull("the sources, retention, rating scale, pseudonym key, forgotten people or staging's version "
          + "changed since the last run");
    }
    if (ctx.runDate().isBefore(LocalDate.parse(previous.runDate()))) {
      return full.asFull("the run date is earlier than the last run's (" + previous.runDate() + ")");
    }
    if (ctx.config().openCommunity()) {
      return full.asFull("open-community mode reads its dump as a whole");
    }
    List<Unit> collaboration = units(ctx.config().sources(), Entity.COLLABORATION);
    List<Unit> people = new ArrayList<>(units(ctx.config().sources(), Entity.DIRECTORY));
    people.addAll(units(ctx.config().sources(), Entity.IDENTITIES));
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
    // The directory and the identity map are unchanged here: a change to them made the plan a full one.
    Set<Entity> unchanged = java.util.EnumSet.of(Entity.DIRECTORY, Entity.IDENTITIES);
    List<String> rereadWhole = new ArrayList<>();
    for (Entity e : List.of(Entity.APPRAISALS, Entity.TRAINING)) {
      List<Unit> units = units(ctx.config().sources(), e);
      if (touched.stream().noneMatch(path -> units.stream().anyMatch(u -> u.holds(path)))) {
        unchanged.add(e);
      } else {
        rereadWhole.add(e.folder());
      }
    }
    String reason = String.format(java.util.Locale.ROOT,
        "incremental: %d collaboration file(s) new or changed, %d removed, %d read again for the %d-day lookback; %d of %d landing files unchanged%s",
        changed.size(), removed.size(), recent.size(), lookback, after.size() - differ.size(), after.size(),
        rereadWhole.isEmpty() ? "" : "; " + String.join(" and ", rereadWhole) + " changed (read whole)");
    return new ChangePlan(false, reason, ledger, previous, changed, removed, reread, others, unchanged);
  }

  /**
   * An entity's units of landing files, in the order its sources are read: its canonical folder
   * (collaboration's read per file) unless a configured source reads it ({@link SourceReader#readsCanonical}),
   * then its configured sources.
   */
  private static List<Unit> units(List<SourceConfig> sources, Entity entity) {
    List<Unit> units = new ArrayList<>();
    if (SourceReader.readsCanonical(sources, entity)) {
      boolean collaboration = entity == Entity.COLLABORATION;
      units.add(new Unit(collaboration ? "canonical" : entity.folder(), entity.folder(), collaboration,
          SourceReader.configures(sources, entity)));
    }
    for (SourceConfig s : sources) {
      if (s.entity() == entity) {
        units.add(new Unit(s.name(), normalise(s.path()), perFile(s)));
      }
    }
    return units;
  }

  /**
   * The position in configuration order of the collaboration source whose files hold {@code file} (a
   * path relative to the input folder, as staged): a full run keeps the earlier source's record of a
   * key two sources hold. 0 for the canonical folder; null for a file no source holds.
   */
  static Column sourceOrder(List<SourceConfig> sources, Column file) {
    List<Unit> units = units(sources, Entity.COLLABORATION);
    Column order = functions.lit(null).cast("int");
    for (int i = units.size() - 1; i >= 0; i--) {
      // As Unit.holds, as a column.
      Unit unit = units.get(i);
      Column held = file.equalTo(unit.prefix()).or(file.startsWith(unit.prefix() + "/"));
      if (unit.direct()) {
        held = held.and(functions.not(file.substr(unit.prefix().length() + 2, Integer.MAX_VALUE).contains("/")));
      }
      order = functions.when(held, i).otherwise(order);
    }
    return order;
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
