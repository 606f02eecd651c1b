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

  static String clean(String value) {
    if (value == null) {
      return null;
    }
    String t = value.strip();
    return t.isEmpty() ? null : t;
  }

  private static String cap(String raw) {
    return raw.length() <= RAW_MAX_CHARS ? raw : raw.substring(0, RAW_MAX_CHARS) + "…";
  }

  @Override
  public String toString() {
    return file + ":" + line + " " + (malformed != null ? "malformed(" + malformed + ")" : Arrays.toString(values));
  }
}
