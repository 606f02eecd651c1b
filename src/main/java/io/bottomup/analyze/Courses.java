package io.bottomup.analyze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.bottomup.schema.Columns;
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
   */
  public static Dataset<Row> suppress(Dataset<Row> courses, Dataset<Row> fctTraining, String firstMonth, String lastMonth,
      int k, java.util.List<String> keep) {
    Dataset<Row> suppressed = Suppression.apply(courses, k, java.util.List.of(AnalyzeStage.PERIOD), keep,
        "learners");
    java.util.List<Row> order = suppressed.select(col("course_id"), col("learners"), col(Suppression.SUPPRESSION))
        .orderBy(col("learners"), col("course_id")).collectAsList();
    if (order.stream().noneMatch(r -> !r.isNullAt(2))) {
      return suppressed;
    }
    java.util.Map<String, java.util.Set<String>> learners = new java.util.HashMap<>();
    for (Row r : fctTraining.filter(col(Columns.MONTH).geq(firstMonth).and(col(Columns.MONTH).leq(lastMonth)))
        .select("course_id", Columns.PERSON_KEY).distinct().collectAsList()) {
      learners.computeIfAbsent(r.getString(0), c -> new java.util.HashSet<>()).add(r.getString(1));
    }
    java.util.Set<String> people = new java.util.HashSet<>();
    order.stream().filter(r -> !r.isNullAt(2)).forEach(r -> people.addAll(learners.getOrDefault(r.getString(0), java.util.Set.of())));
    java.util.List<Object> added = new java.util.ArrayList<>();
    for (Row r : order) {
      if (people.size() >= k) {
        break;
      }
      if (r.isNullAt(2)) {
        added.add(r.get(0));
        people.addAll(learners.getOrDefault(r.getString(0), java.util.Set.of()));
      }
    }
    return added.isEmpty() ? suppressed : Suppression.complementary(suppressed, col("course_id").isin(added.toArray()), keep);
  }
}
