package io.bottomup.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How many lines a wrapped header takes, which sets its row's height. */
class WorkbookLayoutTest {
  @Test
  void aHeaderWrapsAtSpacesAndALongWordIsBroken() {
    assertEquals(1, WorkbookReport.wrappedLines("People", 10));
    assertEquals(1, WorkbookReport.wrappedLines("Median hours", 12), "exactly the width");
    // "Median hours to" fills 15 of 20; "first" would make 21: a second line, "first answer".
    assertEquals(2, WorkbookReport.wrappedLines("Median hours to first answer", 20));
    // By characters alone 28 ÷ 14 is 2; at spaces it is "Median hours" / "to first" / "answer".
    assertEquals(3, WorkbookReport.wrappedLines("Median hours to first answer", 14));
    assertEquals(3, WorkbookReport.wrappedLines("abcdefghijk", 5), "five, five and one");
  }
}
