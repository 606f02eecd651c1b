package io.bottomup.model;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.unix_micros;

import io.bottomup.schema.Action;
import io.bottomup.schema.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code fct_question}: one row per question with when it was first answered. An answer belongs to a
 * question when it names the question as its parent or shares its thread (the thread of a question
 * is its {@code thread_id}, else its own event id), comes from the same source, is written by someone
 * else, and is not earlier than the question.
 * <ul>
 *   <li>{@code hours_to_first_answer} = (first answer time − question time) in hours;</li>
 *   <li>{@code answered_within_7d} = an answer came within 7 × 24 hours.</li>
 * </ul>
 * The model keeps it per month, so that an incremental run recomputes only the months whose questions
 * it touched or answered, and the analysis reads it instead of joining every question with every answer.
 */
public final class FctQuestion {
  public static final double ANSWER_WINDOW_HOURS = 7 * 24;
  public static final String HOURS_TO_FIRST_ANSWER = "hours_to_first_answer";
  public static final String ANSWERED_WITHIN_7D = "answered_within_7d";
  /** The question's thread: its {@code thread_id}, else its own event id. */
  public static final String THREAD = "thread_id";

  private FctQuestion() {}

  /**
   * The questions as the analysis of {@code runDate} sees them: {@code answered_within_7d} is empty for
   * a question whose seven days had not passed by the end of the run date, answered or not (counting
   * the answered ones and leaving out the others would bias the share up; counting both, down).
   */
  public static Dataset<Row> decidedBy(Dataset<Row> questions, java.time.LocalDate runDate) {
    java.sql.Timestamp cutoff = java.sql.Timestamp.from(runDate.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
        .minusSeconds((long) (ANSWER_WINDOW_HOURS * 3600)));
    return questions.withColumn(ANSWERED_WITHIN_7D,
        org.apache.spark.sql.functions.when(col("asked_at").leq(lit(cutoff)), col(ANSWERED_WITHIN_7D)));
  }

  /** The share of questions answered within 7 days, among those whose seven days have passed ({@link #decidedBy}). */
  public static Column answeredShare() {
    Column answered = col(ANSWERED_WITHIN_7D);
    return org.apache.spark.sql.functions.avg(org.apache.spark.sql.functions.when(answered, 1.0)
        .when(org.apache.spark.sql.functions.not(answered), 0.0));
  }

  /** Every question of the facts, with its first answer among the same facts. */
  public static Dataset<Row> build(Dataset<Row> fctCollaboration) {
    return build(fctCollaboration, fctCollaboration);
  }

  /**
   * The questions of {@code askedIn} with their first answer among {@code answeredIn}. An answer is
   * never earlier than its question, so {@code answeredIn} may be the facts from the questions' first
   * month on.
   */
  public static Dataset<Row> build(Dataset<Row> askedIn, Dataset<Row> answeredIn) {
    Dataset<Row> questions = askedIn.filter(col("action").equalTo(Action.QUESTION.value()))
        .select(col(Columns.SOURCE), col("event_id"), coalesce(col("thread_id"), col("event_id")).as(THREAD),
            col(Columns.ACTOR_KEY), col(Columns.ACTOR_DEPARTMENT).as(Columns.DEPARTMENT), col(Columns.MONTH),
            col("occurred_at").as("asked_at"));
    Dataset<Row> answers = answeredIn.filter(col("action").equalTo(Action.ANSWER.value()))
        .select(col(Columns.SOURCE).as("_a_source"), col("thread_id").as("_a_thread"), col("parent_id").as("_a_parent"),
            col(Columns.ACTOR_KEY).as("_a_actor"), col("occurred_at").as("_a_at"));
    // Two equi-joins (by parent, by thread) instead of one join on "parent or thread": an OR condition
    // cannot be hashed and made Spark compare every question with every answer.
    Column other = col("_a_actor").notEqual(col(Columns.ACTOR_KEY)).and(col("_a_at").geq(col("asked_at")));
    Column sameSource = col(Columns.SOURCE).equalTo(col("_a_source"));
    Dataset<Row> byParent = questions.join(answers, sameSource.and(col("_a_parent").equalTo(col("event_id"))).and(other));
    Dataset<Row> byThread = questions.join(answers, sameSource.and(col("_a_thread").equalTo(col(THREAD))).and(other));
    Dataset<Row> matched = byParent.unionByName(byThread)
        .select(col(Columns.SOURCE).as("_m_source"), col("event_id").as("_m_event"), col("_a_at"));
    Dataset<Row> first = questions.join(matched, col(Columns.SOURCE).equalTo(col("_m_source"))
            .and(col("event_id").equalTo(col("_m_event"))), "left")
        .groupBy(Columns.SOURCE, "event_id", THREAD, Columns.ACTOR_KEY, Columns.DEPARTMENT, Columns.MONTH, "asked_at")
        .agg(min("_a_at").as("first_answer_at"));
    Column hours = unix_micros(col("first_answer_at")).minus(unix_micros(col("asked_at"))).divide(3_600_000_000.0);
    return first
        .withColumn(HOURS_TO_FIRST_ANSWER, hours)
        .withColumn(ANSWERED_WITHIN_7D, coalesce(hours.leq(ANSWER_WINDOW_HOURS), lit(false)));
  }
}
