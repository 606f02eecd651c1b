package io.bottomup.analyze;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.atanh;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.covar_samp;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.tanh;
import static org.apache.spark.sql.functions.when;

import io.bottomup.config.JobConfig;
import io.bottomup.model.FctPersonMonth;
import io.bottomup.model.FctQuestion;
import io.bottomup.schema.Action;
import io.bottomup.schema.Columns;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The motive–means–opportunity index ({@code mart_culture_index}), per department and for the whole
 * organisation, over the twelve months ending with the run month. Every component is a score from 0
 * to 100; each of the three parts is the mean of its components that can be computed, and the index
 * is the mean of the parts. "Reviewed" people are those with a review in the period (their latest).
 * <ul>
 *   <li><b>motive</b> — does the organisation reward performance and contribution? With r a Pearson
 *       correlation over reviewed people, each component is 50 × (1 + r): 0 = the opposite is
 *       rewarded, 50 = no relation, 100 = fully rewarded.
 *       {@code motive_performance}: r(goals met %, manager rating); {@code motive_contribution}:
 *       r(help actions given, manager rating); {@code motive_promotion}: r(manager rating, promoted).</li>
 *   <li><b>means</b> — tools and metacognition. {@code means_active} = 100 × share of people with a
 *       social action; {@code means_calibration} = 100 × (1 − mean |self − manager rating| / scale
 *       width), lower gaps score higher.</li>
 *   <li><b>opportunity</b> — is it safe to ask? {@code opportunity_asking} = 100 × min(1, questions per
 *       head per month / configured target), empty when the organisation has no question at all in the period
 *       (no source that records questions); {@code opportunity_answered} = 100 × share of questions
 *       answered within 7 days; {@code opportunity_no_penalty} = 100 × clamp(1 + (mean rating of
 *       frequent askers − mean rating of the others) / (a quarter of the scale width), 0, 1): 100 when
 *       frequent askers are rated no lower than peers, 0 when a full quarter of the scale lower.
 *       Frequent askers: people whose questions in the period reach the organisation's 75th percentile
 *       among people who asked at all.</li>
 * </ul>
 */
public final class CultureIndex {
  public static final String SCOPE_ORGANISATION = "organisation";
  public static final String SCOPE_DEPARTMENT = "department";

  private CultureIndex() {}

  /**
   * @param personPeriod the period's person-months, a row per person and department ({@link PersonPeriod})
   * @param trailingQuestions questions of the period with {@code answered_within_7d} ({@link QuestionFlow})
   * @param k the minimum group size: a component about fewer than k of a department's people is empty
   *     ({@link #SUBSETS}), and so is the part and index it would enter
   */
  public static Dataset<Row> compute(Dataset<Row> personPeriod, Dataset<Row> trailingQuestions, Dataset<Row> fctAppraisal,
      LocalDate periodStart, LocalDate runDate, JobConfig config, int k) {
    // Help given is on someone else's content: an answer to one's own question is not (help_given).
    Column help = col(FctPersonMonth.HELP_GIVEN);
    Dataset<Row> people = personPeriod.select(col(Columns.PERSON_KEY), col(Columns.DEPARTMENT), col(PersonPeriod.MONTHS).as("_months"),
        help.as("_help"), col(FctPersonMonth.actionCount(Action.QUESTION)).as("_questions"),
        col(FctPersonMonth.SOCIAL_ACTIONS).as("_social"));
    Dataset<Row> inPeriod = fctAppraisal.filter(col("review_date").geq(lit(Date.valueOf(periodStart)))
        .and(col("review_date").leq(lit(Date.valueOf(runDate)))));
    Dataset<Row> latest = inPeriod
        .withColumn("_rank", row_number().over(Window.partitionBy(Columns.PERSON_KEY).orderBy(col("review_date").desc())))
        .filter(col("_rank").equalTo(1))
        .select(col(Columns.PERSON_KEY).as("_r_key"), col("manager_rating").as("_manager"), col("self_rating").as("_self"),
            col("goals_met_pct").as("_goals"));
    Dataset<Row> promoted = inPeriod.groupBy(col(Columns.PERSON_KEY).as("_p_key"))
        .agg(max(when(col("promoted"), 1.0).otherwise(0.0)).as("_promoted"));
    Row threshold = people.filter(col("_questions").gt(0))
        .agg(org.apache.spark.sql.functions.percentile(col("_questions"), lit(0.75))).first();
    double frequent = threshold.isNullAt(0) ? Double.POSITIVE_INFINITY : threshold.getDouble(0);
    Dataset<Row> joined = people
        .join(latest, col(Columns.PERSON_KEY).equalTo(col("_r_key")), "left")
        .join(promoted, col(Columns.PERSON_KEY).equalTo(col("_p_key")), "left")
        .withColumn("_frequent", col("_questions").geq(frequent));
    Column decidedAsker = when(col(FctQuestion.ANSWERED_WITHIN_7D).isNotNull(), col(Columns.ACTOR_KEY));
    Dataset<Row> answered = trailingQuestions.groupBy(Columns.DEPARTMENT)
        .agg(FctQuestion.answeredShare().as("_answered"), countDistinct(decidedAsker).as(DECIDED_ASKERS));
    Row all = trailingQuestions.agg(FctQuestion.answeredShare(), countDistinct(decidedAsker), count(lit(1))).first();
    // No question anywhere in the organisation's year: no source records questions (a Slack export, a
    // wiki), so how much people ask is not measured, rather than measured as nobody asking.
    boolean asking = all.getLong(2) > 0;

    Dataset<Row> byDepartment = aggregate(joined, col(Columns.DEPARTMENT))
        .join(answered, new String[] {Columns.DEPARTMENT}, "left")
        .withColumn("scope", lit(SCOPE_DEPARTMENT));
    Dataset<Row> organisation = aggregate(joined, lit(null).cast("string"))
        .select(col("*"), lit(all.isNullAt(0) ? null : all.getDouble(0)).cast("double").as("_answered"),
            lit(all.getLong(1)).as(DECIDED_ASKERS), lit(SCOPE_ORGANISATION).as("scope"));
    return scores(Suppression.columns(Small.collected(organisation.unionByName(byDepartment)), k, List.of("scope"),
        Columns.DEPARTMENT, SUBSETS), config, asking);
  }

  /**
   * Components that describe some of a department's people only, by the column counting them: the
   * rating-based ones its reviewed people, the asking one its askers, the answered one the askers of the
   * questions whose seven days have passed, the frequent askers' rating gap the smaller of its reviewed frequent askers and reviewed others. Where 1 to k−1 people
   * are behind one, it is emptied, with further departments' (fewest first) until the emptied ones hold
   * k people together: the organisation's row minus the shown departments would give it away
   * ({@link Suppression#columns}). A department's row itself holds at least k people ({@code headcount}).
   */
  /** Distinct people who asked the questions the answered share counts (those whose seven days have passed). */
  private static final String DECIDED_ASKERS = "_decided_askers";

  static final Map<String, List<String>> SUBSETS = Map.of(
      "reviewed", List.of("_r_performance", "_r_contribution", "_r_promotion", "calibration_gap"),
      "_help_people", List.of("_r_contribution"),
      // A correlation is over the reviewed people who have both values: goals met % may be missing (help
      // given and promoted are there for everyone reviewed, so the others' n is the reviewed).
      "_n_performance", List.of("_r_performance"),
      "_promotion_people", List.of("_r_promotion"),
      "_askers", List.of("questions_per_head_month"),
      DECIDED_ASKERS, List.of("_answered"),
      "_gap_people", List.of("_frequent_rating", "_other_rating"));

  private static Dataset<Row> aggregate(Dataset<Row> people, Column department) {
    Column reviewed = col("_manager").isNotNull();
    return people.groupBy(department.as(Columns.DEPARTMENT)).agg(
        count(lit(1)).as("headcount"),
        sum(when(reviewed, 1L).otherwise(0L)).as("reviewed"),
        pearson(col("_goals"), col("_manager")).as("_r_performance"),
        pairs(col("_goals"), col("_manager")).as("_n_performance"),
        pearson(col("_help").cast("double"), col("_manager")).as("_r_contribution"),
        pearson(col("_manager"), when(reviewed, coalesce(col("_promoted"), lit(0.0)))).as("_r_promotion"),
        avg(when(col("_social").gt(0), 1.0).otherwise(0.0)).as("active_share"),
        avg(abs(col("_self").minus(col("_manager")))).as("calibration_gap"),
        sum("_questions").divide(sum("_months")).as("questions_per_head_month"),
        avg(when(col("_frequent"), col("_manager"))).as("_frequent_rating"),
        avg(when(org.apache.spark.sql.functions.not(col("_frequent")), col("_manager"))).as("_other_rating"),
        sum(when(col("_questions").gt(0), 1L).otherwise(0L)).as("_askers"),
        smallerSide(reviewed, col("_frequent")).as("_gap_people"),
        // A correlation with a yes/no-like variable held by 1 to k−1 of the reviewed (the one helper,
        // the one promoted) is their ratings against the others': the smaller side is its group size.
        smallerSide(reviewed, col("_help").gt(0)).as("_help_people"),
        smallerSide(reviewed, coalesce(col("_promoted"), lit(0.0)).gt(0)).as("_promotion_people"));
  }

  /** Of the {@code among} rows, the fewer: those where {@code side} holds, or those where it does not. */
  private static Column smallerSide(Column among, Column side) {
    return least(sum(when(among.and(side), 1L).otherwise(0L)),
        sum(when(among.and(org.apache.spark.sql.functions.not(side)), 1L).otherwise(0L)));
  }

  private static Dataset<Row> scores(Dataset<Row> d, JobConfig config, boolean asking) {
    double width = config.ratingMax() - config.ratingMin();
    // One projection: a withColumn per score analysed the whole plan (two aggregations, a union and the
    // suppression's windows) again each time. In three warm runs of four events, the driver's samples in
    // the culture index fell from 237 to 157 (flight recordings; bench/results, twenty-fifth session).
    // A whole repeats its parts' expressions (scores.get) instead of reading them back from columns.
    Map<String, Column> scores = new java.util.LinkedHashMap<>();
    scores.put("motive_performance", correlationScore(col("_r_performance")));
    scores.put("motive_contribution", correlationScore(col("_r_contribution")));
    scores.put("motive_promotion", correlationScore(col("_r_promotion")));
    for (String c : List.of("performance", "contribution", "promotion")) {
      Column n = c.equals("performance") ? col("_n_performance") : col("reviewed");
      scores.put("motive_" + c + "_ci_low", correlationBound(col("_r_" + c), n, -1));
      scores.put("motive_" + c + "_ci_high", correlationBound(col("_r_" + c), n, 1));
    }
    // Its n: the reviewed people with a goals-met figure, who may be fewer than those reviewed.
    scores.put("motive_performance_n", when(scores.get("motive_performance").isNotNull(), col("_n_performance")));
    scores.put("means_active", col("active_share").multiply(100));
    scores.put("means_calibration", when(col("calibration_gap").isNotNull(),
        greatest(lit(0.0), lit(1.0).minus(col("calibration_gap").divide(width))).multiply(100)));
    scores.put("opportunity_asking", when(lit(asking).and(col("questions_per_head_month").isNotNull()),
        least(lit(1.0), col("questions_per_head_month").divide(config.questionsPerHeadTarget())).multiply(100)));
    scores.put("opportunity_answered", col("_answered").multiply(100));
    Column gap = col("_frequent_rating").minus(col("_other_rating"));
    scores.put("frequent_asker_rating_gap", gap);
    // greatest and least skip empty values, so an empty gap is kept empty explicitly.
    scores.put("opportunity_no_penalty", when(gap.isNotNull(),
        greatest(lit(0.0), least(lit(1.0), lit(1.0).plus(gap.divide(width / 4)))).multiply(100)));
    scores.put("motive", meanOf(scores.get("motive_performance"), scores.get("motive_contribution"), scores.get("motive_promotion")));
    scores.put("means", meanOf(scores.get("means_active"), scores.get("means_calibration")));
    scores.put("opportunity", meanOf(scores.get("opportunity_asking"), scores.get("opportunity_answered"),
        scores.get("opportunity_no_penalty")));
    scores.put("culture_index", meanOf(scores.get("motive"), scores.get("means"), scores.get("opportunity")));
    return d.withColumns(scores);
  }

  /** Pearson's r over the rows where both are present; empty for fewer than two or without variation. */
  static Column pearson(Column x, Column y) {
    Column both = x.isNotNull().and(y.isNotNull());
    Column xs = when(both, x);
    Column ys = when(both, y);
    return try_divide(covar_samp(xs, ys), stddev_samp(xs).multiply(stddev_samp(ys)));
  }

  /** The number of rows where both are present: the n of {@link #pearson}. */
  static Column pairs(Column x, Column y) {
    return sum(when(x.isNotNull().and(y.isNotNull()), 1L).otherwise(0L));
  }

  /** Two-sided 95% normal quantile. */
  private static final double Z95 = 1.959963984540054;

  /**
   * An end ({@code side} −1 lower, +1 upper) of the 95% interval of a correlation score 50 × (1 + r),
   * by Fisher's z: tanh(atanh(r) ± 1.96 / √(n − 3)). Empty where r is, for n below 4, and for r of −1
   * or 1 (atanh is infinite there: two or three perfectly aligned people say nothing of the spread).
   */
  static Column correlationBound(Column r, Column n, int side) {
    // 1 − 1e-9: a perfectly aligned group can compute as 0.9999999999999998, an interval of nothing.
    Column usable = r.isNotNull().and(org.apache.spark.sql.functions.not(isnan(r))).and(abs(r).lt(1.0 - 1e-9)).and(n.geq(4));
    Column end = tanh(atanh(r).plus(lit(side * Z95).divide(sqrt(n.minus(3)))));
    return when(usable, lit(50.0).multiply(lit(1.0).plus(end)));
  }

  /** 50 × (1 + r); empty when r cannot be computed (fewer than two people or no variation). */
  private static Column correlationScore(Column r) {
    return when(r.isNotNull().and(org.apache.spark.sql.functions.not(isnan(r))), lit(50.0).multiply(lit(1.0).plus(r)));
  }

  /** The mean of the columns that are not empty; empty when all are. */
  static Column meanOf(Column... columns) {
    Column total = lit(0.0);
    Column n = lit(0);
    for (Column c : columns) {
      total = total.plus(coalesce(c, lit(0.0)));
      n = n.plus(when(c.isNotNull(), 1).otherwise(0));
    }
    return when(n.gt(0), total.divide(n));
  }

  /** Columns kept through suppression. */
  public static List<String> keys() {
    return List.of(AnalyzeStage.PERIOD, "scope", Columns.DEPARTMENT);
  }
}
