package io.bottomup.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bottomup.SparkTest;
import io.bottomup.config.JobConfig;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class CultureIndexTest extends SparkTest {
  private static final String MONTHS = "person_key STRING, department STRING, n_answer LONG, n_reply LONG, n_comment LONG, "
      + "n_edit LONG, help_given LONG, n_question LONG, social_actions LONG";
  private static final String APPRAISALS = "person_key STRING, review_date DATE, manager_rating DOUBLE, self_rating DOUBLE, "
      + "goals_met_pct DOUBLE, promoted BOOLEAN";

  /**
   * Eng's row for four people in Eng, one month each (help given 4, 2, 0, 0; questions 0, 3, 1, 0;
   * social actions 4, 5, 1, 0), no question decided, with these appraisals and minimum group size k.
   */
  private static Row fourPeopleInEng(Dataset<Row> appraisals, int k) {
    Dataset<Row> months = rows(MONTHS, month("p1", 4, 0, 4), month("p2", 2, 3, 5), month("p3", 0, 1, 1), month("p4", 0, 0, 0));
    Dataset<Row> questions = rows("department STRING, actor_key STRING, answered_within_7d BOOLEAN");
    return byKey(CultureIndex.compute(PersonPeriod.of(months), questions, appraisals, LocalDate.of(2025, 11, 1),
        LocalDate.of(2026, 10, 31), JobConfig.defaults(), k), "scope").get("department");
  }

  private static String month(String key, int answers, int questions, int social) {
    return month(key, "Eng", answers, questions, social);
  }

  private static String month(String key, String department, int answers, int questions, int social) {
    return "{\"person_key\":\"" + key + "\",\"department\":\"" + department + "\",\"n_answer\":" + answers + ",\"n_reply\":0,\"n_comment\":0,"
        + "\"n_edit\":0,\"help_given\":" + answers + ",\"n_question\":" + questions + ",\"social_actions\":" + social + "}";
  }

  private static String review(String key, String date, double manager, double self, double goals, boolean promoted) {
    return "{\"person_key\":\"" + key + "\",\"review_date\":\"" + date + "\",\"manager_rating\":" + manager
        + ",\"self_rating\":" + self + ",\"goals_met_pct\":" + goals + ",\"promoted\":" + promoted + "}";
  }

  /**
   * Four people in Eng, one month each. Help given 4, 2, 0, 0; questions 0, 3, 1, 0; social actions
   * 4, 5, 1, 0. Latest reviews (manager, self, goals %, promoted): p1 4, 4, 90, yes; p2 3, 4, 70;
   * p3 2, 4, 50; p4 3, 2, 60. p2's review of 2025 is before the period and ignored.
   */
  @Test
  void componentsAreTheDocumentedScores() {
    Dataset<Row> months = rows(MONTHS,
        month("p1", 4, 0, 4), month("p2", 2, 3, 5), month("p3", 0, 1, 1), month("p4", 0, 0, 0));
    Dataset<Row> questions = rows("department STRING, actor_key STRING, answered_within_7d BOOLEAN",
        "{\"department\":\"Eng\",\"answered_within_7d\":true}", "{\"department\":\"Eng\",\"answered_within_7d\":true}",
        "{\"department\":\"Eng\",\"answered_within_7d\":true}", "{\"department\":\"Eng\",\"answered_within_7d\":false}");
    Dataset<Row> appraisals = rows(APPRAISALS,
        review("p1", "2026-06-30", 4, 4, 90, true), review("p2", "2026-06-30", 3, 4, 70, false),
        review("p2", "2025-06-30", 1, 5, 10, true),
        review("p3", "2026-06-30", 2, 4, 50, false), review("p4", "2026-06-30", 3, 2, 60, false));
    JobConfig config = JobConfig.fromYaml("culture: {questions_per_head_target: 2}");
    Map<String, Row> byScope = byKey(CultureIndex.compute(PersonPeriod.of(months), questions, appraisals, LocalDate.of(2025, 11, 1),
        LocalDate.of(2026, 10, 31), config, 1), "scope");
    Row eng = byScope.get("department");
    assertEquals("Eng", eng.getAs("department"));
    assertEquals(4L, (Long) eng.getAs("headcount"));
    assertEquals(4L, (Long) eng.getAs("reviewed"));
    // Reference: numpy.corrcoef; 50 × (1 + r).
    assertEquals(97.809144, (Double) eng.getAs("motive_performance"), 1e-5, "r(goals, rating) = 0.956");
    assertEquals(92.640143, (Double) eng.getAs("motive_contribution"), 1e-5, "r(help, rating) = 0.853");
    assertEquals(90.824829, (Double) eng.getAs("motive_promotion"), 1e-5, "r(rating, promoted) = 0.816");
    // Fisher's z over n = 4 pairs: tanh(atanh(0.956) ∓ 1.96 / √1), as a score: 50 × (1 + ·).
    assertEquals(46.973648, (Double) eng.getAs("motive_performance_ci_low"), 1e-5, "tanh(1.899 − 1.960) = −0.061");
    assertEquals(99.955574, (Double) eng.getAs("motive_performance_ci_high"), 1e-5, "tanh(1.899 + 1.960) = 0.999");
    assertEquals(4L, (Long) eng.getAs("motive_performance_n"), "four with goals met % and a rating");
    assertEquals(75.0, (Double) eng.getAs("means_active"), 1e-9, "3 of 4 with a social action");
    assertEquals(1.0, (Double) eng.getAs("calibration_gap"), 1e-9, "gaps 0, 1, 2, 1");
    assertEquals(75.0, (Double) eng.getAs("means_calibration"), 1e-9, "1 − 1/4 of the 1–5 scale");
    assertEquals(50.0, (Double) eng.getAs("opportunity_asking"), 1e-9, "1 question per head-month against a target of 2");
    assertEquals(75.0, (Double) eng.getAs("opportunity_answered"), 1e-9);
    assertEquals(0.0, (Double) eng.getAs("frequent_asker_rating_gap"), 1e-9,
        "75th percentile of askers' 1 and 3 questions is 2.5: p2 (rated 3) against the others' mean of 3");
    assertEquals(100.0, (Double) eng.getAs("opportunity_no_penalty"), 1e-9);
    assertEquals(75.0, (Double) eng.getAs("means"), 1e-9);
    assertEquals(75.0, (Double) eng.getAs("opportunity"), 1e-9);
    double motive = (97.809144 + 92.640143 + 90.824829) / 3;
    assertEquals(motive, (Double) eng.getAs("motive"), 1e-5);
    assertEquals((motive + 75 + 75) / 3, (Double) eng.getAs("culture_index"), 1e-5);
    Row all = byScope.get("organisation");
    assertNull(all.getAs("department"));
    assertEquals((Double) eng.getAs("culture_index"), (Double) all.getAs("culture_index"), 1e-9, "one department is the whole");
  }

  /**
   * The same four people with k = 3: all four reviewed, so r(goals, rating) is shown; but two of them
   * helped and one was promoted, and r(help, rating) and r(rating, promoted) would be those two's and
   * that one's ratings against the others': empty.
   */
  @Test
  void aCorrelationWithFewerThanKOnOneSideIsEmpty() {
    Dataset<Row> appraisals = rows(APPRAISALS,
        review("p1", "2026-06-30", 4, 4, 90, true), review("p2", "2026-06-30", 3, 4, 70, false),
        review("p3", "2026-06-30", 2, 4, 50, false), review("p4", "2026-06-30", 3, 2, 60, false));
    Row eng = fourPeopleInEng(appraisals, 3);
    assertEquals(97.809144, (Double) eng.getAs("motive_performance"), 1e-5, "four reviewed");
    assertNull(eng.getAs("motive_contribution"), "two helpers");
    assertNull(eng.getAs("motive_promotion"), "one promoted");
  }

  /**
   * Four reviewed with k = 3, but only p1 and p2 have goals met %: r(goals, rating) would be those two's
   * (±1): empty with its interval, though the reviewed are four.
   */
  @Test
  void aCorrelationOverFewerThanKPairsIsEmptyWithItsInterval() {
    Dataset<Row> appraisals = rows(APPRAISALS,
        review("p1", "2026-06-30", 4, 4, 90, false), review("p2", "2026-06-30", 3, 4, 70, false),
        "{\"person_key\":\"p3\",\"review_date\":\"2026-06-30\",\"manager_rating\":2,\"self_rating\":4}",
        "{\"person_key\":\"p4\",\"review_date\":\"2026-06-30\",\"manager_rating\":3,\"self_rating\":2}");
    Row eng = fourPeopleInEng(appraisals, 3);
    assertEquals(4L, (Long) eng.getAs("reviewed"));
    assertNull(eng.getAs("motive_performance"), "two pairs of goals and rating");
    assertNull(eng.getAs("motive_performance_ci_low"));
    assertNull(eng.getAs("motive_performance_ci_high"));
    assertNull(eng.getAs("motive_performance_n"), "nor how many it would rest on");
    assertEquals(75.0, (Double) eng.getAs("means_calibration"), 1e-9, "the other rating-based components stay: gaps 0, 1, 2, 1");
  }

  @Test
  void withoutVariationACorrelationScoreIsEmptyAndLeavesTheMeanToTheOthers() {
    Dataset<Row> months = rows(MONTHS,
        month("p1", 4, 0, 4), month("p2", 2, 0, 5));
    Dataset<Row> questions = rows("department STRING, actor_key STRING, answered_within_7d BOOLEAN");
    Dataset<Row> appraisals = rows(APPRAISALS,
        review("p1", "2026-06-30", 4, 4, 90, false), review("p2", "2026-06-30", 3, 4, 70, false));
    Row eng = byKey(CultureIndex.compute(PersonPeriod.of(months), questions, appraisals, LocalDate.of(2025, 11, 1), LocalDate.of(2026, 10, 31),
        JobConfig.defaults(), 1), "scope").get("department");
    assertNull(eng.getAs("motive_promotion"), "nobody promoted: no correlation");
    assertEquals(100.0, (Double) eng.getAs("motive"), 1e-9, "two people: both remaining correlations are 1");
    assertNull(eng.getAs("opportunity_answered"), "no questions");
    assertNull(eng.getAs("opportunity_no_penalty"), "no askers");
    assertNull(eng.getAs("opportunity_asking"), "no question in the whole organisation's year: asking is not measured");
    assertNull(eng.getAs("opportunity"), "no part of opportunity can be scored");
    assertEquals((100.0 + (100.0 + 87.5) / 2) / 2, (Double) eng.getAs("culture_index"), 1e-9,
        "the mean of two parts: motive 100 and means 93.75 (both active: 100; self-rating gaps 0 and 1: 100 × (1 − 0.5 / 4))");
  }

  /**
   * k = 3. Eng: 3 people, all reviewed; Ops: 3 people, 1 reviewed; Sales: 4 people, all reviewed, with
   * self − manager gaps 1, 1, 0, 0. Ops's rating components are about one person: empty, and Eng's too
   * (the organisation's mean gap over 8 reviewed minus Sales' would give Ops's away otherwise); Sales'
   * are shown. One question in the whole organisation (o1 of Ops): no asking figure anywhere.
   */
  @Test
  void componentsAboutFewerThanKOfADepartmentArePartOfNoFigure() {
    Dataset<Row> months = rows(MONTHS,
        month("e1", "Eng", 1, 0, 1), month("e2", "Eng", 0, 0, 0), month("e3", "Eng", 2, 0, 2),
        month("o1", "Ops", 0, 1, 1), month("o2", "Ops", 0, 0, 0), month("o3", "Ops", 0, 0, 0),
        month("s1", "Sales", 1, 0, 1), month("s2", "Sales", 0, 0, 0), month("s3", "Sales", 0, 0, 0), month("s4", "Sales", 3, 0, 3));
    Dataset<Row> questions = rows("department STRING, actor_key STRING, answered_within_7d BOOLEAN",
        "{\"department\":\"Ops\",\"actor_key\":\"o1\",\"answered_within_7d\":true}");
    Dataset<Row> appraisals = rows(APPRAISALS,
        review("e1", "2026-06-30", 4, 4, 90, true), review("e2", "2026-06-30", 3, 3, 70, false),
        review("e3", "2026-06-30", 2, 3, 50, false), review("o1", "2026-06-30", 2, 5, 40, false),
        review("s1", "2026-06-30", 4, 5, 90, true), review("s2", "2026-06-30", 3, 4, 60, false),
        review("s3", "2026-06-30", 3, 3, 70, false), review("s4", "2026-06-30", 2, 2, 50, false));
    Dataset<Row> index = CultureIndex.compute(PersonPeriod.of(months), questions, appraisals, LocalDate.of(2025, 11, 1),
        LocalDate.of(2026, 10, 31), JobConfig.defaults(), 3);
    Map<String, Row> departments = byKey(index.filter("scope = 'department'"), "department");
    Row ops = departments.get("Ops");
    assertEquals(1L, (Long) ops.getAs("reviewed"));
    for (String c : java.util.List.of("calibration_gap", "means_calibration", "motive_performance", "motive_contribution",
        "motive_promotion", "motive")) {
      assertNull(ops.getAs(c), "Ops " + c + ": one reviewed person");
      assertNull(departments.get("Eng").getAs(c), "Eng " + c + ": the complement");
    }
    assertEquals(100.0 / 3, (Double) ops.getAs("means"), 1e-9, "means_active alone: 1 of 3 active");
    Row sales = departments.get("Sales");
    assertEquals(0.5, (Double) sales.getAs("calibration_gap"), 1e-9, "gaps 1, 1, 0, 0");
    assertEquals(87.5, (Double) sales.getAs("means_calibration"), 1e-9, "100 × (1 − 0.5 / 4)");
    for (Row r : index.collectAsList()) {
      assertNull(r.getAs("opportunity_asking"), r.getAs("scope") + " " + r.getAs("department") + ": one asker");
      assertNull(r.getAs("opportunity_answered"), r.getAs("scope") + " " + r.getAs("department") + ": one asker");
    }
    Row organisation = index.filter("scope = 'organisation'").first();
    assertEquals(0.75, (Double) organisation.getAs("calibration_gap"), 1e-9, "gaps 0, 0, 1, 3, 1, 1, 0, 0 over 8 reviewed");
  }
}
