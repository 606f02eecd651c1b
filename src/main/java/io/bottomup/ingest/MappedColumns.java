package io.bottomup.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;

import io.bottomup.BottomupException;
import io.bottomup.config.SourceConfig;
import io.bottomup.schema.EntitySpec;
import io.bottomup.schema.Field;
import io.bottomup.schema.FieldType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How an export with its own headers and spellings maps onto an entity (SOURCES.md, mapped CSV, and
 * the same for xlsx), from a source's {@code options}:
 * <pre>
 * options:
 *   columns: {employee_id: Personnel No, hire_date: Start date}   # field: the export's column
 *   values: {promoted: {"Yes": "true", "No": "false"}}             # field: {export value: canonical}
 *   date_format: dd/MM/yyyy                                        # pattern of every date and time field
 *   delimiter: ";"                                                 # csv only: what separates fields (default ",")
 *   decimal_separator: ","                                         # csv only: numbers written 1.234,5 (default ".")
 *   sheet: Appraisals                                              # xlsx only: the sheet to read
 * </pre>
 * Values are matched case-insensitively after trimming; a value that is not in the map, or a date
 * that does not fit the pattern, is passed on as it is, so validation quarantines it with its text.
 */
public record MappedColumns(Map<String, String> columns, Map<String, Map<String, String>> values, String dateFormat,
    char delimiter, boolean decimalComma) {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MappedColumns.class);
  /**
   * Files whose incomplete header this run has already logged ({@link #newRun}). Tasks read files in the
   * driver's JVM locally; on a cluster each executor logs a file once in its life.
   */
  private static final Set<String> HEADER_WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** A new ingest begins: its files' incomplete headers are logged again (a backfill runs many in one JVM). */
  public static void newRun() {
    HEADER_WARNED.clear();
  }

  private static final Set<String> KEYS = Set.of("columns", "values", "date_format", "sheet", "delimiter", "decimal_separator");

  static MappedColumns of(SourceConfig source, EntitySpec spec) {
    String at = "sources." + source.name() + ".options";
    for (String key : source.options().keySet()) {
      if (!KEYS.contains(key) || ("sheet".equals(key) && !SourceConfig.XLSX.equals(source.format()))
          || (List.of("delimiter", "decimal_separator").contains(key) && !SourceConfig.CSV.equals(source.format()))) {
        throw bad(at + "." + key, "is not an option of format " + source.format());
      }
    }
    Map<String, String> columns = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : map(source.options().get("columns"), at + ".columns").entrySet()) {
      field(spec, e.getKey(), at + ".columns");
      if (!(e.getValue() instanceof String)) {
        throw bad(at + ".columns." + e.getKey(), "is read by YAML as " + describe(e.getValue())
            + ", not as a column name: write the name in quotes");
      }
      columns.put(e.getKey(), (String) e.getValue());
    }
    Map<String, Map<String, String>> values = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : map(source.options().get("values"), at + ".values").entrySet()) {
      field(spec, e.getKey(), at + ".values");
      Map<String, String> spellings = new LinkedHashMap<>();
      map(e.getValue(), at + ".values." + e.getKey()).forEach((k, v) -> spellings.put(k, String.valueOf(v)));
      values.put(e.getKey(), spellings);
    }
    Object pattern = source.options().get("date_format");
    if (pattern != null) {
      try {
        java.time.format.DateTimeFormatter.ofPattern(pattern.toString());
      } catch (IllegalArgumentException e) {
        throw bad(at + ".date_format", "is not a date pattern: " + e.getMessage());
      }
      checkDatePattern(pattern.toString(), at + ".date_format");
    }
    char delimiter = delimiter(source.options().get("delimiter"), at + ".delimiter");
    boolean decimalComma = decimalComma(source.options().get("decimal_separator"), at + ".decimal_separator");
    if (decimalComma && delimiter == ',') {
      throw bad(at + ".decimal_separator", "cannot be \",\" while fields are separated by \",\": set options.delimiter to the"
          + " file's separator (e.g. \";\")");
    }
    return new MappedColumns(columns, values, pattern == null ? null : pattern.toString(), delimiter, decimalComma);
  }

  /** One character other than a quote or a line break; {@code tab} names the tab. */
  private static char delimiter(Object v, String at) {
    if (v == null) {
      return ',';
    }
    String d = "tab".equalsIgnoreCase(String.valueOf(v).strip()) ? "\t" : String.valueOf(v);
    if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) == '\r' || d.charAt(0) == '\n') {
      throw bad(at, "must be one character other than a quote or a line break (e.g. \";\", \"|\" or tab), got '" + v + "'");
    }
    return d.charAt(0);
  }

  private static boolean decimalComma(Object v, String at) {
    if (v == null || ".".equals(String.valueOf(v))) {
      return false;
    }
    if (",".equals(String.valueOf(v))) {
      return true;
    }
    throw bad(at, "must be \".\" or \",\", got '" + v + "'");
  }

  /** The canonical spellings and date formats, applied to landing rows of the entity. */
  Dataset<Row> apply(Dataset<Row> rows, EntitySpec spec) {
    Dataset<Row> out = rows;
    for (Map.Entry<String, Map<String, String>> e : values.entrySet()) {
      Column c = col(e.getKey());
      Column mapped = null;
      for (Map.Entry<String, String> v : e.getValue().entrySet()) {
        Column match = lower(trim(c)).equalTo(v.getKey().strip().toLowerCase(Locale.ROOT));
        mapped = mapped == null ? when(match, lit(v.getValue())) : mapped.when(match, lit(v.getValue()));
      }
      if (mapped != null) {
        out = out.withColumn(e.getKey(), mapped.otherwise(c));
      }
    }
    if (decimalComma) {
      // A number 1.234,5 or 4,5 becomes 1234.5 or 4.5, a whole number 1.234 becomes 1234; anything else is
      // passed on as written (a whole number written 4,5 is quarantined with that text).
      for (Field f : spec.fields()) {
        if (f.type() == FieldType.DECIMAL || f.type() == FieldType.INTEGER) {
          Column v = trim(col(f.name()));
          Column written = v.rlike(f.type() == FieldType.DECIMAL ? "^[+-]?(\\d{1,3}(\\.\\d{3})+|\\d+)(,\\d+)?$"
              : "^[+-]?\\d{1,3}(\\.\\d{3})+$");
          out = out.withColumn(f.name(), when(written, org.apache.spark.sql.functions.regexp_replace(
              org.apache.spark.sql.functions.regexp_replace(v, "\\.", ""), ",", ".")).otherwise(col(f.name())));
        }
      }
    }
    if (dateFormat != null) {
      for (Field f : spec.fields()) {
        if (f.type() == FieldType.DATE || f.type() == FieldType.TIMESTAMP || f.type() == FieldType.DATE_OR_TIMESTAMP) {
          Column parsed = try_to_timestamp(col(f.name()), lit(dateFormat));
          String canonical = f.type() == FieldType.DATE ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss'Z'";
          out = out.withColumn(f.name(), coalesce(date_format(parsed, canonical), col(f.name())));
        }
      }
    }
    return out;
  }

  private static void field(EntitySpec spec, String name, String at) {
    if (!spec.fieldNames().contains(name)) {
      throw bad(at + "." + name, "is not a field of " + spec.entity().folder() + "; fields are "
          + String.join(", ", spec.fieldNames()));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object v, String at) {
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw bad(at, "must be a mapping");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, x) -> {
      // YAML reads an unquoted 01 as the number 1 and NO or Off as false: the text written is lost, and a
      // map keyed by it would silently match nothing.
      if (!(k instanceof String)) {
        throw bad(at, "has a key that YAML reads as " + describe(k) + ", not as text: write the key in quotes");
      }
      out.put((String) k, x);
    });
    return out;
  }

  /** What YAML made of an unquoted scalar, for a message. */
  private static String describe(Object v) {
    return v instanceof Boolean ? "the boolean " + v : v instanceof Number ? "the number " + v
        : v == null ? "null" : "a " + v.getClass().getSimpleName() + " (" + v + ")";
  }

  /**
   * Letters of a date pattern that Java reads and Spark refuses to parse with (Spark 3 and later): the
   * week-based fields (Y, W, w, u, e, c) and A, n, N, p, E, F, q, Q. {@code YYYY} for {@code yyyy} is
   * the usual slip; without this check the run fails half way with a Spark error (exit 1).
   */
  private static final String SPARK_UNPARSEABLE = "YWwuecAnNpEFqQ";

  static void checkDatePattern(String pattern, String at) {
    boolean quoted = false;
    for (char c : pattern.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && SPARK_UNPARSEABLE.indexOf(c) >= 0) {
        throw bad(at, "uses the letter " + c + (c == 'Y' ? " (week-based year; the calendar year is y)"
            : c == 'u' ? " (day of week; the year is y)" : "") + ", which dates cannot be read with: got '" + pattern + "'");
      }
    }
  }

  private static BottomupException bad(String key, String problem) {
    return BottomupException.refused("configuration key '" + key + "' " + problem);
  }

  /**
   * A header (of a CSV file or a sheet, at {@code where}) that lacks the columns of required fields
   * ({@code absent}): a mapped column that is not there is a wrong column map, bad configuration (exit 2);
   * a canonical column that is not there makes each record {@code missing_field} (INPUTS.md), and the
   * log names the file once.
   */
  public static void checkHeader(String where, java.util.List<String> absent, Map<String, String> columns,
      java.util.List<String> found) {
    checkHeader(where, absent, columns, found, null);
  }

  /**
   * The column of each of {@code fields} in a header ({@code -1}: none), the header checked first: a
   * column read twice refuses the file ({@link #checkRepeated}); a required field, or any field the
   * configuration maps, whose column is absent goes to {@link #checkHeader} (a mapped one refuses the run:
   * a wrong column map would otherwise empty that field on every record without a word). {@code header}
   * holds the header's names by column index (blank where a column has none).
   */
  public static int[] fieldColumns(String where, java.util.List<String> header, java.util.List<String> fields,
      java.util.Collection<String> required, Map<String, String> columns, java.util.List<String> found, Character delimiter) {
    java.util.List<String> names = header.stream().map(n -> n.strip().toLowerCase(Locale.ROOT)).toList();
    java.util.List<String> wanted = fields.stream().map(f -> columns.getOrDefault(f, f).strip().toLowerCase(Locale.ROOT)).toList();
    checkRepeated(where, names, wanted);
    int[] at = wanted.stream().mapToInt(names::indexOf).toArray();
    java.util.List<String> absent = new java.util.ArrayList<>();
    for (int i = 0; i < at.length; i++) {
      if (at[i] < 0 && (required.contains(fields.get(i)) || columns.containsKey(fields.get(i)))) {
        absent.add(fields.get(i));
      }
    }
    checkHeader(where, absent, columns, found, delimiter);
    return at;
  }

  /**
   * Refuses a header that names a column the entity reads more than once (names matched
   * case-insensitively after trimming): which of them holds the field cannot be known, and reading
   * either would be a guess. {@code names} are the header's names, trimmed and in lower case, in order;
   * {@code read} the names of the columns read. A repeated column that is not read is harmless.
   */
  public static void checkRepeated(String where, java.util.List<String> names, java.util.Collection<String> read) {
    java.util.Map<String, java.util.List<Integer>> positions = new java.util.LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (read.contains(names.get(i))) {
        positions.computeIfAbsent(names.get(i), k -> new java.util.ArrayList<>()).add(i + 1);
      }
    }
    positions.forEach((name, at) -> {
      if (at.size() > 1) {
        throw BottomupException.refused(where + ": the header names column " + name + " " + at.size() + " times (columns "
            + String.join(", ", at.stream().map(String::valueOf).toList()) + "): which one holds it cannot be known");
      }
    });
  }

  /** As above, for a CSV file whose fields are separated by {@code delimiter}. */
  public static void checkHeader(String where, java.util.List<String> absent, Map<String, String> columns,
      java.util.List<String> found, Character delimiter) {
    if (absent.isEmpty()) {
      return;
    }
    String missing = String.join(", ", absent.stream()
        .map(f -> columns.containsKey(f) ? columns.get(f) + " (for " + f + ")" : f).toList());
    if (absent.stream().anyMatch(columns::containsKey)) {
      String hint = delimiter != null && found.size() == 1 && found.get(0).matches(".*[,;\t|].*")
          ? " (one column only: the fields are not separated by '" + (delimiter == '\t' ? "tab" : delimiter)
              + "'; set the source's options.delimiter to the file's separator)" : "";
      throw BottomupException.refused(where + ": the header lacks the configured column(s) " + missing + "; found "
          + String.join(", ", found) + hint);
    }
    // The file's records may be read more than once in a run (counted, then staged): its header is said once.
    if (HEADER_WARNED.add(where + '\n' + missing)) {
      LOG.warn("{}: the header lacks required column(s) {}; found {}: every record is quarantined as missing_field", where,
          missing, String.join(", ", found));
    }
  }
}
