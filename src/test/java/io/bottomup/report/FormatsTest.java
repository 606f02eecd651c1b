package io.bottomup.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Numbers as the reports print them: one minus sign (U+2212) everywhere, percent spaced as the locale spaces it. */
class FormatsTest {
  private static final Formats EN = new Formats(Locale.UK, "EUR");
  private static final Formats DE = new Formats(Locale.GERMANY, "EUR");

  @Test
  void negativeNumbersHaveTheSameMinusSignInEveryFormat() {
    assertEquals("\u22121,235", EN.number(-1234.6));
    assertEquals("\u22120.25", EN.decimal(-0.25, 2));
    assertEquals("\u22120.25", EN.signed(-0.25, 2));
    assertEquals("+0.25", EN.signed(0.25, 2));
    assertEquals("\u22125%", EN.percent(-0.05));
    assertEquals("\u2212\u20ac1,234", EN.money(-1234.0));
    assertEquals("\u22121.235", DE.number(-1234.6));
  }

  @Test
  void aSignedPercentageIsSpacedAsTheLocaleSpacesPercentages() {
    assertEquals("\u221288%", EN.signedPercent(-88.2));
    assertEquals("+12%", EN.signedPercent(12.4));
    assertEquals("12%", EN.percent(0.124));
    assertEquals("\u221288\u00a0%", DE.signedPercent(-88.2));
    assertEquals("12\u00a0%", DE.percent(0.124), "as the German tiles print a share");
    assertEquals(Formats.EMPTY, DE.signedPercent(null));
  }

  /** As Excel and LibreOffice round the workbook's cells: a half away from zero, never to even. */
  @Test
  void halvesRoundAwayFromZeroAsInTheWorkbook() {
    assertEquals("6.3", EN.decimal(6.25, 1), "Java's default would say 6.2");
    assertEquals("7", EN.number(6.5));
    assertEquals("\u22127", EN.number(-6.5));
    assertEquals("4.3", EN.decimal(4.25, 1));
  }

  @Test
  void aTinyPValueIsNotZero() {
    assertEquals("<0.001", EN.pValue(0.00004));
    assertEquals("0.001", EN.pValue(0.001));
    assertEquals("0.060", EN.pValue(0.0603));
    assertEquals(Formats.EMPTY, EN.pValue(null));
  }
}
