package io.bottomup.analyze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.bottomup.model.FctPersonMonth;
import io.bottomup.schema.Action;
import io.bottomup.schema.Columns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A period's person-months reduced to one row per person and department: {@link #MONTHS}, the
 * person-months behind the row, and the sum of each additive count of {@code fct_person_month}
 * ({@link #SUMMED}, those the input has), under the same names.
 *
 * <p>The twelve-month marts (the department and summary aggregates, the dependent learners, the ROI
 * totals, the culture index) each grouped every person-month of the period by person: five shuffles of
 * the same rows. They read this instead, persisted once. Their measures are unchanged: they sum these
 * counts again, and their flags ask whether a count is above 0 in some month, which for counts (never
 * negative) is whether their sum is. {@code people_helped} (distinct people a month) does not add up
 * across months and is left out, as are the latest rating and cycle.
 */
public final class PersonPeriod {
  /** The person-months a row stands for. */
  public static final String MONTHS = "_person_months";
  /** The counts summed, under their {@code fct_person_month} names. */
  public static final List<String> SUMMED = summed();

  private PersonPeriod() {}

  /** One row per person and department of {@code personMonths}. */
  public static Dataset<Row> of(Dataset<Row> personMonths) {
    List<String> present = List.of(personMonths.columns());
    List<Column> sums = new ArrayList<>();
    for (String c : SUMMED) {
      if (present.contains(c)) {
        sums.add(sum(col(c)).as(c));
      }
    }
    return personMonths.groupBy(Columns.PERSON_KEY, Columns.DEPARTMENT).agg(count(lit(1)).as(MONTHS), sums.toArray(Column[]::new));
  }

  private static List<String> summed() {
    List<String> s = new ArrayList<>();
    for (Action a : Action.values()) {
      s.add(FctPersonMonth.actionCount(a));
    }
    s.addAll(List.of(FctPersonMonth.SOCIAL_ACTIONS, FctPersonMonth.HELP_GIVEN, FctPersonMonth.FORMAL_HOURS,
        FctPersonMonth.FORMAL_COST));
    return List.copyOf(s);
  }
}
