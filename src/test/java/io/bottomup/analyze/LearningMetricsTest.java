package io.bottomup.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bottomup.SparkTest;
import io.bottomup.config.JobConfig;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class LearningMetricsTest extends SparkTest {
  static final String PERSON_MONTH = "person_key STRING, month STRING, department STRING, n_question LONG, n_answer LONG,"
      + " n_accept LONG, n_reply LONG, n_post LONG, n_comment LONG, n_edit LONG, n_react LONG, n_view LONG,"
      + " social_actions LONG, formal_hours DOUBLE";

  static String pm(String person, String dept, int questions, int answers, int views, double formal) {
    return String.format(java.util.Locale.ROOT, "{\"person_key\":\"%s\",\"month\":\"2025-03\",\"department\":\"%s\","
        + "\"n_question\":%d,\"n_answer\":%d,\"n_accept\":0,\"n_reply\":0,\"n_post\":0,\"n_comment\":0,\"n_edit\":0,"
        + "\"n_react\":0,\"n_view\":%d,\"social_actions\":%d,\"formal_hours\":%s}", person, dept, questions, answers, views,
        questions + answers, formal);
  }

  @Test
  void computesTheDefinitionsOnAHandCheckableGroup() {
    Dataset<Row> personMonths = rows(PERSON_MONTH,
        pm("a", "Eng", 1, 2, 0, 2.0), pm("b", "Eng", 0, 0, 3, 0.0), pm("c", "Eng", 0, 1, 0, 0.0), pm("d", "Eng", 0, 0, 0, 1.0));
    Dataset<Row> questions = rows("actor_key STRING, month STRING, department STRING, answered_within_7d BOOLEAN, hours_to_first_answer DOUBLE",
        "{\"actor_key\":\"a\",\"month\":\"2025-03\",\"department\":\"Eng\",\"answered_within_7d\":true,\"hours_to_first_answer\":2}",
        "{\"actor_key\":\"a\",\"month\":\"2025-03\",\"department\":\"Eng\",\"answered_within_7d\":true,\"hours_to_first_answer\":10}",
        "{\"actor_key\":\"b\",\"month\":\"2025-03\",\"department\":\"Eng\",\"answered_within_7d\":false,\"hours_to_first_answer\":200}",
        "{\"actor_key\":\"c\",\"month\":\"2025-03\",\"department\":\"Eng\",\"answered_within_7d\":false}",
        "{\"actor_key\":\"d\",\"month\":\"2025-03\",\"department\":\"Eng\"}");
    Row r = LearningMetrics.aggregate(personMonths, questions, JobConfig.defaults().minutesPerAction(), "month", "department")
        .first();
    assertEquals(4L, (Long) r.getAs("headcount"));
    assertEquals(2L, (Long) r.getAs("active_learners"), "b only viewed, d did nothing");
    assertEquals(0.5, (Double) r.getAs("active_share"));
    assertEquals(5L, (Long) r.getAs("questions_asked"), "d's question, whose seven days have not passed, too");
    assertEquals(0.5, (Double) r.getAs("answered_7d_share"), "2 of the 4 questions whose seven days have passed");
    assertEquals(10.0, (Double) r.getAs("median_hours_to_first_answer"), "median of 2, 10, 200");
    assertEquals(4L, (Long) r.getAs(LearningMetrics.ASKERS), "a asked twice");
    assertEquals(3L, (Long) r.getAs(LearningMetrics.DECIDED_ASKERS), "the share is about a, b and c: d's question is undecided");
    assertEquals(2L, (Long) r.getAs(LearningMetrics.ANSWERED_ASKERS), "the median is about a and b: c's and d's questions have no answer");
    assertEquals(3.0, (Double) r.getAs("formal_hours"));
    assertEquals(2L, (Long) r.getAs(LearningMetrics.LEARNERS), "a and d completed training");
    assertEquals(0.75, (Double) r.getAs("formal_hours_per_head"));
    // 1 question × 10 min + 3 answers × 15 min + 3 views × 2 min = 61 min
    assertEquals(61.0 / 60, (Double) r.getAs("informal_hours"), 1e-9);
    assertEquals(61.0 / 60 / 3, (Double) r.getAs("informal_to_formal_ratio"), 1e-9);
    assertEquals((61.0 / 60) / (61.0 / 60 + 3), (Double) r.getAs("social_share"), 1e-9);
  }

  /** Ops learned from each other but completed no training: no ratio and no bottom-up share, not "100%". */
  @Test
  void withoutFormalTrainingThereIsNoShareToCompute() {
    Dataset<Row> personMonths = rows(PERSON_MONTH, pm("a", "Ops", 1, 2, 0, 0.0), pm("b", "Ops", 0, 1, 3, 0.0));
    Dataset<Row> questions = rows("actor_key STRING, month STRING, department STRING, answered_within_7d BOOLEAN, hours_to_first_answer DOUBLE");
    Row r = LearningMetrics.aggregate(personMonths, questions, JobConfig.defaults().minutesPerAction(), "month", "department")
        .first();
    assertEquals((10 + 3 * 15 + 3 * 2) / 60.0, (Double) r.getAs("informal_hours"), 1e-9);
    assertEquals(0.0, (Double) r.getAs("formal_hours"));
    assertNull(r.getAs("informal_to_formal_ratio"));
    assertNull(r.getAs("social_share"));
  }

  /**
   * Eng (4 people, 2 of whom completed training) with k = 3: its formal hours are those 2 people's, so
   * the formal measures are emptied, and the row's other measures stay. k = 2: shown.
   */
  @Test
  void formalMeasuresAreEmptiedWhereFewerThanKPeopleCompletedTraining() {
    Dataset<Row> personMonths = rows(PERSON_MONTH,
        pm("a", "Eng", 1, 2, 0, 2.0), pm("b", "Eng", 0, 0, 3, 0.0), pm("c", "Eng", 0, 1, 0, 0.0), pm("d", "Eng", 0, 0, 0, 1.0));
    Dataset<Row> questions = rows("actor_key STRING, month STRING, department STRING, answered_within_7d BOOLEAN, hours_to_first_answer DOUBLE");
    Dataset<Row> metrics = LearningMetrics.aggregate(personMonths, questions, JobConfig.defaults().minutesPerAction(), "month", "department");
    Row hidden = Suppression.columns(metrics, 3, List.of("month"), "department", LearningMetrics.SUBSETS).first();
    for (String measure : LearningMetrics.FORMAL_MEASURES) {
      assertNull(hidden.getAs(measure), measure);
    }
    assertEquals(4L, (Long) hidden.getAs("headcount"));
    assertEquals(61.0 / 60, (Double) hidden.getAs("informal_hours"), 1e-9);
    Row shown = Suppression.columns(metrics, 2, List.of("month"), "department", LearningMetrics.SUBSETS).first();
    assertEquals(3.0, (Double) shown.getAs("formal_hours"));
  }

  /** Ann asks in March (employed) and in May (left in April); Bo asks in March, before his April hire. */
  @Test
  void aQuestionCountsOnlyInAMonthItsAskerWasEmployed() {
    Dataset<Row> questions = rows("event_id STRING, actor_key STRING, month STRING",
        "{\"event_id\":\"q1\",\"actor_key\":\"ann\",\"month\":\"2025-03\"}",
        "{\"event_id\":\"q2\",\"actor_key\":\"ann\",\"month\":\"2025-05\"}",
        "{\"event_id\":\"q3\",\"actor_key\":\"bo\",\"month\":\"2025-03\"}");
    Dataset<Row> personMonths = rows("person_key STRING, month STRING",
        "{\"person_key\":\"ann\",\"month\":\"2025-03\"}", "{\"person_key\":\"ann\",\"month\":\"2025-04\"}",
        "{\"person_key\":\"bo\",\"month\":\"2025-04\"}", "{\"person_key\":\"bo\",\"month\":\"2025-05\"}");
    assertEquals(java.util.Set.of("q1"), byKey(LearningMetrics.ofEmployedAskers(questions, personMonths), "event_id").keySet());
  }

  @Test
  void suppressesSmallGroupsAndEnoughOthersThatNoneCanBeRecomputed() {
    Dataset<Row> groups = rows("month STRING, department STRING, headcount LONG, active_share DOUBLE",
        "{\"month\":\"m1\",\"department\":\"Big\",\"headcount\":40,\"active_share\":0.5}",
        "{\"month\":\"m1\",\"department\":\"Mid\",\"headcount\":9,\"active_share\":0.4}",
        "{\"month\":\"m1\",\"department\":\"Tiny\",\"headcount\":3,\"active_share\":1.0}",
        "{\"month\":\"m2\",\"department\":\"Big\",\"headcount\":40,\"active_share\":0.5}",
        "{\"month\":\"m2\",\"department\":\"Tiny\",\"headcount\":3,\"active_share\":1.0}",
        "{\"month\":\"m2\",\"department\":\"Small\",\"headcount\":4,\"active_share\":0.0}",
        "{\"month\":\"m3\",\"department\":\"Big\",\"headcount\":40,\"active_share\":0.5}",
        "{\"month\":\"m3\",\"department\":\"Mid\",\"headcount\":9,\"active_share\":0.4}");
    Dataset<Row> s = Suppression.apply(groups, 5, List.of("month"), List.of("month", "department"))
        .withColumn("k", org.apache.spark.sql.functions.concat_ws("/", org.apache.spark.sql.functions.col("month"),
            org.apache.spark.sql.functions.col("department")));
    Map<String, Row> r = byKey(s, "k");
    assertEquals("small_group", r.get("m1/Tiny").getAs("suppression"));
    assertNull(r.get("m1/Tiny").getAs("headcount"));
    assertNull(r.get("m1/Tiny").getAs("active_share"));
    assertEquals("complementary", r.get("m1/Mid").getAs("suppression"), "else Tiny = total − Big − Mid");
    assertNull(r.get("m1/Big").getAs("suppression"));
    assertEquals(40L, (Long) r.get("m1/Big").getAs("headcount"));
    assertEquals("small_group", r.get("m2/Tiny").getAs("suppression"));
    assertEquals("small_group", r.get("m2/Small").getAs("suppression"));
    assertNull(r.get("m2/Big").getAs("suppression"), "3 + 4 = 7 suppressed people already hide each other");
    assertNull(r.get("m3/Mid").getAs("suppression"));
  }

  /**
   * Research shrinks to 3 people in m3: shown in m1 and m2, its twelve-month row minus those two months
   * would give m3 away, so within the period (m1–m3) all its months are hidden. Before the period (m0)
   * nothing changes.
   */
  @Test
  void withinThePeriodADepartmentsMonthsAreAllHiddenOrAllShown() {
    Dataset<Row> groups = rows("month STRING, department STRING, headcount LONG, questions_asked LONG",
        "{\"month\":\"m0\",\"department\":\"Research\",\"headcount\":14,\"questions_asked\":4}",
        "{\"month\":\"m1\",\"department\":\"Research\",\"headcount\":14,\"questions_asked\":4}",
        "{\"month\":\"m2\",\"department\":\"Research\",\"headcount\":14,\"questions_asked\":5}",
        "{\"month\":\"m3\",\"department\":\"Research\",\"headcount\":3,\"questions_asked\":2}",
        "{\"month\":\"m1\",\"department\":\"Big\",\"headcount\":40,\"questions_asked\":9}",
        "{\"month\":\"m3\",\"department\":\"Big\",\"headcount\":40,\"questions_asked\":9}",
        "{\"month\":\"m3\",\"department\":\"Mid\",\"headcount\":9,\"questions_asked\":1}");
    List<String> keep = List.of("month", "department");
    Dataset<Row> s = Suppression.acrossPeriod(Suppression.apply(groups, 5, List.of("month"), keep),
        org.apache.spark.sql.functions.col("month").geq("m1"), "department", keep, Map.of())
        .withColumn("k", org.apache.spark.sql.functions.concat_ws("/", org.apache.spark.sql.functions.col("month"),
            org.apache.spark.sql.functions.col("department")));
    Map<String, Row> r = byKey(s, "k");
    assertEquals("small_group", r.get("m3/Research").getAs("suppression"));
    assertEquals("complementary", r.get("m3/Mid").getAs("suppression"), "within the month, as before");
    assertEquals("complementary", r.get("m1/Research").getAs("suppression"));
    assertNull(r.get("m1/Research").getAs("questions_asked"));
    assertEquals("complementary", r.get("m2/Research").getAs("suppression"));
    assertNull(r.get("m0/Research").getAs("suppression"), "before the period");
    assertEquals(4L, (Long) r.get("m0/Research").getAs("questions_asked"));
    assertNull(r.get("m1/Big").getAs("suppression"));
    assertEquals(9L, (Long) r.get("m1/Big").getAs("questions_asked"));
  }

  /**
   * The review's case: over the year Legal (4 people) is hidden, and Finance (6) is its complement.
   * Month by month another department (Support, 5 at a time) is the complement, so Finance's months were
   * shown: they add up to Finance's hidden year, and the year's total minus the shown departments minus
   * that sum was Legal's. What the year hides (Finance's row, Ops's questions) the months now hide too.
   */
  @Test
  void whatTheTwelveMonthTableHidesItsMonthsHideToo() {
    Dataset<Row> year = rows("period STRING, department STRING, headcount LONG, _askers LONG, questions_asked LONG",
        "{\"period\":\"p\",\"department\":\"Legal\",\"headcount\":4,\"_askers\":4,\"questions_asked\":9}",
        "{\"period\":\"p\",\"department\":\"Finance\",\"headcount\":6,\"_askers\":6,\"questions_asked\":12}",
        "{\"period\":\"p\",\"department\":\"Support\",\"headcount\":10,\"_askers\":10,\"questions_asked\":30}",
        "{\"period\":\"p\",\"department\":\"Ops\",\"headcount\":30,\"_askers\":2,\"questions_asked\":2}",
        "{\"period\":\"p\",\"department\":\"Sales\",\"headcount\":30,\"_askers\":7,\"questions_asked\":8}");
    List<String> yearKeys = List.of("period", "department");
    Map<String, List<String>> askers = Map.of("_askers", List.of("questions_asked"));
    Dataset<Row> hiddenYear = Suppression.columns(Suppression.apply(year, 5, List.of("period"), yearKeys), 5, List.of("period"),
        "department", askers);
    Map<String, Row> y = byKey(hiddenYear, "department");
    assertEquals("small_group", y.get("Legal").getAs("suppression"));
    assertEquals("complementary", y.get("Finance").getAs("suppression"), "4 + 6 ≥ 5");
    assertNull(y.get("Ops").getAs("questions_asked"), "2 askers");
    assertNull(y.get("Sales").getAs("questions_asked"), "the askers' complement");
    Suppression.Hidden hidden = Suppression.Hidden.in(hiddenYear, "department", askers);
    assertEquals(List.of("Finance", "Legal"), hidden.rows().stream().map(Object::toString).sorted().toList());
    assertEquals(List.of("Ops", "Sales"), hidden.columns().get("_askers").stream().map(Object::toString).sorted().toList());

    Dataset<Row> months = rows("month STRING, department STRING, headcount LONG, _askers LONG, questions_asked LONG",
        "{\"month\":\"m0\",\"department\":\"Finance\",\"headcount\":6,\"_askers\":6,\"questions_asked\":1}",
        "{\"month\":\"m1\",\"department\":\"Legal\",\"headcount\":4,\"_askers\":4,\"questions_asked\":9}",
        "{\"month\":\"m1\",\"department\":\"Support\",\"headcount\":5,\"_askers\":5,\"questions_asked\":15}",
        "{\"month\":\"m1\",\"department\":\"Finance\",\"headcount\":6,\"_askers\":6,\"questions_asked\":12}",
        "{\"month\":\"m1\",\"department\":\"Ops\",\"headcount\":30,\"_askers\":2,\"questions_asked\":2}",
        "{\"month\":\"m1\",\"department\":\"Sales\",\"headcount\":30,\"_askers\":7,\"questions_asked\":8}");
    List<String> keep = List.of("month", "department");
    Map<String, Row> m = byKey(hidden.applyTo(Suppression.apply(months, 5, List.of("month"), keep),
        org.apache.spark.sql.functions.col("month").geq("m1"), "department", keep, askers, List.of()), "department");
    assertEquals("small_group", m.get("Legal").getAs("suppression"));
    assertEquals("complementary", m.get("Support").getAs("suppression"), "the month's own complement (5 < 6)");
    assertEquals("complementary", m.get("Finance").getAs("suppression"), "hidden over the year, so in its months");
    assertNull(m.get("Finance").getAs("questions_asked"));
    assertNull(m.get("Ops").getAs("questions_asked"), "the year's askers' measures");
    assertNull(m.get("Sales").getAs("questions_asked"));
    assertEquals(30L, (Long) m.get("Sales").getAs("headcount"), "the row stays");
    Map<String, Row> before = byKey(hidden.applyTo(Suppression.apply(months.filter("month = 'm0'"), 5, List.of("month"), keep),
        org.apache.spark.sql.functions.col("month").geq("m1"), "department", keep, askers, List.of()), "department");
    assertEquals(1L, (Long) before.get("Finance").getAs("questions_asked"), "before the period: its own rule only");
  }

  /** Design (7 people) where one person did anything: its informal hours are that person's, and are emptied. */
  @Test
  void informalHoursOfFewerThanKPeopleAreEmptied() {
    Dataset<Row> personMonths = rows(PERSON_MONTH, pm("a", "Design", 1, 2, 0, 4.0), pm("b", "Design", 0, 0, 0, 1.0),
        pm("c", "Design", 0, 0, 0, 1.0), pm("d", "Design", 0, 0, 0, 1.0), pm("e", "Design", 0, 0, 0, 1.0),
        pm("f", "Design", 0, 0, 0, 0.0), pm("g", "Design", 0, 0, 0, 0.0));
    Dataset<Row> questions = rows("actor_key STRING, month STRING, department STRING, answered_within_7d BOOLEAN, hours_to_first_answer DOUBLE");
    Dataset<Row> metrics = LearningMetrics.aggregate(personMonths, questions, JobConfig.defaults().minutesPerAction(), "month", "department");
    Row raw = metrics.first();
    assertEquals(1L, (Long) raw.getAs(LearningMetrics.INFORMAL_PEOPLE));
    assertEquals((10 + 2 * 15) / 60.0, (Double) raw.getAs("informal_hours"), 1e-9, "a's question and two answers");
    Row r = Suppression.columns(metrics, 5, List.of("month"), "department", LearningMetrics.SUBSETS).first();
    for (String measure : LearningMetrics.INFORMAL_MEASURES) {
      assertNull(r.getAs(measure), measure);
    }
    assertEquals(8.0, (Double) r.getAs("formal_hours"), "five learners: shown");
    assertEquals(7L, (Long) r.getAs("headcount"));
  }

  /**
   * The organisation's months (mart_learning_monthly) against mart_learning_summary: 2 people in m1,
   * 9 in m2 and m3. m1 is hidden, and the summary minus m2 and m3 would give it away: within the period
   * (m1–m3) every month is hidden; m0, before the period, keeps its own rule. Where only 2 people
   * asked in m3, its question measures are emptied, and so are m2's.
   */
  @Test
  void withinThePeriodTheOrganisationsMonthsAreAllHiddenOrAllShown() {
    Dataset<Row> months = rows("month STRING, headcount LONG, formal_hours DOUBLE, _askers LONG, questions_asked LONG",
        "{\"month\":\"m0\",\"headcount\":2,\"formal_hours\":1,\"_askers\":2,\"questions_asked\":2}",
        "{\"month\":\"m1\",\"headcount\":2,\"formal_hours\":7,\"_askers\":1,\"questions_asked\":2}",
        "{\"month\":\"m2\",\"headcount\":9,\"formal_hours\":3,\"_askers\":3,\"questions_asked\":3}",
        "{\"month\":\"m3\",\"headcount\":9,\"formal_hours\":4,\"_askers\":3,\"questions_asked\":3}");
    List<String> keep = List.of("month");
    Map<String, Row> r = byKey(Suppression.acrossPeriod(Suppression.apply(months, 3, List.of("month"), keep),
        org.apache.spark.sql.functions.col("month").geq("m1"), keep, Map.of()), "month");
    assertEquals("small_group", r.get("m1").getAs("suppression"));
    assertEquals("complementary", r.get("m2").getAs("suppression"));
    assertNull(r.get("m2").getAs("formal_hours"));
    assertEquals("complementary", r.get("m3").getAs("suppression"));
    assertEquals("small_group", r.get("m0").getAs("suppression"), "before the period: its own rule only");

    Dataset<Row> asked = rows("month STRING, headcount LONG, _askers LONG, questions_asked LONG",
        "{\"month\":\"m2\",\"headcount\":9,\"_askers\":3,\"questions_asked\":3}",
        "{\"month\":\"m3\",\"headcount\":9,\"_askers\":2,\"questions_asked\":2}");
    Map<String, Row> q = byKey(Suppression.acrossPeriod(Suppression.columns(Suppression.apply(asked, 3, List.of("month"), keep),
        3, List.of("month"), "month", Map.of("_askers", List.of("questions_asked"))),
        org.apache.spark.sql.functions.col("month").geq("m1"), keep, Map.of("_askers", List.of("questions_asked"))), "month");
    assertNull(q.get("m3").getAs("questions_asked"), "2 askers");
    assertNull(q.get("m2").getAs("questions_asked"), "else the period's questions minus m2's would give m3's away");
    assertEquals(9L, (Long) q.get("m2").getAs("headcount"));
  }

  /**
   * Marketing (20 people) had 2 askers in m1: its answered share and median wait describe 2 people's
   * questions and are emptied (their question count too), and Sales (6 askers, the fewest of the
   * others) too, else the whole organisation's would give Marketing's away. The row stays. In m2 nobody
   * asks fewer than 5 at a time: nothing is emptied.
   */
  @Test
  void questionMeasuresAreEmptiedWhereFewerThanKPeopleAsked() {
    Dataset<Row> groups = rows("month STRING, department STRING, headcount LONG, questions_asked LONG, _askers LONG,"
            + " answered_7d_share DOUBLE, median_hours_to_first_answer DOUBLE",
        "{\"month\":\"m1\",\"department\":\"Marketing\",\"headcount\":20,\"questions_asked\":2,\"_askers\":2,\"answered_7d_share\":0.5,\"median_hours_to_first_answer\":4.1}",
        "{\"month\":\"m1\",\"department\":\"Sales\",\"headcount\":30,\"questions_asked\":9,\"_askers\":6,\"answered_7d_share\":0.7,\"median_hours_to_first_answer\":3.0}",
        "{\"month\":\"m1\",\"department\":\"Eng\",\"headcount\":90,\"questions_asked\":40,\"_askers\":25,\"answered_7d_share\":0.8,\"median_hours_to_first_answer\":2.0}",
        "{\"month\":\"m1\",\"department\":\"Legal\",\"headcount\":9,\"questions_asked\":0}",
        "{\"month\":\"m2\",\"department\":\"Marketing\",\"headcount\":20,\"questions_asked\":7,\"_askers\":5,\"answered_7d_share\":0.6,\"median_hours_to_first_answer\":5.0}",
        "{\"month\":\"m2\",\"department\":\"Eng\",\"headcount\":90,\"questions_asked\":30,\"_askers\":20,\"answered_7d_share\":0.9,\"median_hours_to_first_answer\":1.0}");
    Dataset<Row> s = Suppression.columns(groups, 5, List.of("month"), "department", LearningMetrics.ASKERS,
            LearningMetrics.QUESTION_MEASURES)
        .withColumn("k", org.apache.spark.sql.functions.concat_ws("/", org.apache.spark.sql.functions.col("month"),
            org.apache.spark.sql.functions.col("department")));
    Map<String, Row> r = byKey(s, "k");
    assertNull(r.get("m1/Marketing").getAs("answered_7d_share"));
    assertNull(r.get("m1/Marketing").getAs("median_hours_to_first_answer"));
    assertNull(r.get("m1/Marketing").getAs("questions_asked"), "the 2 askers' question count too");
    assertEquals(20L, (Long) r.get("m1/Marketing").getAs("headcount"), "the row stays");
    assertNull(r.get("m1/Sales").getAs("answered_7d_share"), "the complement: 2 + 6 askers hidden together");
    assertEquals(0.8, (Double) r.get("m1/Eng").getAs("answered_7d_share"));
    assertEquals(0.6, (Double) r.get("m2/Marketing").getAs("answered_7d_share"));
    assertEquals(1.0, (Double) r.get("m2/Eng").getAs("median_hours_to_first_answer"));
  }

  /**
   * k = 5. Marketing: 8 askers, only one of whom got an answer (after 4.1 hours): the median is that
   * person's wait and is emptied; its other question measures stay. Sales: 6 answered askers, median
   * 3.0, emptied too: the organisation's median over Marketing's, Sales' and Eng's answers, beside Eng's,
   * could give Marketing's one value back (a median of an even count is the mean of the middle two), so
   * the emptied ones must hold 5 answered askers. Eng (20) stays.
   */
  @Test
  void answerTimesOfFewerThanKAnsweredAskersAreEmptiedWithComplements() {
    assertEquals(LearningMetrics.ANSWER_TIME_MEASURES, LearningMetrics.SUBSETS.get(LearningMetrics.ANSWERED_ASKERS),
        "every learning mart empties them (AnalyzeStage applies SUBSETS)");
    Dataset<Row> groups = rows("month STRING, department STRING, questions_asked LONG, _askers LONG, _answered_askers LONG,"
            + " median_hours_to_first_answer DOUBLE",
        "{\"month\":\"m1\",\"department\":\"Marketing\",\"questions_asked\":9,\"_askers\":8,\"_answered_askers\":1,\"median_hours_to_first_answer\":4.1}",
        "{\"month\":\"m1\",\"department\":\"Sales\",\"questions_asked\":9,\"_askers\":6,\"_answered_askers\":6,\"median_hours_to_first_answer\":3.0}",
        "{\"month\":\"m1\",\"department\":\"Eng\",\"questions_asked\":30,\"_askers\":25,\"_answered_askers\":20,\"median_hours_to_first_answer\":2.0}",
        "{\"month\":\"m1\",\"department\":\"Legal\",\"questions_asked\":0}");
    Map<String, Row> r = byKey(Suppression.columns(groups, 5, List.of("month"), "department", LearningMetrics.ANSWERED_ASKERS,
        LearningMetrics.ANSWER_TIME_MEASURES), "department");
    assertNull(r.get("Marketing").getAs("median_hours_to_first_answer"), "one person's wait");
    assertEquals(9L, (Long) r.get("Marketing").getAs("questions_asked"), "8 askers: the count stays");
    assertNull(r.get("Sales").getAs("median_hours_to_first_answer"), "the complement: 1 + 6 answered askers hidden together");
    assertEquals(2.0, (Double) r.get("Eng").getAs("median_hours_to_first_answer"));
    assertEquals(0L, (Long) r.get("Legal").getAs("questions_asked"));
  }

  /**
   * k = 5. Eng asked in m1 (6 askers) and in m2 (6 askers, all in the run date's last seven days: no
   * answered share yet, nothing emptied). Nothing is small, so no month of Eng is emptied: the empty
   * share of m2 is not a sign that its measures were hidden.
   */
  @Test
  void anAnsweredShareNotYetDecidedHidesNothingAcrossThePeriod() {
    Dataset<Row> groups = rows("month STRING, department STRING, questions_asked LONG, _askers LONG, _decided_askers LONG,"
            + " answered_7d_share DOUBLE, median_hours_to_first_answer DOUBLE",
        "{\"month\":\"m1\",\"department\":\"Eng\",\"questions_asked\":9,\"_askers\":6,\"_decided_askers\":6,\"answered_7d_share\":0.7,\"median_hours_to_first_answer\":3.0}",
        "{\"month\":\"m2\",\"department\":\"Eng\",\"questions_asked\":8,\"_askers\":6,\"_decided_askers\":0,\"median_hours_to_first_answer\":2.0}");
    org.apache.spark.sql.Column inPeriod = org.apache.spark.sql.functions.col("month").geq("m1");
    Dataset<Row> s = Suppression.acrossPeriod(groups, inPeriod, "department", null, Map.of(LearningMetrics.ASKERS,
        LearningMetrics.QUESTION_MEASURES, LearningMetrics.DECIDED_ASKERS, LearningMetrics.DECIDED_MEASURES));
    Map<String, Row> r = byKey(s, "month");
    assertEquals(9L, (Long) r.get("m1").getAs("questions_asked"));
    assertEquals(0.7, (Double) r.get("m1").getAs("answered_7d_share"));
    assertEquals(8L, (Long) r.get("m2").getAs("questions_asked"));
    assertEquals(2.0, (Double) r.get("m2").getAs("median_hours_to_first_answer"));
  }

  /**
   * The subsets' groups are found in one query on the rows as given. k = 5, already emptied month by
   * month: Eng's m1 had 2 askers (its question measures empty), and its m2 six, whose answered share
   * is decided; Ops's m1 answered share is empty because no question's seven days had passed (0 decided
   * askers). Across the period Eng's m2 question measures are emptied too, the answered share with them
   * (whichever subset would come first one at a time); Ops keeps everything; headcounts stay.
   */
  @Test
  void theSubsetsOfOnePeriodAreHiddenTogether() {
    Dataset<Row> groups = rows("month STRING, department STRING, headcount LONG, questions_asked LONG, _askers LONG,"
            + " _decided_askers LONG, answered_7d_share DOUBLE, median_hours_to_first_answer DOUBLE",
        "{\"month\":\"m1\",\"department\":\"Eng\",\"headcount\":20,\"_askers\":2,\"_decided_askers\":2}",
        "{\"month\":\"m2\",\"department\":\"Eng\",\"headcount\":20,\"questions_asked\":9,\"_askers\":6,\"_decided_askers\":6,"
            + "\"answered_7d_share\":0.7,\"median_hours_to_first_answer\":3.0}",
        "{\"month\":\"m1\",\"department\":\"Ops\",\"headcount\":30,\"questions_asked\":5,\"_askers\":6,\"_decided_askers\":0,"
            + "\"median_hours_to_first_answer\":1.0}",
        "{\"month\":\"m2\",\"department\":\"Ops\",\"headcount\":30,\"questions_asked\":4,\"_askers\":6,\"_decided_askers\":6,"
            + "\"answered_7d_share\":0.5,\"median_hours_to_first_answer\":2.0}");
    Dataset<Row> s = Suppression.acrossPeriod(groups, org.apache.spark.sql.functions.col("month").geq("m1"), "department", null,
        Map.of(LearningMetrics.ASKERS, LearningMetrics.QUESTION_MEASURES, LearningMetrics.DECIDED_ASKERS,
            LearningMetrics.DECIDED_MEASURES)).withColumn("k", org.apache.spark.sql.functions.concat_ws("/",
        org.apache.spark.sql.functions.col("month"), org.apache.spark.sql.functions.col("department")));
    Map<String, Row> r = byKey(s, "k");
    assertNull(r.get("m2/Eng").getAs("questions_asked"));
    assertNull(r.get("m2/Eng").getAs("answered_7d_share"));
    assertNull(r.get("m2/Eng").getAs("median_hours_to_first_answer"));
    assertEquals(20L, (Long) r.get("m2/Eng").getAs("headcount"));
    assertEquals(5L, (Long) r.get("m1/Ops").getAs("questions_asked"));
    assertEquals(1.0, (Double) r.get("m1/Ops").getAs("median_hours_to_first_answer"));
    assertEquals(0.5, (Double) r.get("m2/Ops").getAs("answered_7d_share"));
  }

  /**
   * One query finds every subset's groups only if no subset empties part of another's measures, its
   * first among them: else what one hides would depend on what the other emptied first.
   */
  @Test
  void subsetsThatEmptyPartOfAnothersMeasuresAreRefused() {
    Suppression.requireNested(LearningMetrics.SUBSETS);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Suppression.requireNested(Map.of("_a", List.of("x", "y"), "_b", List.of("y", "z"))));
    assertEquals("The measures of _a hold y, the first of _b's, but not all of [y, z]", e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Suppression.requireNested(Map.of("_a", List.of("x", "_b"), "_b", List.of("z"))));
    assertEquals("The people of _b are among the measures of _a", e.getMessage());
  }
}
