package io.bottomup.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bottomup.SparkTest;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class KnowledgeFlowTest extends SparkTest {
  @Test
  void helpFlowsFromTheActorOfAnAnswerAndToTheActorOfAnAccept() {
    Dataset<Row> facts = rows("actor_key STRING, action STRING, target_key STRING",
        "{\"actor_key\":\"ann\",\"action\":\"answer\",\"target_key\":\"bob\"}",
        "{\"actor_key\":\"ann\",\"action\":\"comment\",\"target_key\":\"bob\"}",
        "{\"actor_key\":\"bob\",\"action\":\"accept\",\"target_key\":\"ann\"}",
        "{\"actor_key\":\"bob\",\"action\":\"question\",\"target_key\":null}",
        "{\"actor_key\":\"cat\",\"action\":\"react\",\"target_key\":\"ann\"}",
        "{\"actor_key\":\"cat\",\"action\":\"reply\",\"target_key\":null}",
        "{\"actor_key\":\"cat\",\"action\":\"edit\",\"target_key\":\"ann\"}");
    List<Row> edges = sorted(KnowledgeFlow.edges(facts), "helper", "helped");
    assertEquals(2, edges.size(), edges.toString());
    assertEquals(List.of("ann", "bob", 3L), List.of(edges.get(0).get(0), edges.get(0).get(1), edges.get(0).get(2)),
        "answer + comment + the accept ann received");
    assertEquals(List.of("cat", "ann", 1L), List.of(edges.get(1).get(0), edges.get(1).get(1), edges.get(1).get(2)),
        "the edit; a reaction is not help and a reply without target has no edge");
  }

  @Test
  void departmentRowsCoverEveryDepartmentAndTheSummaryCountsBrokers() {
    Dataset<Row> people = rows("person_key STRING, department STRING",
        "{\"person_key\":\"a\",\"department\":\"X\"}", "{\"person_key\":\"b\",\"department\":\"X\"}",
        "{\"person_key\":\"c\",\"department\":\"Y\"}", "{\"person_key\":\"d\",\"department\":\"Y\"}",
        "{\"person_key\":\"e\",\"department\":\"Z\"}");
    Dataset<Row> edges = rows("helper STRING, helped STRING, actions LONG",
        "{\"helper\":\"a\",\"helped\":\"b\",\"actions\":1}", "{\"helper\":\"a\",\"helped\":\"c\",\"actions\":1}",
        "{\"helper\":\"a\",\"helped\":\"e\",\"actions\":1}");
    HelpNetwork network = KnowledgeFlow.network(edges, people);
    List<HelpNetwork.Person> measured = network.people();
    Dataset<Row> headcounts = rows("department STRING, headcount LONG",
        "{\"department\":\"X\",\"headcount\":2}", "{\"department\":\"Y\",\"headcount\":2}",
        "{\"department\":\"Z\",\"headcount\":1}", "{\"department\":\"Q\",\"headcount\":4}");
    Map<String, Row> d = byKey(KnowledgeFlow.departmentMart(spark, network, measured, headcounts, "p"), "department");
    assertEquals(4, d.size());
    assertEquals(0L, (Long) d.get("Q").getAs("connected_people"), "a department nobody in the network is still listed");
    assertNull(d.get("Q").getAs("ei_index"));
    assertEquals(0.5, (Double) d.get("Y").getAs("connected_share"), "c of c, d");
    Row summary = KnowledgeFlow.summaryMart(spark, network, measured, 9, 4, "p").first();
    assertEquals(1L, (Long) summary.getAs("brokers"), "a: three unconnected contacts, two of them in other departments");
    assertEquals(3L, (Long) summary.getAs("departments_connected_by_brokers"));
    assertEquals(3L, (Long) summary.getAs("ties"));
    assertEquals(2.0 / 3, (Double) summary.getAs("cross_department_share"), 1e-12);
    assertEquals((2 - 1) / 3.0, (Double) summary.getAs("ei_index"), 1e-12, "a-c and a-e across, a-b inside");
  }

  /**
   * X (10 people) has a and b in the network, Y (10) only c and Z (10) only e: Y's and Z's help and
   * ties are one person's each, and are emptied (k = 2); the rows and their counts stay.
   */
  @Test
  void theMeasuresOfFewerThanKConnectedPeopleAreEmptied() {
    Dataset<Row> people = rows("person_key STRING, department STRING",
        "{\"person_key\":\"a\",\"department\":\"X\"}", "{\"person_key\":\"b\",\"department\":\"X\"}",
        "{\"person_key\":\"c\",\"department\":\"Y\"}", "{\"person_key\":\"e\",\"department\":\"Z\"}");
    Dataset<Row> edges = rows("helper STRING, helped STRING, actions LONG",
        "{\"helper\":\"a\",\"helped\":\"b\",\"actions\":1}", "{\"helper\":\"a\",\"helped\":\"c\",\"actions\":2}",
        "{\"helper\":\"e\",\"helped\":\"a\",\"actions\":4}");
    HelpNetwork network = KnowledgeFlow.network(edges, people);
    Dataset<Row> headcounts = rows("department STRING, headcount LONG",
        "{\"department\":\"X\",\"headcount\":10}", "{\"department\":\"Y\",\"headcount\":10}",
        "{\"department\":\"Z\",\"headcount\":10}");
    Map<String, Row> d = byKey(KnowledgeFlow.suppressed(
        KnowledgeFlow.departmentMart(spark, network, network.people(), headcounts, "p"), 2), "department");
    assertEquals(3L, (Long) d.get("X").getAs("help_given"), "a's 1 + 2");
    assertEquals(1L, (Long) d.get("Z").getAs("connected_people"));
    for (String measure : KnowledgeFlow.CONNECTED_MEASURES) {
      assertNull(d.get("Z").getAs(measure), "Z: " + measure);
      assertNull(d.get("Y").getAs(measure), "Y: " + measure);
    }
    assertNull(d.get("Z").getAs("suppression"), "the row itself stays");
  }

  /**
   * The review's case: Q (1 person, 1 connected) is a small group and X (3 people, none connected) its
   * complement by headcount (k = 2); the summary minus the shown departments would give Q's help away.
   * Q's single connected person also makes its measures a subset of fewer than k, whose complement is
   * a department with connected people (Y), so the hidden help is never one person's.
   */
  @Test
  void aSmallDepartmentsHelpIsHiddenWithAnotherDepartmentsHelp() {
    Dataset<Row> people = rows("person_key STRING, department STRING",
        "{\"person_key\":\"q\",\"department\":\"Q\"}", "{\"person_key\":\"y1\",\"department\":\"Y\"}",
        "{\"person_key\":\"y2\",\"department\":\"Y\"}", "{\"person_key\":\"z1\",\"department\":\"Z\"}",
        "{\"person_key\":\"z2\",\"department\":\"Z\"}", "{\"person_key\":\"z3\",\"department\":\"Z\"}");
    Dataset<Row> edges = rows("helper STRING, helped STRING, actions LONG",
        "{\"helper\":\"q\",\"helped\":\"y1\",\"actions\":5}", "{\"helper\":\"y1\",\"helped\":\"y2\",\"actions\":1}",
        "{\"helper\":\"y2\",\"helped\":\"z1\",\"actions\":1}", "{\"helper\":\"z1\",\"helped\":\"z2\",\"actions\":2}",
        "{\"helper\":\"z3\",\"helped\":\"z1\",\"actions\":1}");
    HelpNetwork network = KnowledgeFlow.network(edges, people);
    Dataset<Row> headcounts = rows("department STRING, headcount LONG",
        "{\"department\":\"Q\",\"headcount\":1}", "{\"department\":\"X\",\"headcount\":3}",
        "{\"department\":\"Y\",\"headcount\":10}", "{\"department\":\"Z\",\"headcount\":10}");
    Map<String, Row> d = byKey(KnowledgeFlow.suppressed(
        KnowledgeFlow.departmentMart(spark, network, network.people(), headcounts, "p"), 2), "department");
    assertEquals("small_group", d.get("Q").getAs("suppression"));
    assertEquals("complementary", d.get("X").getAs("suppression"), "by headcount: 1 + 3");
    assertNull(d.get("Y").getAs("help_given"), "Q's one connected person: Y, with 2, is the complement");
    assertEquals(2L, (Long) d.get("Y").getAs("connected_people"));
    assertEquals(3L, (Long) d.get("Z").getAs("help_given"), "z1's 2 and z3's 1");
  }

  /** 40 people, 2 of them in the network (k = 5): the organisation's help and ties are those two's, and empty. */
  @Test
  void theOrganisationsNetworkOfFewerThanKPeopleIsEmpty() {
    Dataset<Row> people = rows("person_key STRING, department STRING",
        "{\"person_key\":\"a\",\"department\":\"X\"}", "{\"person_key\":\"b\",\"department\":\"Y\"}");
    HelpNetwork network = KnowledgeFlow.network(rows("helper STRING, helped STRING, actions LONG",
        "{\"helper\":\"a\",\"helped\":\"b\",\"actions\":3}"), people);
    Row raw = KnowledgeFlow.summaryMart(spark, network, network.people(), 40, 2, "p").first();
    assertEquals(3L, (Long) raw.getAs("help_given"));
    Row s = KnowledgeFlow.suppressedSummary(KnowledgeFlow.summaryMart(spark, network, network.people(), 40, 2, "p"), 5).first();
    for (String measure : KnowledgeFlow.SUMMARY_CONNECTED_MEASURES) {
      assertNull(s.getAs(measure), measure);
    }
    assertEquals(2L, (Long) s.getAs("connected_people"), "the count stays");
    assertNull(s.getAs("suppression"), "40 people: the row itself is shown");
  }
}
