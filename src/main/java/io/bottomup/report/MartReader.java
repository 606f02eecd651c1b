package io.bottomup.report;

import io.bottomup.BottomupException;
import io.bottomup.marts.MartSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Reads a mart's Parquet files with parquet-avro, without Spark, projecting them onto the mart's
 * Avro contract ({@link MartSchemas}). Each row becomes a map of column to Java value (String, Long,
 * Integer, Double, Boolean, LocalDate or Instant; null stays null), in the contract's column order.
 */
public final class MartReader {
  private final Configuration conf;
  private final java.util.function.Function<String, String> location;

  /** @param location where a mart's folder is, by mart name */
  public MartReader(Configuration conf, java.util.function.Function<String, String> location) {
    this.conf = conf;
    this.location = location;
  }

  public List<Map<String, Object>> read(String mart) {
    List<Map<String, Object>> rows = new ArrayList<>();
    forEach(mart, rows::add);
    return rows;
  }

  /** Passes each row of a mart to {@code row}, one at a time (a fact of millions of rows is never held whole). */
  public void forEach(String mart, java.util.function.Consumer<Map<String, Object>> row) {
    Schema schema = MartSchemas.avro(mart);
    Path folder = new Path(location.apply(mart));
    try {
      FileSystem fs = folder.getFileSystem(conf);
      if (!fs.exists(folder)) {
        throw BottomupException.refused("mart " + folder + " does not exist: run `model` and `analyze` for this output first");
      }
      List<Path> files = new ArrayList<>();
      parquetFiles(fs, folder, files);
      files.sort(null);
      Configuration readConf = new Configuration(conf);
      AvroReadSupport.setRequestedProjection(readConf, schema);
      AvroReadSupport.setAvroReadSchema(readConf, schema);
      for (Path file : files) {
        try (ParquetReader<GenericRecord> reader =
            AvroParquetReader.<GenericRecord>builder(HadoopInputFile.fromPath(file, readConf)).withConf(readConf).build()) {
          for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
            row.accept(toMap(r, schema));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read mart " + folder, e);
    }
  }

  /** The Parquet files of a table, including those in its partition folders ({@code column=value}). */
  private static void parquetFiles(FileSystem fs, Path folder, List<Path> files) throws IOException {
    for (FileStatus s : fs.listStatus(folder)) {
      if (s.isFile() && s.getPath().getName().endsWith(".parquet")) {
        files.add(s.getPath());
      } else if (s.isDirectory() && s.getPath().getName().contains("=")) {
        parquetFiles(fs, s.getPath(), files);
      }
    }
  }

  private static Map<String, Object> toMap(GenericRecord r, Schema schema) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (Schema.Field f : schema.getFields()) {
      row.put(f.name(), javaValue(r.get(f.name()), f.schema()));
    }
    return row;
  }

  private static Object javaValue(Object v, Schema fieldSchema) {
    if (v == null) {
      return null;
    }
    Schema s = fieldSchema.getType() == Schema.Type.UNION
        ? fieldSchema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow()
        : fieldSchema;
    if (s.getLogicalType() instanceof LogicalTypes.Date && v instanceof Integer days) {
      return LocalDate.ofEpochDay(days);
    }
    if (s.getLogicalType() instanceof LogicalTypes.TimestampMicros && v instanceof Long micros) {
      return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
    if (v instanceof CharSequence cs) {
      return cs.toString();
    }
    return v;
  }
}
