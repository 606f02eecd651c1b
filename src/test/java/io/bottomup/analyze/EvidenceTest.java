package io.bottomup.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.SparkTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class EvidenceTest extends SparkTest {
  @Test
  void aTransitionCountsHelpingAndAskingAfterTheEarlierReviewUpToTheLaterOne() {
    Dataset<Row> appraisals = rows("person_key STRING, department STRING, review_date DATE, manager_rating DOUBLE",
        "{\"person_key\":\"ann\",\"department\":\"Eng\",\"review_date\":\"2025-01-15\",\"manager_rating\":3}",
        "{\"person_key\":\"ann\",\"department\":\"Eng\",\"review_date\":\"2025-07-15\",\"manager_rating\":4}",
        "{\"person_key\":\"ann\",\"department\":\"Eng\",\"review_date\":\"2026-01-15\",\"manager_rating\":4}");
    Dataset<Row> events = rows("actor_key STRING, event_date DATE, action STRING, to_self BOOLEAN",
        "{\"actor_key\":\"ann\",\"event_date\":\"2025-01-15\",\"action\":\"answer\"}",
        "{\"actor_key\":\"ann\",\"event_date\":\"2025-01-16\",\"action\":\"answer\"}",
        "{\"actor_key\":\"ann\",\"event_date\":\"2025-03-01\",\"action\":\"question\"}",
        "{\"actor_key\":\"ann\",\"event_date\":\"2025-03-01\",\"action\":\"react\"}",
        "{\"actor_key\":\"ann\",\"event_date\":\"2025-03-02\",\"action\":\"answer\",\"to_self\":true}",
        "{\"actor_key\":\"ann\",\"event_date\":\"2025-03-03\",\"action\":\"question\",\"to_self\":true}",
        "{\"actor_key\":\"ann\",\"event_date\":\"2025-07-15\",\"action\":\"edit\"}");
    Dataset<Row> training = rows("person_key STRING, status STRING, completed_at TIMESTAMP, hours DOUBLE",
        "{\"person_key\":\"ann\",\"status\":\"completed\",\"completed_at\":\"2025-05-01T10:00:00Z\",\"hours\":6}");
    Dataset<Row> people = rows("person_key STRING, job_level INT, hire_date DATE",
        "{\"person_key\":\"ann\",\"job_level\":4,\"hire_date\":\"2024-07-15\"}");
    Map<String, Row> t = byKey(Evidence.transitions(appraisals, events, training, people), "to_date");
    assertEquals(2, t.size());
    Row first = t.get("2025-07-15");
    assertEquals(1.0, (Double) first.getAs("rating_change"));
    assertEquals(3.0, (Double) first.getAs("prior_rating"));
    assertEquals(4L, (Long) first.getAs("exposure_actions"),
        "16 Jan answer, 1 and 3 Mar questions (one naming herself), 15 Jul edit; not the react, nor the answer to her own question");
    assertEquals(6.0, (Double) first.getAs("training_hours"));
    assertEquals(1.0, (Double) first.getAs("tenure_years"), 0.01);
    assertEquals(0L, (Long) t.get("2026-01-15").getAs("exposure_actions"));
  }

  /** Transitions with a planted effect of {@code effect} rating points per 10 actions. */
  static List<Evidence.Transition> planted(double effect, boolean confoundedByLevel, long seed) {
    Random r = new Random(seed);
    List<Evidence.Transition> list = new ArrayList<>();
    for (int p = 0; p < 300; p++) {
      int level = 1 + r.nextInt(8);
      for (int c = 0; c < 3; c++) {
        double actions = confoundedByLevel ? Math.max(0, 40 - 4 * level + r.nextGaussian() * 6) : r.nextInt(40);
        double change = effect * actions / 10 + (confoundedByLevel ? 0.08 * (5 - level) : 0) + r.nextGaussian() * 0.4;
        list.add(new Evidence.Transition("p" + p, p % 2 == 0 ? "A" : "B", change, actions / 10, 2 + r.nextInt(3), level,
            r.nextDouble() * 10, r.nextInt(3) * 4, "p" + p + c));
      }
    }
    return list;
  }

  @Test
  void findsAPlantedEffectAndItsIntervalCoversIt() {
    List<Row> rows = Evidence.analyse("all", planted(0.1, false, 7), 5, true);
    Row adjusted = rows.get(1);
    assertEquals(Evidence.ADJUSTED_EFFECT, adjusted.getString(0));
    double lo = adjusted.getDouble(7);
    double hi = adjusted.getDouble(8);
    assertTrue(lo > 0 && lo <= 0.1 && hi >= 0.1, "[" + lo + ", " + hi + "] covers 0.1 and excludes 0");
    assertEquals(Evidence.POSITIVE, adjusted.getString(15));
  }

  @Test
  void withoutAnEffectTheRawGapIsPositiveButTheAdjustedVerdictIsNoMeasurableEffect() {
    List<Row> rows = Evidence.analyse("all", planted(0.0, true, 11), 5, true);
    Row cohort = rows.get(0);
    Row adjusted = rows.get(1);
    assertTrue(cohort.getDouble(7) > 0, "juniors are both more active and improving faster: the raw gap looks positive");
    assertEquals(Evidence.POSITIVE, cohort.getString(15));
    assertEquals(Evidence.NONE, adjusted.getString(15), "controlling for job level, the effect disappears");
  }

  @Test
  void verdictsFollowTheIntervalAndSmallGroupsAreTooFewToTell() {
    assertEquals(Evidence.POSITIVE, Evidence.verdict(0.01, 0.3));
    assertEquals(Evidence.NEGATIVE, Evidence.verdict(-0.3, -0.01));
    assertEquals(Evidence.NONE, Evidence.verdict(-0.1, 0.3));
    List<Evidence.Transition> few = planted(0.1, false, 3).subList(0, 30);
    assertEquals(Evidence.TOO_FEW, Evidence.analyse("tiny", few, 5, false).get(0).getString(15));
  }

  /**
   * 300 people, 290 of them without a job level: the cohort comparison is about all 300, but the
   * adjusted effect, which controls for job level, is about the 10 left, too few to tell.
   */
  @Test
  void theAdjustedEffectCountsThePeopleItIsFittedOn() {
    List<Evidence.Transition> transitions = planted(0.1, false, 7).stream()
        .map(t -> Integer.parseInt(t.person().substring(1)) < 10 ? t : new Evidence.Transition(t.person(), t.department(),
            t.change(), t.exposure(), t.prior(), null, t.tenure(), t.training(), t.order()))
        .toList();
    List<Row> rows = Evidence.analyse("all", transitions, 5, false);
    assertEquals(300L, (Long) rows.get(0).getAs(11), "the cohort comparison's people");
    Row adjusted = rows.get(1);
    assertEquals(30L, (Long) adjusted.getAs(10), "10 people × 3 transitions");
    assertEquals(10L, (Long) adjusted.getAs(11));
    assertEquals(Evidence.TOO_FEW, adjusted.getString(15));
    assertEquals("10 people with two reviews; at least 20 and twice the minimum group size are needed; "
        + "290 people without a job level left out", adjusted.getString(16));
  }

  /**
   * 24 people, two of whom acted: the most active third is those two (everyone else ties at 0 actions),
   * and its mean would be their two rating changes. Too few to tell, with the reason.
   */
  @Test
  void aThirdOfFewerThanKPeopleIsNotCompared() {
    List<Evidence.Transition> transitions = new ArrayList<>();
    for (int p = 0; p < 24; p++) {
      double actions = p < 2 ? 0.3 : 0;
      transitions.add(new Evidence.Transition("p" + p, "Ops", p == 0 ? 3 : p == 1 ? 1 : 0, actions, 3, 2, 4.0, 0, "p" + p));
    }
    Row cohort = Evidence.analyse("all", transitions, 5, false).get(0);
    assertEquals(Evidence.TOO_FEW, cohort.getString(15));
    assertTrue(cohort.isNullAt(5), "no estimate");
    assertEquals("the most or the least active third holds fewer than 5 people (many tie on the same number of actions)",
        cohort.getString(16));
  }

  /**
   * The sample's case: Legal (4 people) gets no rows, and the whole organisation's n minus the others'
   * would give Legal away, so the smallest other department (People & HR, 10) is left out too.
   */
  @Test
  void departmentsLeftOutHoldAtLeastKPeopleTogether() {
    Map<String, Long> people = new java.util.TreeMap<>(Map.of("Engineering", 90L, "Legal", 4L, "People & HR", 10L, "Sales", 17L));
    assertEquals(List.of("Engineering", "Sales"), Evidence.published(people, 5));
    assertEquals(List.of("Engineering", "People & HR", "Sales"), Evidence.published(
        new java.util.TreeMap<>(Map.of("Engineering", 90L, "Legal", 3L, "Ops", 2L, "People & HR", 10L, "Sales", 17L)), 5),
        "Legal and Ops hide 5 people together: nothing else to leave out");
    assertEquals(List.of("Engineering", "Legal", "Sales"), Evidence.published(
        new java.util.TreeMap<>(Map.of("Engineering", 90L, "Legal", 5L, "Sales", 17L)), 5), "no small department, all shown");
  }

  /** A row about fewer than k people (the whole organisation under a large minimum) keeps its labels only. */
  @Test
  void aRowAboutFewerThanKPeopleLosesItsFigures() {
    Row r = Evidence.rowOf(Evidence.ADJUSTED_EFFECT, Evidence.SCOPE_ALL, Evidence.OUTCOME, Evidence.EXPOSURE, "u", 0.15, 0.03, 0.07,
        0.22, 0.001, 712, 252, null, null, 0.2, Evidence.POSITIVE, "controls");
    assertTrue(Evidence.suppressed(r, 252) == r, "252 people, k 252: published");
    Row hidden = Evidence.suppressed(r, 300);
    assertEquals(Evidence.SCOPE_ALL, hidden.get(1));
    for (int i = 5; i <= 14; i++) {
      assertTrue(hidden.isNullAt(i), "figure " + i + " is empty");
    }
    assertEquals(Evidence.TOO_FEW, hidden.get(15));
    assertEquals("suppressed: fewer than 300 people", hidden.get(16));
  }
}
