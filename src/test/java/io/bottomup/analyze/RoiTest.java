package io.bottomup.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bottomup.SparkTest;
import io.bottomup.config.JobConfig;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RoiTest extends SparkTest {
  private static final JobConfig CONFIG = JobConfig.fromYaml(
      "roi: {value_per_rating_point: 1000, platform_cost_per_year: 500, default_hourly_cost: 40, confidence: 0.5}");

  @Test
  void totalsUseEachPersonsHourlyCostOrTheDefault() {
    var months = rows("person_key STRING, n_question LONG, n_answer LONG, n_accept LONG, n_reply LONG, n_post LONG, "
            + "n_comment LONG, n_edit LONG, n_react LONG, n_view LONG, help_given LONG, formal_hours DOUBLE, formal_cost DOUBLE",
        "{\"person_key\":\"ann\",\"n_question\":2,\"n_answer\":4,\"n_accept\":0,\"n_reply\":0,\"n_post\":0,\"n_comment\":0,"
            + "\"n_edit\":0,\"n_react\":0,\"n_view\":0,\"help_given\":3,\"formal_hours\":10,\"formal_cost\":300}",
        "{\"person_key\":\"bob\",\"n_question\":0,\"n_answer\":0,\"n_accept\":0,\"n_reply\":0,\"n_post\":0,\"n_comment\":0,"
            + "\"n_edit\":0,\"n_react\":0,\"n_view\":30,\"help_given\":0,\"formal_hours\":5,\"formal_cost\":0}");
    var people = rows("person_key STRING, hourly_cost DOUBLE",
        "{\"person_key\":\"ann\",\"hourly_cost\":60}", "{\"person_key\":\"bob\",\"hourly_cost\":null}");
    Roi.Totals t = Roi.totals(months, people, JobConfig.defaults().minutesPerAction(), 40);
    assertEquals(2, t.headcount());
    assertEquals(1, t.exposedPeople(), "views are not exposure");
    assertEquals(5, t.exposureActions(), "ann's 2 questions and 3 of her 4 answers: one answered her own question");
    assertEquals((2 * 10 + 4 * 15 + 30 * 2) / 60.0, t.socialHours(), 1e-9, "ann 80 minutes, bob 60");
    assertEquals(80 / 60.0 * 60 + 1 * 40, t.socialTimeCost(), 1e-9);
    assertEquals(15, t.formalHours());
    assertEquals(300, t.formalCourseCost());
    assertEquals(10 * 60 + 5 * 40, t.formalTimeCost(), 1e-9);
    assertEquals(2, t.formalLearners(), "ann and bob both have training hours");
    assertEquals(1, t.formalPayers(), "only ann's course cost anything");
  }

  /**
   * 100 people, of whom 3 helped or asked and 2 took training (min_group_size 5): what describes those
   * few (their count, actions each, the benefit built on them; the formal hours and costs) is empty,
   * as in the learning marts; the social totals, which describe all 100, stay.
   */
  @Test
  void measuresAboutFewerThanKPeopleAreEmpty() {
    Roi.Totals t = new Roi.Totals(100, 3, 30, 200, 8000, 12, 600, 480, 2, 2, 40);
    Row base = Roi.scenarios(t, new Roi.Effect(0.05, 0.01, 0.09, Evidence.POSITIVE), CONFIG, "p").get(1);
    assertEquals(100L, (Long) base.getAs(4), "headcount");
    for (int i : new int[] {5, 6, 7, 10, 19, 20}) {
      assertNull(base.get(i), "exposed people's measure at " + i);
    }
    for (int i : new int[] {15, 16, 17, 18, 22}) {
      assertNull(base.get(i), "formal measure at " + i);
    }
    assertEquals(200.0, (Double) base.getAs(11), 1e-9, "social hours");
    assertEquals(8500.0, (Double) base.getAs(14), 1e-9, "social cost");
    Row enough = Roi.scenarios(new Roi.Totals(100, 5, 50, 200, 8000, 12, 600, 480, 5, 5, 40),
        new Roi.Effect(0.05, 0.01, 0.09, Evidence.POSITIVE), CONFIG, "p").get(1);
    assertEquals(5L, (Long) enough.getAs(5), "five people are shown");
    assertEquals(12.0, (Double) enough.getAs(15), 1e-9, "formal hours of five learners");
  }

  /**
   * 5 people with training hours but only 2 whose courses cost anything (k = 5): the formal cost
   * would be those 2 people's course fees, so the formal measures are empty; 5 payers of whom 2 have
   * hours (paid courses of no hours) would show 2 people's hours: empty too.
   */
  @Test
  void formalMeasuresNeedKLearnersAndKPayers() {
    Roi.Effect effect = new Roi.Effect(0.05, 0.01, 0.09, Evidence.POSITIVE);
    for (long[] learnersPayers : new long[][] {{5, 2}, {2, 5}}) {
      Row base = Roi.scenarios(new Roi.Totals(100, 5, 50, 200, 8000, 12, 600, 480, learnersPayers[0], learnersPayers[1], 40),
          effect, CONFIG, "p").get(1);
      for (int i : new int[] {15, 16, 17, 18, 22}) {
        assertNull(base.get(i), learnersPayers[0] + " learners, " + learnersPayers[1] + " payers: formal measure at " + i);
      }
    }
    Row free = Roi.scenarios(new Roi.Totals(100, 5, 50, 200, 8000, 12, 0, 480, 5, 0, 40), effect, CONFIG, "p").get(1);
    assertEquals(12.0, (Double) free.getAs(15), 1e-9, "five learners, no course cost anyone anything: shown");
    assertEquals(0.0, (Double) free.getAs(16), 1e-9, "course cost");
  }

  /** 100 people, 3 of whom had informal time (k = 5): the social hours and their cost are theirs, and empty. */
  @Test
  void socialHoursOfFewerThanKPeopleAreEmpty() {
    Row base = Roi.scenarios(new Roi.Totals(100, 3, 30, 200, 8000, 12, 600, 480, 5, 5, 3),
        new Roi.Effect(0.05, 0.01, 0.09, Evidence.POSITIVE), CONFIG, "p").get(1);
    for (int i : new int[] {11, 12, 14, 19, 20, 21}) {
      assertNull(base.get(i), "the social hours' measure at " + i);
    }
    assertEquals(500.0, (Double) base.getAs(13), 1e-9, "the platform's cost is the configuration's");
    assertEquals(12.0, (Double) base.getAs(15), 1e-9, "formal hours of five learners");
  }

  /**
   * 100 people, 40 of them exposed with 400 actions in all (10 each); social hours 200 costing 8,000;
   * formal 300 hours, 6,000 courses + 12,000 time. Effect 0.05 (CI 0.01 to 0.09) per 10 actions.
   * Base: gain 0.05 × 10 / 10 = 0.05 points a person; benefit 0.05 × 1,000 × 40 × 0.5 = 1,000;
   * social cost 8,000 + 500 = 8,500; BCR 1,000 / 8,500; ROI (1,000 − 8,500) / 8,500 = −88.2%.
   */
  @Test
  void scenariosFollowThePhillipsFormulas() {
    Roi.Totals t = new Roi.Totals(100, 40, 400, 200, 8000, 300, 6000, 12000, 30, 30, 60);
    List<Row> rows = Roi.scenarios(t, new Roi.Effect(0.05, 0.01, 0.09, Evidence.POSITIVE), CONFIG, "p");
    Row base = rows.get(1);
    assertEquals("base", base.getString(1));
    assertEquals(0.05, (Double) base.getAs(7), 1e-12);
    assertEquals(1000.0, (Double) base.getAs(10), 1e-9);
    assertEquals(8500.0, (Double) base.getAs(14), 1e-9);
    assertEquals(18000.0, (Double) base.getAs(18), 1e-9);
    assertEquals(1000 / 8500.0, (Double) base.getAs(19), 1e-12);
    assertEquals(-88.235294, (Double) base.getAs(20), 1e-6);
    assertEquals(8500 / 200.0, (Double) base.getAs(21), 1e-9, "social cost per hour");
    assertEquals(60.0, (Double) base.getAs(22), 1e-9, "18,000 / 300 formal cost per hour");
    assertEquals(Roi.SHOWN, base.getAs(23));
    assertEquals(200.0, (Double) rows.get(0).getAs(10), 1e-9, "low: 0.01 × 1 × 1,000 × 40 × 0.5");
    assertEquals(1800.0, (Double) rows.get(2).getAs(10), 1e-9, "high: 0.09 × 1 × 1,000 × 40 × 0.5");
  }

  @Test
  void anIntervalIncludingZeroOrTooFewPeopleLeavesTheBenefitNotDemonstrated() {
    Roi.Totals t = new Roi.Totals(100, 40, 400, 200, 8000, 300, 6000, 12000, 30, 30, 60);
    assertEquals(Roi.NOT_DEMONSTRATED,
        Roi.scenarios(t, new Roi.Effect(0.02, -0.01, 0.05, Evidence.NONE), CONFIG, "p").get(1).getAs(23));
    List<Row> few = Roi.scenarios(t, new Roi.Effect(null, null, null, Evidence.TOO_FEW), CONFIG, "p");
    assertEquals(Roi.TOO_FEW, few.get(1).getAs(23));
    assertEquals(Roi.TOO_FEW, few.get(0).getAs(23), "no interval: the low case is no lower end of one");
    assertEquals(Roi.TOO_FEW, few.get(2).getAs(23));
    assertEquals(Roi.NOT_ESTIMABLE, Roi.scenarios(t, new Roi.Effect(null, null, null, Evidence.NOT_ESTIMABLE), CONFIG, "p")
        .get(1).getAs(23), "not \"too few people\" when there were people enough");
    assertNull(few.get(1).getAs(10), "no benefit without an effect");
    assertEquals(60.0, (Double) few.get(1).getAs(22), 1e-9, "costs are still shown");
  }
}
