package io.bottomup.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.analyze.HelpNetwork.Edge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

  @Test
  void theBuilderAddsRepeatedPairsIgnoresSelfHelpAndListsPeopleInKeyOrder() {
    HelpNetwork n = new HelpNetwork.Builder(Map.of("b", "X", "a", "X"))
        .add("b", "a", 2).add("b", "a", 3).add("a", "b", 1).add("c", "c", 4).add("c", "a", 0).add(null, "a", 1).build();
    assertEquals(List.of("a", "b"), n.people().stream().map(HelpNetwork.Person::key).toList(), "c only helped itself");
    HelpNetwork.Person b = byKey(n).get("b");
    assertEquals(5, b.helpGiven(), "2 + 3 to a");
    assertEquals(1, b.helpReceived());
    assertEquals(1, b.degree(), "a, tied both ways, counts once");
    assertEquals(1, n.ties());
  }

  /** Burt's measures straight from the formulas in HelpNetwork's comment, on a tie-strength matrix. */
  private static double[] burtByTheFormula(long[][] s, int i) {
    int n = s.length;
    long total = 0;
    for (long w : s[i]) {
      total += w;
    }
    double size = 0;
    double constraint = 0;
    for (int j = 0; j < n; j++) {
      if (s[i][j] == 0) {
        continue;
      }
      long maxJ = 0;
      for (long w : s[j]) {
        maxJ = Math.max(maxJ, w);
      }
      double redundancy = 0;
      double indirect = 0;
      for (int q = 0; q < n; q++) {
        if (q != j && s[i][q] > 0) {
          long totalQ = 0;
          for (long w : s[q]) {
            totalQ += w;
          }
          redundancy += (double) s[i][q] / total * s[j][q] / maxJ;
          indirect += (double) s[i][q] / total * s[q][j] / totalQ;
        }
      }
      size += 1 - redundancy;
      double local = (double) s[i][j] / total + indirect;
      constraint += local * local;
    }
    return new double[] {size, constraint};
  }

  @Test
  void burtsMeasuresMatchTheFormulasOnARandomWeightedNetwork() {
    Random random = new Random(8);
    int n = 25;
    long[][] strength = new long[n][n];
    List<Edge> edges = new ArrayList<>();
    for (int e = 0; e < 120; e++) {
      int a = random.nextInt(n);
      int b = random.nextInt(n);
      long w = 1 + random.nextInt(4);
      edges.add(new Edge(String.format("p%02d", a), String.format("p%02d", b), w));
      if (a != b) {
        strength[a][b] += w;
        strength[b][a] += w;
      }
    }
    Map<String, HelpNetwork.Person> people = byKey(new HelpNetwork(edges, new HashMap<>()));
    int checked = 0;
    for (int i = 0; i < n; i++) {
      HelpNetwork.Person p = people.get(String.format("p%02d", i));
      if (p == null) {
        continue;
      }
      double[] expected = burtByTheFormula(strength, i);
      assertEquals(expected[0], p.effectiveSize(), 1e-9, p.key() + " effective size");
      assertEquals(expected[1], p.constraint(), 1e-9, p.key() + " constraint");
      checked++;
    }
    assertTrue(checked >= 20, "most of the 25 people have a tie: " + checked);
  }
}
