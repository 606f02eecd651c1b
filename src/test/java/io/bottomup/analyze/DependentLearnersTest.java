package io.bottomup.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bottomup.SparkTest;
import io.bottomup.config.JobConfig;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class DependentLearnersTest extends SparkTest {
  @Test
  void countsNewcomersWhoRateThemselvesHigherAndRarelyLearnFromOthers() {
    Dataset<Row> people = rows("person_key STRING, department STRING, hire_date DATE, employed_at_run_date BOOLEAN",
        "{\"person_key\":\"new_gap_quiet\",\"department\":\"Eng\",\"hire_date\":\"2025-06-01\",\"employed_at_run_date\":true}",
        "{\"person_key\":\"new_gap_social\",\"department\":\"Eng\",\"hire_date\":\"2025-06-01\",\"employed_at_run_date\":true}",
        "{\"person_key\":\"old_gap_quiet\",\"department\":\"Eng\",\"hire_date\":\"2015-06-01\",\"employed_at_run_date\":true}",
        "{\"person_key\":\"new_calibrated\",\"department\":\"Eng\",\"hire_date\":\"2025-06-01\",\"employed_at_run_date\":true}",
        "{\"person_key\":\"unreviewed\",\"department\":\"Eng\",\"hire_date\":\"2025-06-01\",\"employed_at_run_date\":true}",
        "{\"person_key\":\"gone\",\"department\":\"Eng\",\"hire_date\":\"2025-06-01\",\"employed_at_run_date\":false}");
    Dataset<Row> appraisals = rows("person_key STRING, review_date DATE, self_rating DOUBLE, manager_rating DOUBLE",
        "{\"person_key\":\"new_gap_quiet\",\"review_date\":\"2025-07-01\",\"self_rating\":3,\"manager_rating\":3}",
        "{\"person_key\":\"new_gap_quiet\",\"review_date\":\"2026-01-01\",\"self_rating\":5,\"manager_rating\":3}",
        "{\"person_key\":\"new_gap_social\",\"review_date\":\"2026-01-01\",\"self_rating\":5,\"manager_rating\":4}",
        "{\"person_key\":\"old_gap_quiet\",\"review_date\":\"2026-01-01\",\"self_rating\":5,\"manager_rating\":3}",
        "{\"person_key\":\"new_calibrated\",\"review_date\":\"2026-01-01\",\"self_rating\":4,\"manager_rating\":3.5}",
        "{\"person_key\":\"gone\",\"review_date\":\"2026-01-01\",\"self_rating\":5,\"manager_rating\":1}");
    Dataset<Row> months = rows("person_key STRING, social_actions LONG",
        "{\"person_key\":\"new_gap_quiet\",\"social_actions\":1}",
        "{\"person_key\":\"new_gap_quiet\",\"social_actions\":1}",
        "{\"person_key\":\"new_gap_social\",\"social_actions\":2}",
        "{\"person_key\":\"new_gap_social\",\"social_actions\":1}");
    // k = 1: the counting itself, with no suppression (one flagged person would be emptied under k ≥ 2).
    Map<String, Row> d = byKey(DependentLearners.byDepartment(people, appraisals, months, LocalDate.of(2026, 3, 31),
        JobConfig.defaults(), 1), "department");
    Row eng = d.get("Eng");
    assertEquals(5L, (Long) eng.getAs("headcount"), "the leaver is not counted");
    assertEquals(4L, (Long) eng.getAs("assessed"), "unreviewed has no ratings");
    assertEquals(1L, (Long) eng.getAs("dependent_learners"),
        "only new_gap_quiet: the social one has 3 actions, the old one long tenure, the calibrated one a 0.5 gap");
    assertEquals(0.25, (Double) eng.getAs("dependent_share"));
  }

  private static String person(String key, String department) {
    return "{\"person_key\":\"" + key + "\",\"department\":\"" + department
        + "\",\"hire_date\":\"2025-06-01\",\"employed_at_run_date\":true}";
  }

  private static String review(String key, int self, int manager) {
    return "{\"person_key\":\"" + key + "\",\"review_date\":\"2026-01-01\",\"self_rating\":" + self
        + ",\"manager_rating\":" + manager + "}";
  }

  /**
   * k = 3, four people in Eng and Ops, six in Sales. Ops: 1 assessed (a dependent learner); Eng: 3
   * assessed; Sales: 6 assessed, 3 of them dependent learners. Ops's count and share are about one
   * person: empty, and Eng's too (fewest assessed next), so that the emptied ones hold 4 assessed;
   * Sales' are shown (3 flagged, 3 not).
   */
  @Test
  void measuresAboutFewerThanKAssessedAreEmpty() {
    java.util.List<String> people = new java.util.ArrayList<>();
    java.util.List<String> reviews = new java.util.ArrayList<>();
    for (String d : java.util.List.of("Eng", "Ops", "Sales")) {
      for (int i = 1; i <= (d.equals("Sales") ? 6 : 4); i++) {
        people.add(person(d + i, d));
      }
    }
    reviews.add(review("Ops1", 5, 3));
    for (int i = 1; i <= 3; i++) {
      reviews.add(review("Eng" + i, 3, 3));
    }
    for (int i = 1; i <= 6; i++) {
      reviews.add(review("Sales" + i, i <= 3 ? 5 : 3, 3));
    }
    Map<String, Row> d = byKey(DependentLearners.byDepartment(
        rows("person_key STRING, department STRING, hire_date DATE, employed_at_run_date BOOLEAN", people.toArray(String[]::new)),
        rows("person_key STRING, review_date DATE, self_rating DOUBLE, manager_rating DOUBLE", reviews.toArray(String[]::new)),
        rows("person_key STRING, social_actions LONG"), LocalDate.of(2026, 3, 31), JobConfig.defaults(), 3), "department");
    assertEquals(1L, (Long) d.get("Ops").getAs("assessed"));
    assertNull(d.get("Ops").getAs("dependent_learners"), "one assessed person");
    assertNull(d.get("Ops").getAs("dependent_share"));
    assertNull(d.get("Eng").getAs("dependent_learners"), "the complement: 1 + 3 assessed hidden");
    assertEquals(4L, (Long) d.get("Eng").getAs("headcount"), "the row itself stays");
    assertEquals(3L, (Long) d.get("Sales").getAs("dependent_learners"), "Sales1-3: self 5 against manager 3");
    assertEquals(0.5, (Double) d.get("Sales").getAs("dependent_share"));
  }

  /**
   * k = 3, four assessed people in each department: Ops has 1 dependent learner, Eng none, Sales 3.
   * Ops's count singles out one person's appraisal gap: empty; so are Eng's (0) and Sales' (3), the
   * complement, since 1 + 0 flagged people hidden would not hide Ops's.
   */
  @Test
  void fewerThanKDependentLearnersAreNotCounted() {
    java.util.List<String> people = new java.util.ArrayList<>();
    java.util.List<String> reviews = new java.util.ArrayList<>();
    for (String d : java.util.List.of("Eng", "Ops", "Sales")) {
      for (int i = 1; i <= 4; i++) {
        people.add(person(d + i, d));
        boolean flagged = d.equals("Ops") && i == 1 || d.equals("Sales") && i <= 3;
        reviews.add(review(d + i, flagged ? 5 : 3, 3));
      }
    }
    Map<String, Row> d = byKey(DependentLearners.byDepartment(
        rows("person_key STRING, department STRING, hire_date DATE, employed_at_run_date BOOLEAN", people.toArray(String[]::new)),
        rows("person_key STRING, review_date DATE, self_rating DOUBLE, manager_rating DOUBLE", reviews.toArray(String[]::new)),
        rows("person_key STRING, social_actions LONG"), LocalDate.of(2026, 3, 31), JobConfig.defaults(), 3), "department");
    for (String dept : java.util.List.of("Ops", "Eng", "Sales")) {
      assertNull(d.get(dept).getAs("dependent_learners"), dept);
      assertNull(d.get(dept).getAs("dependent_share"), dept);
      assertEquals(4L, (Long) d.get(dept).getAs("assessed"), dept + ": the row and its assessed stay");
    }
  }

  /**
   * k = 3: Sales has 6 assessed, 5 of them dependent learners: the count would say the sixth has no gap,
   * so it is emptied, and Eng's (3 of 6) as the complement.
   */
  @Test
  void aCountThatNamesEveryoneButAFewIsNotShown() {
    java.util.List<String> people = new java.util.ArrayList<>();
    java.util.List<String> reviews = new java.util.ArrayList<>();
    for (String d : java.util.List.of("Eng", "Sales")) {
      for (int i = 1; i <= 6; i++) {
        people.add(person(d + i, d));
        reviews.add(review(d + i, d.equals("Sales") && i <= 5 || d.equals("Eng") && i <= 3 ? 5 : 3, 3));
      }
    }
    Map<String, Row> d = byKey(DependentLearners.byDepartment(
        rows("person_key STRING, department STRING, hire_date DATE, employed_at_run_date BOOLEAN", people.toArray(String[]::new)),
        rows("person_key STRING, review_date DATE, self_rating DOUBLE, manager_rating DOUBLE", reviews.toArray(String[]::new)),
        rows("person_key STRING, social_actions LONG"), LocalDate.of(2026, 3, 31), JobConfig.defaults(), 3), "department");
    assertNull(d.get("Sales").getAs("dependent_learners"), "5 of 6: it would say the sixth has no gap");
    assertNull(d.get("Eng").getAs("dependent_learners"), "the complement");
    assertFalse(d.containsKey("_flag_side") || java.util.List.of(d.get("Eng").schema().fieldNames()).contains("_flag_side"));
  }
}
