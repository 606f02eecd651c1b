package io.bottomup.analyze;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.unix_micros;

import io.bottomup.schema.Action;
import io.bottomup.schema.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One row per question with when it was first answered. An answer belongs to a question when it
 * names the question as its parent or shares its thread (the thread of a question is its
 * {@code thread_id}, else its own event id), comes from the same source, is written by someone else,
 * and is not earlier than the question.
 * <ul>
 *   <li>{@code hours_to_first_answer} = (first answer time − question time) in hours;</li>
 *   <li>{@code answered_within_7d} = an answer came within 7 × 24 hours.</li>
 * </ul>
 */
public final class QuestionFlow {
  public static final double ANSWER_WINDOW_HOURS = 7 * 24;
  public static final String HOURS_TO_FIRST_ANSWER = "hours_to_first_answer";
  public static final String ANSWERED_WITHIN_7D = "answered_within_7d";

  private QuestionFlow() {}

  /**
   * {@code mart_question_flow}, per month and department of the asker:
   * <ul>
   *   <li>{@code askers}: distinct people who asked (the group's size for suppression);</li>
   *   <li>{@code questions_asked}; {@code answered_7d_share}; {@code median_hours_to_first_answer} and
   *       {@code p90_hours_to_first_answer} over answered questions;</li>
   *   <li>{@code accepted_share}: questions whose thread has an {@code accept};</li>
   *   <li>{@code open_backlog}: questions without any answer that were more than 7 days old at the
   *       run date;</li>
   *   <li>{@code askers_helped}: distinct askers who got at least one answer; {@code distinct_viewers}:
   *       distinct people who viewed the questions' threads.</li>
   * </ul>
   */
  public static Dataset<Row> mart(Dataset<Row> questions, Dataset<Row> fctCollaboration, java.time.LocalDate runDate) {
    Dataset<Row> accepted = fctCollaboration.filter(col("action").equalTo(Action.ACCEPT.value()))
        .select(col(Columns.SOURCE).as("_x_source"), col("thread_id").as("_x_thread")).distinct();
    Dataset<Row> viewers = fctCollaboration.filter(col("action").equalTo(Action.VIEW.value()))
        .select(col(Columns.SOURCE).as("_v_source"), col("thread_id").as("_v_thread"), col(Columns.ACTOR_KEY).as("_viewer"));
    org.apache.spark.sql.Column ageHours = org.apache.spark.sql.functions.lit(
        java.sql.Timestamp.from(runDate.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant())).cast("long")
        .minus(col("asked_at").cast("long")).divide(3600.0);
    Dataset<Row> flagged = questions
        .join(accepted, col(Columns.SOURCE).equalTo(col("_x_source")).and(col("_thread").equalTo(col("_x_thread"))), "left")
        .withColumn("_accepted", col("_x_thread").isNotNull())
        .withColumn("_open", col("first_answer_at").isNull().and(ageHours.gt(ANSWER_WINDOW_HOURS)));
    Dataset<Row> flow = flagged.groupBy(Columns.MONTH, Columns.DEPARTMENT).agg(
        org.apache.spark.sql.functions.countDistinct(Columns.ACTOR_KEY).as("askers"),
        org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)).as("questions_asked"),
        org.apache.spark.sql.functions.avg(org.apache.spark.sql.functions.when(col(ANSWERED_WITHIN_7D), 1.0).otherwise(0.0))
            .as("answered_7d_share"),
        org.apache.spark.sql.functions.percentile(col(HOURS_TO_FIRST_ANSWER), org.apache.spark.sql.functions.lit(0.5))
            .as("median_hours_to_first_answer"),
        org.apache.spark.sql.functions.percentile(col(HOURS_TO_FIRST_ANSWER), org.apache.spark.sql.functions.lit(0.9))
            .as("p90_hours_to_first_answer"),
        org.apache.spark.sql.functions.avg(org.apache.spark.sql.functions.when(col("_accepted"), 1.0).otherwise(0.0))
            .as("accepted_share"),
        org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(col("_open"), 1L).otherwise(0L)).as("open_backlog"),
        org.apache.spark.sql.functions.countDistinct(
            org.apache.spark.sql.functions.when(col("first_answer_at").isNotNull(), col(Columns.ACTOR_KEY))).as("askers_helped"));
    Dataset<Row> reach = questions
        .join(viewers, col(Columns.SOURCE).equalTo(col("_v_source")).and(col("_thread").equalTo(col("_v_thread"))))
        .groupBy(Columns.MONTH, Columns.DEPARTMENT)
        .agg(org.apache.spark.sql.functions.countDistinct("_viewer").as("distinct_viewers"));
    return flow.join(reach, new String[] {Columns.MONTH, Columns.DEPARTMENT}, "left")
        .withColumn("distinct_viewers", org.apache.spark.sql.functions.coalesce(col("distinct_viewers"),
            org.apache.spark.sql.functions.lit(0L)));
  }

  public static Dataset<Row> questionsWithFirstAnswer(Dataset<Row> fctCollaboration) {
    Dataset<Row> questions = fctCollaboration.filter(col("action").equalTo(Action.QUESTION.value()))
        .select(col(Columns.SOURCE), col("event_id"), coalesce(col("thread_id"), col("event_id")).as("_thread"),
            col(Columns.ACTOR_KEY), col(Columns.ACTOR_DEPARTMENT).as(Columns.DEPARTMENT), col(Columns.MONTH),
            col("occurred_at").as("asked_at"));
    Dataset<Row> answers = fctCollaboration.filter(col("action").equalTo(Action.ANSWER.value()))
        .select(col(Columns.SOURCE).as("_a_source"), col("thread_id").as("_a_thread"), col("parent_id").as("_a_parent"),
            col(Columns.ACTOR_KEY).as("_a_actor"), col("occurred_at").as("_a_at"));
    // Two equi-joins (by parent, by thread) instead of one join on "parent or thread": an OR condition
    // cannot be hashed and made Spark compare every question with every answer.
    Column other = col("_a_actor").notEqual(col(Columns.ACTOR_KEY)).and(col("_a_at").geq(col("asked_at")));
    Column sameSource = col(Columns.SOURCE).equalTo(col("_a_source"));
    Dataset<Row> byParent = questions.join(answers, sameSource.and(col("_a_parent").equalTo(col("event_id"))).and(other));
    Dataset<Row> byThread = questions.join(answers, sameSource.and(col("_a_thread").equalTo(col("_thread"))).and(other));
    Dataset<Row> matched = byParent.unionByName(byThread)
        .select(col(Columns.SOURCE).as("_m_source"), col("event_id").as("_m_event"), col("_a_at"));
    Dataset<Row> first = questions.join(matched, col(Columns.SOURCE).equalTo(col("_m_source"))
            .and(col("event_id").equalTo(col("_m_event"))), "left")
        .groupBy(Columns.SOURCE, "event_id", "_thread", Columns.ACTOR_KEY, Columns.DEPARTMENT, Columns.MONTH, "asked_at")
        .agg(min("_a_at").as("first_answer_at"));
    Column hours = unix_micros(col("first_answer_at")).minus(unix_micros(col("asked_at"))).divide(3_600_000_000.0);
    return first
        .withColumn(HOURS_TO_FIRST_ANSWER, hours)
        .withColumn(ANSWERED_WITHIN_7D, coalesce(hours.leq(ANSWER_WINDOW_HOURS), org.apache.spark.sql.functions.lit(false)));
  }
}
