package io.bottomup.report;

import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;

/**
 * How numbers and dates read in both reports, in the configured locale ({@code report.locale}): one
 * place, so the HTML and the workbook agree. An empty value (a suppressed or undefined figure) reads
 * as a dash, never as zero. A negative number has the minus sign U+2212 in every format (the locale's
 * own is a hyphen in most), and a percentage is spaced as the locale spaces it ("12%", "12 %").
 */
public final class Formats {
  public static final String EMPTY = "–";
  public static final char MINUS = '\u2212';
  private final Locale locale;
  private final String currency;

  public Formats(Locale locale, String currency) {
    this.locale = locale;
    this.currency = currency;
  }

  public Locale locale() {
    return locale;
  }

  public String percent(Double share) {
    if (share == null) {
      return EMPTY;
    }
    NumberFormat f = minus(NumberFormat.getPercentInstance(locale));
    f.setMaximumFractionDigits(0);
    return f.format(share);
  }

  /** A percentage given in percent (e.g. an ROI of −88.2) with its sign: "+12%", "−88%" (en), "−88 %" (de). */
  public String signedPercent(Double pct) {
    return pct == null ? EMPTY : (pct >= 0 ? "+" : String.valueOf(MINUS)) + percent(Math.abs(pct) / 100);
  }

  public String number(Number n) {
    return n == null ? EMPTY : minus(NumberFormat.getIntegerInstance(locale)).format(n.doubleValue());
  }

  /** A p-value: three decimals, or "<0.001" below that (never "0.000"). */
  public String pValue(Double p) {
    if (p == null) {
      return EMPTY;
    }
    return p < 0.001 ? "<" + decimal(0.001, 3) : decimal(p, 3);
  }

  public String decimal(Double d, int places) {
    if (d == null) {
      return EMPTY;
    }
    NumberFormat f = minus(NumberFormat.getNumberInstance(locale));
    f.setMinimumFractionDigits(places);
    f.setMaximumFractionDigits(places);
    return f.format(d);
  }

  /** A decimal with its sign, e.g. +0.15 or −0.03. */
  public String signed(Double d, int places) {
    return d == null ? EMPTY : (d >= 0 ? "+" : String.valueOf(MINUS)) + decimal(Math.abs(d), places);
  }

  public String money(Double amount) {
    if (amount == null) {
      return EMPTY;
    }
    NumberFormat f = minus(NumberFormat.getCurrencyInstance(locale));
    f.setCurrency(Currency.getInstance(currency));
    f.setMaximumFractionDigits(0);
    f.setMinimumFractionDigits(0);
    return f.format(amount);
  }

  /**
   * {@code f} writing U+2212 for a negative number, and rounding halves away from zero as Excel and
   * LibreOffice do (Java's default rounds them to even). A half that a double cannot hold exactly
   * (0.285) may still round apart: Excel rounds the 15-digit decimal, Java the binary value.
   */
  private static NumberFormat minus(NumberFormat f) {
    f.setRoundingMode(java.math.RoundingMode.HALF_UP);
    if (f instanceof java.text.DecimalFormat d) {
      java.text.DecimalFormatSymbols symbols = d.getDecimalFormatSymbols();
      symbols.setMinusSign(MINUS);
      d.setDecimalFormatSymbols(symbols);
    }
    return f;
  }

  public String date(LocalDate date) {
    return date == null ? EMPTY : date.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale));
  }

  /** The text a suppressed cell shows instead of its value. */
  public static String suppressed(String suppression, int minGroupSize) {
    return "complementary".equals(suppression)
        ? "suppressed to protect a smaller group"
        : "fewer than " + minGroupSize + " people";
  }
}
