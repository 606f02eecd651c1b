package io.bottomup.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;

import io.bottomup.schema.Columns;
import io.bottomup.schema.EntitySpec;
import io.bottomup.schema.Field;
import io.bottomup.schema.FieldType;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Applies an entity's contract ({@link EntitySpec}) to landing records in one pass: every text field
 * becomes its typed value, and {@code _reason}/{@code _detail} hold the first fault in the precedence
 * of {@link Reason} (malformed, missing field, bad value, duplicate), or null for a valid record.
 * Identity resolution, the last check, needs the directory and is done by the ingest stage.
 * Bad values never throw under ANSI mode: every parse is a {@code try_} function guarded by a pattern.
 */
public final class Validator {
  private static final String INTEGER_PATTERN = "^[+-]?[0-9]{1,18}$";
  private static final String DECIMAL_PATTERN = "^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$";
  private static final String DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
  private static final String TIME_PART = "[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?";
  private static final String OFFSET = "(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)";
  private static final String TIMESTAMP_WITH_OFFSET = "^[0-9]{4}-[0-9]{2}-[0-9]{2}" + TIME_PART + OFFSET + "$";
  private static final String TIMESTAMP_ANY = "^[0-9]{4}-[0-9]{2}-[0-9]{2}" + TIME_PART + OFFSET + "?$";
  private static final int DETAIL_VALUE_CHARS = 80;
  /** Prefix of the typed twin of a text field while both are needed. */
  private static final String TYPED = "_typed_";

  private Validator() {}

  /** A fault a record may have: when {@code failed} holds, the record gets {@code reason}. */
  private record Check(Reason reason, Column failed, Column detail) {}

  /** The contract's checks, duplicates included (their records are read twice: see {@link Duplicates}). */
  public static Dataset<Row> validate(Dataset<Row> records, EntitySpec spec) {
    return validate(records, spec, null);
  }

  /** As {@link #validate(Dataset, EntitySpec)}, for a source with its own {@code date_format} (or null). */
  public static Dataset<Row> validate(Dataset<Row> records, EntitySpec spec, String dateFormat) {
    Dataset<Row> checked = checkFields(records, spec, dateFormat);
    return Duplicates.markAll(checked, spec.uniqueKeys(), col(Columns.REASON).isNull(), col(Columns.REASON).isNull());
  }

  /**
   * Every check but duplicates: for records read once and cached before {@link Duplicates#mark} (the
   * collaboration events, see {@code IngestStage}).
   */
  public static Dataset<Row> checkFields(Dataset<Row> records, EntitySpec spec) {
    return checkFields(records, spec, null);
  }

  /**
   * As {@link #checkFields(Dataset, EntitySpec)}, for a source with its own {@code date_format} (or null):
   * a date that fits neither it nor ISO (mapped dates that fit it are ISO by now, {@link MappedColumns})
   * is quarantined with a detail that names the pattern too, not ISO alone, which the export never used.
   */
  public static Dataset<Row> checkFields(Dataset<Row> records, EntitySpec spec, String dateFormat) {
    // One projection types every field (kept beside its text for the error details), one computes
    // the first fault, one renames: three flat plans, not a chain of withColumn calls that Spark
    // would re-analyse one by one.
    List<Column> withTyped = new ArrayList<>(List.of(col("*")));
    for (Field f : spec.fields()) {
      Column value = typed(f);
      withTyped.add((spec.caseInsensitive().contains(f.name()) ? lower(value) : value).as(TYPED + f.name()));
    }
    List<Check> checks = new ArrayList<>();
    // An adapter's own verdict (LandingRecord.rejected) comes first, then syntax, then the fields.
    Column adapterRejected = col(Columns.MALFORMED).startsWith(LandingRecord.REJECTED_MARK);
    Column adapterDetail = org.apache.spark.sql.functions.substring_index(col(Columns.MALFORMED), LandingRecord.REJECTED_MARK, -1);
    for (Reason r : List.of(Reason.BAD_VALUE, Reason.MISSING_FIELD)) {
      checks.add(new Check(r, adapterRejected.and(col(Columns.MALFORMED).startsWith(
          LandingRecord.REJECTED_MARK + r.code() + LandingRecord.REJECTED_MARK)), adapterDetail));
    }
    checks.add(new Check(Reason.MALFORMED, col(Columns.MALFORMED).isNotNull().and(org.apache.spark.sql.functions.not(adapterRejected)),
        col(Columns.MALFORMED)));
    for (Field f : spec.fields()) {
      if (f.required()) {
        checks.add(new Check(Reason.MISSING_FIELD, col(f.name()).isNull(), lit("required field " + f.name() + " is missing")));
      }
    }
    for (Field f : spec.fields()) {
      checks.addAll(valueChecks(f, dateFormat));
    }
    for (EntitySpec.Ordering o : spec.orderings()) {
      checks.add(new Check(Reason.BAD_VALUE,
          coalesce(col(TYPED + o.later()).lt(col(TYPED + o.earlier())), lit(false)),
          concat(lit(o.later() + " "), col(o.later()), lit(" is before " + o.earlier() + " "), col(o.earlier()))));
    }
    // An adapter's duplicate (a key repeated within one line, which file and line cannot tell apart) comes
    // after the field checks, in the precedence of reasons.
    checks.add(new Check(Reason.DUPLICATE, adapterRejected.and(col(Columns.MALFORMED).startsWith(
        LandingRecord.REJECTED_MARK + Reason.DUPLICATE.code() + LandingRecord.REJECTED_MARK)), adapterDetail));
    List<Column> result = new ArrayList<>(List.of(col(Columns.FILE), col(Columns.LINE), col(Columns.RAW), col(Columns.MALFORMED)));
    for (Field f : spec.fields()) {
      result.add(col(TYPED + f.name()).as(f.name()));
    }
    result.add(firstOf(checks, c -> lit(c.reason().code())).as(Columns.REASON));
    result.add(firstOf(checks, Check::detail).as(Columns.DETAIL));
    return records.select(withTyped.toArray(Column[]::new)).select(result.toArray(Column[]::new));
  }

  private static Column firstOf(List<Check> checks, java.util.function.Function<Check, Column> value) {
    Column[] options = checks.stream().map(c -> when(c.failed(), value.apply(c))).toArray(Column[]::new);
    return coalesce(options);
  }

  private static List<Check> valueChecks(Field f, String dateFormat) {
    Column text = col(f.name());
    Column value = col(TYPED + f.name());
    Column shown = substring(text, 1, DETAIL_VALUE_CHARS);
    List<Check> checks = new ArrayList<>();
    if (f.type() == FieldType.ENUM) {
      checks.add(new Check(Reason.BAD_VALUE, text.isNotNull().and(value.isNull()),
          concat(lit(f.name() + " '"), shown, lit("' is not one of " + String.join(", ", f.allowed())))));
    } else if (f.type() != FieldType.TEXT) {
      boolean date = f.type() == FieldType.DATE || f.type() == FieldType.TIMESTAMP || f.type() == FieldType.DATE_OR_TIMESTAMP;
      String pattern = date && dateFormat != null ? ", nor a date of this source's date_format " + dateFormat : "";
      checks.add(new Check(Reason.BAD_VALUE, text.isNotNull().and(value.isNull()), concat(lit(f.name() + " '"), shown,
          lit("' is not " + (f.type().description().startsWith("ISO") ? "an " : "a ") + f.type().description() + pattern))));
    }
    if (f.min() != null) {
      String range = f.max() == null ? "below " + fmt(f.min()) : "outside " + fmt(f.min()) + "–" + fmt(f.max());
      Column outside = value.lt(lit(f.min()));
      if (f.max() != null) {
        outside = outside.or(value.gt(lit(f.max())));
      }
      checks.add(new Check(Reason.BAD_VALUE, coalesce(outside, lit(false)),
          concat(lit(f.name() + " "), shown, lit(" is " + range))));
    }
    return checks;
  }

  /** The typed value of a field's text, or null when it is missing or does not parse. */
  static Column typed(Field f) {
    Column text = col(f.name());
    return switch (f.type()) {
      case TEXT -> text;
      case INTEGER -> when(text.rlike(INTEGER_PATTERN), text.try_cast("long"));
      // An exponent beyond a double's range (1e400) would be Infinity: not a number a mart can sum.
      case DECIMAL -> {
        Column number = text.try_cast("double");
        yield when(text.rlike(DECIMAL_PATTERN).and(abs(number).leq(lit(Double.MAX_VALUE))), number);
      }
      case BOOLEAN -> when(lower(text).isin("true", "yes", "1"), lit(true))
          .when(lower(text).isin("false", "no", "0"), lit(false));
      case DATE -> when(text.rlike(DATE_PATTERN), try_to_timestamp(text, lit("yyyy-MM-dd")).cast("date"));
      case TIMESTAMP -> when(text.rlike(DATE_PATTERN), try_to_timestamp(text, lit("yyyy-MM-dd")))
          .when(text.rlike(TIMESTAMP_WITH_OFFSET), withSeconds(text).try_cast("timestamp"));
      case DATE_OR_TIMESTAMP -> when(text.rlike(DATE_PATTERN), try_to_timestamp(text, lit("yyyy-MM-dd")))
          .when(text.rlike(TIMESTAMP_ANY), withSeconds(text).try_cast("timestamp"));
      case ENUM -> when(lower(text).isin(f.allowed().toArray()), lower(text));
    };
  }

  /**
   * ISO 8601 lets a time omit its seconds ({@code 09:30Z}); Spark's cast needs them. RFC 3339 allows a
   * lower-case {@code t} and {@code z}, which the cast does not read.
   */
  private static Column withSeconds(Column text) {
    return regexp_replace(org.apache.spark.sql.functions.upper(text),
        "^([0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2})(?=[Z+-]|$)", "$1:00");
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
