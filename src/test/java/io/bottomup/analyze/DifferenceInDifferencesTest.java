package io.bottomup.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.SparkTest;
import io.bottomup.analyze.DifferenceInDifferences.Review;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class DifferenceInDifferencesTest extends SparkTest {
  private static final List<LocalDate> CYCLES = List.of(LocalDate.of(2025, 1, 15), LocalDate.of(2025, 7, 15),
      LocalDate.of(2026, 1, 15), LocalDate.of(2026, 7, 15));

  /**
   * Ten people in each of departments A, B and C, reviewed in four half-year cycles. Rating = the
   * person's level + 0.1 per cycle + {@code effect} once their department has adopted + a
   * {@code preTrend} bump in A's last cycle before adoption and after + noise of sd 0.1.
   */
  private static List<Review> panel(Map<String, YearMonth> adoption, double effect, double preTrend) {
    Random random = new Random(7);
    List<Review> reviews = new ArrayList<>();
    for (String d : List.of("A", "B", "C")) {
      for (int p = 0; p < 10; p++) {
        double level = 2.5 + random.nextDouble();
        for (int c = 0; c < CYCLES.size(); c++) {
          LocalDate date = CYCLES.get(c);
          YearMonth adopted = adoption.get(d);
          boolean after = adopted != null && YearMonth.from(date).isAfter(adopted);
          boolean bumped = d.equals("A") && c >= 2;
          double rating = level + 0.1 * c + (after ? effect : 0) + (bumped ? preTrend : 0) + random.nextGaussian() * 0.1;
          reviews.add(new Review(d + p, d, "C" + c, date, rating));
        }
      }
    }
    return reviews;
  }

  @Test
  void staggeredAdoptionRecoversThePlantedEffectAndFindsNoPreTrend() {
    Map<String, YearMonth> adoption = Map.of("A", YearMonth.of(2025, 3), "B", YearMonth.of(2025, 9));
    List<Row> rows = DifferenceInDifferences.analyse(panel(adoption, 0.5, 0), adoption, List.of("C"), 5, 0.2);
    Row did = rows.get(0);
    assertEquals("did", did.getString(0));
    double estimate = did.getAs(5);
    double low = did.getAs(7);
    double high = did.getAs(8);
    assertEquals(0.5, estimate, 0.1);
    assertTrue(low < 0.5 && 0.5 < high, "the CI covers the planted 0.5: " + low + " to " + high);
    assertEquals(Evidence.POSITIVE, did.getAs(15));
    assertEquals(120L, (Long) did.getAs(10), "30 people × 4 reviews");
    assertTrue(did.<String>getAs(16).contains("1 in 2025-03, 1 in 2025-09; 1 never adopted"), did.getString(16));
    Row pre = rows.get(1);
    assertEquals("did_pre_trend", pre.getString(0));
    assertEquals(DifferenceInDifferences.NO_PRE_TREND, pre.getAs(15));
  }

  @Test
  void aDepartmentAlreadyRisingBeforeAdoptionMakesTheEstimateNotCredible() {
    // A adopts after its third cycle and was already 0.6 up in that cycle: a pre-trend, no true effect.
    Map<String, YearMonth> adoption = Map.of("A", YearMonth.of(2026, 3), "B", YearMonth.of(2025, 9));
    List<Row> rows = DifferenceInDifferences.analyse(panel(adoption, 0, 0.6), adoption, List.of("C"), 5, 0.2);
    assertEquals(DifferenceInDifferences.PRE_TREND_FOUND, rows.get(1).getAs(15));
    double lead = rows.get(1).getAs(5);
    assertTrue(lead > 0.2 && lead < 0.6,
        "the lead pools A's early rise of 0.6 with B's last cycle before adoption, which had none: " + lead);
    assertEquals(DifferenceInDifferences.NOT_CREDIBLE, rows.get(0).getAs(15));
  }

  @Test
  void simultaneousAdoptionCannotBeSeparatedFromTime() {
    Map<String, YearMonth> adoption = Map.of("A", YearMonth.of(2025, 9), "B", YearMonth.of(2025, 9), "C", YearMonth.of(2025, 9));
    List<Row> rows = DifferenceInDifferences.analyse(panel(adoption, 0.5, 0), adoption, List.of(), 5, 0.2);
    assertEquals(Evidence.NOT_ESTIMABLE, rows.get(0).getAs(15), "people enough; the design has no unique solution");
    assertNull(rows.get(0).getAs(5));
  }

  /** Every department adopted before the first review: 30 people, but no before and after to compare. */
  @Test
  void adoptionBeforeEveryReviewIsNotEstimableRatherThanTooFewPeople() {
    Map<String, YearMonth> adoption = Map.of("A", YearMonth.of(2024, 6), "B", YearMonth.of(2024, 6), "C", YearMonth.of(2024, 6));
    List<Row> rows = DifferenceInDifferences.analyse(panel(adoption, 0.5, 0), adoption, List.of(), 5, 0.2);
    assertEquals(30L, (Long) rows.get(0).getAs(11), "people");
    assertEquals(Evidence.NOT_ESTIMABLE, rows.get(0).getAs(15));
    assertEquals(Evidence.NOT_ESTIMABLE, rows.get(1).getAs(15));
    assertTrue(rows.get(0).<String>getAs(16).startsWith("no department has reviews both before and after its adoption month"),
        rows.get(0).getString(16));
  }

  /** No department adopted: people enough, nothing to compare; the note says so. */
  @Test
  void noAdoptionIsNotEstimableAndSaysWhy() {
    List<Row> rows = DifferenceInDifferences.analyse(panel(Map.of(), 0.5, 0), Map.of(), List.of("A", "B", "C"), 5, 0.2);
    assertEquals(Evidence.NOT_ESTIMABLE, rows.get(0).getAs(15));
    assertTrue(rows.get(0).<String>getAs(16).startsWith("no department took up the Q&A platform in the period"),
        rows.get(0).getString(16));
  }

  @Test
  void theAdoptionMonthIsTheFirstWithEnoughOfTheDepartmentOnQa() {
    var months = rows("person_key STRING, department STRING, month STRING, n_question LONG, n_answer LONG, n_accept LONG",
        "{\"person_key\":\"a1\",\"department\":\"A\",\"month\":\"2025-01\",\"n_question\":0,\"n_answer\":0,\"n_accept\":0}",
        "{\"person_key\":\"a2\",\"department\":\"A\",\"month\":\"2025-01\",\"n_question\":1,\"n_answer\":0,\"n_accept\":0}",
        "{\"person_key\":\"a3\",\"department\":\"A\",\"month\":\"2025-01\",\"n_question\":0,\"n_answer\":0,\"n_accept\":0}",
        "{\"person_key\":\"a1\",\"department\":\"A\",\"month\":\"2025-02\",\"n_question\":0,\"n_answer\":2,\"n_accept\":0}",
        "{\"person_key\":\"a2\",\"department\":\"A\",\"month\":\"2025-02\",\"n_question\":0,\"n_answer\":0,\"n_accept\":1}",
        "{\"person_key\":\"a3\",\"department\":\"A\",\"month\":\"2025-02\",\"n_question\":0,\"n_answer\":0,\"n_accept\":0}",
        "{\"person_key\":\"b1\",\"department\":\"B\",\"month\":\"2025-01\",\"n_question\":0,\"n_answer\":0,\"n_accept\":0}");
    Map<String, Row> a = byKey(DifferenceInDifferences.adoptionMonths(months, 0.5), "department");
    assertEquals("2025-02", a.get("A").getAs("adoption_month"), "1 of 3 in January, 2 of 3 in February");
    assertNull(a.get("B").getAs("adoption_month"));
  }
}
