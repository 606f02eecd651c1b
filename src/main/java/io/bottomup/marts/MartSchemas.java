package io.bottomup.marts;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The marts' contracts: each mart's schema is an Avro schema in {@code src/main/resources/marts/}.
 * Spark stages write a mart through {@link #conform}, which selects exactly the contract's columns in
 * its order and types (a missing column fails the stage); the report stage reads the same schema with
 * parquet-avro. Every field is nullable (a union with null) so that suppressed cells can be empty.
 */
public final class MartSchemas {
  private MartSchemas() {}

  public static Schema avro(String mart) {
    String resource = "/marts/" + mart + ".avsc";
    try (InputStream in = MartSchemas.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no Avro schema for mart " + mart + " (expected resource " + resource + ")");
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static StructType spark(String mart) {
    List<StructField> fields = new ArrayList<>();
    for (Schema.Field f : avro(mart).getFields()) {
      fields.add(DataTypes.createStructField(f.name(), sparkType(nonNull(f.schema()), mart + "." + f.name()), true));
    }
    return DataTypes.createStructType(fields);
  }

  /** The Spark schema of a mart without some of its columns (e.g. the suppression a later step adds). */
  public static StructType spark(String mart, String... except) {
    List<String> skip = List.of(except);
    return DataTypes.createStructType(java.util.Arrays.stream(spark(mart).fields()).filter(f -> !skip.contains(f.name())).toList());
  }

  public static Dataset<Row> conform(String mart, Dataset<Row> rows) {
    Column[] columns = java.util.Arrays.stream(spark(mart).fields())
        .map(f -> col(f.name()).cast(f.dataType()).as(f.name()))
        .toArray(Column[]::new);
    return rows.select(columns);
  }

  static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow();
  }

  private static DataType sparkType(Schema schema, String where) {
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.Date) {
      return DataTypes.DateType;
    }
    if (logical instanceof LogicalTypes.TimestampMicros) {
      return DataTypes.TimestampType;
    }
    return switch (schema.getType()) {
      case STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      default -> throw new IllegalArgumentException(
          where + ": Avro type " + schema.getType().getName().toLowerCase(Locale.ROOT) + " is not used in marts");
    };
  }
}
