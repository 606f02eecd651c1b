package io.bottomup.analyze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.bottomup.schema.Columns;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code mart_courses}: formal training per course over the period (enrolments in its months):
 * learners, completions and their share, completed hours and course cost, cost per completed hour.
 * The title is one of the course's titles as typed in the LMS: text from the data, which both reports
 * write escaped (HTML) and as plain text (Excel).
 */
public final class Courses {
  /**
   * The measures about a course's completers, who may be fewer than k in a course of many learners: ten
   * enrolled and two completing 40 hours would show those two people's hours, which
   * {@code mart_learning_summary} hides (its formal measures are sized by the people with training hours).
   */
  public static final java.util.List<String> COMPLETION_MEASURES =
      java.util.List.of("completions", "completion_rate", "completed_hours", "cost", "cost_per_hour");
  /** Which measures a shown course lacks: {@value #COMPLETION}, {@value #HOURS}, {@value #COST}, or "hours, cost". */
  public static final String WITHHELD = "withheld";
  public static final String COMPLETION = "completion";
  public static final String HOURS = "hours";
  public static final String COST = "cost";
  /** The measures about the completers with hours ({@code mart_learning_summary} sizes its formal hours so). */
  static final java.util.List<String> HOUR_MEASURES = java.util.List.of("completed_hours", "cost_per_hour");
  /**
   * The measures about the completers whose course cost something (INPUTS.md: the cost is per learner,
   * optional): ten completers of whom two paid would show those two's fees.
   */
  static final java.util.List<String> COST_MEASURES = java.util.List.of("cost", "cost_per_hour");

  private Courses() {}

  public static Dataset<Row> byCourse(Dataset<Row> fctTraining, String firstMonth, String lastMonth) {
    Column completed = col("status").equalTo("completed");
    return fctTraining.filter(col(Columns.MONTH).geq(firstMonth).and(col(Columns.MONTH).leq(lastMonth)))
        .groupBy("course_id")
        .agg(first(col("course_title"), true).as("course_title"), first(col("modality"), true).as("modality"),
            countDistinct(Columns.PERSON_KEY).as("learners"), count(lit(1)).as("enrolments"),
            sum(when(completed, 1L).otherwise(0L)).as("completions"),
            sum(when(completed, col("hours")).otherwise(0.0)).as("completed_hours"),
            sum(when(completed, col("cost")).otherwise(0.0)).as("cost"))
        .withColumn("completion_rate", col("completions").divide(col("enrolments")))
        .withColumn("cost_per_hour", when(col("completed_hours").gt(0), col("cost").divide(col("completed_hours"))));
  }

  /**
   * {@link Suppression#apply} for courses, whose learners overlap: the suppressed courses' learner
   * counts added up may hold fewer people than they say (one person in three small courses counts
   * three times), and their hours and costs are the whole organisation's minus the shown courses'. So
   * further courses (fewest learners first, then course id) are suppressed until the suppressed ones
   * hold at least {@code k} distinct learners, or all are.
   *
   * <p>Then, as {@link Suppression#columns} does for the learning marts, the {@link #COMPLETION_MEASURES}
   * of a shown course with 1 to k−1 completers are emptied, and further shown courses' (fewest
   * completers first, then course id) until the courses without those measures (suppressed or emptied)
   * hold at least {@code k} distinct completers, or all are: the organisation's completed hours minus
   * the shown courses' would otherwise be the few completers' hours. The row stays, its learners shown.
   * Likewise, within the courses whose completion measures are shown, the {@link #HOUR_MEASURES} by the
   * completers with hours and the {@link #COST_MEASURES} by the completers whose course cost something.
   */
  public static Dataset<Row> suppress(Dataset<Row> courses, Dataset<Row> fctTraining, String firstMonth, String lastMonth,
      int k, java.util.List<String> keep) {
    // A row per course, computed once for the order collected below and the mart's write (Small).
    Dataset<Row> suppressed = Small.collected(Suppression.apply(courses, k, java.util.List.of(AnalyzeStage.PERIOD), keep,
        "learners"));
    java.util.List<Row> order = suppressed.select(col("course_id"), col("learners"), col(Suppression.SUPPRESSION))
        .orderBy(col("learners"), col("course_id")).collectAsList();
    // Per course: its learners; of them, who completed it, who completed hours, whose completion cost something.
    java.util.Map<String, java.util.Set<String>> learners = new java.util.HashMap<>();
    java.util.Map<String, java.util.Set<String>> completers = new java.util.HashMap<>();
    java.util.Map<String, java.util.Set<String>> hourLearners = new java.util.HashMap<>();
    java.util.Map<String, java.util.Set<String>> payers = new java.util.HashMap<>();
    Column completed = col("status").equalTo("completed");
    List<java.util.Map<String, java.util.Set<String>>> flagged = List.of(completers, hourLearners, payers);
    for (Row r : fctTraining.filter(col(Columns.MONTH).geq(firstMonth).and(col(Columns.MONTH).leq(lastMonth)))
        .groupBy("course_id", Columns.PERSON_KEY).agg(max(completed), max(completed.and(col("hours").gt(0))),
            max(completed.and(col("cost").gt(0)))).collectAsList()) {
      learners.computeIfAbsent(r.getString(0), c -> new java.util.HashSet<>()).add(r.getString(1));
      for (int i = 0; i < flagged.size(); i++) {
        if (!r.isNullAt(2 + i) && r.getBoolean(2 + i)) {
          flagged.get(i).computeIfAbsent(r.getString(0), c -> new java.util.HashSet<>()).add(r.getString(1));
        }
      }
    }
    java.util.Set<Object> hiddenRows = new java.util.HashSet<>();
    order.stream().filter(r -> !r.isNullAt(2)).forEach(r -> hiddenRows.add(r.get(0)));
    List<String> courseIds = order.stream().map(r -> r.getString(0)).toList();
    java.util.List<Object> added = complement(courseIds, hiddenRows, learners, k);
    Dataset<Row> rows = added.isEmpty() ? suppressed
        : Suppression.complementary(suppressed, col("course_id").isin(added.toArray()), keep);
    hiddenRows.addAll(added);
    // The completers' measures; then, within them, the hours (completers with hours: a completion of no
    // hours adds none) and the cost (completers whose course cost something), each with its own complement.
    java.util.Set<Object> noCompletion = hidden(courseIds, hiddenRows, completers, k);
    java.util.Set<Object> noHours = hidden(courseIds, noCompletion, hourLearners, k);
    java.util.Set<Object> noCost = hidden(courseIds, noCompletion, payers, k);
    rows = blankWhere(rows, noCompletion, hiddenRows, COMPLETION_MEASURES);
    rows = blankWhere(rows, noHours, noCompletion, HOUR_MEASURES);
    rows = blankWhere(rows, noCost, noCompletion, COST_MEASURES);
    // What a shown course lacks, so that an emptied cost does not read as a cost not recorded.
    java.util.Map<String, List<Object>> byWhat = new java.util.TreeMap<>();
    for (String course : courseIds) {
      String what = hiddenRows.contains(course) ? null : noCompletion.contains(course) ? COMPLETION
          : noHours.contains(course) && noCost.contains(course) ? HOURS + ", " + COST
          : noHours.contains(course) ? HOURS : noCost.contains(course) ? COST : null;
      if (what != null) {
        byWhat.computeIfAbsent(what, w -> new java.util.ArrayList<>()).add(course);
      }
    }
    Column withheld = lit(null).cast("string");
    for (java.util.Map.Entry<String, List<Object>> e : byWhat.entrySet()) {
      withheld = when(col("course_id").isin(e.getValue().toArray()), lit(e.getKey())).otherwise(withheld);
    }
    return rows.withColumn(WITHHELD, withheld);
  }

  /**
   * The courses without the measures about {@code people}: those of {@code hidden}, those with 1 to k−1
   * of them, and further courses (fewest of them first, then course id) until all these hold at least
   * {@code k} distinct people of {@code people}, or all are.
   */
  static java.util.Set<Object> hidden(List<String> courseIds, java.util.Set<Object> hidden,
      java.util.Map<String, java.util.Set<String>> people, int k) {
    java.util.Set<Object> without = new java.util.HashSet<>(hidden);
    people.forEach((course, who) -> {
      if (who.size() < k) {
        without.add(course);
      }
    });
    List<String> byPeople = courseIds.stream().filter(people::containsKey)
        .sorted(java.util.Comparator.comparing((String c) -> people.get(c).size()).thenComparing(c -> c)).toList();
    without.addAll(complement(byPeople, without, people, k));
    return without;
  }

  /** {@code columns} emptied in the courses of {@code courses} that are not among {@code already} (emptied before). */
  private static Dataset<Row> blankWhere(Dataset<Row> rows, java.util.Set<Object> courses, java.util.Set<Object> already,
      List<String> columns) {
    List<Object> now = courses.stream().filter(c -> !already.contains(c)).toList();
    return now.isEmpty() ? rows : Suppression.blank(rows, col("course_id").isin(now.toArray()), columns);
  }

  /**
   * The courses of {@code candidates} (in order, skipping those already {@code hidden}) to hide as well
   * so that the hidden courses hold at least {@code k} distinct people of {@code people}, or all are; none
   * when the hidden ones hold nobody.
   */
  static java.util.List<Object> complement(java.util.List<String> candidates, java.util.Set<Object> hidden,
      java.util.Map<String, java.util.Set<String>> people, int k) {
    java.util.Set<String> held = new java.util.HashSet<>();
    hidden.forEach(c -> held.addAll(people.getOrDefault(c, java.util.Set.of())));
    java.util.List<Object> added = new java.util.ArrayList<>();
    if (held.isEmpty()) {
      return added;
    }
    for (String c : candidates) {
      if (held.size() >= k) {
        break;
      }
      if (!hidden.contains(c)) {
        added.add(c);
        held.addAll(people.getOrDefault(c, java.util.Set.of()));
      }
    }
    return added;
  }
}
