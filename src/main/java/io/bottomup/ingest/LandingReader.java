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
 * one task (quoted CSV fields may span lines), except large JSON Lines files, which are cut at line
 * breaks into pieces read side by side with exact line numbers ({@link FilePieces}).
 * Whole-file faults (not UTF-8, a CSV file without a header row) refuse the run with exit code 2; a
 * header without a required column makes each record missing_field ({@link MappedColumns#checkHeader}).
 */
public final class LandingReader {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LandingReader.class);
  private final SparkSession spark;
  private final long splitBytes;

  public LandingReader(SparkSession spark) {
    this(spark, FilePieces.SPLIT_BYTES);
  }

  /** A reader that cuts JSON Lines files over {@code splitBytes} into pieces (tests cut tiny files). */
  LandingReader(SparkSession spark, long splitBytes) {
    this.spark = spark;
    this.splitBytes = splitBytes;
  }

  /**
   * The data files of a folder ({@code .csv} and, where allowed, {@code .jsonl}), by name. An empty
   * file (0 bytes) holds no record and is not read; a file of another type is not read either, nor is
   * a folder inside it. All are named in the log, so that a failed export or a misplaced file is seen;
   * hidden files (a name starting with {@code .}, such as {@code .DS_Store}) are passed over silently.
   * A folder under a data file's name refuses the run (exit 2), naming it; so does a file that cannot
   * be read, when the landing ledger reads every file first ({@link LandingLedger#scan}).
   */
  public static List<Path> listFiles(SparkSession spark, Path folder, List<String> extensions) {
    return listFiles(spark, folder, extensions, true);
  }

  /**
   * As above; with {@code warn} false, the files passed over are not named in the log (for a check
   * that lists a folder which the read lists again, so that each file is named once).
   */
  public static List<Path> listFiles(SparkSession spark, Path folder, List<String> extensions, boolean warn) {
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
        if (name.startsWith(".")) {
          continue;
        }
        boolean data = extensions.stream().anyMatch(ext -> name.endsWith("." + ext));
        if (!status.isFile()) {
          if (data) {
            throw BottomupException.refused(status.getPath() + " cannot be read: it is " + (status.isDirectory()
                ? "a folder" : "not a regular file") + ", where a " + name.substring(name.lastIndexOf('.')) + " file is expected");
          }
          if (warn) {
            LOG.warn("{} is not read: only the files directly in {} are read", status.getPath(), folder);
          }
          continue;
        }
        if (!data) {
          if (warn) {
            LOG.warn("file {} is not read: only {} files are read in {} (another format is declared as a source in the"
                + " job configuration)", status.getPath(), extensions.stream().map(e -> "." + e).toList(), folder);
          }
        } else if (status.getLen() == 0) {
          if (warn) {
            LOG.warn("file {} is empty (0 bytes): no records", status.getPath());
          }
        } else {
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
    return read(spec, root, files, Map.of(), ',');
  }

  /**
   * As above, for CSV exports whose columns are mapped to the entity's fields ({@code columns}: field →
   * source column) and whose fields are separated by {@code delimiter}.
   */
  public Dataset<Row> read(EntitySpec spec, Path root, List<Path> files, Map<String, String> columns, char delimiter) {
    return read(spec, root, files, columns, delimiter, java.util.Set.of());
  }

  /**
   * As above; {@code defaulted} are required fields the caller fills when a record lacks them (a
   * collaboration source's {@code source}, from its configured system): a file need not have their column.
   */
  public Dataset<Row> read(EntitySpec spec, Path root, List<Path> files, Map<String, String> columns, char delimiter,
      java.util.Set<String> defaulted) {
    HashMap<String, String> mapped = new HashMap<>(columns);
    StructType schema = schema(spec);
    if (files.isEmpty()) {
      return spark.createDataFrame(List.of(), schema);
    }
    String rootPrefix = qualified(root).toUri().getPath().replaceAll("/+$", "") + "/";
    List<String> fieldNames = spec.fieldNames();
    List<String> required = spec.requiredFieldNames().stream().filter(f -> !defaulted.contains(f)).toList();
    String paths = String.join(",", files.stream().map(Path::toString).toList());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    try {
      List<String> names = files.stream().map(f -> relative(qualified(f).toString(), rootPrefix)).toList();
      List<FilePieces.Piece> pieces = FilePieces.plan(jsc, files, names, splitBytes);
      FilePieces.HadoopConf conf = new FilePieces.HadoopConf(jsc.hadoopConfiguration());
      List<List<FilePieces.Piece>> tasks = FilePieces.tasks(pieces, splitBytes);
      JavaRDD<Row> rows = jsc.parallelize(tasks, tasks.size())
          .flatMap(task -> records(conf.get(), task, fieldNames, required, mapped, delimiter));
      return spark.createDataFrame(rows, schema);
    } catch (RuntimeException e) {
      if (e instanceof BottomupException) {
        throw e;
      }
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

  /** The records of a task's pieces, one piece open at a time; runs on an executor. */
  static Iterator<Row> records(org.apache.hadoop.conf.Configuration conf, List<FilePieces.Piece> pieces, List<String> fields,
      List<String> required, Map<String, String> columns, char delimiter) {
    Iterator<FilePieces.Piece> next = pieces.iterator();
    return new Iterator<>() {
      private Iterator<Row> current = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && next.hasNext()) {
          current = records(conf, next.next(), fields, required, columns, delimiter);
        }
        return current.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /**
   * The records of one piece of a file as rows; runs on an executor. The file is closed at the
   * piece's end, or when the task ends first (a failure, a limit).
   */
  static Iterator<Row> records(org.apache.hadoop.conf.Configuration conf, FilePieces.Piece piece, List<String> fields,
      List<String> required, Map<String, String> columns, char delimiter) {
    FilePieces.Opened opened;
    try {
      opened = FilePieces.open(conf, piece);
    } catch (IOException e) {
      throw unreadable(conf, piece, e);
    }
    Iterator<LandingRecord> records = open(conf, piece, opened, fields, required, columns, delimiter);
    org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) t -> closeQuietly(opened.in()));
    }
    return new Iterator<>() {
      private boolean done;

      @Override
      public boolean hasNext() {
        try {
          if (done || records.hasNext()) {
            return !done;
          }
          done = true;
          closeQuietly(opened.in());
          return false;
        } catch (UncheckedIOException e) {
          throw unreadable(conf, piece, e.getCause());
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

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // read to its end already; nothing is lost
    }
  }

  private static Iterator<LandingRecord> open(org.apache.hadoop.conf.Configuration conf, FilePieces.Piece piece,
      FilePieces.Opened opened, List<String> fields, List<String> required, Map<String, String> columns, char delimiter) {
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    String file = piece.file();
    try {
      BufferedReader reader = new BufferedReader(new InputStreamReader(opened.in(), utf8), 1 << 16);
      if (file.toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
        if (piece.start() == 0) {
          reader.mark(4);
          if (reader.read() < 0) {
            throw BottomupException.refused("file " + file + " is empty");
          }
          reader.reset();
        }
        return new JsonlRecords(reader, file, fields, required, columns, opened.firstLine());
      }
      return new CsvRecords(reader, file, fields, required, columns, delimiter);
    } catch (UncheckedIOException e) {
      throw unreadable(conf, piece, e.getCause());
    } catch (IOException e) {
      throw unreadable(conf, piece, e);
    }
  }

  private static BottomupException unreadable(org.apache.hadoop.conf.Configuration conf, FilePieces.Piece piece, IOException cause) {
    if (cause instanceof CharacterCodingException) {
      return BottomupException.refused(
          "file " + piece.file() + " is not UTF-8: invalid byte sequence at byte offset " + firstInvalidUtf8Offset(conf, piece)
              + "; re-export it as UTF-8");
    }
    return BottomupException.refused("cannot read file " + piece.file() + ": " + cause.getMessage());
  }

  /** The offset of the first byte of the file that is not valid UTF-8, found by decoding it again. */
  static long firstInvalidUtf8Offset(org.apache.hadoop.conf.Configuration conf, FilePieces.Piece piece) {
    Path path = new Path(piece.path());
    try (InputStream in = path.getFileSystem(conf).open(path)) {
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
