package io.bottomup.ingest;

import io.bottomup.BottomupException;
import io.bottomup.schema.Columns;
import io.bottomup.schema.EntitySpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the files of one entity's landing folder into one row per record:
 * {@code _file, _line, _raw, _malformed} and the entity's fields as text. Each file is streamed by
 * one task (files are not split, so line numbers are exact and quoted CSV fields may span lines).
 * Whole-file faults (not UTF-8, empty, missing header columns) refuse the run with exit code 2.
 */
public final class LandingReader {
  private final SparkSession spark;

  public LandingReader(SparkSession spark) {
    this.spark = spark;
  }

  /** The data files of a folder ({@code .csv} and, where allowed, {@code .jsonl}), by name. */
  public static List<Path> listFiles(SparkSession spark, Path folder, List<String> extensions) {
    try {
      FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(folder)) {
        return List.of();
      }
      if (!fs.getFileStatus(folder).isDirectory()) {
        throw BottomupException.refused(folder + " should be a folder of input files but is a file");
      }
      List<Path> files = new ArrayList<>();
      for (FileStatus status : fs.listStatus(folder)) {
        String name = status.getPath().getName().toLowerCase(Locale.ROOT);
        if (status.isFile() && extensions.stream().anyMatch(ext -> name.endsWith("." + ext))) {
          files.add(status.getPath());
        }
      }
      files.sort((a, b) -> a.getName().compareTo(b.getName()));
      return files;
    } catch (IOException e) {
      throw BottomupException.refused("cannot list input folder " + folder + ": " + e.getMessage());
    }
  }

  /** The schema of the rows {@link #read} returns for an entity. */
  public static StructType schema(EntitySpec spec) {
    List<StructField> fields = new ArrayList<>(List.of(
        DataTypes.createStructField(Columns.FILE, DataTypes.StringType, false),
        DataTypes.createStructField(Columns.LINE, DataTypes.LongType, false),
        DataTypes.createStructField(Columns.RAW, DataTypes.StringType, false),
        DataTypes.createStructField(Columns.MALFORMED, DataTypes.StringType, true)));
    for (String name : spec.fieldNames()) {
      fields.add(DataTypes.createStructField(name, DataTypes.StringType, true));
    }
    return DataTypes.createStructType(fields);
  }

  /**
   * Reads the given files; {@code _file} is each file's path relative to {@code root}.
   */
  public Dataset<Row> read(EntitySpec spec, Path root, List<Path> files) {
    return read(spec, root, files, Map.of());
  }

  /** As above, for CSV exports whose columns are mapped to the entity's fields ({@code columns}: field → source column). */
  public Dataset<Row> read(EntitySpec spec, Path root, List<Path> files, Map<String, String> columns) {
    HashMap<String, String> mapped = new HashMap<>(columns);
    StructType schema = schema(spec);
    if (files.isEmpty()) {
      return spark.createDataFrame(List.of(), schema);
    }
    String rootPrefix = qualified(root).toUri().getPath().replaceAll("/+$", "") + "/";
    List<String> fieldNames = spec.fieldNames();
    List<String> required = spec.requiredFieldNames();
    String paths = String.join(",", files.stream().map(Path::toString).toList());
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .binaryFiles(paths, Math.max(1, files.size()))
        .flatMap(file -> records(file._2(), relative(file._1(), rootPrefix), fieldNames, required, mapped));
    try {
      return spark.createDataFrame(rows, schema);
    } catch (RuntimeException e) {
      throw BottomupException.refused("cannot read " + paths + ": " + e.getMessage());
    }
  }

  private Path qualified(Path path) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(path);
    } catch (IOException e) {
      throw BottomupException.refused("cannot resolve " + path + ": " + e.getMessage());
    }
  }

  static String relative(String uri, String rootPrefix) {
    String path = new Path(uri).toUri().getPath();
    return path.startsWith(rootPrefix) ? path.substring(rootPrefix.length()) : path;
  }

  /** The records of one file as rows; runs on an executor. */
  static Iterator<Row> records(PortableDataStream stream, String file, List<String> fields, List<String> required,
      Map<String, String> columns) {
    Iterator<LandingRecord> records = open(stream, file, fields, required, columns);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        try {
          return records.hasNext();
        } catch (UncheckedIOException e) {
          throw unreadable(stream, file, e.getCause());
        }
      }

      @Override
      public Row next() {
        return row(records.next());
      }
    };
  }

  /** A landing record as a row of {@link #schema}. */
  static Row row(LandingRecord r) {
    Object[] row = new Object[4 + r.values().length];
    row[0] = r.file();
    row[1] = r.line();
    row[2] = r.raw();
    row[3] = r.malformed();
    System.arraycopy(r.values(), 0, row, 4, r.values().length);
    return RowFactory.create(row);
  }

  private static Iterator<LandingRecord> open(
      PortableDataStream stream, String file, List<String> fields, List<String> required, Map<String, String> columns) {
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    BufferedReader reader = new BufferedReader(new InputStreamReader(stream.open(), utf8), 1 << 16);
    try {
      if (file.toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
        reader.mark(4);
        if (reader.read() < 0) {
          throw BottomupException.refused("file " + file + " is empty");
        }
        reader.reset();
        return new JsonlRecords(reader, file, fields);
      }
      return new CsvRecords(reader, file, fields, required, columns);
    } catch (UncheckedIOException e) {
      throw unreadable(stream, file, e.getCause());
    } catch (IOException e) {
      throw unreadable(stream, file, e);
    }
  }

  private static BottomupException unreadable(PortableDataStream stream, String file, IOException cause) {
    if (cause instanceof CharacterCodingException) {
      return BottomupException.refused(
          "file " + file + " is not UTF-8: invalid byte sequence at byte offset " + firstInvalidUtf8Offset(stream)
              + "; re-export it as UTF-8");
    }
    return BottomupException.refused("cannot read file " + file + ": " + cause.getMessage());
  }

  /** The offset of the first byte that is not valid UTF-8, found by decoding the file again. */
  static long firstInvalidUtf8Offset(PortableDataStream stream) {
    try (InputStream in = stream.open()) {
      return firstInvalidUtf8Offset(in);
    } catch (IOException e) {
      return -1;
    }
  }

  static long firstInvalidUtf8Offset(InputStream in) throws IOException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    byte[] all = in.readAllBytes();
    ByteBuffer bytes = ByteBuffer.wrap(all);
    CharBuffer chars = CharBuffer.allocate(8192);
    while (true) {
      var result = decoder.decode(bytes, chars, true);
      if (result.isError()) {
        return bytes.position();
      }
      if (result.isUnderflow()) {
        return -1;
      }
      chars.clear();
    }
  }
}
