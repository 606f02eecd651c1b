package io.bottomup.schema;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The canonical staging tables: one schema per entity whatever the source format. No column holds
 * an employee id, email, handle or name: people appear only as keyed pseudonyms ({@code *_key}).
 * Every table keeps the lineage of its rows ({@code _file}, {@code _line}).
 */
public final class StagingSchemas {
  private StagingSchemas() {}

  public static final StructType DIRECTORY = schema(
      f(Columns.PERSON_KEY, DataTypes.StringType),
      f(Columns.EMAIL_KEY, DataTypes.StringType),
      f("department", DataTypes.StringType),
      f("team", DataTypes.StringType),
      f(Columns.MANAGER_KEY, DataTypes.StringType),
      f(Columns.MANAGER_KNOWN, DataTypes.BooleanType),
      f("job_level", DataTypes.IntegerType),
      f("location", DataTypes.StringType),
      f("hire_date", DataTypes.DateType),
      f("termination_date", DataTypes.DateType),
      f("hourly_cost", DataTypes.DoubleType),
      f(Columns.FILE, DataTypes.StringType),
      f(Columns.LINE, DataTypes.LongType));

  public static final StructType IDENTITIES = schema(
      f(Columns.PERSON_KEY, DataTypes.StringType),
      f("system", DataTypes.StringType),
      f(Columns.EXTERNAL_KEY, DataTypes.StringType),
      f(Columns.FILE, DataTypes.StringType),
      f(Columns.LINE, DataTypes.LongType));

  public static final StructType COLLABORATION = schema(
      f(Columns.SOURCE, DataTypes.StringType),
      f("event_id", DataTypes.StringType),
      f("occurred_at", DataTypes.TimestampType),
      f(Columns.ACTOR_KEY, DataTypes.StringType),
      f("action", DataTypes.StringType),
      f("thread_id", DataTypes.StringType),
      f("parent_id", DataTypes.StringType),
      f(Columns.TARGET_KEY, DataTypes.StringType),
      f("space", DataTypes.StringType),
      f("size", DataTypes.LongType),
      f(Columns.FILE, DataTypes.StringType),
      f(Columns.LINE, DataTypes.LongType),
      f(Columns.EVENT_DATE, DataTypes.DateType),
      f(Columns.EVENT_MONTH, DataTypes.StringType));

  public static final StructType APPRAISALS = schema(
      f(Columns.PERSON_KEY, DataTypes.StringType),
      f("cycle", DataTypes.StringType),
      f("review_date", DataTypes.DateType),
      f("manager_rating", DataTypes.DoubleType),
      f("self_rating", DataTypes.DoubleType),
      f("goals_met_pct", DataTypes.DoubleType),
      f("promoted", DataTypes.BooleanType),
      f("competency_gaps", DataTypes.IntegerType),
      f(Columns.FILE, DataTypes.StringType),
      f(Columns.LINE, DataTypes.LongType));

  public static final StructType TRAINING = schema(
      f("record_id", DataTypes.StringType),
      f(Columns.PERSON_KEY, DataTypes.StringType),
      f("course_id", DataTypes.StringType),
      f("course_title", DataTypes.StringType),
      f("modality", DataTypes.StringType),
      f("enrolled_at", DataTypes.TimestampType),
      f("completed_at", DataTypes.TimestampType),
      f("status", DataTypes.StringType),
      f("hours", DataTypes.DoubleType),
      f("cost", DataTypes.DoubleType),
      f("score", DataTypes.DoubleType),
      f(Columns.FILE, DataTypes.StringType),
      f(Columns.LINE, DataTypes.LongType));

  public static final StructType QUARANTINE = schema(
      f(Columns.SOURCE, DataTypes.StringType),
      f("file", DataTypes.StringType),
      f("line", DataTypes.LongType),
      f("raw", DataTypes.StringType),
      f("reason", DataTypes.StringType),
      f("detail", DataTypes.StringType),
      f("run_date", DataTypes.DateType));

  /**
   * What a staging row means: raise it when a change to ingest (a validation rule, a column's type or
   * meaning) gives a landing record another staging row, or none, than before. The landing ledger's
   * fingerprint holds it with every staging schema ({@link #fingerprint()}), so the first run of such a
   * version refreshes staging in full instead of keeping rows of two versions side by side.
   */
  public static final int VERSION = 1;

  /**
   * Staging's version and the schema of each of its tables (every entity's, then the quarantine's), as
   * the landing ledger's fingerprint takes them.
   */
  public static String fingerprint() {
    return fingerprint(VERSION, java.util.stream.Stream.concat(Arrays.stream(Entity.values()).map(StagingSchemas::of),
        java.util.stream.Stream.of(QUARANTINE)).toArray(StructType[]::new));
  }

  static String fingerprint(int version, StructType... schemas) {
    StringBuilder s = new StringBuilder("staging " + version);
    for (StructType schema : schemas) {
      s.append(';').append(schema.json());
    }
    return s.toString();
  }

  public static StructType of(Entity entity) {
    return switch (entity) {
      case DIRECTORY -> DIRECTORY;
      case IDENTITIES -> IDENTITIES;
      case COLLABORATION -> COLLABORATION;
      case APPRAISALS -> APPRAISALS;
      case TRAINING -> TRAINING;
    };
  }

  /** Selects exactly the schema's columns, in its order, cast to its types. */
  public static Dataset<Row> conform(Dataset<Row> rows, StructType schema) {
    Column[] columns = Arrays.stream(schema.fields())
        .map(field -> col(field.name()).cast(field.dataType()).as(field.name()))
        .toArray(Column[]::new);
    return rows.select(columns);
  }

  private static StructField f(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  private static StructType schema(StructField... fields) {
    return DataTypes.createStructType(fields);
  }
}
