package io.bottomup.analyze;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.bottomup.config.JobConfig;
import io.bottomup.model.FctPersonMonth;
import io.bottomup.schema.Columns;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Dependent learners: people for whom self-directed, social learning is least likely to work, and
 * structured, top-down learning serves better. A person employed at the run date is counted when all
 * three hold:
 * <ul>
 *   <li>their latest review's self rating exceeds the manager rating by at least a quarter of the
 *       rating scale (1 point on 1–5): they do not yet see what they do not know;</li>
 *   <li>at most {@value #MAX_SOCIAL_ACTIONS} social actions (anything but a view) in the twelve months;</li>
 *   <li>tenure under {@value #MAX_TENURE_YEARS} years at the run date.</li>
 * </ul>
 * Per department: {@code headcount} (employed at the run date), {@code assessed} (with both ratings),
 * {@code dependent_learners} and their share of the assessed; suppressed below the minimum group size.
 * Those two describe the assessed only: where 1 to k−1 people of a department were assessed they are
 * empty, with further departments' until the emptied ones hold k assessed ({@link Suppression#columns});
 * and likewise where 1 to k−1 people are flagged, or 1 to k−1 of the assessed are not, since the count
 * would single out a few people's appraisal gaps.
 */
public final class DependentLearners {
  public static final int MAX_SOCIAL_ACTIONS = 2;
  public static final double MAX_TENURE_YEARS = 2.0;

  private DependentLearners() {}

  public static Dataset<Row> byDepartment(Dataset<Row> dimPerson, Dataset<Row> fctAppraisal, Dataset<Row> trailingPersonMonths,
      LocalDate runDate, JobConfig config, int k) {
    Date asOf = Date.valueOf(runDate);
    Dataset<Row> latest = fctAppraisal.filter(col("review_date").leq(lit(asOf)))
        .withColumn("_rank", row_number().over(Window.partitionBy(Columns.PERSON_KEY).orderBy(col("review_date").desc())))
        .filter(col("_rank").equalTo(1))
        .select(col(Columns.PERSON_KEY).as("_r_key"), col("self_rating"), col("manager_rating"));
    Dataset<Row> activity = trailingPersonMonths.groupBy(col(Columns.PERSON_KEY).as("_s_key"))
        .agg(sum(FctPersonMonth.SOCIAL_ACTIONS).as("_social"));
    double gap = (config.ratingMax() - config.ratingMin()) / 4;
    Column assessed = col("self_rating").isNotNull().and(col("manager_rating").isNotNull());
    Column dependent = assessed
        .and(col("self_rating").minus(col("manager_rating")).geq(gap))
        .and(coalesce(col("_social"), lit(0L)).leq(MAX_SOCIAL_ACTIONS))
        .and(datediff(lit(asOf), col("hire_date")).divide(365.25).lt(MAX_TENURE_YEARS));
    Dataset<Row> departments = dimPerson.filter(col("employed_at_run_date"))
        .join(latest, col(Columns.PERSON_KEY).equalTo(col("_r_key")), "left")
        .join(activity, col(Columns.PERSON_KEY).equalTo(col("_s_key")), "left")
        .groupBy(Columns.DEPARTMENT)
        .agg(count(lit(1)).as("headcount"),
            sum(when(assessed, 1L).otherwise(0L)).as("assessed"),
            sum(when(dependent, 1L).otherwise(0L)).as("dependent_learners"))
        .withColumn("dependent_share", when(col("assessed").gt(0), col("dependent_learners").divide(col("assessed"))));
    java.util.List<String> measures = java.util.List.of("dependent_learners", "dependent_share");
    // And where 1 to k−1 people are flagged, or 1 to k−1 of the assessed are not: the count would single
    // out a few people's appraisal gaps (or say that all but those few have one).
    Dataset<Row> sides = departments.withColumn("_flag_side",
        org.apache.spark.sql.functions.least(col("dependent_learners"), col("assessed").minus(col("dependent_learners"))));
    return Suppression.columns(Suppression.columns(sides, k, java.util.List.of(), Columns.DEPARTMENT, "assessed", measures),
        k, java.util.List.of(), Columns.DEPARTMENT, "_flag_side", measures).drop("_flag_side");
  }
}
