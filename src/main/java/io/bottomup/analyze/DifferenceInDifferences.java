package io.bottomup.analyze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.bottomup.model.FctPersonMonth;
import io.bottomup.schema.Action;
import io.bottomup.schema.Columns;
import io.bottomup.stats.LinearRegression;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Difference-in-differences on the staggered adoption of the Q&A platform by department.
 *
 * <p><b>Adoption month</b> of a department: the first month in which at least the configured share of
 * its employed people asked, answered or accepted on the Q&A platform. A department that never
 * reaches the share is a comparison group throughout.
 *
 * <p><b>Model</b>: one observation per review: manager rating = department effect + cycle effect +
 * β·after + λ·last-cycle-before + error, where {@code after} = the review falls in a month after the
 * department's adoption month, and {@code last-cycle-before} marks the department's last review cycle
 * before adoption. β is the {@code did} estimate (rating points), compared with departments that had
 * not adopted (yet) in the same cycle; λ is the pre-adoption trend check ({@code did_pre_trend}):
 * if adopting departments were already pulling ahead before adoption, λ's interval excludes zero and
 * the {@code did} verdict says the estimate cannot be trusted. Standard errors are clustered by person.
 * Two-way fixed effects with staggered timing assume the effect is similar across departments and
 * over time; this is stated in the report's caveats.
 */
public final class DifferenceInDifferences {
  /** Why there is no estimate though people are enough (the note starts with it; the report says it). */
  public static final String NO_ADOPTION = "no department took up the Q&A platform in the period";
  public static final String NO_SWITCH = "no department has reviews both before and after its adoption month";
  public static final String DID = "did";
  public static final String PRE_TREND = "did_pre_trend";
  public static final String OUTCOME = "manager rating at a review";
  public static final String EXPOSURE = "department had adopted the Q&A platform";
  public static final String NO_PRE_TREND = "no pre-adoption trend detected";
  public static final String PRE_TREND_FOUND = "pre-adoption trends differ";
  public static final String NOT_CREDIBLE = "cannot tell: departments already differed before adoption";

  private DifferenceInDifferences() {}

  /** Per department and month, the people with a question, answer or accept (beside the headcount). */
  public static final String QA_PEOPLE = "qa_people";

  /** A person-month on the Q&amp;A platform: a question, an answer or an accept. */
  public static Column onQa() {
    return col(FctPersonMonth.actionCount(Action.QUESTION)).plus(col(FctPersonMonth.actionCount(Action.ANSWER)))
        .plus(col(FctPersonMonth.actionCount(Action.ACCEPT))).gt(0);
  }

  /** Per department: {@code adoption_month} (yyyy-MM, empty if never) from person-months. */
  public static Dataset<Row> adoptionMonths(Dataset<Row> personMonths, double activeShare) {
    return adoptionMonthsOf(DistinctPeople.per(personMonths, List.of(Columns.DEPARTMENT, Columns.MONTH), Columns.PERSON_KEY,
        "headcount", Map.of(QA_PEOPLE, onQa()), Map.of()), activeShare);
  }

  /**
   * As {@link #adoptionMonths}, from per department and month counts: {@code headcount}, the distinct
   * people of its person-months, and {@value #QA_PEOPLE} (as the kept department-month aggregates hold
   * them, so that a night does not count every person-month of the history again).
   */
  public static Dataset<Row> adoptionMonthsOf(Dataset<Row> departmentMonths, double activeShare) {
    return departmentMonths.withColumn("_share", col(QA_PEOPLE).divide(col("headcount")))
        .groupBy(Columns.DEPARTMENT)
        .agg(min(when(col("_share").geq(activeShare), col(Columns.MONTH))).as("adoption_month"));
  }

  /** One review as the model needs it. */
  record Review(String person, String department, String cycle, LocalDate date, double rating) {}

  /** The {@code did} and {@code did_pre_trend} rows of mart_evidence. */
  public static List<Row> analyse(Dataset<Row> fctAppraisal, Dataset<Row> adoptionMonths, int minGroupSize, double activeShare) {
    Map<String, YearMonth> adoption = new HashMap<>();
    List<String> never = new ArrayList<>();
    for (Row r : adoptionMonths.collectAsList()) {
      String d = r.getAs(Columns.DEPARTMENT);
      String m = r.getAs("adoption_month");
      if (d != null && m != null) {
        adoption.put(d, YearMonth.parse(m));
      } else if (d != null) {
        never.add(d);
      }
    }
    List<Review> reviews = new ArrayList<>();
    for (Row r : fctAppraisal.filter(col("manager_rating").isNotNull().and(col(Columns.DEPARTMENT).isNotNull()))
        .select(Columns.PERSON_KEY, Columns.DEPARTMENT, "cycle", "review_date", "manager_rating").collectAsList()) {
      reviews.add(new Review(r.getString(0), r.getString(1), r.getString(2), r.getDate(3).toLocalDate(), r.getDouble(4)));
    }
    reviews.sort(Comparator.comparing(Review::person).thenComparing(Review::date).thenComparing(Review::cycle));
    return analyse(reviews, adoption, never, minGroupSize, activeShare);
  }

  static List<Row> analyse(List<Review> reviews, Map<String, YearMonth> adoption, List<String> never, int minGroupSize,
      double activeShare) {
    long people = reviews.stream().map(Review::person).distinct().count();
    String adoptionNote = adoptionNote(adoption, never, activeShare);
    boolean enough = people >= Math.max(Evidence.MIN_PEOPLE, 2 * minGroupSize);
    // The last cycle before adoption, per adopting department.
    Map<String, String> lastBefore = new HashMap<>();
    for (Review r : reviews) {
      YearMonth adopted = adoption.get(r.department());
      if (adopted != null && !YearMonth.from(r.date()).isAfter(adopted)) {
        lastBefore.merge(r.department(), r.cycle(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
      }
    }
    boolean switched = reviews.stream().anyMatch(r -> after(r, adoption))
        && reviews.stream().anyMatch(r -> adoption.containsKey(r.department()) && !after(r, adoption));
    if (!enough || !switched) {
      String why = !enough
          ? people + " people with a review; at least " + Evidence.MIN_PEOPLE + " and twice the minimum group size are needed"
          : adoption.isEmpty() ? NO_ADOPTION : NO_SWITCH;
      // With people enough, the design is what is missing, not the people.
      String verdict = enough ? Evidence.NOT_ESTIMABLE : Evidence.TOO_FEW;
      return List.of(
          row(DID, null, null, null, null, null, reviews.size(), people, null, verdict, why + "; " + adoptionNote),
          row(PRE_TREND, null, null, null, null, null, reviews.size(), people, null, verdict, why));
    }
    List<String> departments = new ArrayList<>(new TreeSet<>(reviews.stream().map(Review::department).toList()));
    List<String> cycles = new ArrayList<>(new TreeSet<>(reviews.stream().map(Review::cycle).toList()));
    int k = 3 + (departments.size() - 1) + (cycles.size() - 1);
    double[][] x = new double[reviews.size()][k];
    double[] y = new double[reviews.size()];
    List<String> clusters = new ArrayList<>();
    for (int i = 0; i < reviews.size(); i++) {
      Review r = reviews.get(i);
      x[i][0] = 1;
      x[i][1] = after(r, adoption) ? 1 : 0;
      x[i][2] = r.cycle().equals(lastBefore.get(r.department())) ? 1 : 0;
      for (int d = 1; d < departments.size(); d++) {
        x[i][2 + d] = departments.get(d).equals(r.department()) ? 1 : 0;
      }
      for (int c = 1; c < cycles.size(); c++) {
        x[i][2 + departments.size() - 1 + c] = cycles.get(c).equals(r.cycle()) ? 1 : 0;
      }
      y[i] = r.rating();
      clusters.add(r.person());
    }
    try {
      LinearRegression fit = LinearRegression.fit(x, y, clusters);
      boolean preTrend = fit.ciLow()[2] > 0 || fit.ciHigh()[2] < 0;
      String verdict = preTrend ? NOT_CREDIBLE : Evidence.verdict(fit.ciLow()[1], fit.ciHigh()[1]);
      String controls = "department and review-cycle fixed effects; standard errors clustered by person (" + fit.clusters()
          + " people); " + adoptionNote;
      return List.of(
          row(DID, fit.coefficients()[1], fit.stdErrors()[1], fit.ciLow()[1], fit.ciHigh()[1], fit.pValues()[1], reviews.size(),
              people, fit.rSquared(), verdict, controls),
          row(PRE_TREND, fit.coefficients()[2], fit.stdErrors()[2], fit.ciLow()[2], fit.ciHigh()[2], fit.pValues()[2],
              reviews.size(), people, fit.rSquared(), preTrend ? PRE_TREND_FOUND : NO_PRE_TREND,
              "rating in the last review cycle before adoption relative to earlier cycles, beyond the comparison "
                  + "departments; an interval excluding zero means adopting departments were already moving"));
    } catch (IllegalArgumentException singular) {
      String why = "the model cannot be estimated (" + singular.getMessage() + "), e.g. every department adopted in the "
          + "same month";
      return List.of(
          row(DID, null, null, null, null, null, reviews.size(), people, null, Evidence.NOT_ESTIMABLE, why + "; " + adoptionNote),
          row(PRE_TREND, null, null, null, null, null, reviews.size(), people, null, Evidence.NOT_ESTIMABLE, why));
    }
  }

  private static boolean after(Review r, Map<String, YearMonth> adoption) {
    YearMonth adopted = adoption.get(r.department());
    return adopted != null && YearMonth.from(r.date()).isAfter(adopted);
  }

  private static String adoptionNote(Map<String, YearMonth> adoption, List<String> never, double activeShare) {
    Map<YearMonth, Integer> byMonth = new TreeMap<>();
    adoption.values().forEach(m -> byMonth.merge(m, 1, Integer::sum));
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "adoption = first month with at least %.0f%% of a "
        + "department active on Q&A; ", activeShare * 100));
    if (byMonth.isEmpty()) {
      s.append("no department adopted");
    } else {
      List<String> parts = new ArrayList<>();
      byMonth.forEach((m, n) -> parts.add(n + " in " + m));
      s.append("departments adopting: ").append(String.join(", ", parts));
    }
    if (!never.isEmpty()) {
      s.append("; ").append(never.size()).append(" never adopted");
    }
    return s.toString();
  }

  private static Row row(String analysis, Double estimate, Double se, Double lo, Double hi, Double p, long n, long people,
      Double r2, String verdict, String note) {
    return Evidence.rowOf(analysis, Evidence.SCOPE_ALL, OUTCOME, EXPOSURE, "rating points", estimate, se, lo, hi, p, n, people,
        null, null, r2, verdict, note);
  }
}
