package io.bottomup.analyze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.bottomup.RunContext;
import io.bottomup.ingest.LandingLedger;
import io.bottomup.io.JsonFiles;
import io.bottomup.io.Tables;
import io.bottomup.model.ModelStage;
import io.bottomup.schema.Columns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monthly aggregates before suppression ({@code mart_learning_monthly}'s, {@code mart_department_month}'s
 * and {@code mart_question_flow}'s), kept between runs beside the marts so that a night aggregates
 * only the months whose facts it changed, not the whole history again.
 *
 * <p>A month's learning aggregates read that month's rows of {@code fct_person_month} and {@code fct_question}
 * only (the questions of employed askers, grouped by month or month and department), the configured
 * minutes per action, and the run date, which decides which questions' seven days have passed. So a
 * kept month is used again when the Parquet files of its two fact folders are the ones it was
 * aggregated from (the model rewrites a month's folder with new file names whenever it recomputes it),
 * the minutes and this code's version are the same, and no question of the month can have changed from
 * undecided to decided since the last run date. Every other month is aggregated again; with nothing
 * kept, or the run date earlier than the kept one, all are.
 *
 * <p>The department-month aggregates also count the people on the Q&amp;A platform ({@link
 * DifferenceInDifferences#QA_PEOPLE}), from which the difference-in-differences dates each department's
 * adoption without reading every person-month of the history again.
 *
 * <p>The question flow's aggregates ({@value #QUESTION_FLOW}, {@code mart_question_flow}'s before
 * suppression) are kept the same way, per month of the questions. A month's flow also reads the views,
 * accepts and answers of its questions' threads, which may come in any later month; so besides the
 * months above, a night aggregates again the months of the questions whose thread (or id) the views,
 * accepts and answers of the {@code fct_collaboration} months it rewrote name, as those months were
 * before ({@code marts/} as published, which the kept flow was computed from) and as they are now
 * ({@link #flowMonths}). When the published {@code fct_collaboration} is no longer what the kept flow
 * read (a {@code model} run as its own task published since), every month's flow is aggregated again.
 *
 * <p>Each review transition's exposure ({@value #EXPOSURE}, {@link #exposure}) is kept too: it counts
 * the person's actions between two reviews, so it stays while no {@code fct_collaboration} month its
 * window reaches has files that changed.
 *
 * <p>The tables ({@value #MONTHLY}, {@value #DEPARTMENT_MONTH}, {@value #QUESTION_FLOW}, {@value #EXPOSURE}) and {@value #STATE}
 * are hidden names in {@code marts/}: the analysis's working state, published with the marts and not
 * part of the contract.
 */
final class KeptAggregates {
  private static final Logger LOG = LoggerFactory.getLogger(KeptAggregates.class);
  static final String MONTHLY = "_agg_learning_monthly";
  static final String DEPARTMENT_MONTH = "_agg_department_month";
  static final String QUESTION_FLOW = "_agg_question_flow";
  static final String EXPOSURE = "_agg_exposure";
  static final String STATE = "_agg_state.json";
  /**
   * Raise it when a change to the aggregation gives a month other values than before. 5: the
   * department-month aggregates count the people on the Q&amp;A platform too ({@link DifferenceInDifferences#QA_PEOPLE}).
   * 6: the learning aggregates count the askers with an answered question ({@link LearningMetrics#ANSWERED_ASKERS}).
   */
  static final int VERSION = 6;

  /**
   * What the kept aggregates were computed from: per month, a digest of its facts' file listing; and
   * the months the run that wrote them aggregated again (the others it read from the tables kept before);
   * per month of {@code fct_collaboration}, a digest of its files; the months of the question flow
   * aggregated again; and how many transitions' exposure was counted again, from the facts of which
   * month on (null: every month, or none counted again).
   */
  record State(int version, String minutes, @JsonProperty("run_date") String runDate, SortedMap<String, String> months,
      Set<String> aggregated, SortedMap<String, String> collaboration, @JsonProperty("flow_aggregated") Set<String> flowAggregated,
      @JsonProperty("exposure_recounted") Long exposureRecounted, @JsonProperty("exposure_facts_from") String exposureFactsFrom) {}

  private final RunContext ctx;
  private final String minutes;
  /** Each month of {@code fct_person_month} the run sees, with the digest of its facts' files. */
  private final SortedMap<String, String> months;
  /** The months aggregated again; the others are read from the kept tables. */
  private final Set<String> recomputed;
  /** Each month folder of {@code fct_collaboration} the run sees, with a digest of its files. */
  private final SortedMap<String, String> collaboration;
  /** What the last analysis kept, when it can be used (else null, and every month is aggregated). */
  private final State keptState;
  /** The months of the question flow aggregated again ({@link #flowMonths}), once found. */
  private Set<String> flowMonths;
  /** How many transitions' exposure {@link #exposure} counted again, and from the facts of which month on (null: all, or none). */
  private Long exposureRecounted;
  private String exposureFactsFrom;

  KeptAggregates(RunContext ctx) {
    this.ctx = ctx;
    this.minutes = new TreeMap<>(ctx.config().minutesPerAction()).toString();
    this.months = digests();
    this.collaboration = digests(listing(ModelStage.FCT_COLLABORATION));
    State kept = read();
    String why = blocker(kept);
    if (why != null) {
      LOG.info("analyze: aggregating every month: {}", why);
      recomputed = new TreeSet<>(months.keySet());
      keptState = null;
    } else {
      keptState = kept;
      recomputed = new TreeSet<>();
      // A question asked after the earlier run date's cutoff (its seven days) may be decided now.
      String undecided = YearMonth.from(LocalDate.parse(kept.runDate()).plusDays(1).minusDays(8)).toString();
      months.forEach((m, digest) -> {
        if (!digest.equals(kept.months().get(m)) || m.compareTo(undecided) >= 0) {
          recomputed.add(m);
        }
      });
      LOG.info("analyze: {} of {} month(s) aggregated again: {}", recomputed.size(), months.size(), recomputed);
    }
  }

  /** The months this run aggregates again (every month when nothing kept can be used). */
  Set<String> recomputed() {
    return recomputed;
  }

  /**
   * An aggregate table for every month: {@code again}, the aggregates of the recomputed months, with the
   * kept rows of the other months; written as {@code table} in this run's marts and read back from there
   * (a row per month, or month and department: the suppression reads it several times).
   */
  Dataset<Row> table(String table, Dataset<Row> again) {
    return table(table, again, recomputed);
  }

  /** As {@link #table(String, Dataset)}, with {@code again} the aggregates of the months {@code aggregated}. */
  Dataset<Row> table(String table, Dataset<Row> again, Set<String> aggregated) {
    List<String> reused = new ArrayList<>(months.keySet());
    reused.removeAll(aggregated);
    Dataset<Row> kept = reused.isEmpty() ? null
        : Tables.read(ctx.spark(), ctx.out().mart(table)).filter(col(Columns.MONTH).isin(reused.toArray()));
    Dataset<Row> rows = kept == null ? again : aggregated.isEmpty() ? kept : again.unionByName(kept);
    Tables.write(rows.coalesce(1), ctx.work().mart(table));
    return Tables.read(ctx.spark(), ctx.work().mart(table));
  }

  /** Records what the tables written by {@link #table} were computed from. */
  void writeState() {
    JsonFiles.write(ctx.hadoop(), ctx.work().mart(STATE), new State(VERSION, minutes, ctx.runDate().toString(), months, recomputed,
        collaboration, flowMonths(), exposureRecounted, exposureFactsFrom));
  }

  /**
   * Whether the question flow is aggregated again for at most half the months: its questions' threads
   * are then few enough to broadcast ({@link QuestionFlow#responsesTo}).
   */
  boolean fewFlowMonths() {
    return flowMonths().size() * 2 <= months.size();
  }

  /**
   * The months whose question flow this run aggregates again: {@link #recomputed}, and the months of
   * the questions that the views, accepts and answers of the rewritten {@code fct_collaboration} months
   * name, before and after (every month when the rows before cannot be read as the kept flow read them).
   */
  Set<String> flowMonths() {
    if (flowMonths == null) {
      flowMonths = findFlowMonths();
      if (!flowMonths.equals(recomputed)) {
        LOG.info("analyze: {} of {} month(s) of the question flow aggregated again: {}", flowMonths.size(), months.size(),
            flowMonths);
      }
    }
    return flowMonths;
  }

  private Set<String> findFlowMonths() {
    if (keptState == null || recomputed.containsAll(months.keySet())) {
      return recomputed;
    }
    Set<String> all = new TreeSet<>(months.keySet());
    if (keptState.collaboration() == null || keptState.flowAggregated() == null
        || !Tables.exists(ctx.spark(), ctx.out().mart(QUESTION_FLOW))) {
      LOG.info("analyze: aggregating the question flow of every month: none kept by an earlier analysis");
      return all;
    }
    SortedMap<String, String> before = keptState.collaboration();
    SortedSet<String> changed = changedCollaboration();
    if (changed.isEmpty()) {
      return recomputed;
    }
    // The kept flow read the rows of those months that the last analysis saw, published since.
    List<String> was = changed.stream().filter(before::containsKey).toList();
    String published = ctx.out().mart(ModelStage.FCT_COLLABORATION);
    SortedMap<String, String> now = digests(listing(published, published));
    for (String m : was) {
      if (!before.get(m).equals(now.get(m))) {
        LOG.info("analyze: aggregating the question flow of every month: the published fct_collaboration of {} is not the one "
            + "the kept flow read", m);
        return all;
      }
    }
    Set<String> named = new TreeSet<>(recomputed);
    named.addAll(QuestionFlow.monthsNamed(
        ctx.table(l -> l.mart(ModelStage.FCT_COLLABORATION)).filter(col(ModelStage.FACT_PARTITION).isin(changed.toArray())),
        was.isEmpty() ? null : Tables.read(ctx.spark(), published).filter(col(ModelStage.FACT_PARTITION).isin(was.toArray())),
        ctx.table(l -> l.mart(ModelStage.FCT_COLLABORATION)), ctx.table(l -> l.mart(ModelStage.FCT_QUESTION))));
    named.retainAll(months.keySet());
    return named;
  }

  /** The months of {@code fct_collaboration} whose files differ from those the kept state saw (or that only one of them has). */
  private SortedSet<String> changedCollaboration() {
    SortedMap<String, String> before = keptState.collaboration();
    SortedSet<String> changed = new TreeSet<>();
    collaboration.forEach((m, digest) -> {
      if (!digest.equals(before.get(m))) {
        changed.add(m);
      }
    });
    before.keySet().stream().filter(m -> !collaboration.containsKey(m)).forEach(changed::add);
    return changed;
  }

  /**
   * The exposure of each of {@code pairs} ({@link Evidence#exposure}), kept between runs. It counts
   * the actions of a pair's window, which lie in the {@code fct_collaboration} month folders of the
   * window's dates (a fact's month is its event date's); so a kept pair keeps its count when no month
   * its window reaches has files that changed since the kept state, and the other pairs are counted
   * again, from the facts of the earliest of their windows' months on. Written as {@value #EXPOSURE} in
   * this run's marts and read back from there.
   */
  Dataset<Row> exposure(Dataset<Row> pairs, Dataset<Row> facts) {
    String[] keys = {Columns.PERSON_KEY, "from_date", "to_date"};
    Dataset<Row> windows = pairs.select(keys[0], keys[1], keys[2]);
    Dataset<Row> rows;
    Dataset<Row> again = null;
    if (keptState == null || keptState.collaboration() == null || keptState.exposureRecounted() == null
        || !Tables.exists(ctx.spark(), ctx.out().mart(EXPOSURE))) {
      LOG.info("analyze: counting the exposure of every transition: {}", keptState == null
          ? "nothing kept can be used" : "no exposure kept by an earlier analysis");
      rows = Evidence.exposure(windows, facts);
      exposureRecounted = windows.count();
    } else {
      // A window (from, to] reaches month m when to >= m's first day and from < m's last day.
      Column reaches = lit(false);
      for (String m : changedCollaboration()) {
        YearMonth month = YearMonth.parse(m);
        reaches = reaches.or(col("to_date").geq(lit(java.sql.Date.valueOf(month.atDay(1))))
            .and(col("from_date").lt(lit(java.sql.Date.valueOf(month.atEndOfMonth())))));
      }
      Dataset<Row> kept = Tables.read(ctx.spark(), ctx.out().mart(EXPOSURE)).join(windows, keys, "leftsemi")
          .filter(org.apache.spark.sql.functions.not(reaches));
      again = windows.join(kept, keys, "leftanti").persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
      Row counted = again.agg(org.apache.spark.sql.functions.count(lit(1)), org.apache.spark.sql.functions.min("from_date")).first();
      exposureRecounted = counted.getLong(0);
      if (counted.isNullAt(1)) {
        LOG.info("analyze: every transition's exposure kept");
        rows = kept;
      } else {
        // An action counts after a window's first day: the facts from that day's month on hold them all.
        String from = YearMonth.from(counted.getDate(1).toLocalDate()).toString();
        exposureFactsFrom = from;
        LOG.info("analyze: the exposure of {} transition(s) counted again, from the facts of {} on; the others kept",
            exposureRecounted, from);
        rows = kept.unionByName(Evidence.exposure(again, facts.filter(col(ModelStage.FACT_PARTITION).geq(from))));
      }
    }
    Tables.write(rows.coalesce(2), ctx.work().mart(EXPOSURE));
    if (again != null) {
      again.unpersist();
    }
    return Tables.read(ctx.spark(), ctx.work().mart(EXPOSURE));
  }

  /** Why nothing kept can be used, or null. */
  private String blocker(State kept) {
    if (kept == null) {
      return "none kept by an earlier analysis";
    }
    if (kept.version() != VERSION || !minutes.equals(kept.minutes())) {
      return "kept by another version of the analysis, or with other minutes per action";
    }
    if (ctx.runDate().isBefore(LocalDate.parse(kept.runDate()))) {
      return "the run date is earlier than the kept aggregates' (" + kept.runDate() + ")";
    }
    if (!Tables.exists(ctx.spark(), ctx.out().mart(MONTHLY)) || !Tables.exists(ctx.spark(), ctx.out().mart(DEPARTMENT_MONTH))) {
      return "the kept tables are missing";
    }
    return null;
  }

  /** The state kept by the last analysis; null when there is none, or it cannot be read (every month is aggregated then). */
  private State read() {
    String path = ctx.out().mart(STATE);
    try {
      State s = JsonFiles.read(ctx.hadoop(), path, State.class);
      return s == null || s.months() == null || s.runDate() == null ? null : s;
    } catch (UncheckedIOException e) {
      LOG.warn("analyze: cannot read {} ({}); aggregating every month", path, e.getCause().getMessage());
      return null;
    }
  }

  /** A digest of each month's files. */
  private static SortedMap<String, String> digests(Map<String, List<String>> listing) {
    SortedMap<String, String> result = new TreeMap<>();
    listing.forEach((month, files) -> result.put(month, LandingLedger.sha256(String.join("\n", files))));
    return result;
  }

  /** Each month folder of {@code fct_person_month} as this run sees it, with a digest of both facts' files of the month. */
  private SortedMap<String, String> digests() {
    Map<String, List<String>> pm = listing(ModelStage.FCT_PERSON_MONTH);
    Map<String, List<String>> q = listing(ModelStage.FCT_QUESTION);
    SortedMap<String, String> result = new TreeMap<>();
    pm.forEach((month, files) -> result.put(month, LandingLedger.sha256(
        String.join("\n", files) + "\n--\n" + String.join("\n", q.getOrDefault(month, List.of())))));
    return result;
  }

  /** A month-partitioned mart's month folders as this run sees it, each with its files' names and sizes. */
  private Map<String, List<String>> listing(String mart) {
    return listing(ctx.work().mart(mart), ctx.out().mart(mart));
  }

  /** The month folders of a table seen as {@link Tables#partitionFolders} sees them, each with its files' names and sizes. */
  private Map<String, List<String>> listing(String mine, String published) {
    Map<String, List<String>> result = new TreeMap<>();
    try {
      for (Map.Entry<String, Path> month : Tables.partitionFolders(ctx.hadoop(), mine, published,
          ModelStage.FACT_PARTITION).entrySet()) {
        List<String> files = new ArrayList<>();
        for (FileStatus f : month.getValue().getFileSystem(ctx.hadoop()).listStatus(month.getValue())) {
          if (!f.getPath().getName().startsWith(".") && !f.getPath().getName().startsWith("_")) {
            files.add(f.getPath().getName() + " " + f.getLen());
          }
        }
        files.sort(null);
        result.put(month.getKey(), files);
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + published, e);
    }
  }
}
