package io.bottomup.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.bottomup.schema.Action;
import io.bottomup.schema.Columns;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code fct_collaboration}: one row per staged action up to the run date, with the actor's and the
 * target's department and whether the action crosses department lines.
 *
 * <p>Who an action helps: the explicit target if the source named one; otherwise, for a helping
 * action (answer, reply, comment, edit), the author of the event it responds to ({@code parent_id}),
 * else the author of the thread's question; for an {@code accept}, the author of the accepted answer
 * ({@code parent_id}). Help to oneself is not help: such targets are dropped.
 */
public final class FctCollaboration {
  /** Whether the target (named or inferred) was the actor: help to oneself, whose target is dropped. */
  public static final String TO_SELF = "to_self";

  private FctCollaboration() {}

  /** A helping action on the actor's own content ({@link #TO_SELF}): it helps nobody. */
  public static Column helpsOneself() {
    return Action.among(Action.HELPING).and(coalesce(col(TO_SELF), lit(false)));
  }

  public static Dataset<Row> build(Dataset<Row> stgCollaboration, Dataset<Row> dimPerson, LocalDate runDate) {
    return build(stgCollaboration, stgCollaboration, dimPerson, runDate);
  }

  /**
   * The facts of the events in {@code scope} (some months of an incremental run), whose targets are
   * inferred from the events they respond to in {@code all}.
   */
  public static Dataset<Row> build(Dataset<Row> scope, Dataset<Row> all, Dataset<Row> dimPerson, LocalDate runDate) {
    Column upToRunDate = col(Columns.EVENT_DATE).leq(lit(Date.valueOf(runDate)));
    Dataset<Row> withTargets = inferTargets(scope.filter(upToRunDate), all.filter(upToRunDate));
    Dataset<Row> departments = dimPerson.select(Columns.PERSON_KEY, Columns.DEPARTMENT);
    return withTargets
        .join(broadcast(departments.toDF("_a_key", Columns.ACTOR_DEPARTMENT)), col(Columns.ACTOR_KEY).equalTo(col("_a_key")), "left")
        .join(broadcast(departments.toDF("_t_key", Columns.TARGET_DEPARTMENT)), col(Columns.TARGET_KEY).equalTo(col("_t_key")), "left")
        .select(
            col(Columns.SOURCE), col("event_id"), col("occurred_at"), col(Columns.EVENT_DATE),
            Months.of(col(Columns.EVENT_DATE)).as(Columns.MONTH),
            col(Columns.ACTOR_KEY), col("action"), col("thread_id"), col("parent_id"),
            col(Columns.TARGET_KEY), col("target_inferred"), col("space"), col("size"),
            col(Columns.ACTOR_DEPARTMENT), col(Columns.TARGET_DEPARTMENT),
            when(col(Columns.TARGET_KEY).isNotNull(), col(Columns.ACTOR_DEPARTMENT).notEqual(col(Columns.TARGET_DEPARTMENT)))
                .as(Columns.CROSS_DEPARTMENT),
            col(TO_SELF));
  }

  /**
   * The events of {@code all} that events of {@code scope} can respond to: those whose id is a parent
   * or thread id in {@code scope}, and the questions of those threads, with the columns target inference
   * reads. An incremental run rebuilds a few months of facts; joining them with every staged event
   * shuffled the whole history each night, this reads it once and keeps the few it needs, persisted
   * (unpersist them after use). When {@code scope} names more ids than a broadcast may hold
   * ({@link io.bottomup.ingest.IdentityResolver#BROADCAST_ROWS}), {@code all} is returned unchanged
   * and not persisted.
   */
  public static Dataset<Row> respondedTo(Dataset<Row> scope, Dataset<Row> all) {
    return respondedTo(scope, all, io.bottomup.ingest.IdentityResolver.BROADCAST_ROWS);
  }

  static Dataset<Row> respondedTo(Dataset<Row> scope, Dataset<Row> all, long broadcastKeys) {
    Dataset<Row> ids = respondedIds(scope, broadcastKeys);
    if (ids == null) {
      return all;
    }
    Dataset<Row> needed = all.select(respondedToColumns(explode(array_distinct(array(col("event_id"),
            coalesce(asThread(), col("event_id"))))).as("_own")))
        .join(broadcast(ids), col(Columns.SOURCE).equalTo(col("_r_source")).and(col("_own").equalTo(col("_r_id"))), "leftsemi")
        .drop("_own")
        .dropDuplicates()
        .persist(StorageLevel.MEMORY_AND_DISK());
    needed.count(); // read staging once here: target inference joins these rows twice
    ids.unpersist();
    return needed;
  }

  /**
   * The ids {@code scope}'s events respond to, as {@code _r_source} and {@code _r_id}: their parent and
   * thread ids, distinct and persisted (unpersist them after use); null, and nothing kept, when there are
   * more than {@code broadcastKeys}.
   */
  static Dataset<Row> respondedIds(Dataset<Row> scope, long broadcastKeys) {
    Dataset<Row> ids = scope.select(col(Columns.SOURCE).as("_r_source"), col("parent_id").as("_r_id"))
        .union(scope.select(col(Columns.SOURCE), col("thread_id")))
        .filter(col("_r_id").isNotNull())
        .distinct()
        .persist(StorageLevel.MEMORY_AND_DISK());
    if (ids.count() > broadcastKeys) {
      ids.unpersist();
      return null;
    }
    return ids;
  }

  /**
   * An event is needed as a parent (by its {@code event_id}) or, a question, as its thread's asker (by
   * this: its thread, or its own id when it has none); null for other actions.
   */
  static Column asThread() {
    return when(col("action").equalTo(Action.QUESTION.value()), coalesce(col("thread_id"), col("event_id")));
  }

  /** The columns {@link #respondedTo} keeps of an event, then {@code more}. */
  static Column[] respondedToColumns(Column... more) {
    java.util.List<Column> columns = new java.util.ArrayList<>(java.util.List.of(col(Columns.SOURCE), col("event_id"),
        col("thread_id"), col("action"), col(Columns.ACTOR_KEY), col(Columns.EVENT_DATE)));
    columns.addAll(java.util.List.of(more));
    return columns.toArray(Column[]::new);
  }

  /** Fills {@code target_key} of helping actions and accepts from the parent's (or the thread question's) author. */
  static Dataset<Row> inferTargets(Dataset<Row> events) {
    return inferTargets(events, events);
  }

  static Dataset<Row> inferTargets(Dataset<Row> scope, Dataset<Row> events) {
    Column helping = Action.among(Action.HELPING);
    Column accept = col("action").equalTo(Action.ACCEPT.value());
    // Only a helping action or an accept without a named target has one to infer (a third of the events
    // at 10M: views, posts, reactions and questions do not): the others skip the two joins, which shuffle
    // and sort every row they meet.
    Column infers = coalesce(col(Columns.TARGET_KEY).isNull().and(helping.or(accept)), lit(false));
    Dataset<Row> parents = events.select(
        col(Columns.SOURCE).as("_p_source"), col("event_id").as("_p_id"), col(Columns.ACTOR_KEY).as("_p_actor"));
    Dataset<Row> askers = events.filter(col("action").equalTo(Action.QUESTION.value()))
        .select(col(Columns.SOURCE).as("_q_source"), coalesce(col("thread_id"), col("event_id")).as("_q_thread"),
            col(Columns.ACTOR_KEY).as("_q_actor"))
        .dropDuplicates("_q_source", "_q_thread");
    Column inferred = when(helping, coalesce(col("_p_actor"), col("_q_actor"))).when(accept, col("_p_actor"));
    Dataset<Row> inferredTargets = scope.filter(infers)
        .join(parents, col(Columns.SOURCE).equalTo(col("_p_source")).and(col("parent_id").equalTo(col("_p_id"))), "left")
        .join(askers, col(Columns.SOURCE).equalTo(col("_q_source")).and(col("thread_id").equalTo(col("_q_thread"))), "left")
        .withColumn(Columns.TARGET_KEY, inferred)
        .drop("_p_source", "_p_id", "_p_actor", "_q_source", "_q_thread", "_q_actor");
    return dropSelf(inferredTargets, col(Columns.TARGET_KEY).isNotNull())
        .unionByName(dropSelf(scope.filter(not(infers)), lit(false)));
  }

  /** Adds {@code target_inferred} and {@code to_self}, and drops a target that is the actor. */
  private static Dataset<Row> dropSelf(Dataset<Row> events, Column inferred) {
    Column target = col(Columns.TARGET_KEY);
    return events
        .withColumn("target_inferred", inferred.and(target.notEqual(col(Columns.ACTOR_KEY))))
        .withColumn(TO_SELF, target.equalTo(col(Columns.ACTOR_KEY)))
        .withColumn(Columns.TARGET_KEY, when(target.notEqual(col(Columns.ACTOR_KEY)), target));
  }
}
