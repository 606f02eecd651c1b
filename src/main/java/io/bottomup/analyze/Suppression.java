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

  /**
   * Suppression across time. A period's own row adds up its months, so a group shown in some months of
   * the period and hidden in others could be recomputed month by month from that row; with all of a
   * group's months of the period (where {@code inPeriod} holds) hidden or all shown, it cannot.
   * <ul>
   *   <li>Rows: a group with a suppressed row in the period has all its rows of the period suppressed, the
   *       added ones as {@code complementary} (in every month the hidden rows still hold at least {@code k}
   *       people). With {@code keep} null the rows are left as they are.</li>
   *   <li>The measures about a subset of its people ({@code subsets}: the column counting them → the
   *       measures, as {@link #columns} emptied them): a group whose measures are empty in a month of the
   *       period while it had such people has them emptied in every month of the period. The first of a
   *       subset's measures tells: it must hold a value wherever its people are positive, unless emptied.</li>
   * </ul>
   * The groups to hide are found in one query, on {@code rows} as given: the rows' condition reads only
   * the marker, which emptying measures leaves; a subset's condition reads its people and its first
   * measure, which another subset empties only where it empties all of the first one's measures too
   * ({@link #requireNested}), so a group it would add changes nothing. A query per subset and one for the
   * rows, each running the plan below again, were a twelfth of the driver's time in a test's run
   * (bench/results: twenty-sixth session).
   */
  public static Dataset<Row> acrossPeriod(Dataset<Row> rows, Column inPeriod, String group, List<String> keep,
      java.util.Map<String, List<String>> subsets) {
    requireNested(subsets);
    // A row per group and month: computed once for the query that finds the groups and the write after it.
    Dataset<Row> computed = Small.collected(rows);
    return Hidden.find(computed, inPeriod, group, keep != null, subsets).applyTo(computed, inPeriod, group, keep, subsets, List.of());
  }

  /** Whether {@code condition} holds in any row of a group (1) or none (0). */
  private static Column anyRow(Column condition) {
    return max(when(condition, 1).otherwise(0));
  }

  /** The groups (column 0) of {@code groups} whose flag in column {@code flag} is set. */
  private static List<Object> flagged(List<Row> groups, int flag) {
    return groups.stream().filter(r -> r.getInt(flag) == 1).map(r -> r.get(0)).toList();
  }

  /**
   * That {@link #acrossPeriod} may find every subset's groups on the rows as given: where a subset's
   * people or first measure is among another subset's measures, the other's measures hold all of its own
   * (the question measures hold the answered share, the decided askers' one measure). Else the groups one
   * subset hides would depend on what another emptied, and one query could not find them.
   */
  static void requireNested(java.util.Map<String, List<String>> subsets) {
    subsets.forEach((people, columns) -> subsets.forEach((otherPeople, others) -> {
      if (!people.equals(otherPeople) && others.contains(people)) {
        throw new IllegalArgumentException("The people of " + people + " are among the measures of " + otherPeople);
      }
      if (!people.equals(otherPeople) && others.contains(columns.get(0)) && !others.containsAll(columns)) {
        throw new IllegalArgumentException("The measures of " + otherPeople + " hold " + columns.get(0) + ", the first of "
            + people + "'s, but not all of " + columns);
      }
    }));
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
      return find(period, lit(true), group, true, subsets);
    }

    /**
     * The groups of {@code rows} to hide in the period, in one query: with {@code withRows}, those with a
     * suppressed row; per subset, those with its people and its first measure empty (a group whose row is
     * hidden is listed with the rows only).
     */
    static Hidden find(Dataset<Row> rows, Column inPeriod, String group, boolean withRows,
        java.util.Map<String, List<String>> subsets) {
      List<java.util.Map.Entry<String, List<String>>> ordered = List.copyOf(new java.util.TreeMap<>(subsets).entrySet());
      List<Column> flags = new java.util.ArrayList<>();
      for (java.util.Map.Entry<String, List<String>> subset : ordered) {
        flags.add(anyRow(col(subset.getKey()).gt(0).and(col(subset.getValue().get(0)).isNull())));
      }
      List<Row> groups = rows.filter(inPeriod.and(col(group).isNotNull())).groupBy(group)
          .agg(anyRow(withRows ? col(SUPPRESSION).isNotNull() : lit(false)), flags.toArray(Column[]::new)).collectAsList();
      List<Object> hiddenRows = flagged(groups, 1);
      java.util.Map<String, List<Object>> columns = new java.util.TreeMap<>();
      for (int i = 0; i < ordered.size(); i++) {
        List<Object> emptied = new java.util.ArrayList<>(flagged(groups, i + 2));
        emptied.removeAll(hiddenRows);
        columns.put(ordered.get(i).getKey(), List.copyOf(emptied));
      }
      return new Hidden(hiddenRows, columns);
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
   * {@link #acrossPeriod} where all rows are one group (the whole
   * organisation's months): a month of the period hidden hides every month of the period, since the
   * period's own row minus the shown months would give it away.
   */
  public static Dataset<Row> acrossPeriod(Dataset<Row> suppressed, Column inPeriod, List<String> keep,
      java.util.Map<String, List<String>> subsets) {
    String all = "_whole_organisation";
    List<String> keepAll = new java.util.ArrayList<>(keep);
    keepAll.add(all);
    return acrossPeriod(suppressed.withColumn(all, lit(1)), inPeriod, all, keepAll, subsets).drop(all);
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

  /** {@code columns} emptied where {@code where} holds (evaluated once, before any column changes). */
  static Dataset<Row> blank(Dataset<Row> rows, Column where, List<String> columns) {
    // One projection for all the columns: a withColumn per column analysed the whole plan again each
    // time, a fifth of the driver's time in a test's night (a flight recording; bench/results).
    Column[] blanked = java.util.Arrays.stream(rows.columns())
        .map(c -> columns.contains(c) ? when(col("_blank"), lit(null)).otherwise(col(c)).as(c) : col(c)).toArray(Column[]::new);
    return rows.withColumn("_blank", where).select(blanked);
  }

  private static List<String> except(String[] columns, List<String> kept) {
    return java.util.Arrays.stream(columns).filter(c -> !kept.contains(c)).toList();
  }
}
