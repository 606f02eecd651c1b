package io.bottomup.ingest;

import java.util.Arrays;

/**
 * One record as read from a landing file, before any validation: where it came from, its raw text,
 * why it could not be parsed (or {@code null}), and its values in the order of the entity's fields
 * (trimmed; empty is {@code null}).
 */
public record LandingRecord(String file, long line, String raw, String malformed, String[] values) {
  /** Raw text kept in quarantine is capped so that one runaway record cannot blow up a run. */
  public static final int RAW_MAX_CHARS = 10_000;

  public static LandingRecord parsed(String file, long line, String raw, String[] values) {
    return new LandingRecord(file, line, cap(raw), null, values);
  }

  /**
   * A record an adapter has already found bad for a reason other than its syntax (e.g. it points at
   * a post absent from the export): it carries its values, and {@link Validator} quarantines it
   * with that reason before any other check. Kept in the {@code _malformed} column behind a marker.
   */
  public static LandingRecord rejected(String file, long line, String raw, Reason reason, String detail, String[] values) {
    return new LandingRecord(file, line, cap(raw), REJECTED_MARK + reason.code() + REJECTED_MARK + detail, values);
  }

  /** Separates an adapter's reason code from its detail in the {@code _malformed} column. */
  public static final String REJECTED_MARK = "\u001f";

  public static LandingRecord malformed(String file, long line, String raw, String why, int fieldCount) {
    return new LandingRecord(file, line, cap(raw), why, new String[fieldCount]);
  }

  /**
   * A value trimmed of surrounding white space (INPUTS.md), null when nothing is left. White space is
   * Java's, plus the Unicode space separators it leaves out (the no-break spaces U+00A0, U+2007,
   * U+202F that spreadsheets and HR systems put after an id) and a stray byte-order mark (U+FEFF).
   */
  public static String clean(String value) {
    if (value == null) {
      return null;
    }
    int start = 0;
    int end = value.length();
    while (start < end && space(value.charAt(start))) {
      start++;
    }
    while (end > start && space(value.charAt(end - 1))) {
      end--;
    }
    return start == end ? null : value.substring(start, end);
  }

  private static boolean space(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
  }

  private static String cap(String raw) {
    return raw.length() <= RAW_MAX_CHARS ? raw : raw.substring(0, RAW_MAX_CHARS) + "…";
  }

  @Override
  public String toString() {
    return file + ":" + line + " " + (malformed != null ? "malformed(" + malformed + ")" : Arrays.toString(values));
  }
}
