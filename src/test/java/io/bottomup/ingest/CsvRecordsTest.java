package io.bottomup.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.BottomupException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {
  private static final List<String> FIELDS = List.of("employee_id", "email", "department");

  private static List<LandingRecord> parse(String text) {
    List<LandingRecord> out = new ArrayList<>();
    new CsvRecords(new StringReader(text), "d.csv", FIELDS, List.of("employee_id", "email")).forEachRemaining(out::add);
    return out;
  }

  @Test
  void matchesHeadersCaseInsensitivelyInAnyOrderAndIgnoresUnknownColumns() {
    List<LandingRecord> r = parse("\uFEFF Email ,EMPLOYEE_ID,shoe_size\r\na@x.com , E1 ,42\r\n");
    assertEquals(1, r.size());
    assertArrayEquals(new String[] {"E1", "a@x.com", null}, r.get(0).values());
    assertEquals(2, r.get(0).line());
  }

  @Test
  void quotedFieldsMaySpanLinesAndLineNumbersFollowTheFile() {
    List<LandingRecord> r = parse("employee_id,email,department\nE1,a@x.com,\"Research,\nand \"\"Development\"\"\"\nE2,b@x.com,Sales\n");
    assertEquals(2, r.size());
    assertEquals("Research,\nand \"Development\"", r.get(0).values()[2]);
    assertEquals(2, r.get(0).line());
    assertEquals(4, r.get(1).line());
  }

  @Test
  void wrongFieldCountAndBrokenQuotingAreMalformedAndParsingResumes() {
    List<LandingRecord> r = parse("employee_id,email,department\nE1,a@x.com\nE2,\"b@x.com\"x,Sales\nE3,c\"@x.com,Ops\nE4,d@x.com,Ops\n");
    assertEquals(4, r.size());
    assertEquals("expected 3 fields as in the header, found 2", r.get(0).malformed());
    assertEquals("text after a closing quote in field 2", r.get(1).malformed());
    assertEquals("a quote inside an unquoted field 2", r.get(2).malformed());
    assertNull(r.get(3).malformed());
    assertEquals(5, r.get(3).line());
    assertEquals("E2,\"b@x.com\"x,Sales", r.get(1).raw());
  }

  @Test
  void anUnclosedQuoteIsOneMalformedRecordToTheEnd() {
    List<LandingRecord> r = parse("employee_id,email,department\nE1,\"a@x.com,Sales\nE2,b@x.com,Ops\n");
    assertEquals(1, r.size());
    assertTrue(r.get(0).malformed().contains("not closed"));
  }

  @Test
  void blankLinesAreNotRecordsAndEmptyValuesAreMissing() {
    List<LandingRecord> r = parse("employee_id,email,department\n\nE1,a@x.com,  \n\n");
    assertEquals(1, r.size());
    assertNull(r.get(0).values()[2]);
  }

  /** INPUTS.md: a missing required field makes the record missing_field (the validator's), not the file refused. */
  @Test
  void aHeaderWithoutARequiredColumnGivesRecordsWithoutThatField() {
    List<LandingRecord> r = parse("employee_id,department\nE1,Sales\n");
    assertEquals(1, r.size());
    assertArrayEquals(new String[] {"E1", null, "Sales"}, r.get(0).values());
  }

  /** A mapped export whose configured column is not in the header has a wrong column map: bad configuration. */
  @Test
  void aMappedColumnMissingFromTheHeaderIsRefusedNamingIt() {
    BottomupException e = assertThrows(BottomupException.class, () -> new CsvRecords(
        new StringReader("Person,Dept\nE1,Sales\n"), "d.csv", FIELDS, List.of("employee_id", "email"),
        java.util.Map.of("employee_id", "Person", "email", "Mail"), ',').forEachRemaining(x -> { }));
    assertEquals(BottomupException.EXIT_REFUSED, e.exitCode());
    assertTrue(e.getMessage().contains("d.csv line 1: the header lacks the configured column(s) Mail (for email)"), e.getMessage());

    // An optional field mapped to a column the file lacks: without the refusal it was empty on every record.
    e = assertThrows(BottomupException.class, () -> new CsvRecords(
        new StringReader("Person,Mail\nE1,e1@x.com\n"), "d.csv", FIELDS, List.of("employee_id", "email"),
        java.util.Map.of("employee_id", "Person", "email", "Mail", "department", "Abteilung"), ','));
    assertTrue(e.getMessage().contains("the header lacks the configured column(s) Abteilung (for department)"), e.getMessage());
  }

  /** A column the entity reads, named twice in the header, leaves its value in doubt: the file is refused. */
  @Test
  void aColumnNamedTwiceIsRefusedNamingItsPlaces() {
    BottomupException e = assertThrows(BottomupException.class, () -> new CsvRecords(
        new StringReader("employee_id,email,Email ,department\nE1,a@x.com,b@x.com,Sales\n"), "d.csv", FIELDS,
        List.of("employee_id", "email")));
    assertEquals(BottomupException.EXIT_REFUSED, e.exitCode());
    assertEquals("file d.csv line 1: the header names column email 2 times (columns 2, 3): which one holds it cannot be known",
        e.getMessage());
    List<LandingRecord> out = new ArrayList<>();
    new CsvRecords(new StringReader("employee_id,note,email,NOTE,\nE1,x,a@x.com,y,\n"), "d.csv", FIELDS,
        List.of("employee_id", "email")).forEachRemaining(out::add);
    assertEquals("a@x.com", out.get(0).values()[1], "a repeated or empty column that is not read is harmless");
  }

  /** A mapped export may declare its delimiter; a quoted field keeps it; read with a comma, the header says what to set. */
  @Test
  void aDeclaredDelimiterSeparatesTheFields() {
    java.util.Map<String, String> columns = java.util.Map.of("employee_id", "Person", "email", "Mail");
    List<LandingRecord> out = new ArrayList<>();
    new CsvRecords(new StringReader("Person;Mail;Department\nE1;e1@x.com;\"Sales; North\"\n"), "d.csv", FIELDS,
        List.of("employee_id", "email"), columns, ';').forEachRemaining(out::add);
    assertEquals(1, out.size());
    assertArrayEquals(new String[] {"E1", "e1@x.com", "Sales; North"}, out.get(0).values());
    BottomupException e = assertThrows(BottomupException.class, () -> new CsvRecords(
        new StringReader("Person;Mail\nE1;e1@x.com\n"), "d.csv", FIELDS, List.of("employee_id", "email"), columns, ','));
    assertTrue(e.getMessage().contains("found Person;Mail (one column only: the fields are not separated by ','; set the"
        + " source's options.delimiter to the file's separator)"), e.getMessage());
    e = assertThrows(BottomupException.class, () -> new CsvRecords(
        new StringReader("Person,Mail\nE1,e1@x.com\n"), "d.csv", FIELDS, List.of("employee_id", "email"), columns, ';'));
    assertTrue(e.getMessage().contains("the fields are not separated by ';'"), e.getMessage());
  }

  /** An empty sheet saved as "CSV UTF-8" holds only a byte-order mark: no records, as a 0-byte file. */
  @Test
  void aFileOfOnlyAByteOrderMarkHoldsNoRecords() {
    assertEquals(List.of(), parse("\uFEFF"));
    assertEquals(List.of(), parse(""));
  }

  /** INPUTS.md: every value is trimmed of surrounding white space, the no-break spaces included. */
  @Test
  void valuesAreTrimmedOfNoBreakSpacesToo() {
    List<LandingRecord> r = parse("employee_id,email,department\nE1\u00A0,\u202Fa@x.com\t,\u00A0\n");
    assertArrayEquals(new String[] {"E1", "a@x.com", null}, r.get(0).values());
  }
}
