package io.bottomup.analyze;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The knowledge-flow network of one period, computed in memory from its aggregated help edges (a few
 * million at most, one per helper–helped pair). Pure Java so that tests can check it by hand.
 *
 * <p>An edge {@code helper → helped} with a weight counts the help actions from one person to another:
 * answers, replies, comments and edits on someone else's content (actor → target) and accepts received
 * (the accepted answer's author → the asker who accepted). Per person:
 * <ul>
 *   <li>{@code degree}: distinct people the person is tied to in either direction;</li>
 *   <li>{@code people_helped} / {@code helped_by}: distinct people on the out / in side;</li>
 *   <li>{@code cross_department_share}: help actions given to someone in another department / all help
 *       actions given;</li>
 *   <li>{@code pagerank}: PageRank (damping {@value #DAMPING}) on the graph helped → helper weighted by
 *       actions, so that being sought out by people who are themselves sought out counts most; people
 *       who were never helped spread their rank evenly; the ranks sum to 1;</li>
 *   <li>{@code effective_size} and {@code constraint}: Burt's measures on the undirected ego network,
 *       tie strength = help actions in both directions (as networkx computes them): with
 *       p<sub>ij</sub> = strength(i,j) / Σ<sub>k</sub> strength(i,k) and m<sub>jq</sub> =
 *       strength(j,q) / max<sub>k</sub> strength(j,k), effective size = Σ<sub>j</sub> (1 −
 *       Σ<sub>q</sub> p<sub>iq</sub> m<sub>jq</sub>) and constraint = Σ<sub>j</sub> (p<sub>ij</sub> +
 *       Σ<sub>q≠i,j</sub> p<sub>iq</sub> p<sub>qj</sub>)². Three contacts who do not know each other
 *       give effective size 3 and constraint 1/3; a closed triangle gives 1 and 1.125;</li>
 *   <li>{@code broker}: effective size of at least {@value #BROKER_EFFECTIVE_SIZE}, a constraint in the
 *       network's least constrained quarter (at or below the value at rank ⌈n/4⌉), and ties into at
 *       least one department other than one's own: someone who connects people who are not otherwise
 *       connected, across a department line.</li>
 * </ul>
 * Per department, over undirected ties (pairs of people with help in either direction): internal ties
 * (both in the department), external ties (one end outside), and Krackhardt's E-I index = (external −
 * internal) / (external + internal), from −1 (all help stays inside) to +1 (all help crosses lines).
 */
public final class HelpNetwork {
  public static final double DAMPING = 0.85;
  public static final double BROKER_EFFECTIVE_SIZE = 3.0;
  static final int MAX_ITERATIONS = 500;
  static final double TOLERANCE = 1e-12;

  /** Help actions from one person to another. */
  public record Edge(String helper, String helped, long actions) {}

  /** One person's measures. */
  public record Person(String key, String department, int degree, int peopleHelped, int helpedBy, long helpGiven,
      long helpReceived, Double crossDepartmentShare, double pagerank, double effectiveSize, double constraint, boolean broker) {}

  /** One department's measures; {@code people} are those with at least one tie. */
  public record Department(String name, int people, long internalTies, long externalTies, Double eiIndex, long helpGiven,
      Double crossDepartmentShare, int brokers, double pagerankShare) {}

  private final List<String> keys;
  private final Map<String, Integer> index = new HashMap<>();
  private final String[] departments;
  /** Per person, the people helped (out), helping (in) and tied either way (strength): ascending ids, weights beside. */
  private final Ties out;
  private final Ties in;
  private final Ties strength;
  private final long[] totalStrength;
  private final long[] maxStrength;

  /**
   * Adjacency lists as primitive arrays, {@code ids[i]} ascending with {@code weights[i]} beside: the
   * measures below loop over them a few hundred million times on a large network, where boxed maps
   * cost ten times more.
   */
  private record Ties(int[][] ids, long[][] weights) {
    static Ties of(Map<Integer, Long>[] maps) {
      int[][] ids = new int[maps.length][];
      long[][] weights = new long[maps.length][];
      for (int i = 0; i < maps.length; i++) {
        ids[i] = new int[maps[i].size()];
        weights[i] = new long[maps[i].size()];
        int k = 0;
        for (Map.Entry<Integer, Long> e : maps[i].entrySet()) {
          ids[i][k] = e.getKey();
          weights[i][k++] = e.getValue();
        }
      }
      return new Ties(ids, weights);
    }

    int count(int i) {
      return ids[i].length;
    }

    long sum(int i) {
      long total = 0;
      for (long w : weights[i]) {
        total += w;
      }
      return total;
    }

    /** The weight of the tie i–j, 0 if none. */
    long weight(int i, int j) {
      int k = Arrays.binarySearch(ids[i], j);
      return k < 0 ? 0 : weights[i][k];
    }
  }

  /**
   * @param edges help edges; self-help and non-positive weights are ignored; repeated pairs add up
   * @param departmentOf department per person key (a person missing from it is in no department)
   */
  @SuppressWarnings("unchecked")
  public HelpNetwork(List<Edge> edges, Map<String, String> departmentOf) {
    TreeSet<String> people = new TreeSet<>();
    for (Edge e : edges) {
      if (valid(e)) {
        people.add(e.helper());
        people.add(e.helped());
      }
    }
    keys = new ArrayList<>(people);
    for (int i = 0; i < keys.size(); i++) {
      index.put(keys.get(i), i);
    }
    int n = keys.size();
    departments = new String[n];
    Map<Integer, Long>[] outMaps = new Map[n];
    Map<Integer, Long>[] inMaps = new Map[n];
    Map<Integer, Long>[] strengthMaps = new Map[n];
    for (int i = 0; i < n; i++) {
      departments[i] = departmentOf.get(keys.get(i));
      outMaps[i] = new TreeMap<>();
      inMaps[i] = new TreeMap<>();
      strengthMaps[i] = new TreeMap<>();
    }
    for (Edge e : edges) {
      if (valid(e)) {
        int a = index.get(e.helper());
        int b = index.get(e.helped());
        outMaps[a].merge(b, e.actions(), Long::sum);
        inMaps[b].merge(a, e.actions(), Long::sum);
        strengthMaps[a].merge(b, e.actions(), Long::sum);
        strengthMaps[b].merge(a, e.actions(), Long::sum);
      }
    }
    out = Ties.of(outMaps);
    in = Ties.of(inMaps);
    strength = Ties.of(strengthMaps);
    totalStrength = new long[n];
    maxStrength = new long[n];
    for (int i = 0; i < n; i++) {
      totalStrength[i] = strength.sum(i);
      maxStrength[i] = Arrays.stream(strength.weights()[i]).max().orElse(1);
    }
  }

  private static boolean valid(Edge e) {
    return e.helper() != null && e.helped() != null && !e.helper().equals(e.helped()) && e.actions() > 0;
  }

  public int size() {
    return keys.size();
  }

  /** Every person with at least one tie, in key order. */
  public List<Person> people() {
    double[] rank = pagerank();
    double[] constraints = new double[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      constraints[i] = constraint(i);
    }
    double lowQuarter = lowQuarter(constraints);
    List<Person> result = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      long given = out.sum(i);
      long received = in.sum(i);
      long crossing = 0;
      for (int k = 0; k < out.count(i); k++) {
        if (crosses(i, out.ids()[i][k])) {
          crossing += out.weights()[i][k];
        }
      }
      double effective = effectiveSize(i);
      int self = i;
      boolean otherDepartment = Arrays.stream(strength.ids()[i]).anyMatch(j -> crosses(self, j));
      result.add(new Person(keys.get(i), departments[i], strength.count(i), out.count(i), in.count(i), given, received,
          given > 0 ? (double) crossing / given : null, rank[i], effective, constraints[i],
          effective >= BROKER_EFFECTIVE_SIZE && constraints[i] <= lowQuarter && otherDepartment));
    }
    return result;
  }

  /** The constraint at rank ⌈n/4⌉ from the lowest: a person at or below it is in the network's least constrained quarter. */
  static double lowQuarter(double[] constraints) {
    if (constraints.length == 0) {
      return 0;
    }
    double[] sorted = constraints.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.ceil(sorted.length / 4.0) - 1];
  }

  /** Per department of the people in the network, in name order (people without a department are left out). */
  public List<Department> departments(List<Person> people) {
    Map<String, long[]> ties = new TreeMap<>();
    for (int i = 0; i < keys.size(); i++) {
      for (int j : strength.ids()[i]) {
        if (j <= i) {
          continue;
        }
        if (departments[i] != null && departments[i].equals(departments[j])) {
          ties.computeIfAbsent(departments[i], x -> new long[2])[0]++;
        } else {
          for (String d : new String[] {departments[i], departments[j]}) {
            if (d != null) {
              ties.computeIfAbsent(d, x -> new long[2])[1]++;
            }
          }
        }
      }
    }
    Map<String, List<Person>> byDepartment = new TreeMap<>();
    for (Person p : people) {
      if (p.department() != null) {
        byDepartment.computeIfAbsent(p.department(), x -> new ArrayList<>()).add(p);
      }
    }
    List<Department> result = new ArrayList<>();
    for (Map.Entry<String, List<Person>> e : byDepartment.entrySet()) {
      long[] t = ties.getOrDefault(e.getKey(), new long[2]);
      long given = e.getValue().stream().mapToLong(Person::helpGiven).sum();
      double crossing = e.getValue().stream().filter(p -> p.crossDepartmentShare() != null)
          .mapToDouble(p -> p.crossDepartmentShare() * p.helpGiven()).sum();
      result.add(new Department(e.getKey(), e.getValue().size(), t[0], t[1],
          t[0] + t[1] > 0 ? (double) (t[1] - t[0]) / (t[0] + t[1]) : null, given,
          given > 0 ? crossing / given : null, (int) e.getValue().stream().filter(Person::broker).count(),
          e.getValue().stream().mapToDouble(Person::pagerank).sum()));
    }
    return result;
  }

  /** Distinct departments among brokers and the people they are tied to. */
  public Set<String> departmentsConnectedByBrokers(List<Person> people) {
    Set<String> connected = new TreeSet<>();
    for (Person p : people) {
      if (p.broker()) {
        int i = index.get(p.key());
        if (departments[i] != null) {
          connected.add(departments[i]);
        }
        for (int j : strength.ids()[i]) {
          if (departments[j] != null) {
            connected.add(departments[j]);
          }
        }
      }
    }
    return connected;
  }

  /** Undirected ties (pairs of people with help in either direction). */
  public long ties() {
    long twice = 0;
    for (int[] s : strength.ids()) {
      twice += s.length;
    }
    return twice / 2;
  }

  private boolean crosses(int i, int j) {
    return departments[i] != null && departments[j] != null && !departments[i].equals(departments[j]);
  }

  /** PageRank on helped → helper, weighted by actions; power iteration until the L1 change is below {@link #TOLERANCE}. */
  double[] pagerank() {
    int n = keys.size();
    double[] rank = new double[n];
    if (n == 0) {
      return rank;
    }
    Arrays.fill(rank, 1.0 / n);
    // helped → helper: the helped person's rank flows to their helpers, in proportion to the help.
    long[] weightOut = new long[n];
    for (int i = 0; i < n; i++) {
      weightOut[i] = in.sum(i);
    }
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double dangling = 0;
      for (int i = 0; i < n; i++) {
        if (weightOut[i] == 0) {
          dangling += rank[i];
        }
      }
      double[] next = new double[n];
      double base = (1 - DAMPING) / n + DAMPING * dangling / n;
      Arrays.fill(next, base);
      for (int helped = 0; helped < n; helped++) {
        if (weightOut[helped] == 0) {
          continue;
        }
        int[] helpers = in.ids()[helped];
        long[] actions = in.weights()[helped];
        for (int k = 0; k < helpers.length; k++) {
          next[helpers[k]] += DAMPING * rank[helped] * actions[k] / weightOut[helped];
        }
      }
      double change = 0;
      for (int i = 0; i < n; i++) {
        change += Math.abs(next[i] - rank[i]);
      }
      rank = next;
      if (change < TOLERANCE * n) {
        break;
      }
    }
    return rank;
  }

  private double p(int i, int j) {
    return (double) strength.weight(i, j) / totalStrength[i];
  }

  private double m(int j, int q) {
    return (double) strength.weight(j, q) / maxStrength[j];
  }

  double effectiveSize(int i) {
    int[] ties = strength.ids()[i];
    long[] weights = strength.weights()[i];
    double size = 0;
    for (int j : ties) {
      double redundancy = 0;
      for (int k = 0; k < ties.length; k++) {
        int q = ties[k];
        if (q != j) {
          redundancy += (double) weights[k] / totalStrength[i] * m(j, q);
        }
      }
      size += 1 - redundancy;
    }
    return size;
  }

  double constraint(int i) {
    int[] ties = strength.ids()[i];
    long[] weights = strength.weights()[i];
    double c = 0;
    for (int a = 0; a < ties.length; a++) {
      int j = ties[a];
      double indirect = 0;
      for (int k = 0; k < ties.length; k++) {
        int q = ties[k];
        if (q != j) {
          indirect += (double) weights[k] / totalStrength[i] * p(q, j);
        }
      }
      double local = (double) weights[a] / totalStrength[i] + indirect;
      c += local * local;
    }
    return c;
  }
}
