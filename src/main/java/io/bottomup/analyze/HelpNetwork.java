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
  /** Help actions received per person: the sum of its in-weights, used by PageRank and by people(). */
  private final long[] received;

  /**
   * Adjacency lists as primitive arrays, {@code ids[i]} ascending with {@code weights[i]} beside: the
   * measures below loop over them a few billion times on a large network, where boxed maps cost ten
   * times more time and memory (they ran a 4 GB driver out of heap at 50M events).
   */
  private record Ties(int[][] ids, long[][] weights) {
    /**
     * The lists of {@code n} people from {@code size} edges {@code from[e] → to[e]} (and, with {@code
     * both}, also {@code to[e] → from[e]}); repeated pairs add up.
     */
    static Ties of(int n, int[] from, int[] to, long[] w, int size, boolean both) {
      int[] counts = new int[n];
      for (int e = 0; e < size; e++) {
        counts[from[e]]++;
        if (both) {
          counts[to[e]]++;
        }
      }
      int[][] ids = new int[n][];
      long[][] weights = new long[n][];
      for (int i = 0; i < n; i++) {
        ids[i] = new int[counts[i]];
        weights[i] = new long[counts[i]];
      }
      int[] filled = new int[n];
      for (int e = 0; e < size; e++) {
        int a = from[e];
        int b = to[e];
        ids[a][filled[a]] = b;
        weights[a][filled[a]++] = w[e];
        if (both) {
          ids[b][filled[b]] = a;
          weights[b][filled[b]++] = w[e];
        }
      }
      for (int i = 0; i < n; i++) {
        sortAndMerge(ids, weights, i);
      }
      return new Ties(ids, weights);
    }

    /** Sorts list {@code i} by id and adds up the weights of a repeated id. */
    private static void sortAndMerge(int[][] ids, long[][] weights, int i) {
      int m = ids[i].length;
      if (m < 2) {
        return;
      }
      long[] packed = new long[m];
      for (int k = 0; k < m; k++) {
        packed[k] = ((long) ids[i][k] << 32) | k;
      }
      Arrays.sort(packed);
      int[] sortedIds = new int[m];
      long[] sortedWeights = new long[m];
      int u = 0;
      for (long p : packed) {
        int id = (int) (p >>> 32);
        long weight = weights[i][(int) (p & 0xffffffffL)];
        if (u > 0 && sortedIds[u - 1] == id) {
          sortedWeights[u - 1] += weight;
        } else {
          sortedIds[u] = id;
          sortedWeights[u++] = weight;
        }
      }
      ids[i] = u == m ? sortedIds : Arrays.copyOf(sortedIds, u);
      weights[i] = u == m ? sortedWeights : Arrays.copyOf(sortedWeights, u);
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
  }

  /**
   * Collects edges one at a time as int ids and primitive weights (16 bytes an edge, each person key
   * held once), so that a large network streams in from Spark without a row or a string per edge.
   */
  public static final class Builder {
    private final Map<String, String> departmentOf;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> keys = new ArrayList<>();
    private int size;
    private int[] helper = new int[1024];
    private int[] helped = new int[1024];
    private long[] actions = new long[1024];
    private boolean built;

    /** @param departmentOf department per person key (a person missing from it is in no department) */
    public Builder(Map<String, String> departmentOf) {
      this.departmentOf = departmentOf;
    }

    /** Adds help actions from one person to another; self-help and non-positive weights are ignored. */
    public Builder add(String from, String to, long weight) {
      if (built) {
        throw new IllegalStateException("the network is already built");
      }
      if (from == null || to == null || from.equals(to) || weight <= 0) {
        return this;
      }
      if (size == helper.length) {
        int grown = Math.addExact(size, size / 2);
        helper = Arrays.copyOf(helper, grown);
        helped = Arrays.copyOf(helped, grown);
        actions = Arrays.copyOf(actions, grown);
      }
      helper[size] = id(from);
      helped[size] = id(to);
      actions[size++] = weight;
      return this;
    }

    private int id(String key) {
      Integer id = ids.get(key);
      if (id == null) {
        id = keys.size();
        ids.put(key, id);
        keys.add(key);
      }
      return id;
    }

    /** The network; the builder's arrays become its own, so a builder builds once. */
    public HelpNetwork build() {
      if (built) {
        throw new IllegalStateException("the network is already built");
      }
      built = true;
      return new HelpNetwork(this);
    }
  }

  /**
   * @param edges help edges; self-help and non-positive weights are ignored; repeated pairs add up
   * @param departmentOf department per person key (a person missing from it is in no department)
   */
  public HelpNetwork(List<Edge> edges, Map<String, String> departmentOf) {
    this(addAll(new Builder(departmentOf), edges));
  }

  private static Builder addAll(Builder builder, List<Edge> edges) {
    edges.forEach(e -> builder.add(e.helper(), e.helped(), e.actions()));
    return builder;
  }

  private HelpNetwork(Builder b) {
    int n = b.keys.size();
    // Ids in key order, so that people() lists people in key order.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> b.keys.get(x).compareTo(b.keys.get(y)));
    int[] renumbered = new int[n];
    keys = new ArrayList<>(n);
    departments = new String[n];
    for (int i = 0; i < n; i++) {
      renumbered[order[i]] = i;
      String key = b.keys.get(order[i]);
      keys.add(key);
      index.put(key, i);
      departments[i] = b.departmentOf.get(key);
    }
    for (int e = 0; e < b.size; e++) {
      b.helper[e] = renumbered[b.helper[e]];
      b.helped[e] = renumbered[b.helped[e]];
    }
    out = Ties.of(n, b.helper, b.helped, b.actions, b.size, false);
    in = Ties.of(n, b.helped, b.helper, b.actions, b.size, false);
    strength = Ties.of(n, b.helper, b.helped, b.actions, b.size, true);
    totalStrength = new long[n];
    maxStrength = new long[n];
    received = new long[n];
    for (int i = 0; i < n; i++) {
      received[i] = in.sum(i);
      totalStrength[i] = strength.sum(i);
      maxStrength[i] = Arrays.stream(strength.weights()[i]).max().orElse(1);
    }
  }

  public int size() {
    return keys.size();
  }

  /** Every person with at least one tie, in key order. */
  public List<Person> people() {
    double[] rank = pagerank();
    double[] effectiveSizes = new double[keys.size()];
    double[] constraints = new double[keys.size()];
    burt(effectiveSizes, constraints);
    double lowQuarter = lowQuarter(constraints);
    List<Person> result = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      long given = out.sum(i);
      long crossing = 0;
      for (int k = 0; k < out.count(i); k++) {
        if (crosses(i, out.ids()[i][k])) {
          crossing += out.weights()[i][k];
        }
      }
      double effective = effectiveSizes[i];
      int self = i;
      boolean otherDepartment = Arrays.stream(strength.ids()[i]).anyMatch(j -> crosses(self, j));
      result.add(new Person(keys.get(i), departments[i], strength.count(i), out.count(i), in.count(i), given, received[i],
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
    long[] weightOut = received;
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

  /**
   * Burt's effective size and constraint of every person (the formulas in the class comment). Only a
   * contact q of i who is tied to another contact j of i adds to the sums, so for each i this walks
   * the ties of i's contacts and marks i's own contacts in a dense array: Σ<sub>q</sub> degree(q)²
   * steps in all, with no lookup of a tie's weight. People are computed in parallel.
   */
  private void burt(double[] effectiveSizes, double[] constraints) {
    int n = keys.size();
    ThreadLocal<double[][]> scratch = ThreadLocal.withInitial(() -> new double[2][n]);
    java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
      double[][] s = scratch.get();
      double[] pi = s[0];
      double[] indirect = s[1];
      int[] ties = strength.ids()[i];
      long[] weights = strength.weights()[i];
      for (int k = 0; k < ties.length; k++) {
        pi[ties[k]] = (double) weights[k] / totalStrength[i];
      }
      double redundancy = 0;
      for (int q : ties) {
        double piq = pi[q];
        int[] qTies = strength.ids()[q];
        long[] qWeights = strength.weights()[q];
        for (int t = 0; t < qTies.length; t++) {
          int j = qTies[t];
          if (j != i && pi[j] > 0) {
            // j and q are both contacts of i, and tied to each other.
            indirect[j] += piq * qWeights[t] / totalStrength[q];
            redundancy += piq * qWeights[t] / maxStrength[j];
          }
        }
      }
      double c = 0;
      for (int j : ties) {
        double local = pi[j] + indirect[j];
        c += local * local;
        pi[j] = 0;
        indirect[j] = 0;
      }
      effectiveSizes[i] = ties.length - redundancy;
      constraints[i] = c;
    });
  }
}
