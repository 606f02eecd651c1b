package io.bottomup.analyze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.when;

import io.bottomup.model.FctPersonMonth;
import io.bottomup.model.FctQuestion;
import io.bottomup.schema.Action;
import io.bottomup.schema.Columns;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The first learning-culture metrics, for any grouping of person-months (by month, by department, by
 * both). Definitions (also in the reports' methodology):
 * <ul>
 *   <li>{@code headcount}: distinct people employed in the group;</li>
 *   <li>{@code active_learners}: of those, people with at least one action other than {@code view};
 *       {@code active_share} = active_learners / headcount;</li>
 *   <li>{@code questions_asked}; {@code answered_7d_share} = questions answered within 7 days /
 *       questions asked; {@code median_hours_to_first_answer} over answered questions;</li>
 *   <li>{@code formal_hours}: completed training hours; {@code formal_hours_per_head} = formal_hours / headcount;</li>
 *   <li>{@code informal_hours} = Σ actions × minutes per action type / 60 (configured assumption);
 *       {@code informal_to_formal_ratio} = informal_hours / formal_hours (empty when formal_hours is 0);
 *       {@code social_share} = informal_hours / (informal_hours + formal_hours), the bottom-up share
 *       of recorded learning time (the 70:20:10 rule of thumb would put the social part at 20%).</li>
 * </ul>
 */
public final class LearningMetrics {
  /** Distinct people who asked: not a mart column, the group size for the question measures' suppression. */
  public static final String ASKERS = "_askers";
  /**
   * Distinct people who asked a question whose seven days have passed: the group size of
   * {@code answered_7d_share}, which counts only those questions ({@link io.bottomup.model.FctQuestion#decidedBy}).
   */
  public static final String DECIDED_ASKERS = "_decided_askers";
  /** The measure about the decided questions only. */
  public static final java.util.List<String> DECIDED_MEASURES = java.util.List.of("answered_7d_share");
  /**
   * The measures about the askers' questions ({@link Suppression#columns}). The first holds a value
   * wherever someone asked, unless it was emptied ({@link Suppression#acrossPeriod} reads it so):
   * the answered share may be empty because no question's seven days have passed yet.
   */
  public static final java.util.List<String> QUESTION_MEASURES =
      java.util.List.of("questions_asked", "answered_7d_share", "median_hours_to_first_answer");
  /**
   * Distinct people with an answered question: the group size of {@link #ANSWER_TIME_MEASURES}, which
   * are over answered questions only (ten askers of whom one got an answer would show that one's wait).
   */
  public static final String ANSWERED_ASKERS = "_answered_askers";
  /**
   * The measures over answered questions. A median does not add up, but it is not safe either: Spark's
   * percentile interpolates, so a group's median beside one shown sibling's can give back a hidden
   * sibling's single value; so these are emptied with complements and across the period, as the others.
   */
  public static final java.util.List<String> ANSWER_TIME_MEASURES = java.util.List.of("median_hours_to_first_answer");
  /** Distinct people with completed training hours: the group size of the formal measures. */
  public static final String LEARNERS = "_learners";
  /**
   * The measures about the people who completed training (a department of 40 with 2 of them would
   * show those 2 people's hours). The first holds a value wherever someone completed training.
   */
  public static final java.util.List<String> FORMAL_MEASURES =
      java.util.List.of("formal_hours", "formal_hours_per_head", "informal_to_formal_ratio", "social_share");
  /**
   * Distinct people with any informal learning time (an action of any type, views included): the group
   * size of the measures built on it. A department of 40 where one person was active would otherwise
   * show that person's hours.
   */
  public static final String INFORMAL_PEOPLE = "_informal_people";
  /** The measures built on informal learning time. The first holds a value wherever someone had some. */
  public static final java.util.List<String> INFORMAL_MEASURES =
      java.util.List.of("informal_hours", "informal_to_formal_ratio", "social_share");
  /** The measures about some of a group's people, by the column counting those people ({@link Suppression#columns}). */
  public static final Map<String, java.util.List<String>> SUBSETS = Map.of(ASKERS, QUESTION_MEASURES, DECIDED_ASKERS,
      DECIDED_MEASURES, ANSWERED_ASKERS, ANSWER_TIME_MEASURES, LEARNERS, FORMAL_MEASURES, INFORMAL_PEOPLE, INFORMAL_MEASURES);

  private LearningMetrics() {}

  /**
   * The questions asked in a month their asker was employed (has a row of {@code personMonths}): a
   * group's questions are its people's, as its headcount and informal hours are; a question asked
   * before the hire date or after leaving counts in no group.
   */
  public static Dataset<Row> ofEmployedAskers(Dataset<Row> questions, Dataset<Row> personMonths) {
    return questions.join(personMonths.select(col(Columns.PERSON_KEY).as("_e_key"), col(Columns.MONTH).as("_e_month")),
        col(Columns.ACTOR_KEY).equalTo(col("_e_key")).and(col(Columns.MONTH).equalTo(col("_e_month"))), "leftsemi");
  }

  public static Dataset<Row> aggregate(
      Dataset<Row> personMonths, Dataset<Row> questions, Map<Action, Double> minutesPerAction, String... groupBy) {
    return aggregate(personMonths, questions, minutesPerAction, Map.of(), groupBy);
  }

  /** As above, with {@code moreFlags}: more columns counting the people of a group with a person-month where a condition holds. */
  public static Dataset<Row> aggregate(Dataset<Row> personMonths, Dataset<Row> questions, Map<Action, Double> minutesPerAction,
      Map<String, Column> moreFlags, String... groupBy) {
    Column[] keys = java.util.Arrays.stream(groupBy).map(g -> col(g)).toArray(Column[]::new);
    Column informalMinutes = lit(0.0);
    for (Action a : Action.values()) {
      informalMinutes = informalMinutes.plus(col(FctPersonMonth.actionCount(a)).multiply(minutesPerAction.get(a)));
    }
    Dataset<Row> people = DistinctPeople.per(personMonths, java.util.List.of(groupBy), Columns.PERSON_KEY, "headcount",
            flags(Map.of("active_learners", col(FctPersonMonth.SOCIAL_ACTIONS).gt(0), LEARNERS, col(FctPersonMonth.FORMAL_HOURS).gt(0),
                INFORMAL_PEOPLE, informalMinutes.gt(0)), moreFlags),
            Map.of("formal_hours", col(FctPersonMonth.FORMAL_HOURS), "_informal_minutes", informalMinutes))
        .withColumn("informal_hours", col("_informal_minutes").divide(60.0))
        .drop("_informal_minutes");
    Dataset<Row> asked = DistinctPeople.join(questions
        .groupBy(keys)
        .agg(
            count(lit(1)).as("questions_asked"),
            FctQuestion.answeredShare().as("answered_7d_share"),
            percentile(col(FctQuestion.HOURS_TO_FIRST_ANSWER), lit(0.5)).as("median_hours_to_first_answer")),
        DistinctPeople.per(questions, java.util.List.of(groupBy), Columns.ACTOR_KEY, ASKERS,
            Map.of(DECIDED_ASKERS, col(FctQuestion.ANSWERED_WITHIN_7D).isNotNull(),
                ANSWERED_ASKERS, col(FctQuestion.HOURS_TO_FIRST_ANSWER).isNotNull()), Map.of()),
        java.util.List.of(groupBy), "inner");
    return DistinctPeople.join(people, asked, java.util.List.of(groupBy), "left")
        .withColumn("questions_asked", org.apache.spark.sql.functions.coalesce(col("questions_asked"), lit(0L)))
        .withColumn("active_share", col("active_learners").divide(col("headcount")))
        .withColumn("formal_hours_per_head", col("formal_hours").divide(col("headcount")))
        .withColumn("informal_to_formal_ratio",
            when(col("formal_hours").gt(0), col("informal_hours").divide(col("formal_hours"))))
        // Against no completed formal training there is nothing to share with: empty, like the ratio,
        // rather than a "100% bottom-up" that only says no training was recorded.
        .withColumn("social_share", when(col("formal_hours").gt(0),
            col("informal_hours").divide(col("informal_hours").plus(col("formal_hours")))));
  }

  private static Map<String, Column> flags(Map<String, Column> flags, Map<String, Column> more) {
    Map<String, Column> all = new java.util.LinkedHashMap<>(flags);
    all.putAll(more);
    return all;
  }
}
