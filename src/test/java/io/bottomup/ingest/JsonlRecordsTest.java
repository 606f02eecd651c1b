package io.bottomup.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonlRecordsTest {
  private static final List<String> FIELDS = List.of("event_id", "actor", "size");

  private static List<LandingRecord> parse(String text) {
    List<LandingRecord> out = new ArrayList<>();
    new JsonlRecords(new BufferedReader(new StringReader(text)), "e.jsonl", FIELDS, List.of("event_id")).forEachRemaining(out::add);
    return out;
  }

  @Test
  void readsObjectsWithCaseInsensitiveKeysAndScalarsAsText() {
    List<LandingRecord> r = parse("{\"Event_ID\": \"e1\", \"actor\": \" u1 \", \"size\": 120, \"extra\": true}\n");
    assertArrayEquals(new String[] {"e1", "u1", "120"}, r.get(0).values());
    assertNull(r.get(0).malformed());
  }

  /** An object or array where a value is expected has the wrong type: bad_value, with the field named. */
  @Test
  void anObjectWhereAValueIsExpectedIsABadValue() {
    List<LandingRecord> r = parse("{\"event_id\":\"e1\",\"actor\":{\"id\":\"U1\"}}\n{\"event_id\":\"e2\",\"extra\":[1]}\n");
    assertEquals(LandingRecord.REJECTED_MARK + "bad_value" + LandingRecord.REJECTED_MARK
        + "actor is a JSON object, not a value: {\"id\":\"U1\"}", r.get(0).malformed());
    assertNull(r.get(1).malformed(), "an array in a field the entity does not read is ignored");
  }

  /**
   * INPUTS.md: a record with several faults gets the first reason in table order, and missing_field
   * comes before bad_value: a record without its required event_id is left to the validator to find
   * missing, although its actor is an object.
   */
  @Test
  void aMissingRequiredFieldComesBeforeAnObjectValue() {
    List<LandingRecord> r = parse("{\"actor\":{\"id\":\"U1\"}}\n");
    assertNull(r.get(0).malformed());
    assertNull(r.get(0).values()[0]);
  }

  @Test
  void blankLinesAreSkippedButCountInLineNumbers() {
    List<LandingRecord> r = parse("\n{\"event_id\":\"e1\"}\n   \n{\"event_id\":\"e2\",\"actor\":null,\"size\":\"\"}\n");
    assertEquals(2, r.size());
    assertEquals(2, r.get(0).line());
    assertEquals(4, r.get(1).line());
    assertNull(r.get(1).values()[1]);
    assertNull(r.get(1).values()[2]);
  }

  @Test
  void whatOnlyALenientParserAcceptsIsMalformed() {
    List<LandingRecord> r = parse(String.join("\n",
        "{'event_id': 'e1'}",
        "[{\"event_id\": \"e2\"}]",
        "{\"event_id\": \"e3\"} trailing",
        "{\"event_id\": \"e4\",}",
        "{\"event_id\": \"e5\""));
    assertEquals(5, r.size());
    r.forEach(rec -> assertNotNull(rec.malformed(), rec.toString()));
    assertEquals("a line must hold one JSON object", r.get(1).malformed());
    assertEquals("[{\"event_id\": \"e2\"}]", r.get(1).raw());
  }

  /** A field given twice leaves its value in doubt: the line is malformed, whichever spelling repeats it. */
  @Test
  void aFieldGivenTwiceIsMalformed() {
    List<LandingRecord> r = parse(String.join("\n",
        "{\"event_id\": \"e1\", \"event_id\": \"e1b\"}",
        "{\"event_id\": \"e2\", \"Event_ID\": \"e2b\"}",
        "{\"event_id\": \"e3\", \"extra\": 1, \"extra\": 2}"));
    assertTrue(r.get(0).malformed().contains("Duplicate field 'event_id'"), r.get(0).malformed());
    assertEquals("field event_id is given twice, as \"event_id\" and as \"Event_ID\"", r.get(1).malformed());
    assertNotNull(r.get(2).malformed(), "strict JSON: a repeated name is refused even in a field not read");
  }

  @Test
  void findsTheByteOffsetOfTheFirstByteThatIsNotUtf8() throws Exception {
    byte[] bytes = {'a', 'b', (byte) 0xC3, (byte) 0xA9, 'c', (byte) 0xFF, 'd'};
    assertEquals(5, LandingReader.firstInvalidUtf8Offset(new ByteArrayInputStream(bytes)));
    assertEquals(-1, LandingReader.firstInvalidUtf8Offset(new ByteArrayInputStream("ok é".getBytes(StandardCharsets.UTF_8))));
  }
}
