package io.bottomup.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.SparkTest;
import io.bottomup.schema.Columns;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class DuplicatesTest extends SparkTest {
  private static final String EVENT = "_file STRING, _line LONG, _reason STRING, _detail STRING, source STRING, event_id STRING";
  private static final List<String> KEY = List.of("source", "event_id");
  private static final Column CANDIDATE = col(Columns.REASON).isNull().or(col(Columns.REASON).equalTo("unmatched_identity"));
  private static final Column VALID = col(Columns.REASON).isNull();

  /**
   * b.csv:1 and a.csv:7 share (qa, 1): a.csv:7 comes first and is kept. (qa, 2) is held by a record
   * with a bad value, which never counts, and by two candidates. (chat, 1) is the same id in another
   * source. A record whose person did not resolve still takes part and becomes a duplicate when it comes
   * after the kept one; (qa, 3) is first held by such a record, which holds nothing: the next is staged.
   */
  private static Dataset<Row> events() {
    return rows(EVENT,
        "{\"_file\":\"b.csv\",\"_line\":1,\"source\":\"qa\",\"event_id\":\"1\"}",
        "{\"_file\":\"a.csv\",\"_line\":7,\"source\":\"qa\",\"event_id\":\"1\"}",
        "{\"_file\":\"a.csv\",\"_line\":2,\"_reason\":\"bad_value\",\"_detail\":\"size 'x' is not a number\",\"source\":\"qa\",\"event_id\":\"2\"}",
        "{\"_file\":\"a.csv\",\"_line\":3,\"source\":\"qa\",\"event_id\":\"2\"}",
        "{\"_file\":\"a.csv\",\"_line\":4,\"_reason\":\"unmatched_identity\",\"_detail\":\"actor 'x' matches no identity\",\"source\":\"qa\",\"event_id\":\"2\"}",
        "{\"_file\":\"a.csv\",\"_line\":5,\"source\":\"chat\",\"event_id\":\"1\"}",
        "{\"_file\":\"a.csv\",\"_line\":8,\"_reason\":\"unmatched_identity\",\"_detail\":\"actor 'y' matches no identity\",\"source\":\"qa\",\"event_id\":\"3\"}",
        "{\"_file\":\"a.csv\",\"_line\":9,\"source\":\"qa\",\"event_id\":\"3\"}");
  }

  @Test
  void theFirstCandidateInFileThenLineOrderIsKeptAndTheOthersNameIt() {
    for (int broadcastKeys : new int[] {Duplicates.BROADCAST_KEYS, 0}) {
      Duplicates.Marked marked = Duplicates.mark(events(), KEY, CANDIDATE, VALID, broadcastKeys);
      assertEquals(broadcastKeys == 0, marked.shuffled(), "two repeated keys are broadcast unless the limit is below two");
      Map<String, Row> r = byKey(marked.rows().withColumn("at", org.apache.spark.sql.functions.concat(
          col(Columns.FILE), org.apache.spark.sql.functions.lit(":"), col(Columns.LINE))), "at");
      assertEquals(8, r.size());
      assertNull(r.get("a.csv:7").getAs(Columns.REASON));
      assertEquals("duplicate", r.get("b.csv:1").getAs(Columns.REASON));
      assertEquals("duplicate source, event_id; the record kept is at a.csv line 7", r.get("b.csv:1").getAs(Columns.DETAIL));
      assertEquals("bad_value", r.get("a.csv:2").getAs(Columns.REASON), "a record with a fault is never kept nor marked");
      assertNull(r.get("a.csv:3").getAs(Columns.REASON));
      assertEquals("duplicate", r.get("a.csv:4").getAs(Columns.REASON), "duplicate comes before unmatched_identity");
      assertEquals("duplicate source, event_id; the record kept is at a.csv line 3", r.get("a.csv:4").getAs(Columns.DETAIL));
      assertNull(r.get("a.csv:5").getAs(Columns.REASON), "the same event_id in another source is another event");
      assertEquals("unmatched_identity", r.get("a.csv:8").getAs(Columns.REASON), "nothing with its key was staged before it");
      assertNull(r.get("a.csv:9").getAs(Columns.REASON), "a rejected record holds no key: the next valid one is staged");
      assertFalse(List.of(marked.rows().columns()).stream().anyMatch(c -> c.startsWith("_dup") || c.equals("_kept")));
    }
  }

  /**
   * The directory's two keys, in file-then-line order: line 3 repeats line 2's email and is a duplicate,
   * so it does not hold E2, and line 4 (E2, another email) is staged; line 5 repeats E2 after that.
   * A record with a bad value holds nothing either (line 6 and then 7 with E9).
   */
  @Test
  void withTwoKeysARecordRejectedForOneKeyDoesNotHoldTheOther() {
    Dataset<Row> people = rows("_file STRING, _line LONG, _reason STRING, _detail STRING, employee_id STRING, email STRING",
        "{\"_file\":\"d.csv\",\"_line\":2,\"employee_id\":\"E1\",\"email\":\"a@x\"}",
        "{\"_file\":\"d.csv\",\"_line\":3,\"employee_id\":\"E2\",\"email\":\"a@x\"}",
        "{\"_file\":\"d.csv\",\"_line\":4,\"employee_id\":\"E2\",\"email\":\"b@x\"}",
        "{\"_file\":\"d.csv\",\"_line\":5,\"employee_id\":\"E2\",\"email\":\"c@x\"}",
        "{\"_file\":\"d.csv\",\"_line\":6,\"_reason\":\"bad_value\",\"_detail\":\"job_level 11\",\"employee_id\":\"E9\",\"email\":\"d@x\"}",
        "{\"_file\":\"d.csv\",\"_line\":7,\"employee_id\":\"E9\",\"email\":\"d@x\"}");
    Map<String, Row> r = byKey(Duplicates.markAll(people, List.of(List.of("employee_id"), List.of("email")), VALID, VALID), Columns.LINE);
    assertNull(r.get("2").getAs(Columns.REASON));
    assertEquals("duplicate email; the record kept is at d.csv line 2", r.get("3").getAs(Columns.DETAIL));
    assertNull(r.get("4").getAs(Columns.REASON), "E2 was not staged with line 3");
    assertEquals("duplicate employee_id; the record kept is at d.csv line 4", r.get("5").getAs(Columns.DETAIL));
    assertEquals("bad_value", r.get("6").getAs(Columns.REASON));
    assertNull(r.get("7").getAs(Columns.REASON));
    assertEquals(6, r.size());
  }

  @Test
  void withoutRepeatedKeysTheRecordsComeBackAsTheyAre() {
    Dataset<Row> unique = events().filter(col(Columns.FILE).equalTo("a.csv").and(col(Columns.LINE).isin(3L, 5L, 7L)));
    Duplicates.Marked marked = Duplicates.mark(unique, KEY, CANDIDATE, VALID);
    assertSame(unique, marked.rows());
    assertFalse(marked.shuffled());
    assertTrue(marked.rows().filter(col(Columns.REASON).isNotNull()).isEmpty());
  }
}
