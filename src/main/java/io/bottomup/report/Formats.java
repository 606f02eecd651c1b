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
 * as a dash, never as zero.
 */
public final class Formats {
  public static final String EMPTY = "–";
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
    NumberFormat f = NumberFormat.getPercentInstance(locale);
    f.setMaximumFractionDigits(0);
    return f.format(share);
  }

  public String number(Number n) {
    return n == null ? EMPTY : NumberFormat.getIntegerInstance(locale).format(Math.round(n.doubleValue()));
  }

  public String decimal(Double d, int places) {
    if (d == null) {
      return EMPTY;
    }
    NumberFormat f = NumberFormat.getNumberInstance(locale);
    f.setMinimumFractionDigits(places);
    f.setMaximumFractionDigits(places);
    return f.format(d);
  }

  /** A decimal with its sign, e.g. +0.15 or −0.03. */
  public String signed(Double d, int places) {
    return d == null ? EMPTY : (d >= 0 ? "+" : "−") + decimal(Math.abs(d), places);
  }

  public String money(Double amount) {
    if (amount == null) {
      return EMPTY;
    }
    NumberFormat f = NumberFormat.getCurrencyInstance(locale);
    f.setCurrency(Currency.getInstance(currency));
    f.setMaximumFractionDigits(0);
    f.setMinimumFractionDigits(0);
    return f.format(amount);
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
