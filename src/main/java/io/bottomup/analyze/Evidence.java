package io.bottomup.analyze;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;

import io.bottomup.model.FctCollaboration;
import io.bottomup.schema.Action;
import io.bottomup.schema.Columns;
import io.bottomup.stats.CohortComparison;
import io.bottomup.stats.LinearRegression;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Evidence on performance over appraisal cycles ({@code mart_evidence}).
 *
 * <p>A <em>transition</em> is one person's pair of consecutive reviews: outcome = manager rating at
 * the later review − rating at the earlier one; exposure = the person's helping and asking actions
 * (question, answer, reply, comment, edit) after the earlier review up to the later one, in tens; a helping
 * action on the person's own content (an answer to their own question: {@link FctCollaboration#TO_SELF})
 * helps nobody and is not counted, as in {@code help_given}; every question counts.
 * <ul>
 *   <li>{@code cohort_difference}: mean rating change of the most exposed third of transitions minus
 *       the least exposed third (cut at the tercile values, ties kept together); Welch 95% CI,
 *       Cohen's d, n needed per group for 80% power;</li>
 *   <li>{@code adjusted_effect}: OLS of rating change on exposure controlling for prior rating, job
 *       level, tenure (years at the later review), formal training hours in the window and department;
 *       standard errors clustered by person; the estimate is the exposure coefficient.</li>
 * </ul>
 * A verdict is chosen by rule from the interval, never by wording: "positive effect, CI excludes
 * zero", "negative effect, CI excludes zero", "no measurable effect", "too few people to tell"
 * (fewer than {@link #MIN_PEOPLE} people, or fewer than twice the minimum group size), or "cannot be
 * estimated from these data" (people enough, but the model has no unique solution). These are
 * associations in observational data, not proof of cause.
 */
public final class Evidence {
  public static final String COHORT_DIFFERENCE = "cohort_difference";
  public static final String ADJUSTED_EFFECT = "adjusted_effect";
  public static final String SCOPE_ALL = "all";
  public static final String OUTCOME = "change in manager rating between consecutive reviews";
  public static final String EXPOSURE = "helping and asking actions between the reviews (per 10)";
  public static final int MIN_PEOPLE = 20;
  /** The helping and asking actions that make up exposure. */
  public static final List<Action> EXPOSURE_ACTIONS = List.of(Action.QUESTION, Action.ANSWER, Action.REPLY, Action.COMMENT,
      Action.EDIT);
  static final double EXPOSURE_UNIT = 10;

  public static final String POSITIVE = "positive effect, CI excludes zero";
  public static final String NEGATIVE = "negative effect, CI excludes zero";
  public static final String NONE = "no measurable effect";
  public static final String TOO_FEW = "too few people to tell";
  /** There are people enough, but the model has no unique solution (e.g. a control that is constant). */
  public static final String NOT_ESTIMABLE = "cannot be estimated from these data";

  private Evidence() {}

  /** One row per rating transition with its exposure and controls. */
  public static Dataset<Row> transitions(
      Dataset<Row> fctAppraisal, Dataset<Row> fctCollaboration, Dataset<Row> fctTraining, Dataset<Row> dimPerson) {
    Dataset<Row> pairs = pairs(fctAppraisal);
    return withControls(pairs, exposure(pairs, fctCollaboration), fctTraining, dimPerson);
  }

  /**
   * Each person's consecutive reviews: {@code person_key, department, from_date, to_date, prior_rating,
   * rating_change}.
   */
  public static Dataset<Row> pairs(Dataset<Row> fctAppraisal) {
    return fctAppraisal
        .withColumn("from_date", lag("review_date", 1).over(Window.partitionBy(Columns.PERSON_KEY).orderBy("review_date")))
        .withColumn("prior_rating", lag("manager_rating", 1).over(Window.partitionBy(Columns.PERSON_KEY).orderBy("review_date")))
        .filter(col("from_date").isNotNull())
        .select(col(Columns.PERSON_KEY), col(Columns.DEPARTMENT), col("from_date"), col("review_date").as("to_date"),
            col("prior_rating"), col("manager_rating").minus(col("prior_rating")).as("rating_change"));
  }

  /**
   * The exposure of each of {@code pairs}: {@code person_key, from_date, to_date, exposure_actions}, the
   * helping and asking actions in {@code fctCollaboration} after {@code from_date} up to {@code to_date}.
   * It reads only the actions of the windows' dates, so facts cut down to the months of those dates (a
   * fact's month is its event date's) give the same.
   */
  public static Dataset<Row> exposure(Dataset<Row> pairs, Dataset<Row> fctCollaboration) {
    Column counted = Action.among(EXPOSURE_ACTIONS).and(not(FctCollaboration.helpsOneself()));
    Dataset<Row> actions = fctCollaboration.filter(counted)
        .select(col(Columns.ACTOR_KEY).as("_a_key"), col(Columns.EVENT_DATE).as("_a_date"));
    Column inWindow = col("_a_key").equalTo(col(Columns.PERSON_KEY))
        .and(col("_a_date").gt(col("from_date"))).and(col("_a_date").leq(col("to_date")));
    return pairs.select(Columns.PERSON_KEY, "from_date", "to_date")
        .join(actions, inWindow, "left")
        .groupBy(Columns.PERSON_KEY, "from_date", "to_date")
        .agg(count(col("_a_key")).as("exposure_actions"));
  }

  /** The transitions of {@code pairs} ({@link #pairs}), with their {@code exposure} ({@link #exposure}) and controls. */
  public static Dataset<Row> withControls(Dataset<Row> pairs, Dataset<Row> exposure, Dataset<Row> fctTraining,
      Dataset<Row> dimPerson) {
    Dataset<Row> training = pairs.select(col(Columns.PERSON_KEY).as("_t_key"), col("from_date").as("_t_from"), col("to_date").as("_t_to"))
        .join(fctTraining.filter(col("status").equalTo("completed"))
                .select(col(Columns.PERSON_KEY).as("_l_key"), to_date(col("completed_at")).as("_l_date"), col("hours")),
            col("_l_key").equalTo(col("_t_key")).and(col("_l_date").gt(col("_t_from"))).and(col("_l_date").leq(col("_t_to"))))
        .groupBy("_t_key", "_t_from", "_t_to").agg(sum("hours").as("training_hours"));
    return pairs
        .join(exposure, new String[] {Columns.PERSON_KEY, "from_date", "to_date"}, "left")
        .join(training, col(Columns.PERSON_KEY).equalTo(col("_t_key")).and(col("from_date").equalTo(col("_t_from")))
            .and(col("to_date").equalTo(col("_t_to"))), "left")
        .join(broadcast(dimPerson.select(col(Columns.PERSON_KEY).as("_d_key"), col("job_level"), col("hire_date"))),
            col(Columns.PERSON_KEY).equalTo(col("_d_key")), "left")
        .select(col(Columns.PERSON_KEY), col(Columns.DEPARTMENT), col("from_date"), col("to_date"), col("prior_rating"),
            col("rating_change"), col("exposure_actions"), coalesce(col("training_hours"), lit(0.0)).as("training_hours"),
            col("job_level"), datediff(col("to_date"), col("hire_date")).divide(365.25).as("tenure_years"));
  }

  /** A transition as the statistics need it. */
  record Transition(String person, String department, double change, double exposure, double prior, Integer level,
      double tenure, double training, String order) {}

  /** The rows of mart_evidence: scope {@code all} and every department with enough people. */
  public static Dataset<Row> mart(SparkSession spark, Dataset<Row> transitions, int minGroupSize) {
    return mart(spark, transitions, minGroupSize, List.of());
  }

  /** As above, followed by rows of other analyses (the difference-in-differences). */
  public static Dataset<Row> mart(SparkSession spark, Dataset<Row> transitions, int minGroupSize, List<Row> more) {
    List<Transition> all = transitions.collectAsList().stream().map(r -> new Transition(
            r.getAs(Columns.PERSON_KEY), r.getAs(Columns.DEPARTMENT), r.<Double>getAs("rating_change"),
            r.<Long>getAs("exposure_actions") / EXPOSURE_UNIT, r.<Double>getAs("prior_rating"), r.getAs("job_level"),
            r.isNullAt(r.fieldIndex("tenure_years")) ? 0 : r.<Double>getAs("tenure_years"), r.<Double>getAs("training_hours"),
            r.getAs(Columns.PERSON_KEY) + "|" + r.getAs("from_date") + "|" + r.getAs("to_date")))
        .sorted(Comparator.comparing(Transition::order)).toList();
    List<Row> rows = new ArrayList<>();
    rows.addAll(analyse(SCOPE_ALL, all, minGroupSize, true));
    Map<String, List<Transition>> byDepartment = all.stream().collect(Collectors.groupingBy(
        t -> String.valueOf(t.department()), TreeMap::new, Collectors.toList()));
    Map<String, Long> people = new TreeMap<>();
    byDepartment.forEach((d, ts) -> people.put(d, ts.stream().map(Transition::person).distinct().count()));
    for (String department : published(people, minGroupSize)) {
      rows.addAll(analyse(department, byDepartment.get(department), minGroupSize, false));
    }
    rows.addAll(more);
    return spark.createDataFrame(rows.stream().map(r -> suppressed(r, minGroupSize)).toList(),
        io.bottomup.marts.MartSchemas.spark(AnalyzeStage.MART_EVIDENCE));
  }

  /**
   * The departments that get rows of their own. A department of fewer than {@code k} people does not;
   * since the whole organisation's n and people are published, the departments left out must hold at
   * least {@code k} people together (else the smallest published ones are left out too, as
   * {@link Suppression} does), so that the difference is never about fewer than {@code k} people.
   */
  static List<String> published(Map<String, Long> people, int k) {
    List<String> bySize = people.keySet().stream()
        .sorted(Comparator.<String>comparingLong(people::get).thenComparing(Comparator.naturalOrder())).toList();
    long hidden = people.values().stream().filter(n -> n < k).mapToLong(Long::longValue).sum();
    boolean anyHidden = people.values().stream().anyMatch(n -> n < k);
    List<String> shown = new ArrayList<>();
    for (String d : bySize) {
      if (people.get(d) < k) {
        continue;
      }
      if (anyHidden && hidden < k) {
        hidden += people.get(d);
        continue;
      }
      shown.add(d);
    }
    return shown.stream().sorted().toList();
  }

  /** A row about fewer than {@code k} people keeps its labels and loses every figure, n and people included. */
  static Row suppressed(Row r, int k) {
    int people = 11; // n_people, in the order of rowOf
    if (r.isNullAt(people) || ((Number) r.get(people)).longValue() >= k) {
      return r;
    }
    return RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), null, null, null, null, null, null, null, null,
        null, null, TOO_FEW, "suppressed: fewer than " + k + " people");
  }

  static List<Row> analyse(String scope, List<Transition> transitions, int minGroupSize, boolean departmentControls) {
    long people = transitions.stream().map(Transition::person).distinct().count();
    int needed = Math.max(MIN_PEOPLE, 2 * minGroupSize);
    return List.of(cohort(scope, transitions, people, people >= needed, minGroupSize),
        adjusted(scope, transitions, needed, departmentControls));
  }

  private static Row cohort(String scope, List<Transition> transitions, long people, boolean enough, int k) {
    // Thirds by exposure value, so that equal exposures always fall in the same group (a split inside
    // a tie would depend on the pseudonyms, and so on the key).
    double[] exposures = transitions.stream().mapToDouble(Transition::exposure).sorted().toArray();
    int third = exposures.length / 3;
    double lowCut = third > 0 ? exposures[third - 1] : Double.NEGATIVE_INFINITY;
    double highCut = third > 0 ? exposures[exposures.length - third] : Double.POSITIVE_INFINITY;
    List<Transition> lowGroup = transitions.stream().filter(t -> t.exposure() <= lowCut).toList();
    List<Transition> highGroup = transitions.stream().filter(t -> t.exposure() >= highCut && t.exposure() > lowCut).toList();
    double[] low = lowGroup.stream().mapToDouble(Transition::change).toArray();
    double[] high = highGroup.stream().mapToDouble(Transition::change).toArray();
    // Each group's mean is published: a group of 1 to k−1 people (ties in actions shrink one) is not.
    long lowPeople = lowGroup.stream().map(Transition::person).distinct().count();
    long highPeople = highGroup.stream().map(Transition::person).distinct().count();
    if (!enough || low.length < 2 || high.length < 2 || lowPeople < k || highPeople < k) {
      return row(COHORT_DIFFERENCE, scope, "rating points (most minus least active third)", null, transitions.size(), people,
          null, null, null, TOO_FEW, enough ? "the most or the least active third holds fewer than " + k
              + " people (many tie on the same number of actions)" : tooFewPeople(people));
    }
    CohortComparison c = CohortComparison.of(high, low);
    String note = String.format(java.util.Locale.ROOT,
        "most active third (%.0f+ actions): mean %.3f (n=%d); least active third (up to %.0f actions): mean %.3f (n=%d); "
            + "Cohen's d %.2f; %s per group for 80%% power",
        highCut * EXPOSURE_UNIT, c.meanHigh(), c.nHigh(), lowCut * EXPOSURE_UNIT, c.meanLow(), c.nLow(), c.cohensD(),
        Double.isInfinite(c.nFor80PercentPower()) ? "no finite n" : String.valueOf((long) c.nFor80PercentPower()));
    return row(COHORT_DIFFERENCE, scope, "rating points (most minus least active third)", c, c.nHigh() + c.nLow(), people,
        c.cohensD(), c.nFor80PercentPower(), null, verdict(c.ciLow(), c.ciHigh()), note);
  }

  /**
   * The regression is fitted on the transitions of people with a job level (a control), so its n, its
   * people and the rule of enough people are theirs; the note says how many people it left out.
   */
  private static Row adjusted(String scope, List<Transition> transitions, int needed, boolean departmentControls) {
    List<Transition> usable = transitions.stream().filter(t -> t.level() != null).toList();
    long people = usable.stream().map(Transition::person).distinct().count();
    long without = transitions.stream().map(Transition::person).distinct().count() - people;
    boolean enough = people >= needed;
    String leftOut = without == 0 ? "" : "; " + without + " people without a job level left out";
    List<String> departments = departmentControls
        ? new ArrayList<>(new TreeSet<>(usable.stream().map(Transition::department).toList())) : List.of();
    int k = 6 + Math.max(0, departments.size() - 1);
    if (!enough || usable.size() <= k + 2) {
      return row(ADJUSTED_EFFECT, scope, "rating points per 10 actions", null, usable.size(), people, null, null, null, TOO_FEW,
          (enough ? "too few transitions for " + k + " coefficients" : tooFewPeople(people)) + leftOut);
    }
    double[][] x = new double[usable.size()][k];
    double[] y = new double[usable.size()];
    List<String> clusters = new ArrayList<>();
    for (int i = 0; i < usable.size(); i++) {
      Transition t = usable.get(i);
      x[i][0] = 1;
      x[i][1] = t.exposure();
      x[i][2] = t.prior();
      x[i][3] = t.level();
      x[i][4] = t.tenure();
      x[i][5] = t.training();
      for (int d = 1; d < departments.size(); d++) {
        x[i][5 + d] = departments.get(d).equals(t.department()) ? 1 : 0;
      }
      y[i] = t.change();
      clusters.add(t.person());
    }
    try {
      LinearRegression r = LinearRegression.fit(x, y, clusters);
      return rowOf(ADJUSTED_EFFECT, scope, "rating points per 10 actions", r.coefficients()[1], r.stdErrors()[1], r.ciLow()[1],
          r.ciHigh()[1], r.pValues()[1], usable.size(), people, null, null, r.rSquared(), verdict(r.ciLow()[1], r.ciHigh()[1]),
          "controls: prior rating, job level, tenure, formal training hours" + (departmentControls ? ", department" : "")
              + "; standard errors clustered by person (" + r.clusters() + " people)" + leftOut);
    } catch (IllegalArgumentException singular) {
      return row(ADJUSTED_EFFECT, scope, "rating points per 10 actions", null, usable.size(), people, null, null, null,
          NOT_ESTIMABLE, singular.getMessage() + leftOut);
    }
  }

  private static String tooFewPeople(long people) {
    return people + " people with two reviews; at least " + MIN_PEOPLE + " and twice the minimum group size are needed";
  }

  /** The verdict for a 95% interval. */
  public static String verdict(double ciLow, double ciHigh) {
    if (ciLow > 0) {
      return POSITIVE;
    }
    if (ciHigh < 0) {
      return NEGATIVE;
    }
    return NONE;
  }

  private static Row row(String analysis, String scope, String unit, CohortComparison c, long n, long people, Double effectSize,
      Double nPower, Double r2, String verdict, String note) {
    return c == null
        ? rowOf(analysis, scope, unit, null, null, null, null, null, n, people, effectSize, nPower, r2, verdict, note)
        : rowOf(analysis, scope, unit, c.difference(), c.stdError(), c.ciLow(), c.ciHigh(), c.pValue(), n, people, effectSize,
            Double.isInfinite(nPower) ? null : nPower, r2, verdict, note);
  }

  private static Row rowOf(String analysis, String scope, String unit, Double estimate, Double se, Double lo, Double hi, Double p,
      long n, long people, Double effectSize, Double nPower, Double r2, String verdict, String note) {
    return rowOf(analysis, scope, OUTCOME, EXPOSURE, unit, estimate, se, lo, hi, p, n, people, effectSize, nPower, r2, verdict,
        note);
  }

  static Row rowOf(String analysis, String scope, String outcome, String exposure, String unit, Double estimate, Double se,
      Double lo, Double hi, Double p, long n, long people, Double effectSize, Double nPower, Double r2, String verdict,
      String note) {
    return RowFactory.create(analysis, scope, outcome, exposure, unit, estimate, se, lo, hi, p, n, people, r2, effectSize,
        nPower, verdict, note);
  }
}
