package io.bottomup.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.bottomup.schema.Action;
import io.bottomup.schema.Columns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * {@code fct_person_month}: one row per person and month in which the person was employed (hired on
 * or before the month's last day and the run date, not terminated before its first), with
 * <ul>
 *   <li>{@code n_<action>}: the person's actions of each type that month;</li>
 *   <li>{@code people_helped}: distinct people the person's helping actions reached that month;</li>
 *   <li>{@code help_given}: the person's helping actions that month not on their own content;</li>
 *   <li>{@code formal_hours}, {@code formal_cost}: training completed that month;</li>
 *   <li>{@code latest_manager_rating}, {@code latest_cycle}: the last review on or before the month's end.</li>
 * </ul>
 */
public final class FctPersonMonth {
  public static final String PEOPLE_HELPED = "people_helped";
  /** Helping actions not on the person's own content ({@link FctCollaboration#TO_SELF}). */
  public static final String HELP_GIVEN = "help_given";
  public static final String FORMAL_HOURS = "formal_hours";
  public static final String FORMAL_COST = "formal_cost";
  public static final String SOCIAL_ACTIONS = "social_actions";

  private FctPersonMonth() {}

  /** The column counting one action type. */
  public static String actionCount(Action action) {
    return "n_" + action.value();
  }

  public static Dataset<Row> build(
      Dataset<Row> dimPerson, Dataset<Row> months, Dataset<Row> fctCollaboration, Dataset<Row> fctTraining,
      Dataset<Row> fctAppraisal, java.time.LocalDate runDate) {
    Dataset<Row> employed = personMonths(dimPerson, months, runDate);
    String[] key = {Columns.PERSON_KEY, Columns.MONTH};
    Dataset<Row> joined = employed
        .join(actionsByPersonMonth(fctCollaboration), key, "left")
        .join(trainingByPersonMonth(fctTraining), key, "left")
        .join(latestAppraisal(employed, fctAppraisal), key, "left");
    List<String> counts = new ArrayList<>();
    for (Action a : Action.values()) {
      counts.add(actionCount(a));
    }
    counts.add(PEOPLE_HELPED);
    counts.add(HELP_GIVEN);
    Column social = lit(0L);
    for (Action a : Action.values()) {
      if (a != Action.VIEW) {
        social = social.plus(col(actionCount(a)));
      }
    }
    return joined
        .na().fill(0L, counts.toArray(String[]::new))
        .na().fill(0.0, new String[] {FORMAL_HOURS, FORMAL_COST})
        .withColumn(SOCIAL_ACTIONS, social)
        .orderBy(Columns.MONTH, Columns.PERSON_KEY);
  }

  /**
   * People × months in which they were employed, as known on the run date: someone hired after the run
   * date is not yet in its month.
   */
  static Dataset<Row> personMonths(Dataset<Row> dimPerson, Dataset<Row> months, java.time.LocalDate runDate) {
    Column monthStart = Months.start(col(Columns.MONTH));
    return dimPerson.select(Columns.PERSON_KEY, Columns.DEPARTMENT, "job_level", "hire_date", "termination_date")
        .crossJoin(months)
        .filter(col("hire_date").leq(org.apache.spark.sql.functions.least(last_day(monthStart), lit(java.sql.Date.valueOf(runDate))))
            .and(col("termination_date").isNull().or(col("termination_date").geq(monthStart))))
        .select(Columns.PERSON_KEY, Columns.MONTH, Columns.DEPARTMENT, "job_level");
  }

  /** Per actor and month: a count per action type and the distinct people helped. */
  static Dataset<Row> actionsByPersonMonth(Dataset<Row> fctCollaboration) {
    List<Column> aggs = new ArrayList<>();
    for (Action a : Action.values()) {
      aggs.add(count(when(col("action").equalTo(a.value()), lit(1))).as(actionCount(a)));
    }
    Column helping = Action.among(Action.HELPING);
    aggs.add(countDistinct(when(helping, col(Columns.TARGET_KEY))).as(PEOPLE_HELPED));
    aggs.add(count(when(helping.and(org.apache.spark.sql.functions.not(FctCollaboration.helpsOneself())), lit(1)))
        .as(HELP_GIVEN));
    return fctCollaboration
        .groupBy(col(Columns.ACTOR_KEY).as(Columns.PERSON_KEY), col(Columns.MONTH))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
  }

  /** Per learner and month of completion: completed training hours and cost. */
  static Dataset<Row> trainingByPersonMonth(Dataset<Row> fctTraining) {
    return fctTraining.filter(col("status").equalTo("completed"))
        .groupBy(Columns.PERSON_KEY, Columns.MONTH)
        .agg(sum("hours").as(FORMAL_HOURS), sum("cost").as(FORMAL_COST));
  }

  /** For each person-month, the last review on or before the month's end. */
  static Dataset<Row> latestAppraisal(Dataset<Row> personMonths, Dataset<Row> fctAppraisal) {
    Dataset<Row> reviews = fctAppraisal.select(
        col(Columns.PERSON_KEY).as("_r_key"), col("review_date").as("_r_date"),
        col("manager_rating").as("latest_manager_rating"), col("cycle").as("latest_cycle"));
    Column monthEnd = last_day(Months.start(col(Columns.MONTH)));
    return personMonths.select(Columns.PERSON_KEY, Columns.MONTH)
        .join(reviews, col(Columns.PERSON_KEY).equalTo(col("_r_key")).and(col("_r_date").leq(monthEnd)))
        .withColumn("_rank", row_number().over(
            Window.partitionBy(Columns.PERSON_KEY, Columns.MONTH).orderBy(col("_r_date").desc(), col("latest_cycle").desc())))
        .filter(col("_rank").equalTo(1))
        .select(Columns.PERSON_KEY, Columns.MONTH, "latest_manager_rating", "latest_cycle");
  }
}
