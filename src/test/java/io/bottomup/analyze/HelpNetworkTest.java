package io.bottomup.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.analyze.HelpNetwork.Edge;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HelpNetworkTest {
  private static Map<String, HelpNetwork.Person> byKey(HelpNetwork n) {
    return n.people().stream().collect(Collectors.toMap(HelpNetwork.Person::key, Function.identity()));
  }

  @Test
  void burtsMeasuresOfAStarAndATriangleAreTheTextbookValues() {
    // A star: hub helps three people who do not know each other.
    HelpNetwork star = new HelpNetwork(List.of(new Edge("hub", "x", 1), new Edge("hub", "y", 1), new Edge("hub", "z", 1)),
        Map.of());
    HelpNetwork.Person hub = byKey(star).get("hub");
    assertEquals(3.0, hub.effectiveSize(), 1e-12, "three non-redundant contacts");
    assertEquals(1.0 / 3, hub.constraint(), 1e-12, "3 × (1/3)²");
    // A closed triangle: everyone's contacts know each other.
    HelpNetwork triangle = new HelpNetwork(List.of(new Edge("a", "b", 1), new Edge("b", "c", 1), new Edge("c", "a", 1)), Map.of());
    HelpNetwork.Person a = byKey(triangle).get("a");
    assertEquals(1.0, a.effectiveSize(), 1e-12, "2 − 2·1/2");
    assertEquals(1.125, a.constraint(), 1e-12, "2 × (1/2 + 1/2·1/2)²");
    assertEquals(1.0 / 3, a.pagerank(), 1e-9, "a cycle ranks everyone equally");
  }

  /**
   * a helps b twice, c once, d three times; b helps a once; c helps d once; e helps a once.
   * Departments: a, b in X; c, d in Y; e in Z. Reference values from networkx 3.6 (pagerank with
   * alpha 0.85 on helped → helper; effective_size and constraint on the undirected graph weighted by
   * help in both directions, computed node by node).
   */
  @Test
  void weightedMeasuresMatchNetworkx() {
    HelpNetwork n = new HelpNetwork(List.of(new Edge("a", "b", 2), new Edge("b", "a", 1), new Edge("a", "c", 1),
        new Edge("a", "d", 3), new Edge("c", "d", 1), new Edge("e", "a", 1), new Edge("a", "a", 5)),
        Map.of("a", "X", "b", "X", "c", "Y", "d", "Y", "e", "Z"));
    Map<String, HelpNetwork.Person> p = byKey(n);
    assertEquals(Set.of("a", "b", "c", "d", "e"), p.keySet(), "self-help is no edge");
    assertEquals(0.3824354186, p.get("a").pagerank(), 1e-9);
    assertEquals(0.2319699433, p.get("b").pagerank(), 1e-9);
    assertEquals(0.0841898046, p.get("c").pagerank(), 1e-9);
    assertEquals(0.0694348904, p.get("d").pagerank(), 1e-9);
    assertEquals(0.2319699433, p.get("e").pagerank(), 1e-9);
    assertEquals(1.0, n.people().stream().mapToDouble(HelpNetwork.Person::pagerank).sum(), 1e-9);
    assertEquals(3.5833333333, p.get("a").effectiveSize(), 1e-9, "1 + (1 − .375) + (1 − .125/3) + 1");
    assertEquals(1.1666666667, p.get("d").effectiveSize(), 1e-9);
    assertEquals(0.3955078125, p.get("a").constraint(), 1e-12);
    assertEquals(1.23828125, p.get("c").constraint(), 1e-12);
    assertEquals(0.8837890625, p.get("d").constraint(), 1e-12);

    HelpNetwork.Person a = p.get("a");
    assertEquals(4, a.degree());
    assertEquals(3, a.peopleHelped(), "b, c, d");
    assertEquals(2, a.helpedBy(), "b, e");
    assertEquals(6, a.helpGiven());
    assertEquals(4.0 / 6, a.crossDepartmentShare(), 1e-12, "c once and d three times are in Y");
    assertTrue(a.broker(), "effective size 3.58 and ties into Y and Z");
    assertFalse(p.get("d").broker());
    assertNull(p.get("d").crossDepartmentShare(), "d never helped anyone");
    assertEquals(5, n.ties(), "a-b, a-c, a-d, c-d, a-e");

    Map<String, HelpNetwork.Department> d = n.departments(n.people()).stream()
        .collect(Collectors.toMap(HelpNetwork.Department::name, Function.identity()));
    assertEquals(1, d.get("X").internalTies(), "a-b");
    assertEquals(3, d.get("X").externalTies(), "a-c, a-d, a-e");
    assertEquals(0.5, d.get("X").eiIndex(), 1e-12, "(3 − 1) / 4");
    assertEquals(1.0 / 3, d.get("Y").eiIndex(), 1e-12, "c-d inside, a-c and a-d across: (2 − 1) / 3");
    assertEquals(1.0, d.get("Z").eiIndex(), 1e-12);
    assertEquals(7, d.get("X").helpGiven(), "a 6, b 1");
    assertEquals(4.0 / 7, d.get("X").crossDepartmentShare(), 1e-12);
    assertEquals(1, d.get("X").brokers());
    assertEquals(Set.of("X", "Y", "Z"), n.departmentsConnectedByBrokers(n.people()));
  }

  @Test
  void anEmptyNetworkHasNobody() {
    HelpNetwork n = new HelpNetwork(List.of(), Map.of());
    assertEquals(0, n.size());
    assertTrue(n.people().isEmpty());
  }
}
