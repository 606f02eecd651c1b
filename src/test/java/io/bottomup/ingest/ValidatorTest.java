package io.bottomup.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bottomup.SparkTest;
import io.bottomup.config.JobConfig;
import io.bottomup.schema.Columns;
import io.bottomup.schema.EntitySpec;
import java.sql.Timestamp;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ValidatorTest extends SparkTest {
  private static final String APPRAISAL_ROW =
      "_file STRING, _line LONG, _raw STRING, _malformed STRING, employee_id STRING, cycle STRING, review_date STRING,"
          + " manager_rating STRING, self_rating STRING, goals_met_pct STRING, promoted STRING, competency_gaps STRING";

  private static Dataset<Row> appraisals(String... json) {
    return Validator.validate(rows(APPRAISAL_ROW, json), EntitySpec.appraisals(JobConfig.defaults()));
  }

  @Test
  void eachRecordGetsItsFirstFaultInContractOrder() {
    Map<String, Row> r = byKey(appraisals(
        "{\"_file\":\"a.csv\",\"_line\":2,\"_raw\":\"x\",\"employee_id\":\"E1\",\"cycle\":\"2025-H1\",\"review_date\":\"2025-07-01\",\"manager_rating\":\"4\",\"promoted\":\"Yes\"}",
        "{\"_file\":\"a.csv\",\"_line\":3,\"_raw\":\"x\",\"employee_id\":\"E2\",\"cycle\":\"2025-H1\",\"review_date\":\"2025-07-01\",\"manager_rating\":\"7\"}",
        "{\"_file\":\"a.csv\",\"_line\":4,\"_raw\":\"x\",\"employee_id\":\"E3\",\"cycle\":\"2025-H1\",\"review_date\":\"2025-02-30\",\"manager_rating\":\"nine\"}",
        "{\"_file\":\"a.csv\",\"_line\":5,\"_raw\":\"x\",\"employee_id\":\"E4\",\"review_date\":\"junk\",\"manager_rating\":\"3\"}",
        "{\"_file\":\"a.csv\",\"_line\":6,\"_raw\":\"x\",\"_malformed\":\"expected 8 fields\"}",
        "{\"_file\":\"a.csv\",\"_line\":7,\"_raw\":\"x\",\"employee_id\":\"E5\",\"cycle\":\"2025-H1\",\"review_date\":\"2025-07-01\",\"manager_rating\":\"3\",\"promoted\":\"maybe\"}"),
        Columns.LINE);
    assertNull(r.get("2").getAs(Columns.REASON));
    assertEquals(true, r.get("2").getAs("promoted"));
    assertEquals(4.0, (Double) r.get("2").getAs("manager_rating"));
    assertEquals("bad_value", r.get("3").getAs(Columns.REASON));
    assertEquals("manager_rating 7 is outside 1–5", r.get("3").getAs(Columns.DETAIL));
    assertEquals("bad_value", r.get("4").getAs(Columns.REASON));
    assertEquals("review_date '2025-02-30' is not an ISO date YYYY-MM-DD", r.get("4").getAs(Columns.DETAIL));
    assertEquals("missing_field", r.get("5").getAs(Columns.REASON), "missing cycle wins over the bad review_date");
    assertEquals("required field cycle is missing", r.get("5").getAs(Columns.DETAIL));
    assertEquals("malformed", r.get("6").getAs(Columns.REASON));
    assertEquals("expected 8 fields", r.get("6").getAs(Columns.DETAIL));
    assertEquals("promoted 'maybe' is not a boolean (true/false, yes/no, 1/0)", r.get("7").getAs(Columns.DETAIL));
  }

  @Test
  void aCountTooLargeForItsStagedColumnIsABadValue() {
    // competency_gaps is staged as a 32-bit integer: 3000000000 failed the staging write, stopping the run.
    Map<String, Row> r = byKey(appraisals(
        "{\"_file\":\"a.csv\",\"_line\":2,\"_raw\":\"x\",\"employee_id\":\"E1\",\"cycle\":\"C\",\"review_date\":\"2025-07-01\",\"manager_rating\":\"4\",\"competency_gaps\":\"2147483647\"}",
        "{\"_file\":\"a.csv\",\"_line\":3,\"_raw\":\"x\",\"employee_id\":\"E2\",\"cycle\":\"C\",\"review_date\":\"2025-07-01\",\"manager_rating\":\"4\",\"competency_gaps\":\"3000000000\"}"),
        Columns.LINE);
    assertNull(r.get("2").getAs(Columns.REASON));
    assertEquals("bad_value", r.get("3").getAs(Columns.REASON));
    assertEquals("competency_gaps 3000000000 is outside 0–2147483647", r.get("3").getAs(Columns.DETAIL));
  }

  @Test
  void aRepeatedKeyIsADuplicateOfTheFirstValidRecordInFileThenLineOrder() {
    Dataset<Row> checked = appraisals(
        "{\"_file\":\"b.csv\",\"_line\":2,\"_raw\":\"b2\",\"employee_id\":\"E1\",\"cycle\":\"C\",\"review_date\":\"2025-07-01\",\"manager_rating\":\"3\"}",
        "{\"_file\":\"a.csv\",\"_line\":9,\"_raw\":\"a9\",\"employee_id\":\"E1\",\"cycle\":\"C\",\"review_date\":\"2025-07-01\",\"manager_rating\":\"4\"}",
        "{\"_file\":\"a.csv\",\"_line\":3,\"_raw\":\"a3\",\"employee_id\":\"E1\",\"cycle\":\"C\",\"review_date\":\"2025-07-01\",\"manager_rating\":\"99\"}");
    Map<String, Row> byRaw = byKey(checked, Columns.RAW);
    assertEquals("bad_value", byRaw.get("a3").getAs(Columns.REASON), "an invalid record is never the one kept");
    assertNull(byRaw.get("a9").getAs(Columns.REASON), "a.csv line 9 comes before b.csv line 2");
    assertEquals("duplicate", byRaw.get("b2").getAs(Columns.REASON));
    assertEquals("duplicate employee_id, cycle; the record kept is at a.csv line 9", byRaw.get("b2").getAs(Columns.DETAIL));
  }

  @Test
  void timestampsNeedAnOffsetAndEmailsAreUniqueRegardlessOfCase() {
    Dataset<Row> events = Validator.validate(rows(
        "_file STRING, _line LONG, _raw STRING, _malformed STRING, event_id STRING, source STRING, occurred_at STRING,"
            + " actor STRING, action STRING, thread_id STRING, parent_id STRING, target STRING, space STRING, size STRING",
        "{\"_file\":\"e\",\"_line\":1,\"_raw\":\"1\",\"event_id\":\"1\",\"source\":\"QA\",\"occurred_at\":\"2025-03-01T09:30:00+02:00\",\"actor\":\"u\",\"action\":\"Answer\"}",
        "{\"_file\":\"e\",\"_line\":2,\"_raw\":\"2\",\"event_id\":\"2\",\"source\":\"qa\",\"occurred_at\":\"2025-03-01T09:30:00\",\"actor\":\"u\",\"action\":\"answer\"}",
        "{\"_file\":\"e\",\"_line\":3,\"_raw\":\"3\",\"event_id\":\"3\",\"source\":\"qa\",\"occurred_at\":\"2025-03-01T09:30:00Z\",\"actor\":\"u\",\"action\":\"upvote\",\"size\":\"-1\"}",
        "{\"_file\":\"e\",\"_line\":4,\"_raw\":\"4\",\"event_id\":\"4\",\"source\":\"qa\",\"occurred_at\":\"2025-03-01T09:30:00.250+0130\",\"actor\":\"u\",\"action\":\"view\"}",
        "{\"_file\":\"e\",\"_line\":5,\"_raw\":\"5\",\"event_id\":\"5\",\"source\":\"qa\",\"occurred_at\":\"2025-03-01\",\"actor\":\"u\",\"action\":\"view\"}",
        "{\"_file\":\"e\",\"_line\":6,\"_raw\":\"6\",\"event_id\":\"6\",\"source\":\"qa\",\"occurred_at\":\"2025-03-01T09:30Z\",\"actor\":\"u\",\"action\":\"view\"}",
        "{\"_file\":\"e\",\"_line\":7,\"_raw\":\"7\",\"event_id\":\"7\",\"source\":\"qa\",\"occurred_at\":\"2025-03-01T09:30-01:00\",\"actor\":\"u\",\"action\":\"view\"}",
        "{\"_file\":\"e\",\"_line\":8,\"_raw\":\"8\",\"event_id\":\"8\",\"source\":\"qa\",\"occurred_at\":\"2025-03-01t09:30:00z\",\"actor\":\"u\",\"action\":\"view\"}"),
        EntitySpec.collaboration());
    Map<String, Row> r = byKey(events, Columns.RAW);
    assertNull(r.get("1").getAs(Columns.REASON));
    assertEquals(Timestamp.from(java.time.Instant.parse("2025-03-01T07:30:00Z")), r.get("1").getAs("occurred_at"));
    assertEquals("qa", r.get("1").getAs("source"));
    assertEquals("answer", r.get("1").getAs("action"));
    assertEquals("bad_value", r.get("2").getAs(Columns.REASON), "a time without an offset is ambiguous");
    assertEquals(Timestamp.from(java.time.Instant.parse("2025-03-01T08:00:00.250Z")), r.get("4").getAs("occurred_at"));
    assertEquals(Timestamp.from(java.time.Instant.parse("2025-03-01T00:00:00Z")), r.get("5").getAs("occurred_at"),
        "a date alone is the start of that day in UTC");
    assertEquals(Timestamp.from(java.time.Instant.parse("2025-03-01T09:30:00Z")), r.get("6").getAs("occurred_at"),
        "ISO 8601 lets a time omit its seconds");
    assertEquals(Timestamp.from(java.time.Instant.parse("2025-03-01T10:30:00Z")), r.get("7").getAs("occurred_at"));
    assertEquals(Timestamp.from(java.time.Instant.parse("2025-03-01T09:30:00Z")), r.get("8").getAs("occurred_at"),
        "RFC 3339 allows a lower-case t and z");
    assertEquals("action 'upvote' is not one of question, answer, accept, reply, post, comment, edit, react, view",
        r.get("3").getAs(Columns.DETAIL));

    Dataset<Row> people = Validator.validate(rows(
        "_file STRING, _line LONG, _raw STRING, _malformed STRING, employee_id STRING, email STRING, display_name STRING,"
            + " department STRING, team STRING, manager_id STRING, job_level STRING, location STRING, hire_date STRING,"
            + " termination_date STRING, hourly_cost STRING",
        "{\"_file\":\"d\",\"_line\":2,\"_raw\":\"2\",\"employee_id\":\"E1\",\"email\":\"Ann@X.com\",\"department\":\"D\",\"hire_date\":\"2020-01-01\"}",
        "{\"_file\":\"d\",\"_line\":3,\"_raw\":\"3\",\"employee_id\":\"E2\",\"email\":\"ann@x.com\",\"department\":\"D\",\"hire_date\":\"2020-01-01\"}",
        "{\"_file\":\"d\",\"_line\":4,\"_raw\":\"4\",\"employee_id\":\"E3\",\"email\":\"c@x.com\",\"department\":\"D\",\"hire_date\":\"2020-01-01\",\"termination_date\":\"2019-12-31\",\"job_level\":\"11\"}",
        "{\"_file\":\"d\",\"_line\":5,\"_raw\":\"5\",\"employee_id\":\"E4\",\"email\":\"d@x.com\",\"department\":\"D\",\"hire_date\":\"2020-01-01\",\"hourly_cost\":\"1e400\"}",
        "{\"_file\":\"d\",\"_line\":6,\"_raw\":\"6\",\"employee_id\":\"E5\",\"email\":\"e@x.com\",\"department\":\"D\",\"hire_date\":\"2020-01-01\",\"hourly_cost\":\"4.5e1\"}"),
        EntitySpec.directory());
    Map<String, Row> p = byKey(people, Columns.RAW);
    assertEquals("duplicate", p.get("3").getAs(Columns.REASON));
    assertEquals("bad_value", p.get("4").getAs(Columns.REASON));
    assertEquals("job_level 11 is outside 1–10", p.get("4").getAs(Columns.DETAIL), "fields are checked in contract order");
    assertEquals("bad_value", p.get("5").getAs(Columns.REASON), "1e400 is beyond a double: not a number to sum");
    assertEquals(45.0, (Double) p.get("6").getAs("hourly_cost"));
  }
}
