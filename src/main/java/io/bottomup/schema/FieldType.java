package io.bottomup.schema;

/** The value types of the input contract; each one knows how it is spelled in error details. */
public enum FieldType {
  TEXT("text"),
  INTEGER("whole number"),
  DECIMAL("number"),
  BOOLEAN("boolean (true/false, yes/no, 1/0)"),
  DATE("ISO date YYYY-MM-DD"),
  /**
   * ISO-8601 timestamp that carries an offset or {@code Z}; a date alone is the start of that day in
   * UTC (INPUTS.md), a date and time without an offset is ambiguous and refused.
   */
  TIMESTAMP("ISO-8601 timestamp with offset, e.g. 2025-03-01T09:30:00Z"),
  /** ISO date (start of that day in UTC) or ISO-8601 timestamp. */
  DATE_OR_TIMESTAMP("ISO date or timestamp"),
  ENUM("one of the allowed values");

  private final String description;

  FieldType(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
