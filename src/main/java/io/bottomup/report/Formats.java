package io.bottomup.report;

import java.text.NumberFormat;
import java.util.Locale;

/** How numbers read in both reports: one place, so the HTML and the workbook agree. */
public final class Formats {
  private static final Locale LOCALE = Locale.UK;

  private Formats() {}

  public static String percent(Double share) {
    return share == null ? "–" : String.format(LOCALE, "%.0f%%", share * 100);
  }

  public static String number(Number n) {
    return n == null ? "–" : NumberFormat.getIntegerInstance(LOCALE).format(Math.round(n.doubleValue()));
  }

  public static String decimal(Double d, int places) {
    return d == null ? "–" : String.format(LOCALE, "%,." + places + "f", d);
  }

  /** The text a suppressed cell shows instead of its value. */
  public static String suppressed(String suppression, int minGroupSize) {
    return "complementary".equals(suppression)
        ? "suppressed to protect a smaller group"
        : "fewer than " + minGroupSize + " people";
  }
}
