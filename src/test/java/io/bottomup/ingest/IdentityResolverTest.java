package io.bottomup.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bottomup.SparkTest;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class IdentityResolverTest extends SparkTest {
  private final IdentityResolver resolver = resolver(IdentityResolver.BROADCAST_ROWS);

  /** The maps below; {@code broadcastRows} 0 joins them without a broadcast hint. */
  private static IdentityResolver resolver(long broadcastRows) {
    return new IdentityResolver(
        rows("system STRING, external_id STRING, employee_id STRING",
            "{\"system\":\"chat\",\"external_id\":\"@ann\",\"employee_id\":\"E1\"}",
            "{\"system\":\"lms\",\"external_id\":\"L-7\",\"employee_id\":\"E2\"}"),
        rows("employee_id STRING, email STRING",
            "{\"employee_id\":\"E1\",\"email\":\"ann@x.com\"}",
            "{\"employee_id\":\"E2\",\"email\":\"bo@x.com\"}"),
        broadcastRows);
  }

  @Test
  void resolvesThroughTheIdentityMapOfTheRecordsSystemElseByEmail() {
    resolvesThroughTheIdentityMapOfTheRecordsSystemElseByEmail(resolver);
  }

  @Test
  void mapsTooLargeToBroadcastResolveTheSame() {
    resolvesThroughTheIdentityMapOfTheRecordsSystemElseByEmail(resolver(0));
    assertEquals("E1", resolver(0).requireEmployee(rows("id STRING", "{\"id\":\"E1\"}", "{\"id\":\"E7\"}"), "id", "emp")
        .filter(col("emp").isNotNull()).first().getAs("emp"));
  }

  private void resolvesThroughTheIdentityMapOfTheRecordsSystemElseByEmail(IdentityResolver resolver) {
    Map<String, Row> r = byKey(resolver.resolve(rows("source STRING, actor STRING",
            "{\"source\":\"chat\",\"actor\":\"@ann\"}",
            "{\"source\":\"wiki\",\"actor\":\"@ann\"}",
            "{\"source\":\"wiki\",\"actor\":\"BO@X.COM\"}",
            "{\"source\":\"wiki\",\"actor\":\"E2\"}"),
        col("source"), "actor", "emp", false).withColumn("k", org.apache.spark.sql.functions.concat(col("source"), lit("/"), col("actor"))), "k");
    assertEquals("E1", r.get("chat/@ann").getAs("emp"));
    assertEquals("identity_map", r.get("chat/@ann").getAs("emp_by"));
    assertNull(r.get("wiki/@ann").getAs("emp"), "a handle of another system does not match");
    assertEquals("E2", r.get("wiki/BO@X.COM").getAs("emp"));
    assertEquals("email", r.get("wiki/BO@X.COM").getAs("emp_by"));
    assertNull(r.get("wiki/E2").getAs("emp"), "collaboration actors are not employee ids");
  }

  @Test
  void aTrainingLearnerMayAlsoBeAnEmployeeId() {
    Map<String, Row> r = byKey(resolver.resolve(rows("learner STRING",
            "{\"learner\":\"L-7\"}", "{\"learner\":\"E1\"}", "{\"learner\":\"E9\"}"),
        lit("lms"), "learner", "emp", true), "learner");
    assertEquals("E2", r.get("L-7").getAs("emp"));
    assertEquals("E1", r.get("E1").getAs("emp"));
    assertEquals("employee_id", r.get("E1").getAs("emp_by"));
    assertNull(r.get("E9").getAs("emp"));
  }
}
