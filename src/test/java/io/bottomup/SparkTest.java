package io.bottomup;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Base of every test that needs Spark: one {@code local[2]} session for the whole test run (UI off,
 * bound to loopback, the pipeline's own settings), and helpers to build tiny frames from JSON.
 */
public abstract class SparkTest {
  /** The settings that turn Spark's code generation off (see {@link #session()}); {@link #withCodegen} turns it on. */
  static final Map<String, String> CODEGEN_OFF = Map.of(
      "spark.sql.codegen.wholeStage", "false", "spark.sql.codegen.factoryMode", "NO_CODEGEN");
  /** The same settings as in production (Spark's defaults). */
  static final Map<String, String> CODEGEN_ON = Map.of(
      "spark.sql.codegen.wholeStage", "true", "spark.sql.codegen.factoryMode", "FALLBACK");
  protected static final SparkSession spark = session();

  /**
   * Runs {@code work} with the shared session's code generation on, as in production, and puts the
   * session's settings back as they were afterwards (the other tests interpret expressions).
   */
  protected static <T> T withCodegen(java.util.concurrent.Callable<T> work) throws Exception {
    Map<String, String> before = new TreeMap<>();
    CODEGEN_OFF.keySet().forEach(key -> before.put(key, spark.conf().get(key)));
    CODEGEN_ON.forEach(spark.conf()::set);
    try {
      return work.call();
    } finally {
      before.forEach(spark.conf()::set);
    }
  }

  private static synchronized SparkSession session() {
    // As a system property, so that the pipeline's own Sessions.create (which reuses this session)
    // keeps it too: the pipeline's default of 8 is for real data, tests shuffle a few hundred rows.
    if (System.getProperty("spark.sql.shuffle.partitions") == null) {
      System.setProperty("spark.sql.shuffle.partitions", "2");
    }
    // Expressions interpreted instead of compiled: on a test's few hundred rows, generating and compiling
    // each query's code is most of the work (NightsTest took 61 s instead of 88 s). The results are the
    // same by Spark's contract; EndToEndTest runs the sample with code generation, the production path.
    // A value given to the test JVM (pom.xml's test.jvm.extra) wins.
    CODEGEN_OFF.forEach((key, value) -> {
      if (System.getProperty(key) == null) {
        System.setProperty(key, value);
      }
    });
    return Sessions.configure(SparkSession.builder()
            .master("local[2]")
            .appName("bottomup-tests")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1"))
        .getOrCreate();
  }

  /** A frame with the given schema from one JSON object per row. */
  protected static Dataset<Row> rows(StructType schema, String... json) {
    return spark.read().schema(schema).json(spark.createDataset(Arrays.asList(json), Encoders.STRING()));
  }

  /** A frame whose columns are all strings, from a DDL such as {@code "a STRING, b STRING"}. */
  protected static Dataset<Row> rows(String ddl, String... json) {
    return rows(StructType.fromDDL(ddl), json);
  }

  /** Rows keyed by the value of one column, for assertions by name. */
  protected static Map<String, Row> byKey(Dataset<Row> frame, String column) {
    Map<String, Row> m = new TreeMap<>();
    for (Row r : frame.collectAsList()) {
      m.put(String.valueOf(r.<Object>getAs(column)), r);
    }
    return m;
  }

  protected static List<Row> sorted(Dataset<Row> frame, String... columns) {
    return frame.orderBy(columns[0], Arrays.copyOfRange(columns, 1, columns.length)).collectAsList();
  }
}
