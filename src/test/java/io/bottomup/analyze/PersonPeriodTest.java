package io.bottomup.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bottomup.SparkTest;
import io.bottomup.config.JobConfig;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class PersonPeriodTest extends SparkTest {
  private static final String PERSON_MONTH = LearningMetricsTest.PERSON_MONTH + ", help_given LONG, formal_cost DOUBLE";

  /** A person-month of {@code month}: questions, answers, views, formal hours; help given = answers, cost = 10 per hour. */
  private static String pm(String person, String month, String dept, int questions, int answers, int views, double formal) {
    return String.format(java.util.Locale.ROOT, "{\"person_key\":\"%s\",\"month\":\"%s\",\"department\":\"%s\","
        + "\"n_question\":%d,\"n_answer\":%d,\"n_accept\":0,\"n_reply\":0,\"n_post\":0,\"n_comment\":0,\"n_edit\":0,"
        + "\"n_react\":0,\"n_view\":%d,\"social_actions\":%d,\"formal_hours\":%s,\"help_given\":%d,\"formal_cost\":%s}",
        person, month, dept, questions, answers, views, questions + answers, formal, answers, formal * 10);
  }

  /**
   * a: two months in Eng (1 question, then 2 answers and 3 views) and one in Ops (2 hours of training);
   * b: one month in Eng with nothing, one with a view; c: one month in Ops.
   */
  private static Dataset<Row> personMonths() {
    return rows(PERSON_MONTH,
        pm("a", "2025-03", "Eng", 1, 0, 0, 0.0), pm("a", "2025-04", "Eng", 0, 2, 3, 0.0), pm("a", "2025-05", "Ops", 0, 0, 0, 2.0),
        pm("b", "2025-03", "Eng", 0, 0, 0, 0.0), pm("b", "2025-04", "Eng", 0, 0, 1, 0.0),
        pm("c", "2025-05", "Ops", 0, 1, 0, 1.5));
  }

  @Test
  void aRowPerPersonAndDepartmentWithTheirMonthsAndSums() {
    List<Row> rows = sorted(PersonPeriod.of(personMonths()), "person_key", "department");
    assertEquals(4, rows.size(), "a in Eng, a in Ops, b in Eng, c in Ops");
    Row aEng = rows.get(0);
    assertEquals(List.of("a", "Eng"), List.of(aEng.getAs("person_key"), aEng.getAs("department")));
    assertEquals(2L, (Long) aEng.getAs(PersonPeriod.MONTHS));
    assertEquals(1L, (Long) aEng.getAs("n_question"));
    assertEquals(2L, (Long) aEng.getAs("n_answer"));
    assertEquals(3L, (Long) aEng.getAs("n_view"));
    assertEquals(3L, (Long) aEng.getAs("social_actions"), "1 question + 2 answers");
    assertEquals(2L, (Long) aEng.getAs("help_given"));
    Row aOps = rows.get(1);
    assertEquals(1L, (Long) aOps.getAs(PersonPeriod.MONTHS));
    assertEquals(2.0, (Double) aOps.getAs("formal_hours"));
    assertEquals(20.0, (Double) aOps.getAs("formal_cost"));
    Row bEng = rows.get(2);
    assertEquals(2L, (Long) bEng.getAs(PersonPeriod.MONTHS));
    assertEquals(1L, (Long) bEng.getAs("n_view"));
    assertEquals(0L, (Long) bEng.getAs("social_actions"));
  }

  /** The marts that read the rows instead of the person-months count and sum the same. */
  @Test
  void theTwelveMonthMeasuresAreTheSameOnEither() {
    Dataset<Row> months = personMonths();
    Dataset<Row> period = PersonPeriod.of(months);
    Dataset<Row> questions = rows("actor_key STRING, month STRING, department STRING, answered_within_7d BOOLEAN, hours_to_first_answer DOUBLE",
        "{\"actor_key\":\"a\",\"month\":\"2025-03\",\"department\":\"Eng\",\"answered_within_7d\":true,\"hours_to_first_answer\":2}");
    for (String[] groupBy : List.of(new String[] {"department"}, new String[] {})) {
      List<Row> fromMonths = sorted(LearningMetrics.aggregate(withPeriod(months), withPeriod(questions),
          JobConfig.defaults().minutesPerAction(), keys(groupBy)), keys(groupBy));
      List<Row> fromPeriod = sorted(LearningMetrics.aggregate(withPeriod(period), withPeriod(questions),
          JobConfig.defaults().minutesPerAction(), keys(groupBy)), keys(groupBy));
      assertEquals(groupBy.length == 0 ? 1 : 2, fromMonths.size(), "the organisation, or Eng and Ops");
      assertEquals(fromMonths, fromPeriod);
    }
    assertEquals(Roi.totals(months, people(), JobConfig.defaults().minutesPerAction(), 40),
        Roi.totals(period, people(), JobConfig.defaults().minutesPerAction(), 40));
    Row eng = byKey(LearningMetrics.aggregate(period, questions.limit(0), JobConfig.defaults().minutesPerAction(), "department"),
        "department").get("Eng");
    assertEquals(2L, (Long) eng.getAs("headcount"));
    assertEquals(1L, (Long) eng.getAs("active_learners"), "a; b only viewed");
    assertEquals(2L, (Long) eng.getAs(LearningMetrics.INFORMAL_PEOPLE), "a, and b's view");
    assertEquals(0L, (Long) eng.getAs(LearningMetrics.LEARNERS), "a's training was in Ops");
  }

  private static String[] keys(String[] groupBy) {
    String[] keys = new String[groupBy.length + 1];
    keys[0] = "period";
    System.arraycopy(groupBy, 0, keys, 1, groupBy.length);
    return keys;
  }

  private static Dataset<Row> withPeriod(Dataset<Row> rows) {
    return List.of(rows.columns()).contains("period") ? rows : rows.withColumn("period", org.apache.spark.sql.functions.lit("p"));
  }

  private static Dataset<Row> people() {
    return rows("person_key STRING, hourly_cost DOUBLE", "{\"person_key\":\"a\",\"hourly_cost\":50}");
  }
}
