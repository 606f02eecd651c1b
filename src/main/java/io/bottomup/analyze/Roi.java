package io.bottomup.analyze;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.bottomup.config.JobConfig;
import io.bottomup.model.FctPersonMonth;
import io.bottomup.schema.Action;
import io.bottomup.schema.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Return on investment of social learning after Phillips, over the twelve months ending with the run
 * month ({@code mart_roi}), one row per scenario: {@code low} takes the lower end of the adjusted
 * effect's 95% interval, {@code base} the estimate, {@code high} the upper end.
 * <ul>
 *   <li>costs, fully loaded: social = estimated social-learning hours × each person's hourly cost +
 *       the platform cost; formal = course costs + training hours × hourly cost (the directory's
 *       {@code hourly_cost}, else the configured default);</li>
 *   <li>benefit, first year only = effect (rating points per 10 actions) × helping-and-asking actions
 *       per exposed person / 10 × value of one rating point per person-year × exposed people ×
 *       confidence adjustment;</li>
 *   <li>benefit-cost ratio = benefit / social cost; ROI % = (benefit − social cost) / social cost × 100;</li>
 *   <li>cost per learning hour = cost / hours, social and formal.</li>
 * </ul>
 * When the effect's interval includes zero (or there are too few people to tell), the base case's
 * status says the benefit is not demonstrated: the numbers are then what the assumptions imply, not a
 * finding.
 */
public final class Roi {
  public static final String LOW = "low";
  public static final String BASE = "base";
  public static final String HIGH = "high";
  public static final String SHOWN = "benefit shown: the effect's 95% CI excludes zero";
  public static final String NOT_DEMONSTRATED = "benefit not demonstrated: the effect's 95% CI includes zero";
  public static final String NEGATIVE = "no benefit: the estimated effect is negative";
  public static final String TOO_FEW = "benefit not demonstrated: too few people to tell";
  public static final String NOT_ESTIMABLE = "benefit not demonstrated: the effect cannot be estimated from these data";

  private Roi() {}

  /**
   * The year's totals the scenarios share. {@code formalLearners}: the people with formal hours (as
   * {@link LearningMetrics#LEARNERS} counts them), whom the formal hours and their time cost describe;
   * {@code formalPayers}: the people with a course cost, whom the course cost describes. A paid course
   * of no hours makes a payer who is no learner: counting either as the other would show the hours or
   * the cost of fewer than k people.
   */
  public record Totals(long headcount, long exposedPeople, long exposureActions, double socialHours, double socialTimeCost,
      double formalHours, double formalCourseCost, double formalTimeCost, long formalLearners, long formalPayers,
      long informalPeople) {}

  /** The adjusted effect (rating points per 10 actions) with its interval and verdict; null numbers when it could not be estimated. */
  public record Effect(Double estimate, Double ciLow, Double ciHigh, String verdict) {}

  /**
   * Totals over person-months of the period (or their {@link PersonPeriod} rows, which hold the same sums),
   * with each person's hourly cost from dim_person.
   */
  public static Totals totals(Dataset<Row> trailingPersonMonths, Dataset<Row> dimPerson, Map<Action, Double> minutesPerAction,
      double defaultHourlyCost) {
    Column informalMinutes = lit(0.0);
    for (Action a : Action.values()) {
      informalMinutes = informalMinutes.plus(col(FctPersonMonth.actionCount(a)).multiply(minutesPerAction.get(a)));
    }
    // The unit the effect is estimated per (Evidence.transitions): questions, and helping actions not on
    // one's own content; an answer to one's own question helps nobody and earns no benefit.
    Column exposure = col(FctPersonMonth.actionCount(Action.QUESTION)).plus(col(FctPersonMonth.HELP_GIVEN));
    Dataset<Row> perPerson = trailingPersonMonths.groupBy(Columns.PERSON_KEY).agg(
            sum(exposure).as("_exposure"), sum(informalMinutes).divide(60.0).as("_social_hours"),
            sum(FctPersonMonth.FORMAL_HOURS).as("_formal_hours"), sum(FctPersonMonth.FORMAL_COST).as("_formal_cost"))
        .join(broadcast(dimPerson.select(col(Columns.PERSON_KEY).as("_d_key"), col("hourly_cost"))),
            col(Columns.PERSON_KEY).equalTo(col("_d_key")), "left")
        .withColumn("_hourly", coalesce(col("hourly_cost"), lit(defaultHourlyCost)));
    Row t = perPerson.agg(count(lit(1)), sum(when(col("_exposure").gt(0), 1L).otherwise(0L)), sum("_exposure"),
        sum("_social_hours"), sum(col("_social_hours").multiply(col("_hourly"))), sum("_formal_hours"), sum("_formal_cost"),
        sum(col("_formal_hours").multiply(col("_hourly"))),
        sum(when(col("_formal_hours").gt(0), 1L).otherwise(0L)), sum(when(col("_formal_cost").gt(0), 1L).otherwise(0L)),
        sum(when(col("_social_hours").gt(0), 1L).otherwise(0L))).first();
    return new Totals(t.getLong(0), counted(t, 1), counted(t, 2), value(t, 3),
        value(t, 4), value(t, 5), value(t, 6), value(t, 7), counted(t, 8), counted(t, 9), counted(t, 10));
  }

  private static double value(Row r, int i) {
    return r.isNullAt(i) ? 0 : r.getDouble(i);
  }

  /** A sum of counts, 0 over no rows. */
  private static long counted(Row r, int i) {
    return r.isNullAt(i) ? 0 : r.getLong(i);
  }

  /** The adjusted effect for the whole organisation from mart_evidence rows. */
  public static Effect effect(Dataset<Row> evidence) {
    List<Row> rows = evidence.filter(col("analysis").equalTo(Evidence.ADJUSTED_EFFECT).and(col("scope").equalTo(Evidence.SCOPE_ALL)))
        .select("estimate", "ci_low", "ci_high", "verdict").collectAsList();
    if (rows.isEmpty()) {
      return new Effect(null, null, null, Evidence.TOO_FEW);
    }
    Row r = rows.get(0);
    return new Effect((Double) r.get(0), (Double) r.get(1), (Double) r.get(2), r.getString(3));
  }

  /** The three scenario rows of mart_roi (without the suppression column). */
  public static List<Row> scenarios(Totals t, Effect effect, JobConfig config, String period) {
    List<Row> rows = new ArrayList<>();
    // Without an interval the low and high cases are no ends of one: they say why, as the base case does.
    boolean interval = effect.ciLow() != null && effect.ciHigh() != null;
    rows.add(scenario(LOW, effect.ciLow(), interval ? "lower end of the effect's 95% CI" : baseStatus(effect), t, config, period));
    rows.add(scenario(BASE, effect.estimate(), baseStatus(effect), t, config, period));
    rows.add(scenario(HIGH, effect.ciHigh(), interval ? "upper end of the effect's 95% CI" : baseStatus(effect), t, config, period));
    return rows;
  }

  static String baseStatus(Effect effect) {
    if (Evidence.NOT_ESTIMABLE.equals(effect.verdict())) {
      return NOT_ESTIMABLE;
    }
    if (effect.estimate() == null || Evidence.TOO_FEW.equals(effect.verdict())) {
      return TOO_FEW;
    }
    if (effect.ciLow() > 0) {
      return SHOWN;
    }
    return effect.ciHigh() < 0 ? NEGATIVE : NOT_DEMONSTRATED;
  }

  /**
   * One scenario's row. As {@link Suppression#columns} does for the learning marts, the measures about a
   * subset of the people are empty where 1 to k−1 people are behind them: the formal hours and costs
   * (the people who took training), and the exposed people with what is computed from their actions
   * (actions per person, gain, benefit, ratio, ROI). The whole row is suppressed below k people.
   */
  private static Row scenario(String name, Double effect, String status, Totals t, JobConfig config, String period) {
    int k = config.minGroupSize();
    boolean exposedShown = t.exposedPeople() == 0 || t.exposedPeople() >= k;
    // The formal totals add the learners' hours (and their time's cost) to the payers' course costs:
    // shown only where neither group is 1 to k-1 people.
    boolean formalShown = (t.formalLearners() == 0 || t.formalLearners() >= k) && (t.formalPayers() == 0 || t.formalPayers() >= k);
    // The social hours and their cost are those of the people with informal time (LearningMetrics.INFORMAL_PEOPLE).
    boolean informalShown = t.informalPeople() == 0 || t.informalPeople() >= k;
    double platform = config.platformCostPerYear();
    Double socialCost = informalShown ? t.socialTimeCost() + platform : null;
    Double perPerson = t.exposedPeople() > 0 && exposedShown ? (double) t.exposureActions() / t.exposedPeople() : null;
    Double gain = effect == null || perPerson == null ? null : effect * perPerson / Evidence.EXPOSURE_UNIT;
    Double benefit = gain == null ? null : gain * config.valuePerRatingPoint() * t.exposedPeople() * config.roiConfidence();
    Double bcr = benefit == null || socialCost == null || socialCost <= 0 ? null : benefit / socialCost;
    Double roi = bcr == null ? null : (bcr - 1) * 100;
    Double formalHours = formalShown ? t.formalHours() : null;
    Double formalCourseCost = formalShown ? t.formalCourseCost() : null;
    Double formalTimeCost = formalShown ? t.formalTimeCost() : null;
    Double formalCost = formalShown ? t.formalCourseCost() + t.formalTimeCost() : null;
    return RowFactory.create(period, name, config.currency(), effect, t.headcount(), exposedShown ? t.exposedPeople() : null,
        perPerson, gain, config.valuePerRatingPoint(), config.roiConfidence(), benefit, informalShown ? t.socialHours() : null,
        informalShown ? t.socialTimeCost() : null, platform, socialCost, formalHours, formalCourseCost, formalTimeCost, formalCost,
        bcr, roi, informalShown && t.socialHours() > 0 ? socialCost / t.socialHours() : null,
        formalShown && t.formalHours() > 0 ? formalCost / t.formalHours() : null, status);
  }

  public static Dataset<Row> mart(SparkSession spark, List<Row> scenarios) {
    return spark.createDataFrame(scenarios,
        io.bottomup.marts.MartSchemas.spark(AnalyzeStage.MART_ROI, Suppression.SUPPRESSION));
  }
}
