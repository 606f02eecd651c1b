package io.bottomup.model;


import io.bottomup.RunContext;
import io.bottomup.io.OutputLayout;
import io.bottomup.io.Tables;
import io.bottomup.marts.MartSchemas;
import io.bottomup.schema.Columns;
import io.bottomup.schema.Entity;
import java.time.YearMonth;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.bottomup.schema.Action;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Stage 2: staging to the dimensional marts: {@code dim_person}, {@code fct_collaboration},
 * {@code fct_training}, {@code fct_appraisal}, {@code fct_person_month} and {@code fct_question}. Months run from the first
 * collaboration event to the run date's month; events after the run date are out of scope.
 */
public final class ModelStage {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelStage.class);
  public static final String DIM_PERSON = "dim_person";
  public static final String FCT_COLLABORATION = "fct_collaboration";
  public static final String FCT_TRAINING = "fct_training";
  public static final String FCT_APPRAISAL = "fct_appraisal";
  public static final String FCT_PERSON_MONTH = "fct_person_month";
  public static final String FCT_QUESTION = "fct_question";

  /**
   * The partition folders of {@code fct_collaboration} and {@code fct_person_month} (a copy of
   * {@code month}, which stays in the rows).
   */
  public static final String FACT_PARTITION = "event_month";
  /** What the marts were built from: the run date and the staging ledger, published with the marts. */
  public static final String STATE = "_model.json";

  private final RunContext ctx;
  private final io.bottomup.ingest.IngestStage.Changes changes;
  private final boolean everyMonth;

  /**
   * The stage reads what the ingest of the staging in place changed ({@code staging/_changes.json});
   * it updates the published marts month by month only when they were built from the staging that
   * ingest started from, so {@code ingest} and {@code model} may also run as separate tasks.
   */
  public ModelStage(RunContext ctx) {
    this(ctx, false);
  }

  /**
   * {@code everyMonth}: rebuild every month whatever the last ingest changed, as {@code forget} needs
   * (it removes people from every day of staging, while the last ingest may have been one night's).
   */
  public ModelStage(RunContext ctx, boolean everyMonth) {
    this.ctx = ctx;
    this.changes = io.bottomup.ingest.IngestStage.Changes.read(ctx.hadoop(), ctx.latest(OutputLayout::stagingChanges));
    this.everyMonth = everyMonth;
  }

  public void run() {
    SparkSession spark = ctx.spark();
    Dataset<Row> dimPerson = DimPerson.build(staging(Entity.DIRECTORY), ctx.runDate()).persist(StorageLevel.MEMORY_AND_DISK());
    write(DIM_PERSON, dimPerson);
    Dataset<Row> stgCollaboration = staging(Entity.COLLABORATION);
    YearMonth last = YearMonth.from(ctx.runDate());
    YearMonth first = firstEventMonth(last);
    Affected changed = affectedMonths(stgCollaboration, first);
    java.util.Set<String> affected = changed == null ? null : changed.months();
    if (affected == null) {
      Tables.write(partitioned(FCT_COLLABORATION, FctCollaboration.build(stgCollaboration, dimPerson, ctx.runDate())),
          ctx.work().mart(FCT_COLLABORATION), FACT_PARTITION);
    } else {
      Dataset<Row> scope = scope(stgCollaboration, affected);
      // Found in affectedMonths' pass over staging when the links it follows added no month.
      Dataset<Row> respondedTo = changed.respondedTo() != null ? changed.respondedTo()
          : FctCollaboration.respondedTo(scope, stgCollaboration);
      Tables.writePartitions(partitioned(FCT_COLLABORATION, FctCollaboration.build(scope, respondedTo, dimPerson,
          ctx.runDate())), ctx.work().mart(FCT_COLLABORATION), FACT_PARTITION, affected);
      if (respondedTo != stgCollaboration) {
        respondedTo.unpersist();
      }
    }
    Dataset<Row> training = FctTraining.build(staging(Entity.TRAINING), dimPerson, ctx.runDate());
    write(FCT_TRAINING, training);
    Dataset<Row> appraisals = FctAppraisal.build(staging(Entity.APPRAISALS), dimPerson, ctx.config(), ctx.runDate());
    write(FCT_APPRAISAL, appraisals);

    Dataset<Row> facts = read(FCT_COLLABORATION);
    writeQuestions(facts, changed, first, last);
    Dataset<Row> months = Months.between(spark, first, last);
    if (affected == null || changes.othersChanged() || publishedMonths(FCT_PERSON_MONTH).isEmpty()) {
      Tables.write(partitioned(FCT_PERSON_MONTH, FctPersonMonth.build(dimPerson, months, facts, read(FCT_TRAINING),
          read(FCT_APPRAISAL), ctx.runDate())), ctx.work().mart(FCT_PERSON_MONTH), FACT_PARTITION);
    } else {
      Column isAffected = col(Columns.MONTH).isin(affected.toArray());
      // The partition column prunes the read to the affected months' folders; `month` alone is read from every row.
      Dataset<Row> affectedFacts = facts.filter(col(FACT_PARTITION).isin(affected.toArray()).and(isAffected));
      Dataset<Row> recomputed = FctPersonMonth.build(dimPerson, months.filter(isAffected), affectedFacts,
          read(FCT_TRAINING), read(FCT_APPRAISAL), ctx.runDate());
      writeMonths(FCT_PERSON_MONTH, recomputed, affected, first, last);
    }
    dimPerson.unpersist();
    writeState();
  }

  /**
   * {@code fct_question}, whole ({@code changed} null, or none published) or for the months whose
   * questions the run's changed events are, answer or share a thread with; an answer is never earlier
   * than its question, so their answers are read from the first of those months on. Months now outside
   * first..last are deleted.
   */
  private void writeQuestions(Dataset<Row> facts, Affected changed, YearMonth first, YearMonth last) {
    if (changed == null || publishedMonths(FCT_QUESTION).isEmpty()) {
      Tables.write(partitioned(FCT_QUESTION, FctQuestion.build(facts)), ctx.work().mart(FCT_QUESTION), FACT_PARTITION);
      return;
    }
    java.util.Set<String> months = changed.questionMonths();
    // `months` is never empty: it holds the run date's month.
    Dataset<Row> rows = FctQuestion.build(
        facts.filter(col(FACT_PARTITION).isin(months.toArray()).and(col(Columns.MONTH).isin(months.toArray()))),
        facts.filter(col(FACT_PARTITION).geq(java.util.Collections.min(months))));
    writeMonths(FCT_QUESTION, rows, months, first, last);
  }

  /** The month folders of a month-partitioned mart as this run sees it (its own partial table over the published one). */
  private java.util.SortedSet<String> publishedMonths(String mart) {
    return Tables.partitions(ctx.spark(), ctx.work().mart(mart), ctx.out().mart(mart), FACT_PARTITION);
  }

  /**
   * Writes some months of a month-partitioned mart: {@code rows} are the new content of {@code months};
   * the other months keep their folders, and those now outside first..last (retention, a moved first
   * event) are deleted.
   */
  private void writeMonths(String mart, Dataset<Row> rows, java.util.Set<String> months, YearMonth first, YearMonth last) {
    java.util.Set<String> replaced = new java.util.TreeSet<>(months);
    publishedMonths(mart).stream().filter(m -> m.compareTo(first.toString()) < 0 || m.compareTo(last.toString()) > 0)
        .forEach(replaced::add);
    Tables.writePartitions(partitioned(mart, rows), ctx.work().mart(mart), FACT_PARTITION, replaced);
  }

  /**
   * The staging days (partitions) that can hold events of the months, from a day before the first
   * month to a day after the last, so that a filter on {@code event_month} reads those days only.
   */
  static Column inDaysOf(java.util.Collection<String> months) {
    java.util.SortedSet<YearMonth> sorted = new java.util.TreeSet<>();
    months.forEach(m -> sorted.add(YearMonth.parse(m)));
    if (sorted.isEmpty()) {
      return lit(false);
    }
    return col(Columns.EVENT_DATE).between(lit(java.sql.Date.valueOf(sorted.first().atDay(1).minusDays(1))),
        lit(java.sql.Date.valueOf(sorted.last().atEndOfMonth().plusDays(1))));
  }

  /** The staged events of {@code months}, read from their days only. */
  private static Dataset<Row> scope(Dataset<Row> stgCollaboration, java.util.Set<String> months) {
    return stgCollaboration.filter(inDaysOf(months).and(col(Columns.EVENT_MONTH).isin(months.toArray())));
  }

  /** A month-partitioned mart's rows with their partition column ({@value #FACT_PARTITION}, a copy of {@code month}). */
  private static Dataset<Row> partitioned(String mart, Dataset<Row> rows) {
    return MartSchemas.conform(mart, rows).withColumn(FACT_PARTITION, col(Columns.MONTH));
  }

  /**
   * What an incremental run recomputes: {@code months} of facts, and {@code questionMonths} of
   * {@code fct_question}, those months plus the months of the questions that changed answers name as
   * their parent or thread.
   */
  record Affected(java.util.Set<String> months, java.util.Set<String> questionMonths, Dataset<Row> respondedTo) {}

  /**
   * The months whose facts an incremental run recomputes, or null to rebuild all: the months of the
   * staging days ingest rewrote, the months of events that answer, accept or sit in the thread of an
   * event on those days (their inferred target may change), and the months the run date moved into;
   * and, for {@code fct_question}, also the months of the questions the answers on those days answer.
   * {@code first} is the history's first month (staging's first day), which the facts start at.
   *
   * <p>The same pass over staging finds the events that the events of the months known before it (those
   * of the days and of the run date) respond to ({@link FctCollaboration#respondedTo}), persisted: when
   * the links add no month, they are the {@code respondedTo} of the result and the model does not read
   * every staged event a second time (the 10M night: a 10 s pass; bench/results: twenty-seventh session).
   * Otherwise that is null and the model finds them for the months it recomputes.
   */
  private Affected affectedMonths(Dataset<Row> stgCollaboration, YearMonth first) {
    if (everyMonth || changes == null || changes.full()) {
      return null;
    }
    State previous = State.read(ctx.hadoop(), ctx.out().mart(STATE));
    String why = incrementalBlocker(previous, first);
    if (why != null) {
      LOG.info("model: rebuilding every month: {}", why);
      return null;
    }
    java.util.Set<String> months = new java.util.TreeSet<>();
    java.util.Set<String> asked = new java.util.TreeSet<>();
    for (String day : changes.touchedDates()) {
      if (!day.startsWith("__")) {
        months.add(YearMonth.from(java.time.LocalDate.parse(day)).toString());
      }
    }
    YearMonth from = YearMonth.from(java.time.LocalDate.parse(previous.runDate()));
    for (YearMonth m = from; !m.isAfter(YearMonth.from(ctx.runDate())); m = m.plusMonths(1)) {
      months.add(m.toString());
    }
    // The days rewritten, and the days the run date moved over: their events, staged on an earlier night
    // (an export's file holding the next day's early hours), come into scope now, and may answer a
    // question of an earlier month or be what an earlier event responds to.
    java.util.Set<String> days = new java.util.TreeSet<>(changes.touchedDates());
    for (java.time.LocalDate d = java.time.LocalDate.parse(previous.runDate()).plusDays(1); !d.isAfter(ctx.runDate());
        d = d.plusDays(1)) {
      days.add(d.toString());
    }
    Dataset<Row> respondedTo = null;
    if (!days.isEmpty()) {
      java.util.Set<String> known = new java.util.TreeSet<>(months);
      Dataset<Row> respondedIds = FctCollaboration.respondedIds(scope(stgCollaboration, known),
          io.bottomup.ingest.IdentityResolver.BROADCAST_ROWS);
      Column day = col(Columns.EVENT_DATE).cast("string");
      Dataset<Row> touched = Tables.read(ctx.spark(), ctx.out().staging(Entity.COLLABORATION))
          .filter(day.isin(days.toArray()))
          .select(Columns.SOURCE, "event_id", "action", "thread_id", "parent_id")
          .unionByName(stgCollaboration.filter(day.isin(days.toArray()))
              .select(Columns.SOURCE, "event_id", "action", "thread_id", "parent_id"))
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> ids = touched.select(col(Columns.SOURCE).as("_s"), lit("p").as("_k"), col("event_id").as("_id"));
      Dataset<Row> threads = touched.filter(col("action").equalTo(Action.QUESTION.value()))
          .select(col(Columns.SOURCE).as("_s"), lit("t").as("_k"), coalesce(col("thread_id"), col("event_id")).as("_id"));
      Dataset<Row> answers = touched.filter(col("action").equalTo(Action.ANSWER.value()));
      Dataset<Row> answered = answers.select(col(Columns.SOURCE).as("_s"), lit("qe").as("_k"), col("parent_id").as("_id"))
          .union(answers.select(col(Columns.SOURCE).as("_s"), lit("qt").as("_k"), col("thread_id").as("_id")));
      // One pass over staging: each event offers its parent ("p") and its thread ("t") as links, and a
      // link to a touched event or touched question marks the event's month (two semi-joins read it twice);
      // each question offers its id ("qe") and its thread ("qt"), and one a touched answer names marks
      // the month of fct_question it is in.
      Dataset<Row> targets = ids.union(threads).union(answered).filter(col("_id").isNotNull());
      Column isQuestion = col("action").equalTo(Action.QUESTION.value());
      List<Column> offered = new java.util.ArrayList<>(List.of(struct(lit("p").as("k"), col("parent_id").as("id")),
          struct(lit("t").as("k"), col("thread_id").as("id")),
          struct(lit("qe").as("k"), when(isQuestion, col("event_id")).as("id")),
          struct(lit("qt").as("k"), FctCollaboration.asThread().as("id"))));
      if (respondedIds != null) {
        // And ("o") as what the known months' events respond to: by its id, and a question by its thread.
        targets = targets.union(respondedIds.select(col("_r_source"), lit("o"), col("_r_id")));
        offered.add(struct(lit("o").as("k"), col("event_id").as("id")));
        offered.add(struct(lit("o").as("k"), FctCollaboration.asThread().as("id")));
      }
      Dataset<Row> links = stgCollaboration.select(FctCollaboration.respondedToColumns(col(Columns.EVENT_MONTH),
              explode(array(offered.toArray(Column[]::new))).as("_l")))
          .filter(col("_l.id").isNotNull());
      Dataset<Row> found = links.join(broadcast(targets.distinct()), col(Columns.SOURCE).equalTo(col("_s"))
              .and(col("_l.k").equalTo(col("_k"))).and(col("_l.id").equalTo(col("_id"))))
          .select(FctCollaboration.respondedToColumns(col(Columns.EVENT_MONTH), col("_k")))
          .persist(StorageLevel.MEMORY_AND_DISK());
      List<Row> marked = found.filter(col("_k").notEqual("o"))
          .select(col("_k").startsWith("q").as("question"), col(Columns.EVENT_MONTH))
          .distinct()
          .collectAsList();
      touched.unpersist();
      for (Row r : marked) {
        if (!r.isNullAt(1)) {
          (r.getBoolean(0) ? asked : months).add(r.getString(1));
        }
      }
      if (respondedIds != null) {
        if (months.equals(known)) {
          respondedTo = found.filter(col("_k").equalTo("o")).select(FctCollaboration.respondedToColumns()).dropDuplicates()
              .persist(StorageLevel.MEMORY_AND_DISK());
          respondedTo.count();
        }
        respondedIds.unpersist();
      }
      found.unpersist();
    }
    asked.addAll(months);
    LOG.info("model: {} month(s) of facts recomputed: {}; {} month(s) of questions: {}", months.size(), months,
        asked.size(), asked);
    return new Affected(months, asked, respondedTo);
  }

  /** Why this run cannot update the published marts month by month; null when it can. */
  private String incrementalBlocker(State previous, YearMonth first) {
    if (previous == null || !Tables.exists(ctx.spark(), ctx.out().mart(FCT_PERSON_MONTH))) {
      return "no marts of an earlier run";
    }
    if (!previous.ledger().equals(changes.previousLedger())) {
      return "the published marts were not built from the staging in place";
    }
    if (ctx.runDate().isBefore(java.time.LocalDate.parse(previous.runDate()))) {
      return "the run date is earlier than the marts' (" + previous.runDate() + ")";
    }
    if (!Tables.exists(ctx.spark(), ctx.out().mart(FCT_COLLABORATION))) {
      return "fct_collaboration is not in place";
    }
    java.util.SortedSet<String> published = publishedMonths(FCT_PERSON_MONTH);
    if (!published.isEmpty() && first.toString().compareTo(published.first()) < 0) {
      return "the history now starts in " + first + ", before the published facts' first month " + published.first();
    }
    if (changes.lostEvents() && !Tables.exists(ctx.spark(), ctx.work().staging(Entity.COLLABORATION))) {
      // Run as its own task after ingest published: the events of the replaced or removed files are gone
      // from staging, and with them what would say which months linked to them.
      return "ingest ran as its own task and replaced or removed files";
    }
    if (!factsFingerprint().equals(previous.facts())) {
      return "the published facts were built by another version of the model (their months mean other rows now)";
    }
    return null;
  }

  /**
   * What the facts' months mean: raise it when a change to the model gives a month other rows than
   * before (the published months are then rebuilt once, not mixed with new ones). 2: the run date
   * bounds training, reviews and hires; fct_collaboration.to_self and fct_person_month.help_given.
   */
  static final int MODEL_VERSION = 2;

  /** The version and the schemas of the month-partitioned facts an incremental run adds months to. */
  static String factsFingerprint() {
    StringBuilder s = new StringBuilder("model " + MODEL_VERSION);
    for (String fact : List.of(FCT_COLLABORATION, FCT_PERSON_MONTH, FCT_QUESTION)) {
      s.append(';').append(fact).append('=').append(MartSchemas.spark(fact).json());
    }
    return io.bottomup.ingest.LandingLedger.sha256(s.toString());
  }

  /**
   * Why the facts in this output folder are not the model of the run date and of the staging now
   * there, or null when they are: {@code analyze} and {@code report} run as tasks of their own must
   * not describe another date, or staging an ingest replaced after the last {@code model}.
   */
  public static String mismatch(RunContext ctx) {
    State state = State.read(ctx.hadoop(), ctx.latest(l -> l.mart(STATE)));
    if (state == null) {
      return "no model in " + ctx.out().root() + ": run `model` (or `run`) for this output first";
    }
    if (!ctx.runDate().toString().equals(state.runDate())) {
      return "the facts in " + ctx.out().root() + " were built for run date " + state.runDate() + ", not "
          + ctx.runDate() + ": run `model` and `analyze` with --run-date " + ctx.runDate() + " first";
    }
    io.bottomup.ingest.IngestStage.Changes changes = io.bottomup.ingest.IngestStage.Changes.read(ctx.hadoop(),
        ctx.latest(OutputLayout::stagingChanges));
    if (changes != null && state.ledger() != null && !state.ledger().isEmpty() && !changes.ledger().equals(state.ledger())) {
      return "an ingest replaced the staging of " + ctx.out().root() + " after the last model: run `model` and `analyze` first";
    }
    return null;
  }

  /** The run date, staging ledger and facts' fingerprint the marts in this workspace are built from. */
  public record State(@com.fasterxml.jackson.annotation.JsonProperty("run_date") String runDate, String ledger, String facts) {
    public static State read(org.apache.hadoop.conf.Configuration conf, String path) {
      return io.bottomup.io.JsonFiles.read(conf, path, State.class);
    }
  }

  private void writeState() {
    io.bottomup.io.JsonFiles.write(ctx.hadoop(), ctx.work().mart(STATE),
        new State(ctx.runDate().toString(), changes == null ? "" : changes.ledger(), factsFingerprint()));
  }

  /**
   * The first month with collaboration events, from the staging partition folders
   * ({@code event_date=yyyy-MM-dd}) without scanning the data; the run month when there are none.
   */
  private YearMonth firstEventMonth(YearMonth last) {
    java.util.SortedSet<String> dates = Tables.partitions(ctx.spark(), ctx.work().staging(Entity.COLLABORATION),
        ctx.out().staging(Entity.COLLABORATION), Columns.EVENT_DATE);
    dates.remove("__HIVE_DEFAULT_PARTITION__");
    if (dates.isEmpty()) {
      return last;
    }
    YearMonth first = YearMonth.from(java.time.LocalDate.parse(dates.first()));
    return first.isBefore(last) ? first : last;
  }

  private Dataset<Row> staging(Entity entity) {
    return ctx.table(l -> l.staging(entity));
  }

  private Dataset<Row> read(String mart) {
    return ctx.table(l -> l.mart(mart));
  }

  private void write(String mart, Dataset<Row> rows) {
    Tables.write(MartSchemas.conform(mart, rows), ctx.work().mart(mart));
  }
}
