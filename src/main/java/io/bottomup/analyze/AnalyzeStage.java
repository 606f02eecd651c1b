package io.bottomup.analyze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.bottomup.RunContext;
import io.bottomup.io.Tables;
import io.bottomup.marts.MartSchemas;
import io.bottomup.model.ModelStage;
import io.bottomup.schema.Columns;
import java.time.YearMonth;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Stage 3: the aggregates the reports show, each suppressed for small groups.
 * <ul>
 *   <li>{@code mart_learning_monthly}: the whole organisation, per month;</li>
 *   <li>{@code mart_department_month}: per month and department;</li>
 *   <li>{@code mart_department}: per department over the twelve months ending with the run month;</li>
 *   <li>{@code mart_learning_summary}: the whole organisation over the same twelve months (the headline);</li>
 *   <li>{@code mart_evidence}: rating change against helping and asking, raw and adjusted ({@link Evidence}),
 *       and the difference-in-differences on Q&amp;A adoption ({@link DifferenceInDifferences});</li>
 *   <li>{@code mart_question_flow} ({@link QuestionFlow}), {@code mart_dependent_learners} ({@link DependentLearners});</li>
 *   <li>{@code mart_network_person}, {@code mart_network_department}, {@code mart_network_summary} ({@link KnowledgeFlow});</li>
 *   <li>{@code mart_roi} ({@link Roi}), {@code mart_culture_index} ({@link CultureIndex}) and
 *       {@code mart_courses} ({@link Courses}).</li>
 * </ul>
 */
public final class AnalyzeStage {
  public static final String MART_LEARNING_MONTHLY = "mart_learning_monthly";
  public static final String MART_DEPARTMENT_MONTH = "mart_department_month";
  public static final String MART_DEPARTMENT = "mart_department";
  public static final String MART_LEARNING_SUMMARY = "mart_learning_summary";
  public static final String MART_EVIDENCE = "mart_evidence";
  public static final String MART_QUESTION_FLOW = "mart_question_flow";
  public static final String MART_DEPENDENT_LEARNERS = "mart_dependent_learners";
  public static final String MART_NETWORK_PERSON = "mart_network_person";
  public static final String MART_NETWORK_DEPARTMENT = "mart_network_department";
  public static final String MART_NETWORK_SUMMARY = "mart_network_summary";
  public static final String MART_ROI = "mart_roi";
  public static final String MART_CULTURE_INDEX = "mart_culture_index";
  public static final String MART_COURSES = "mart_courses";
  public static final String PERIOD = "period";
  public static final int TRAILING_MONTHS = 12;
  /** What the marts were analysed from and with ({@link State}), beside them. */
  public static final String STATE = "_analysis.json";

  private final RunContext ctx;

  public AnalyzeStage(RunContext ctx) {
    this.ctx = ctx;
  }

  public void run() {
    // Not persisted: each mart reads the few columns it needs from Parquet, which at 10M events took less
    // time than filling the cache with every column (bench/results: the analysis queries, sixth session).
    Dataset<Row> personMonths = facts(ModelStage.FCT_PERSON_MONTH, lit(true));
    int k = ctx.config().minGroupSize();
    var minutes = ctx.config().minutesPerAction();

    YearMonth last = YearMonth.from(ctx.runDate());
    String first = last.minusMonths(TRAILING_MONTHS - 1).toString();
    // The monthly aggregates are kept between runs, and a night aggregates only the months whose facts
    // changed (KeptAggregates); the suppression across the period collects from them several times.
    KeptAggregates kept = new KeptAggregates(ctx);
    java.util.Set<String> flowMonths = kept.flowMonths();
    // Kept (a row per question, a few columns): the question flow, the twelve-month marts and the culture
    // index read it five times, and each read joined the questions with every person-month again
    // (bench/results: eleventh session). The months of the period, and those whose flow is aggregated again.
    Column questionMonths = col(ModelStage.FACT_PARTITION).geq(first).or(col(ModelStage.FACT_PARTITION).isin(flowMonths.toArray()));
    Dataset<Row> questions = questions(facts(ModelStage.FCT_PERSON_MONTH, questionMonths), questionMonths)
        .persist(StorageLevel.MEMORY_AND_DISK());
    // mart_department gives each department's twelve months: within them, a department's months are
    // all hidden or all shown, else a hidden month would be that row minus the shown ones. So with the
    // organisation's months and mart_learning_summary.
    Column inPeriod = col(Columns.MONTH).geq(first).and(col(Columns.MONTH).leq(last.toString()));
    Column again = col(ModelStage.FACT_PARTITION).isin(kept.recomputed().toArray());
    Dataset<Row> personMonthsAgain = facts(ModelStage.FCT_PERSON_MONTH, again);
    Dataset<Row> questionsAgain = questions(personMonthsAgain, again);
    Dataset<Row> monthly = kept.table(KeptAggregates.MONTHLY,
        LearningMetrics.aggregate(personMonthsAgain, questionsAgain, minutes, Columns.MONTH));
    write(MART_LEARNING_MONTHLY, Suppression.acrossPeriod(Suppression.apply(subsetMeasures(monthly, List.of(Columns.MONTH)),
        k, List.of(Columns.MONTH), List.of(Columns.MONTH)), inPeriod, List.of(Columns.MONTH), LearningMetrics.SUBSETS));
    List<String> monthAndDepartment = List.of(Columns.MONTH, Columns.DEPARTMENT);
    // With the people on the Q&A platform, from which the difference-in-differences finds each department's
    // adoption month: kept, a night does not count every person-month of the history again for it.
    Dataset<Row> departmentAggregates = kept.table(KeptAggregates.DEPARTMENT_MONTH,
        LearningMetrics.aggregate(personMonthsAgain, questionsAgain, minutes,
            java.util.Map.of(DifferenceInDifferences.QA_PEOPLE, DifferenceInDifferences.onQa()), Columns.MONTH, Columns.DEPARTMENT));
    String period = period(ctx.runDate());
    // The period's person-months, a row per person and department: the twelve-month marts below each
    // grouped every person-month by person again (PersonPeriod).
    Dataset<Row> trailingPeople = PersonPeriod.of(personMonths.filter(col(Columns.MONTH).geq(first))).withColumn(PERIOD, lit(period))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> trailingQuestions = questions.filter(col(Columns.MONTH).geq(first)).withColumn(PERIOD, lit(period));
    // The twelve-month table first: what it hides, the months of the period hide too (Suppression.Hidden).
    // Its aggregates before suppression are kept for the run: the network's headcounts are theirs.
    // A row per department, held by the driver (Small), as the suppressed table is.
    Dataset<Row> yearAggregates = Small.collected(
        LearningMetrics.aggregate(trailingPeople, trailingQuestions, minutes, PERIOD, Columns.DEPARTMENT));
    Dataset<Row> departmentYear = Small.collected(Suppression.apply(subsetMeasures(yearAggregates, List.of(PERIOD)),
        k, List.of(PERIOD), List.of(PERIOD, Columns.DEPARTMENT)));
    Suppression.Hidden yearHides = Suppression.Hidden.in(departmentYear, Columns.DEPARTMENT, LearningMetrics.SUBSETS);
    write(MART_DEPARTMENT, departmentYear);
    Dataset<Row> headcounts = yearAggregates.select(Columns.DEPARTMENT, "headcount");
    Dataset<Row> departmentMonths = Suppression.apply(subsetMeasures(departmentAggregates.drop(DifferenceInDifferences.QA_PEOPLE),
            List.of(Columns.MONTH)),
        k, List.of(Columns.MONTH), monthAndDepartment);
    departmentMonths = yearHides.applyTo(departmentMonths, inPeriod, Columns.DEPARTMENT, monthAndDepartment,
        LearningMetrics.SUBSETS, List.of());
    write(MART_DEPARTMENT_MONTH, Suppression.acrossPeriod(departmentMonths, inPeriod, Columns.DEPARTMENT, monthAndDepartment,
        LearningMetrics.SUBSETS));
    Dataset<Row> summaryAggregates = Small.collected(LearningMetrics.aggregate(trailingPeople, trailingQuestions, minutes, PERIOD));
    write(MART_LEARNING_SUMMARY, Suppression.apply(subsetMeasures(summaryAggregates, List.of(PERIOD)), k, List.of(PERIOD),
        List.of(PERIOD)));
    // The people of the period, as the network's summary counts them (no person-month in the period: none).
    long periodHeadcount = summaryAggregates.select("headcount").as(org.apache.spark.sql.Encoders.LONG()).collectAsList()
        .stream().mapToLong(Long::longValue).sum();
    write(MART_DEPENDENT_LEARNERS, Suppression.apply(
        DependentLearners.byDepartment(mart(ModelStage.DIM_PERSON), mart(ModelStage.FCT_APPRAISAL), trailingPeople,
            ctx.runDate(), ctx.config(), k).withColumn(PERIOD, lit(period)),
        k, List.of(PERIOD), List.of(PERIOD, Columns.DEPARTMENT)));
    // As mart_department_month: mart_department's twelve-month questions minus the shown months would
    // give a hidden month away, so within the period a department's months are all hidden or all shown.
    // Kept between runs as the monthly aggregates are (KeptAggregates#flowMonths); read several times below.
    // For a few months' questions, only their threads' answers, accepts and views are read, in one pass
    // (the 10M night: 14.1 s → 6.3 s, and 2.6 s to find the months; bench/results: seventeenth session).
    Dataset<Row> asked = questions.filter(col(Columns.MONTH).isin(flowMonths.toArray()));
    Dataset<Row> collaboration = mart(ModelStage.FCT_COLLABORATION);
    Dataset<Row> responses = kept.fewFlowMonths()
        ? QuestionFlow.responsesTo(asked, collaboration).persist(StorageLevel.MEMORY_AND_DISK()) : collaboration;
    Dataset<Row> flowAggregates = kept.table(KeptAggregates.QUESTION_FLOW, QuestionFlow.mart(asked, responses, ctx.runDate()),
        flowMonths);
    if (responses != collaboration) {
      responses.unpersist();
    }
    Dataset<Row> flow = Suppression.apply(flowAggregates.withColumn(LearningMetrics.ANSWERED_ASKERS, col("askers_helped")),
        k, List.of(Columns.MONTH), monthAndDepartment, "askers");
    // Its answered share counts the questions whose seven days have passed, which fewer people may have asked;
    // its answer times are over answered questions, whose askers (askers_helped) may be fewer too.
    java.util.Map<String, List<String>> subsets = java.util.Map.of(LearningMetrics.DECIDED_ASKERS, LearningMetrics.DECIDED_MEASURES,
        LearningMetrics.ANSWERED_ASKERS, QuestionFlow.ANSWER_TIME_MEASURES);
    flow = Suppression.columns(flow, k, List.of(Columns.MONTH), Columns.DEPARTMENT, subsets);
    // mart_department's hidden questions (its rows, or its askers' measures) hide the flow's months of the period.
    flow = yearHides.applyTo(flow, inPeriod, Columns.DEPARTMENT, monthAndDepartment, subsets, List.of(LearningMetrics.ASKERS));
    write(MART_QUESTION_FLOW, Suppression.acrossPeriod(flow, inPeriod, Columns.DEPARTMENT, monthAndDepartment, subsets));
    // Reviews after the run date are out of scope (a run for an earlier date must not use later cycles).
    Dataset<Row> appraisals = mart(ModelStage.FCT_APPRAISAL).filter(col("review_date").leq(lit(java.sql.Date.valueOf(ctx.runDate()))));
    List<Row> did = DifferenceInDifferences.analyse(appraisals,
        DifferenceInDifferences.adoptionMonthsOf(departmentAggregates, ctx.config().adoptionActiveShare()), k,
        ctx.config().adoptionActiveShare());
    // The transitions' exposure is kept between runs: a night counts again only the transitions whose
    // window reaches a month of facts that changed since the last analysis (KeptAggregates#exposure).
    Dataset<Row> pairs = Evidence.pairs(appraisals).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> evidence = Evidence.mart(ctx.spark(), Evidence.withControls(pairs,
        kept.exposure(pairs, mart(ModelStage.FCT_COLLABORATION)), mart(ModelStage.FCT_TRAINING), mart(ModelStage.DIM_PERSON)),
        k, did).persist(StorageLevel.MEMORY_AND_DISK());
    pairs.unpersist();
    kept.writeState();
    write(MART_EVIDENCE, evidence);
    Roi.Totals totals = Roi.totals(trailingPeople, mart(ModelStage.DIM_PERSON), minutes, ctx.config().defaultHourlyCost());
    write(MART_ROI, Suppression.apply(Roi.mart(ctx.spark(), Roi.scenarios(totals, Roi.effect(evidence), ctx.config(), period)),
        k, List.of(PERIOD), List.of(PERIOD, "scenario")));
    evidence.unpersist();
    write(MART_CULTURE_INDEX, Suppression.apply(
        CultureIndex.compute(trailingPeople, trailingQuestions, mart(ModelStage.FCT_APPRAISAL), YearMonth.parse(first).atDay(1),
            ctx.runDate(), ctx.config(), k).withColumn(PERIOD, lit(period)),
        k, List.of(PERIOD, "scope"), CultureIndex.keys()));
    Dataset<Row> training = mart(ModelStage.FCT_TRAINING);
    write(MART_COURSES, Courses.suppress(Courses.byCourse(training, first, last.toString()).withColumn(PERIOD, lit(period)),
        training, first, last.toString(), k, List.of(PERIOD, "course_title", "modality", "course_id")));
    trailingPeople.unpersist();
    writeNetwork(headcounts, periodHeadcount, period, first);
    questions.unpersist();
    io.bottomup.io.JsonFiles.write(ctx.hadoop(), ctx.work().mart(STATE), new State(ctx.runDate().toString(),
        ModelStage.State.read(ctx.hadoop(), ctx.latest(l -> l.mart(ModelStage.STATE))), settings(ctx.config())));
  }

  /**
   * What the marts of an output folder were analysed from and with: the run date, the model's state (its
   * run date, the staging it read and its facts' fingerprint) and the settings that shape the marts.
   * {@code report} run as a task of its own describes these marts with the configuration it is given:
   * {@link #mismatch} refuses another date, another model, or other settings.
   */
  public record State(@com.fasterxml.jackson.annotation.JsonProperty("run_date") String runDate, ModelStage.State model,
      java.util.SortedMap<String, String> settings) {}

  /** The configuration's settings the marts depend on, by their keys in the job configuration. */
  static java.util.SortedMap<String, String> settings(io.bottomup.config.JobConfig c) {
    java.util.SortedMap<String, String> s = new java.util.TreeMap<>();
    s.put("min_group_size", String.valueOf(c.minGroupSize()));
    s.put("currency", c.currency());
    s.put("rating_scale", c.ratingMin() + " to " + c.ratingMax());
    java.util.SortedMap<String, Double> minutes = new java.util.TreeMap<>();
    c.minutesPerAction().forEach((a, m) -> minutes.put(a.value(), m));
    s.put("minutes_per_action", minutes.toString());
    s.put("evidence.adoption_active_share", String.valueOf(c.adoptionActiveShare()));
    s.put("roi.value_per_rating_point", String.valueOf(c.valuePerRatingPoint()));
    s.put("roi.platform_cost_per_year", String.valueOf(c.platformCostPerYear()));
    s.put("roi.default_hourly_cost", String.valueOf(c.defaultHourlyCost()));
    s.put("roi.confidence", String.valueOf(c.roiConfidence()));
    s.put("culture.questions_per_head_target", String.valueOf(c.questionsPerHeadTarget()));
    return s;
  }

  /**
   * Why the marts of this output folder are not the analysis of the run date, of the model now there and
   * of this configuration, or null when they are: a {@code report} of its own must not print a
   * min_group_size, currency or ROI assumption the marts were not built with, nor describe another
   * date's or model's marts.
   */
  public static String mismatch(RunContext ctx) {
    String analyze = ": run `analyze` with --run-date " + ctx.runDate() + " and this configuration first";
    State state = io.bottomup.io.JsonFiles.read(ctx.hadoop(), ctx.latest(l -> l.mart(STATE)), State.class);
    if (state == null) {
      return "the marts in " + ctx.out().root() + " record no analysis (none ran, or an earlier version's)" + analyze;
    }
    if (!ctx.runDate().toString().equals(state.runDate())) {
      return "the marts in " + ctx.out().root() + " were analysed for run date " + state.runDate() + ", not " + ctx.runDate()
          + analyze;
    }
    if (!java.util.Objects.equals(state.model(), ModelStage.State.read(ctx.hadoop(), ctx.latest(l -> l.mart(ModelStage.STATE))))) {
      return "a model ran in " + ctx.out().root() + " after the last analysis" + analyze;
    }
    java.util.SortedMap<String, String> now = settings(ctx.config());
    java.util.Map<String, String> then = state.settings() == null ? java.util.Map.of() : state.settings();
    List<String> differ = new java.util.ArrayList<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(now.keySet());
    keys.addAll(then.keySet());
    for (String key : keys) {
      String was = then.get(key);
      if (!java.util.Objects.equals(was, now.get(key))) {
        differ.add(key + " " + was + " (this configuration: " + now.get(key) + ")");
      }
    }
    return differ.isEmpty() ? null : "the marts in " + ctx.out().root() + " were analysed with other settings: "
        + String.join("; ", differ) + analyze;
  }

  /**
   * The knowledge-flow marts over the trailing twelve months ({@link KnowledgeFlow}); {@code headcounts}
   * the people of the period per department, {@code headcount} in all (as {@code mart_department} and
   * {@code mart_learning_summary} count them before suppression).
   */
  private void writeNetwork(Dataset<Row> headcounts, long headcount, String period, String firstMonth) {
    int k = ctx.config().minGroupSize();
    Dataset<Row> edges = KnowledgeFlow.edges(mart(ModelStage.FCT_COLLABORATION).filter(col(Columns.MONTH).geq(firstMonth)));
    HelpNetwork network = KnowledgeFlow.network(edges, mart(ModelStage.DIM_PERSON));
    List<HelpNetwork.Person> people = network.people();
    Dataset<Row> departments = Small.collected(KnowledgeFlow.suppressed(
        KnowledgeFlow.departmentMart(ctx.spark(), network, people, headcounts, period), k));
    write(MART_NETWORK_DEPARTMENT, departments);
    // A person's department is kept only where the department's own measures are published: the rows of
    // a suppressed department's people would add up to them.
    Object[] shown = departments.filter(col(Suppression.SUPPRESSION).isNull()
            .and(col(KnowledgeFlow.CONNECTED_PEOPLE).equalTo(0).or(col(KnowledgeFlow.CONNECTED_MEASURES.get(0)).isNotNull())))
        .select(Columns.DEPARTMENT).collectAsList().stream().map(r -> r.get(0)).toArray();
    Dataset<Row> persons = KnowledgeFlow.personMart(ctx.spark(), people, period);
    write(MART_NETWORK_PERSON, persons.withColumn(Columns.DEPARTMENT,
        org.apache.spark.sql.functions.when(col(Columns.DEPARTMENT).isin(shown), col(Columns.DEPARTMENT))));
    write(MART_NETWORK_SUMMARY, KnowledgeFlow.suppressedSummary(
        KnowledgeFlow.summaryMart(ctx.spark(), network, people, headcount, headcounts.count(), period), k));
  }

  /**
   * The measures about some of a group's people (its askers' questions, its learners' training: {@link
   * LearningMetrics#SUBSETS}) emptied where 1 to k−1 of them are behind them ({@link Suppression#columns}).
   */
  private Dataset<Row> subsetMeasures(Dataset<Row> metrics, List<String> siblings) {
    String tieBreak = List.of(metrics.columns()).contains(Columns.DEPARTMENT) ? Columns.DEPARTMENT : siblings.get(0);
    // The answered share counts only the questions whose seven days have passed: fewer people may have asked those.
    // The median answer time is over answered questions: fewer people may have had one.
    return Suppression.columns(metrics, ctx.config().minGroupSize(), siblings, tieBreak, LearningMetrics.SUBSETS);
  }

  /** The trailing twelve months ending with the run date's month, as the marts' {@code period} spells them. */
  public static String period(java.time.LocalDate runDate) {
    YearMonth last = YearMonth.from(runDate);
    return last.minusMonths(TRAILING_MONTHS - 1) + " to " + last;
  }

  /** A month-partitioned fact's rows in the month folders {@code months} selects (the partition column pruning the read). */
  private Dataset<Row> facts(String fact, Column months) {
    return mart(fact).filter(months).drop(ModelStage.FACT_PARTITION);
  }

  /**
   * The questions of employed askers ({@link LearningMetrics#ofEmployedAskers}) in the month folders
   * {@code months} selects; a question's seven days may not have passed by the run date, and it is then
   * left out of the answered shares.
   */
  private Dataset<Row> questions(Dataset<Row> personMonths, Column months) {
    return LearningMetrics.ofEmployedAskers(io.bottomup.model.FctQuestion.decidedBy(facts(ModelStage.FCT_QUESTION, months),
        ctx.runDate()), personMonths);
  }

  private Dataset<Row> mart(String name) {
    return ctx.table(l -> l.mart(name));
  }

  /**
   * Writes a mart as one file sorted by its first column. A mart is small at any size (the largest, the
   * network's, has a row per connected person), so one partition sorts it: a global sort ({@code orderBy})
   * first ran a job sampling the rows for its ranges, a seventh of the mart writes' time in a small run
   * (bench/results: twenty-sixth session).
   */
  private void write(String mart, Dataset<Row> rows) {
    Tables.write(MartSchemas.conform(mart, rows.repartition(1).sortWithinPartitions(rows.columns()[0])), ctx.work().mart(mart));
  }
}
