package io.bottomup.report;

/**
 * Formula injection (CSV/Excel injection): text a spreadsheet may evaluate when it starts with one of
 * {@code = + - @}, a tab or a carriage return. Such text is written as quote-prefixed text.
 */
public final class FormulaGuard {
  private FormulaGuard() {}

  public static boolean looksLikeFormula(String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    char c = value.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
  }
}
