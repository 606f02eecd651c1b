package io.bottomup.analyze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.bottomup.schema.Action;
import io.bottomup.schema.Columns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The knowledge-flow marts of one period, from the help edges of {@code fct_collaboration} and the
 * measures of {@link HelpNetwork}:
 * <ul>
 *   <li>{@code mart_network_person}: one row per person with at least one help tie (pseudonymised;
 *       reports never show a row of it, only counts);</li>
 *   <li>{@code mart_network_department}: per department, with {@code headcount} = people employed in
 *       the period, {@code connected_people} with a tie, ties inside and across, E-I index, brokers,
 *       the department's share of all PageRank; suppressed below the minimum group size;</li>
 *   <li>{@code mart_network_summary}: the organisation in one row, "N brokers connect M departments",
 *       and how concentrated knowledge is (share of PageRank held by the top tenth of people).</li>
 * </ul>
 */
public final class KnowledgeFlow {
  /** A department's people with a tie in the help network: the group size of {@link #CONNECTED_MEASURES}. */
  public static final String CONNECTED_PEOPLE = "connected_people";
  /** The measures about a department's connected people (the first holds a value wherever there are some). */
  public static final List<String> CONNECTED_MEASURES = List.of("help_given", "internal_ties", "external_ties", "ei_index",
      "cross_department_share", "brokers", "pagerank_share");
  /** The same for the organisation's row of {@code mart_network_summary}. */
  public static final List<String> SUMMARY_CONNECTED_MEASURES = List.of("help_given", "ties", "cross_department_share",
      "ei_index", "brokers", "departments_connected_by_brokers", "top_decile_pagerank_share");

  private KnowledgeFlow() {}

  /** Help edges helper → helped with the number of help actions, from collaboration facts. */
  public static Dataset<Row> edges(Dataset<Row> fctCollaboration) {
    Column helping = Action.among(Action.HELPING);
    Column accept = col("action").equalTo(Action.ACCEPT.value());
    return fctCollaboration.filter(col(Columns.TARGET_KEY).isNotNull().and(helping.or(accept)))
        .select(when(accept, col(Columns.TARGET_KEY)).otherwise(col(Columns.ACTOR_KEY)).as("helper"),
            when(accept, col(Columns.ACTOR_KEY)).otherwise(col(Columns.TARGET_KEY)).as("helped"))
        .filter(col("helper").notEqual(col("helped")))
        .groupBy("helper", "helped")
        .agg(count(lit(1)).as("actions"));
  }

  /** The network of collected edges, with the department of each person from {@code people} (person_key, department). */
  public static HelpNetwork network(Dataset<Row> edges, Dataset<Row> people) {
    Map<String, String> departmentOf = new HashMap<>();
    for (Row r : people.select(Columns.PERSON_KEY, Columns.DEPARTMENT).collectAsList()) {
      departmentOf.put(r.getString(0), r.getString(1));
    }
    // Edges stream in partition by partition into int ids and primitive weights (HelpNetwork.Builder):
    // rows, key strings and boxed maps per edge ran a 4 GB driver out of memory at 50M events.
    HelpNetwork.Builder network = new HelpNetwork.Builder(departmentOf);
    java.util.Iterator<Row> rows = edges.toLocalIterator();
    while (rows.hasNext()) {
      Row r = rows.next();
      network.add(r.getString(0), r.getString(1), r.getLong(2));
    }
    return network.build();
  }

  public static Dataset<Row> personMart(SparkSession spark, List<HelpNetwork.Person> people, String period) {
    List<Row> rows = new ArrayList<>();
    for (HelpNetwork.Person p : people) {
      rows.add(RowFactory.create(period, p.key(), p.department(), (long) p.degree(), (long) p.peopleHelped(),
          (long) p.helpedBy(), p.helpGiven(), p.helpReceived(), p.crossDepartmentShare(), p.pagerank(), p.effectiveSize(),
          p.constraint(), p.broker()));
    }
    return spark.createDataFrame(rows, io.bottomup.marts.MartSchemas.spark(AnalyzeStage.MART_NETWORK_PERSON));
  }

  /**
   * The department rows suppressed: a department of fewer than k people whole ({@link Suppression#apply});
   * and, since the network measures describe a department's connected people, who may be 1 to k−1 of a
   * large department, those measures emptied then, as the learning marts' about their askers or learners.
   */
  public static Dataset<Row> suppressed(Dataset<Row> departmentMart, int k) {
    return connectedFirst(departmentMart, k, List.of(AnalyzeStage.PERIOD), Columns.DEPARTMENT, CONNECTED_MEASURES,
        List.of(AnalyzeStage.PERIOD, Columns.DEPARTMENT));
  }

  /** The organisation's row suppressed as the departments' ({@link #suppressed}): its measures describe its connected people. */
  public static Dataset<Row> suppressedSummary(Dataset<Row> summaryMart, int k) {
    return connectedFirst(summaryMart, k, List.of(), AnalyzeStage.PERIOD, SUMMARY_CONNECTED_MEASURES, List.of(AnalyzeStage.PERIOD));
  }

  /**
   * The connected people's measures first, on every row's own count: a row the headcount rule hides
   * reads as 0 connected people afterwards, and its few connected people would not be seen as few.
   */
  private static Dataset<Row> connectedFirst(Dataset<Row> rows, int k, List<String> siblings, String tieBreak,
      List<String> measures, List<String> keep) {
    return Suppression.apply(Suppression.columns(rows, k, siblings, tieBreak, CONNECTED_PEOPLE, measures), k, siblings, keep);
  }

  /**
   * Per department; {@code headcounts} has one row per department with column {@code headcount}.
   * Departments without anyone in the network get zero ties and an empty E-I index.
   */
  public static Dataset<Row> departmentMart(SparkSession spark, HelpNetwork network, List<HelpNetwork.Person> people,
      Dataset<Row> headcounts, String period) {
    Map<String, HelpNetwork.Department> measured = new HashMap<>();
    for (HelpNetwork.Department d : network.departments(people)) {
      measured.put(d.name(), d);
    }
    List<Row> rows = new ArrayList<>();
    for (Row h : headcounts.collectAsList()) {
      String name = h.getAs(Columns.DEPARTMENT);
      long headcount = h.<Long>getAs("headcount");
      HelpNetwork.Department d = measured.get(name);
      rows.add(d == null
          ? RowFactory.create(period, name, headcount, 0L, 0.0, 0L, 0L, null, 0L, null, 0L, 0.0)
          : RowFactory.create(period, name, headcount, (long) d.people(), (double) d.people() / headcount, d.internalTies(),
              d.externalTies(), d.eiIndex(), d.helpGiven(), d.crossDepartmentShare(), (long) d.brokers(), d.pagerankShare()));
    }
    return spark.createDataFrame(rows, io.bottomup.marts.MartSchemas.spark(AnalyzeStage.MART_NETWORK_DEPARTMENT, Suppression.SUPPRESSION));
  }

  public static Dataset<Row> summaryMart(SparkSession spark, HelpNetwork network, List<HelpNetwork.Person> people,
      long headcount, long departments, String period) {
    long given = people.stream().mapToLong(HelpNetwork.Person::helpGiven).sum();
    double crossing = people.stream().filter(p -> p.crossDepartmentShare() != null)
        .mapToDouble(p -> p.crossDepartmentShare() * p.helpGiven()).sum();
    long internal = 0;
    long external = 0;
    for (HelpNetwork.Department d : network.departments(people)) {
      internal += d.internalTies();
      external += d.externalTies();
    }
    // A tie across a department line was counted once for each of its two departments.
    external /= 2;
    Set<String> connected = network.departmentsConnectedByBrokers(people);
    int top = (int) Math.ceil(people.size() / 10.0);
    double topShare = people.stream().map(HelpNetwork.Person::pagerank).sorted(Comparator.reverseOrder()).limit(top)
        .mapToDouble(Double::doubleValue).sum();
    Row row = RowFactory.create(period, headcount, (long) people.size(), headcount > 0 ? (double) people.size() / headcount : null,
        network.ties(), given, given > 0 ? crossing / given : null,
        internal + external > 0 ? (double) (external - internal) / (internal + external) : null,
        people.stream().filter(HelpNetwork.Person::broker).count(), (long) connected.size(), departments,
        people.isEmpty() ? null : topShare);
    return spark.createDataFrame(List.of(row), io.bottomup.marts.MartSchemas.spark(AnalyzeStage.MART_NETWORK_SUMMARY, Suppression.SUPPRESSION));
  }
}
