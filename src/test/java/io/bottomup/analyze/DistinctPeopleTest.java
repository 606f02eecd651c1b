package io.bottomup.analyze;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bottomup.SparkTest;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class DistinctPeopleTest extends SparkTest {
  static final String ROWS = "month STRING, department STRING, person STRING, actions INT, hours DOUBLE";

  static String r(String month, String department, String person, int actions, Double hours) {
    return "{\"month\":\"" + month + "\"" + (department == null ? "" : ",\"department\":\"" + department + "\"")
        + (person == null ? "" : ",\"person\":\"" + person + "\"") + ",\"actions\":" + actions
        + (hours == null ? "" : ",\"hours\":" + hours) + "}";
  }

  /** The same numbers as countDistinct(person), countDistinct(when(actions > 0, person)) and sum(hours). */
  @Test
  void eachPersonCountsOnceAndOnceInAFlagWhenAnyOfTheirRowsMeetsIt() {
    Dataset<Row> rows = rows(ROWS,
        r("2025-03", "Eng", "ann", 0, 1.0),
        r("2025-03", "Eng", "ann", 2, 2.0),   // ann: two rows, one active
        r("2025-03", "Eng", "bo", 0, 4.0),    // bo: never active
        r("2025-03", "Eng", null, 5, 8.0),    // no person: not counted, hours summed
        r("2025-03", "Ops", "cy", 1, null),   // cy: active, no hours
        r("2025-04", "Eng", "ann", 0, null));
    Map<String, Row> g = byKey(DistinctPeople.per(rows, List.of("month", "department"), "person", "people",
            Map.of("active", col("actions").gt(0)), Map.of("hours", col("hours")))
        .withColumn("_key", org.apache.spark.sql.functions.concat_ws("/", col("month"), col("department"))), "_key");
    assertEquals(2L, (Long) g.get("2025-03/Eng").getAs("people"), "ann and bo; the row without a person is not a person");
    assertEquals(1L, (Long) g.get("2025-03/Eng").getAs("active"), "ann once, although only one of her rows is active");
    assertEquals(15.0, (Double) g.get("2025-03/Eng").getAs("hours"), "1 + 2 + 4 + 8: every row's hours");
    assertEquals(1L, (Long) g.get("2025-03/Ops").getAs("people"));
    assertEquals(1L, (Long) g.get("2025-03/Ops").getAs("active"));
    assertNull(g.get("2025-03/Ops").getAs("hours"), "no hours at all: empty, as sum is");
    assertEquals(0L, (Long) g.get("2025-04/Eng").getAs("active"));
    assertEquals(3, g.size());
  }

  @Test
  void anUnknownDepartmentMatchesAnUnknownDepartment() {
    Dataset<Row> left = rows(ROWS, r("2025-03", null, "ann", 1, 1.0), r("2025-03", "Eng", "bo", 1, 1.0));
    Dataset<Row> right = rows("month STRING, department STRING, questions INT",
        "{\"month\":\"2025-03\",\"questions\":7}", "{\"month\":\"2025-03\",\"department\":\"Eng\",\"questions\":3}");
    Map<String, Row> joined = byKey(DistinctPeople.join(left, right, List.of("month", "department"), "left"), "person");
    assertEquals(7, (Integer) joined.get("ann").getAs("questions"), "null department joins null department");
    assertEquals(3, (Integer) joined.get("bo").getAs("questions"));
    assertEquals(List.of("month", "department", "person", "actions", "hours", "questions"),
        List.of(DistinctPeople.join(left, right, List.of("month", "department"), "left").columns()), "the right side's keys are dropped");
  }
}
