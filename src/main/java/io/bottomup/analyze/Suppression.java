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
    Column small = col(people).lt(k);
    Dataset<Row> marked = groups.withColumn(SUPPRESSION, when(small, lit(SMALL_GROUP))
        .when(complement(siblings, col(people), col(keep.get(keep.size() - 1)), small, k), lit(COMPLEMENTARY)));
    return blank(marked, col(SUPPRESSION).isNotNull(), except(groups.columns(), keep));
  }

  /**
   * Measures about a subset of a group's people: the question measures ({@code answered_7d_share},
   * {@code median_hours_to_first_answer}, {@code questions_asked}) describe the questions of the group's
   * askers, who may be fewer than {@code k} in a group that is not. Where 1 to k−1 people asked, those
   * {@code columns} are emptied, and, as in {@link #apply}, further siblings' (fewest askers first) until
   * the emptied ones hold at least {@code k} askers together (a share times the questions of the whole
   * organisation, minus the shown groups', would give a hidden one away). The row itself stays.
   */
  public static Dataset<Row> columns(Dataset<Row> groups, int k, List<String> siblings, String tieBreak, String people,
      List<String> columns) {
    Column n = org.apache.spark.sql.functions.coalesce(col(people), lit(0L));
    Column small = n.gt(0).and(n.lt(k));
    return blank(groups, small.or(complement(siblings, n, col(tieBreak), small, k)), columns);
  }

  /** {@link #columns} for each subset of a group's people: the column counting them → the measures about them. */
  public static Dataset<Row> columns(Dataset<Row> groups, int k, List<String> siblings, String tieBreak,
      java.util.Map<String, List<String>> subsets) {
    Dataset<Row> emptied = groups;
    for (java.util.Map.Entry<String, List<String>> subset : subsets.entrySet()) {
      emptied = columns(emptied, k, siblings, tieBreak, subset.getKey(), subset.getValue());
    }
    return emptied;
  }

  /** {@link #columnsAcrossPeriod} for each subset of {@link #columns(Dataset, int, List, String, java.util.Map)}. */
  public static Dataset<Row> columnsAcrossPeriod(Dataset<Row> rows, Column inPeriod, String group,
      java.util.Map<String, List<String>> subsets) {
    Dataset<Row> emptied = rows;
    for (java.util.Map.Entry<String, List<String>> subset : subsets.entrySet()) {
      emptied = columnsAcrossPeriod(emptied, inPeriod, group, subset.getKey(), subset.getValue());
    }
    return emptied;
  }

  /**
   * {@link #acrossPeriod} for the question measures that {@link #columns} emptied: a group whose measures
   * are empty in a month of the period while it had askers has them emptied in every month of the period.
   * The first of {@code columns} tells: it must hold a value wherever {@code people} is positive, unless emptied.
   */
  public static Dataset<Row> columnsAcrossPeriod(Dataset<Row> rows, Column inPeriod, String group, String people,
      List<String> columns) {
    Object[] hidden = groupsWhere(rows, inPeriod.and(col(people).gt(0)).and(col(columns.get(0)).isNull()), group);
    return hidden.length == 0 ? rows : blank(rows, inPeriod.and(col(group).isin(hidden)), columns);
  }

  /**
   * Suppression across time: the rows of {@code group} inside the period (where {@code inPeriod} holds)
   * are all suppressed when any of them is. A period's own row adds up its months, so a group shown in
   * some months of the period and hidden in others could be recomputed month by month from that row;
   * with all of a group's months of the period hidden or all shown, it cannot. The rows added are
   * marked {@code complementary}; in every month the hidden rows still hold at least {@code k} people.
   */
  public static Dataset<Row> acrossPeriod(Dataset<Row> suppressed, Column inPeriod, String group, List<String> keep) {
    Object[] hidden = groupsWhere(suppressed, inPeriod.and(col(SUPPRESSION).isNotNull()), group);
    if (hidden.length == 0) {
      return suppressed;
    }
    return complementary(suppressed, inPeriod.and(col(group).isin(hidden)), keep);
  }

  /**
   * The rows where {@code where} holds that are not suppressed yet, suppressed as {@code complementary}
   * ({@code where} must depend on {@code keep} columns only).
   */
  public static Dataset<Row> complementary(Dataset<Row> suppressed, Column where, List<String> keep) {
    // Depends on kept columns and the marker only, so it holds the same after the blanking.
    Column added = where.and(col(SUPPRESSION).isNull());
    List<String> keptAndMarker = new java.util.ArrayList<>(keep);
    keptAndMarker.add(SUPPRESSION);
    return blank(suppressed, added, except(suppressed.columns(), keptAndMarker))
        .withColumn(SUPPRESSION, when(added, lit(COMPLEMENTARY)).otherwise(col(SUPPRESSION)));
  }

  /**
   * What a period's own table (one row per group, e.g. {@code mart_department}) hides: the groups whose
   * row is suppressed, and per subset of people ({@link #columns}) the groups whose measures about them
   * are emptied. The tables of the period's months must hide the same in each month of the period:
   * else a complementary group's shown months would add up to its hidden period row, and the hidden
   * small group would be the organisation's period total minus the shown rows and that sum.
   */
  public record Hidden(List<Object> rows, java.util.Map<String, List<Object>> columns) {
    /** The hidden groups of {@code period} (before {@link io.bottomup.marts.MartSchemas#conform}: it needs the subsets' counts). */
    public static Hidden in(Dataset<Row> period, String group, java.util.Map<String, List<String>> subsets) {
      // One row per group: read once, and sorted out here rather than in a query per subset.
      List<Object> rows = new java.util.ArrayList<>();
      java.util.Map<String, List<Object>> columns = new java.util.TreeMap<>();
      subsets.keySet().forEach(s -> columns.put(s, new java.util.ArrayList<>()));
      for (Row r : period.collectAsList()) {
        Object g = r.getAs(group);
        if (g == null) {
          continue;
        }
        if (r.getAs(SUPPRESSION) != null) {
          rows.add(g);
          continue;
        }
        for (java.util.Map.Entry<String, List<String>> subset : subsets.entrySet()) {
          Object people = r.getAs(subset.getKey());
          if (people != null && ((Number) people).longValue() > 0 && r.getAs(subset.getValue().get(0)) == null) {
            columns.get(subset.getKey()).add(g);
          }
        }
      }
      return new Hidden(List.copyOf(rows), columns);
    }

    /**
     * The same hidden in {@code months} inside the period: the rows as {@code complementary}, and each
     * subset's measures ({@code subsets}: the subsets {@code months} has; a subset whose measures are the
     * whole of a row, such as the askers of a table of questions, belongs in {@code asRows}).
     */
    public Dataset<Row> applyTo(Dataset<Row> months, Column inPeriod, String group, List<String> keep,
        java.util.Map<String, List<String>> subsets, List<String> asRows) {
      List<Object> hide = new java.util.ArrayList<>(rows);
      asRows.forEach(s -> hide.addAll(columns.getOrDefault(s, List.of())));
      Dataset<Row> out = hide.isEmpty() ? months : complementary(months, inPeriod.and(col(group).isin(hide.toArray())), keep);
      for (java.util.Map.Entry<String, List<String>> subset : subsets.entrySet()) {
        List<Object> emptied = columns.getOrDefault(subset.getKey(), List.of());
        if (!emptied.isEmpty()) {
          out = blank(out, inPeriod.and(col(group).isin(emptied.toArray())), subset.getValue());
        }
      }
      return out;
    }
  }

  /**
   * {@link #acrossPeriod} and {@link #columnsAcrossPeriod} where all rows are one group (the whole
   * organisation's months): a month of the period hidden hides every month of the period, since the
   * period's own row minus the shown months would give it away.
   */
  public static Dataset<Row> acrossPeriod(Dataset<Row> suppressed, Column inPeriod, List<String> keep,
      java.util.Map<String, List<String>> subsets) {
    String all = "_whole_organisation";
    Dataset<Row> one = suppressed.withColumn(all, lit(1));
    List<String> keepAll = new java.util.ArrayList<>(keep);
    keepAll.add(all);
    return acrossPeriod(columnsAcrossPeriod(one, inPeriod, all, subsets), inPeriod, all, keepAll).drop(all);
  }

  /**
   * Whether a group is suppressed as a complement: some sibling is {@code small}, and the siblings
   * before it (fewest {@code n} first, then by {@code tieBreak}) hold fewer than {@code k} together.
   */
  private static Column complement(List<String> siblings, Column n, Column tieBreak, Column small, int k) {
    Column[] partition = siblings.stream().map(s -> col(s)).toArray(Column[]::new);
    WindowSpec fewestFirst = Window.partitionBy(partition).orderBy(n, tieBreak).rowsBetween(Window.unboundedPreceding(), -1);
    Column anySmall = max(when(small, 1).otherwise(0)).over(Window.partitionBy(partition)).equalTo(1);
    Column before = org.apache.spark.sql.functions.coalesce(sum(n).over(fewestFirst), lit(0L));
    return anySmall.and(before.lt(k));
  }

  /** The distinct non-null values of {@code group} in the rows where {@code condition} holds. */
  private static Object[] groupsWhere(Dataset<Row> rows, Column condition, String group) {
    return rows.filter(condition).select(group).distinct().collectAsList().stream().map(r -> r.get(0))
        .filter(java.util.Objects::nonNull).toArray();
  }

  /** {@code columns} emptied where {@code where} holds (evaluated once, before any column changes). */
  private static Dataset<Row> blank(Dataset<Row> rows, Column where, List<String> columns) {
    // One projection for all the columns: a withColumn per column analysed the whole plan again each
    // time, a fifth of the driver's time in a test's night (a flight recording; bench/results).
    java.util.Map<String, Column> blanked = new java.util.LinkedHashMap<>();
    for (String c : columns) {
      blanked.put(c, when(col("_blank"), lit(null)).otherwise(col(c)));
    }
    return rows.withColumn("_blank", where).withColumns(blanked).drop("_blank");
  }

  private static List<String> except(String[] columns, List<String> kept) {
    return java.util.Arrays.stream(columns).filter(c -> !kept.contains(c)).toList();
  }
}
