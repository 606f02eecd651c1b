package io.bottomup.analyze;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.bottomup.model.FctQuestion;
import io.bottomup.schema.Action;
import io.bottomup.schema.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code mart_question_flow}, from the questions of {@code fct_question} ({@link FctQuestion}). */
public final class QuestionFlow {
  /** The measures over answered questions, about the askers helped ({@code askers_helped}). */
  public static final java.util.List<String> ANSWER_TIME_MEASURES =
      java.util.List.of("median_hours_to_first_answer", "p90_hours_to_first_answer");

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
    // An accept's thread is its own thread_id, else its answer's (INPUTS.md: an accept's parent_id is the
    // answer's event_id, its thread_id optional): the answer's thread_id, else the question it answers.
    Dataset<Row> answers = fctCollaboration.filter(col("action").equalTo(Action.ANSWER.value()))
        .select(col(Columns.SOURCE).as("_a_source"), col("event_id").as("_a_id"), answerThread().as("_a_thread"));
    Dataset<Row> accepted = fctCollaboration.filter(col("action").equalTo(Action.ACCEPT.value()))
        .join(answers, col(Columns.SOURCE).equalTo(col("_a_source")).and(col("parent_id").equalTo(col("_a_id"))), "left")
        .select(col(Columns.SOURCE).as("_x_source"),
            org.apache.spark.sql.functions.coalesce(col("thread_id"), col("_a_thread")).as("_x_thread"))
        .filter(col("_x_thread").isNotNull()).distinct();
    Dataset<Row> viewers = fctCollaboration.filter(col("action").equalTo(Action.VIEW.value()))
        .select(col(Columns.SOURCE).as("_v_source"), col("thread_id").as("_v_thread"), col(Columns.ACTOR_KEY).as("_viewer"));
    org.apache.spark.sql.Column ageHours = org.apache.spark.sql.functions.lit(
        java.sql.Timestamp.from(runDate.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant())).cast("long")
        .minus(col("asked_at").cast("long")).divide(3600.0);
    Dataset<Row> flagged = questions
        .join(accepted, col(Columns.SOURCE).equalTo(col("_x_source")).and(col(FctQuestion.THREAD).equalTo(col("_x_thread"))), "left")
        .withColumn("_accepted", col("_x_thread").isNotNull())
        .withColumn("_open", col("first_answer_at").isNull().and(ageHours.gt(FctQuestion.ANSWER_WINDOW_HOURS)));
    Dataset<Row> counts = flagged.groupBy(Columns.MONTH, Columns.DEPARTMENT).agg(
        org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)).as("questions_asked"),
        FctQuestion.answeredShare().as("answered_7d_share"),
        org.apache.spark.sql.functions.percentile(col(FctQuestion.HOURS_TO_FIRST_ANSWER), org.apache.spark.sql.functions.lit(0.5))
            .as("median_hours_to_first_answer"),
        org.apache.spark.sql.functions.percentile(col(FctQuestion.HOURS_TO_FIRST_ANSWER), org.apache.spark.sql.functions.lit(0.9))
            .as("p90_hours_to_first_answer"),
        org.apache.spark.sql.functions.avg(org.apache.spark.sql.functions.when(col("_accepted"), 1.0).otherwise(0.0))
            .as("accepted_share"),
        org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(col("_open"), 1L).otherwise(0L)).as("open_backlog"));
    java.util.List<String> keys = java.util.List.of(Columns.MONTH, Columns.DEPARTMENT);
    Dataset<Row> askers = DistinctPeople.per(questions, keys, Columns.ACTOR_KEY, "askers",
        java.util.Map.of("askers_helped", col("first_answer_at").isNotNull(),
            LearningMetrics.DECIDED_ASKERS, col(FctQuestion.ANSWERED_WITHIN_7D).isNotNull()), java.util.Map.of());
    Dataset<Row> flow = DistinctPeople.join(askers, counts, keys, "inner");
    Dataset<Row> reach = questions
        .join(viewers, col(Columns.SOURCE).equalTo(col("_v_source")).and(col(FctQuestion.THREAD).equalTo(col("_v_thread"))))
        .groupBy(Columns.MONTH, Columns.DEPARTMENT)
        .agg(org.apache.spark.sql.functions.countDistinct("_viewer").as("distinct_viewers"));
    return DistinctPeople.join(flow, reach, keys, "left")
        .withColumn("distinct_viewers", org.apache.spark.sql.functions.coalesce(col("distinct_viewers"),
            org.apache.spark.sql.functions.lit(0L)));
  }

  /** The thread an answer is in: its {@code thread_id}, else the question it answers. */
  private static Column answerThread() {
    return org.apache.spark.sql.functions.coalesce(col("thread_id"), col("parent_id"));
  }

  /**
   * The rows of {@code fctCollaboration} that {@link #mart} reads for {@code questions}, in one pass
   * with the questions' threads broadcast: the answers, accepts and views of those threads, and the
   * accepts that name no thread (their answer's is looked up among those answers). {@code mart} of the
   * questions gives the same from these rows as from all facts; for a few months' questions, as a night
   * aggregates them again, its joins and distinct counts then meet those few rows, not every view.
   */
  public static Dataset<Row> responsesTo(Dataset<Row> questions, Dataset<Row> fctCollaboration) {
    Dataset<Row> threads = questions.select(col(Columns.SOURCE).as("_t_source"), col(FctQuestion.THREAD).as("_t_thread"))
        .distinct();
    Column action = col("action");
    Column thread = org.apache.spark.sql.functions.when(action.equalTo(Action.ANSWER.value()), answerThread())
        .otherwise(col("thread_id"));
    return fctCollaboration.filter(action.isin(Action.ANSWER.value(), Action.ACCEPT.value(), Action.VIEW.value()))
        .select(col(Columns.SOURCE), col("event_id"), action, col("thread_id"), col("parent_id"), col(Columns.ACTOR_KEY))
        .join(broadcast(threads), col(Columns.SOURCE).equalTo(col("_t_source")).and(thread.equalTo(col("_t_thread"))), "left")
        .filter(col("_t_thread").isNotNull().or(action.equalTo(Action.ACCEPT.value()).and(col("thread_id").isNull())))
        .drop("_t_source", "_t_thread");
  }

  /**
   * The months of {@code fctQuestion} whose flow the facts {@code now} and {@code before} (changed
   * months' rows as they are and as they were; {@code before} may be null) bear on: those of the questions
   * whose thread or id a view, accept or answer of theirs names (its {@code thread_id}, and an answer's
   * {@code parent_id}). An accept without a thread names its answer's thread, which is looked up among
   * those rows and {@code allFacts} (the facts as they are now). A superset of the months whose
   * {@link #mart} rows the changes can alter.
   */
  static java.util.Set<String> monthsNamed(Dataset<Row> now, Dataset<Row> before, Dataset<Row> allFacts,
      Dataset<Row> fctQuestion) {
    Column[] columns = {col(Columns.SOURCE), col("event_id"), col("action"), col("thread_id"), col("parent_id")};
    Column responding = col("action").isin(Action.VIEW.value(), Action.ACCEPT.value(), Action.ANSWER.value());
    Dataset<Row> rows = now.filter(responding).select(columns);
    if (before != null) {
      rows = rows.unionByName(before.filter(responding).select(columns));
    }
    rows = rows.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    Column answer = col("action").equalTo(Action.ANSWER.value());
    Dataset<Row> named = rows.filter(col("thread_id").isNotNull()).select(col(Columns.SOURCE).as("_n_source"), col("thread_id").as("_n_id"))
        .union(rows.filter(answer.and(col("parent_id").isNotNull()))
            .select(col(Columns.SOURCE).as("_n_source"), col("parent_id").as("_n_id")));
    Dataset<Row> orphans = rows.filter(col("action").equalTo(Action.ACCEPT.value()).and(col("thread_id").isNull())
            .and(col("parent_id").isNotNull()))
        .select(col(Columns.SOURCE).as("_o_source"), col("parent_id").as("_o_id")).distinct();
    if (!orphans.isEmpty()) {
      // Their answers may be in any month: read every answer once, cut down to those the orphans name.
      Dataset<Row> answers = allFacts.filter(answer).select(columns).unionByName(rows.filter(answer));
      named = named.union(answers.join(orphans, col(Columns.SOURCE).equalTo(col("_o_source")).and(col("event_id").equalTo(col("_o_id"))),
              "leftsemi")
          .select(col(Columns.SOURCE).as("_n_source"),
              answerThread().as("_n_id"))
          .filter(col("_n_id").isNotNull()));
    }
    Dataset<Row> keys = fctQuestion.select(col(Columns.SOURCE), col(Columns.MONTH),
        org.apache.spark.sql.functions.explode(org.apache.spark.sql.functions.array(col(FctQuestion.THREAD), col("event_id")))
            .as("_q_id"));
    java.util.Set<String> months = new java.util.TreeSet<>();
    for (Row r : keys.join(named.distinct(), col(Columns.SOURCE).equalTo(col("_n_source")).and(col("_q_id").equalTo(col("_n_id"))),
            "leftsemi").select(Columns.MONTH).distinct().collectAsList()) {
      months.add(r.getString(0));
    }
    rows.unpersist();
    return months;
  }
}
