package io.bottomup.analyze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Small-group suppression. A group of fewer than {@code k} people is suppressed ({@code small_group}).
 * Because totals are published, one suppressed group could be recomputed from the others, so within
 * each set of sibling groups (e.g. the departments of one month) further groups are suppressed
 * ({@code complementary}), smallest first, until the suppressed groups together hold at least
 * {@code k} people. A suppressed row keeps its grouping keys; every metric becomes empty.
 */
public final class Suppression {
  public static final String SUPPRESSION = "suppression";
  public static final String SMALL_GROUP = "small_group";
  public static final String COMPLEMENTARY = "complementary";

  private Suppression() {}

  /**
   * @param siblings the columns that identify a set of sibling groups (empty: all rows are siblings)
   * @param keep the grouping columns, never blanked
   */
  public static Dataset<Row> apply(Dataset<Row> groups, int k, List<String> siblings, List<String> keep) {
    return apply(groups, k, siblings, keep, "headcount");
  }

  /** As above, with the number of people of each group in column {@code people}. */
  public static Dataset<Row> apply(Dataset<Row> groups, int k, List<String> siblings, List<String> keep, String people) {
    Column[] partition = siblings.stream().map(s -> col(s)).toArray(Column[]::new);
    WindowSpec all = Window.partitionBy(partition);
    WindowSpec smallestFirst = Window.partitionBy(partition).orderBy(col(people), col(keep.get(keep.size() - 1)))
        .rowsBetween(Window.unboundedPreceding(), -1);
    Column small = col(people).lt(k);
    Column anySmall = max(when(small, 1).otherwise(0)).over(all).equalTo(1);
    Column before = org.apache.spark.sql.functions.coalesce(sum(col(people)).over(smallestFirst), lit(0L));
    Dataset<Row> marked = groups.withColumn(SUPPRESSION,
        when(small, lit(SMALL_GROUP)).when(anySmall.and(before.lt(k)), lit(COMPLEMENTARY)));
    for (String c : groups.columns()) {
      if (!keep.contains(c)) {
        marked = marked.withColumn(c, when(col(SUPPRESSION).isNull(), col(c)));
      }
    }
    return marked;
  }

  /**
   * Measures about a subset of a group's people: the question measures ({@code answered_7d_share},
   * {@code median_hours_to_first_answer}, {@code questions_asked}) describe the questions of the group's
   * askers, who may be
   * fewer than {@code k} in a group that is not. Where 1 to k−1 people asked, those {@code columns}
   * are emptied, and, as in {@link #apply}, further siblings' (fewest askers first) until the emptied
   * ones hold at least {@code k} askers together (a share times the questions of the whole
   * organisation, minus the shown groups', would give a hidden one away). The row itself stays.
   */
  public static Dataset<Row> columns(Dataset<Row> groups, int k, List<String> siblings, String tieBreak, String people,
      List<String> columns) {
    Column[] partition = siblings.stream().map(s -> col(s)).toArray(Column[]::new);
    Column n = org.apache.spark.sql.functions.coalesce(col(people), lit(0L));
    WindowSpec all = Window.partitionBy(partition);
    WindowSpec fewestFirst = Window.partitionBy(partition).orderBy(n, col(tieBreak)).rowsBetween(Window.unboundedPreceding(), -1);
    Column small = n.gt(0).and(n.lt(k));
    Column anySmall = max(when(small, 1).otherwise(0)).over(all).equalTo(1);
    Column before = org.apache.spark.sql.functions.coalesce(sum(n).over(fewestFirst), lit(0L));
    Dataset<Row> marked = groups.withColumn("_blank", small.or(anySmall.and(before.lt(k))));
    for (String c : columns) {
      marked = marked.withColumn(c, when(col("_blank"), lit(null)).otherwise(col(c)));
    }
    return marked.drop("_blank");
  }

  /**
   * {@link #acrossPeriod} for the question measures that {@link #columns} emptied: a group whose measures
   * are empty in a month of the period while it had askers has them emptied in every month of the period.
   */
  public static Dataset<Row> columnsAcrossPeriod(Dataset<Row> rows, Column inPeriod, String group, String people,
      List<String> columns) {
    Column emptied = col(people).gt(0).and(col(columns.get(0)).isNull());
    Object[] hidden = rows.filter(inPeriod.and(emptied)).select(group).distinct().collectAsList()
        .stream().map(r -> r.get(0)).filter(java.util.Objects::nonNull).toArray();
    if (hidden.length == 0) {
      return rows;
    }
    Dataset<Row> marked = rows.withColumn("_blank", inPeriod.and(col(group).isin(hidden)));
    for (String c : columns) {
      marked = marked.withColumn(c, when(col("_blank"), lit(null)).otherwise(col(c)));
    }
    return marked.drop("_blank");
  }

  /**
   * Suppression across time: the rows of {@code group} inside the period (where {@code inPeriod} holds)
   * are all suppressed when any of them is. A period's own row adds up its months, so a group shown in
   * some months of the period and hidden in others could be recomputed month by month from that row;
   * with all of a group's months of the period hidden or all shown, it cannot. The rows added are
   * marked {@code complementary}; in every month the hidden rows still hold at least {@code k} people.
   */
  public static Dataset<Row> acrossPeriod(Dataset<Row> suppressed, Column inPeriod, String group, List<String> keep) {
    Object[] hidden = suppressed.filter(inPeriod.and(col(SUPPRESSION).isNotNull())).select(group).distinct().collectAsList()
        .stream().map(r -> r.get(0)).filter(java.util.Objects::nonNull).toArray();
    if (hidden.length == 0) {
      return suppressed;
    }
    Column added = inPeriod.and(col(group).isin(hidden)).and(col(SUPPRESSION).isNull());
    Dataset<Row> marked = suppressed.withColumn("_added", added);
    for (String c : suppressed.columns()) {
      if (!keep.contains(c) && !c.equals(SUPPRESSION)) {
        marked = marked.withColumn(c, when(col("_added"), lit(null)).otherwise(col(c)));
      }
    }
    return marked.withColumn(SUPPRESSION, when(col("_added"), lit(COMPLEMENTARY)).otherwise(col(SUPPRESSION))).drop("_added");
  }
}
