package io.bottomup.analyze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Distinct people per group, counted without Spark's plan for several distinct counts in one
 * aggregation. For {@code countDistinct(person)} beside {@code countDistinct(when(flag, person))} Spark
 * expands every row once per distinct count (plus once for the other aggregates) and shuffles them all;
 * here the rows are first reduced to one per group and person, then counted: one shuffle of the rows,
 * and a second one of far fewer. The results are the same: a person counts once in a group, in a flag's
 * count when at least one of their rows in the group meets it; a null person is never counted, but
 * their rows' sums are kept.
 */
final class DistinctPeople {
  private static final String FLAG = "_flag_";
  private static final String SUM = "_sum_";

  private DistinctPeople() {}

  /**
   * Per group of {@code keys}: column {@code countAs}, the distinct non-null values of {@code person};
   * for each entry of {@code flags}, a column of that name counting the people with a row where the
   * condition holds; for each entry of {@code sums}, a column of that name summing the expression over
   * the group's rows (null when every value is null, as {@code sum}).
   */
  static Dataset<Row> per(Dataset<Row> rows, List<String> keys, String person, String countAs,
      Map<String, Column> flags, Map<String, Column> sums) {
    List<Column> byPerson = new ArrayList<>();
    keys.forEach(k -> byPerson.add(col(k)));
    byPerson.add(col(person));
    List<Column> perPerson = new ArrayList<>();
    List<Column> perGroup = new ArrayList<>();
    perGroup.add(count(col(person)).as(countAs));
    int i = 0;
    for (Map.Entry<String, Column> flag : flags.entrySet()) {
      perPerson.add(max(when(flag.getValue(), 1).otherwise(0)).as(FLAG + i));
      perGroup.add(count(when(col(person).isNotNull().and(col(FLAG + i).equalTo(1)), lit(1))).as(flag.getKey()));
      i++;
    }
    i = 0;
    for (Map.Entry<String, Column> s : sums.entrySet()) {
      perPerson.add(sum(s.getValue()).as(SUM + i));
      perGroup.add(sum(col(SUM + i)).as(s.getKey()));
      i++;
    }
    Dataset<Row> people = perPerson.isEmpty()
        ? rows.select(byPerson.toArray(Column[]::new)).distinct()
        : rows.groupBy(byPerson.toArray(Column[]::new)).agg(perPerson.get(0), perPerson.subList(1, perPerson.size()).toArray(Column[]::new));
    return people.groupBy(keys.stream().map(k -> col(k)).toArray(Column[]::new))
        .agg(perGroup.get(0), perGroup.subList(1, perGroup.size()).toArray(Column[]::new));
  }

  /**
   * {@code left} with the columns of {@code right} matched on {@code keys}, null keys matching null
   * keys (a department may be unknown); {@code right}'s key columns are dropped.
   */
  static Dataset<Row> join(Dataset<Row> left, Dataset<Row> right, List<String> keys, String type) {
    // One projection each for the renames and the drops (each call analyses the plan again).
    java.util.Map<String, String> renamed = new java.util.LinkedHashMap<>();
    Column match = lit(true);
    for (String k : keys) {
      renamed.put(k, "_r_" + k);
      match = match.and(col(k).eqNullSafe(col("_r_" + k)));
    }
    return left.join(right.withColumnsRenamed(renamed), match, type)
        .drop(renamed.values().toArray(String[]::new));
  }
}
