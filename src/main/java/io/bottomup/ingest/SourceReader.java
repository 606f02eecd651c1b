package io.bottomup.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.bottomup.BottomupException;
import io.bottomup.config.SourceConfig;
import io.bottomup.ingest.adapter.Adapted;
import io.bottomup.ingest.adapter.SlackExportAdapter;
import io.bottomup.ingest.adapter.StackExchangeAdapter;
import io.bottomup.schema.Columns;
import io.bottomup.schema.Entity;
import io.bottomup.schema.EntitySpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Turns one source into landing rows of its entity (the schema of {@link LandingReader}): canonical
 * files through {@link LandingReader}; exports through their adapter, which runs on the driver and
 * also reports what it skipped. Validation, identity resolution and quarantine are the same for all.
 */
final class SourceReader {
  /** A source's landing rows, what its adapter skipped, and how the manifest names it. */
  record Input(String name, String format, String path, Dataset<Row> rows, Map<String, Long> skipped, String system) {
    Input(String name, String format, String path, Dataset<Row> rows, Map<String, Long> skipped) {
      this(name, format, path, rows, skipped, null);
    }

    /** The same source with {@code n} more records skipped for {@code reason}. */
    Input withSkipped(String reason, long n) {
      Map<String, Long> more = new java.util.TreeMap<>(skipped);
      more.merge(reason, n, Long::sum);
      return new Input(name, format, path, rows, more, system);
    }
  }

  private final SparkSession spark;
  private final Path root;
  /** Which files (paths relative to the input folder) to read; null: all. */
  private final java.util.function.Predicate<String> only;

  SourceReader(SparkSession spark, Path root) {
    this(spark, root, null);
  }

  private SourceReader(SparkSession spark, Path root, java.util.function.Predicate<String> only) {
    this.spark = spark;
    this.root = root;
    this.only = only;
  }

  /** A reader of only some files of per-file sources (an incremental run): the canonical folder, csv and jsonl. */
  SourceReader only(java.util.function.Predicate<String> relativePaths) {
    return new SourceReader(spark, root, relativePaths);
  }

  private List<Path> selected(List<Path> files) {
    if (only == null) {
      return files;
    }
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      String prefix = fs.makeQualified(root).toUri().getPath().replaceAll("/+$", "") + "/";
      return files.stream().filter(f -> only.test(LandingReader.relative(fs.makeQualified(f).toString(), prefix))).toList();
    } catch (IOException e) {
      throw BottomupException.refused("cannot read " + root + ": " + e.getMessage());
    }
  }

  /** The file types of an entity's canonical folder: its own, and Excel workbooks for appraisals (INPUTS.md). */
  static List<String> canonicalExtensions(EntitySpec spec) {
    List<String> extensions = new ArrayList<>(spec.extensions());
    if (spec.entity() == Entity.APPRAISALS) {
      extensions.add(SourceConfig.XLSX);
    }
    return extensions;
  }

  /**
   * The canonical folder of an entity (INPUTS.md). Appraisals may also come as Excel workbooks in
   * their folder ({@code appraisals/ *.csv (.xlsx too)}): the first sheet, a header row with the
   * canonical column names, as a configured {@code xlsx} source without options reads them.
   */
  Input canonical(EntitySpec spec) {
    Path folder = new Path(root, spec.entity().folder());
    List<Path> files = selected(LandingReader.listFiles(spark, folder, canonicalExtensions(spec)));
    List<Path> workbooks = files.stream().filter(f -> f.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx")).toList();
    Dataset<Row> rows = new LandingReader(spark).read(spec, root, files.stream().filter(f -> !workbooks.contains(f)).toList());
    Map<String, Long> skipped = Map.of();
    if (!workbooks.isEmpty()) {
      Adapted read;
      try {
        read = workbooks(workbooks, spec, null, Map.of(), fs(folder));
      } catch (IOException e) {
        throw BottomupException.refused("cannot read a workbook in " + folder + ": " + e.getMessage());
      }
      rows = rows.unionByName(spark.createDataFrame(read.records().stream().map(LandingReader::row).toList(),
          LandingReader.schema(spec)));
      skipped = read.skipped();
    }
    return new Input(IngestStage.CANONICAL, "canonical", spec.entity().folder(), rows, skipped);
  }

  Input configured(SourceConfig source, EntitySpec spec) {
    Path path = existing(source);
    FileSystem fs = fs(path);
    try {
      return switch (source.format()) {
        case SourceConfig.STACKEXCHANGE -> adapted(source, spec, new StackExchangeAdapter(source.system(), source.path())
            .read(name -> open(fs, new Path(path, name))));
        case SourceConfig.SLACK_EXPORT -> adapted(source, spec, new SlackExportAdapter(source.system(), source.path())
            .read(new SlackExportAdapter.Files() {
              @Override
              public InputStream open(String file) throws IOException {
                return SourceReader.open(fs, new Path(path, file));
              }

              @Override
              public List<String> list(String folder) throws IOException {
                Path dir = new Path(path, folder);
                if (!fs.exists(dir)) {
                  return List.of();
                }
                List<String> names = new ArrayList<>();
                for (FileStatus s : fs.listStatus(dir)) {
                  if (s.isFile()) {
                    names.add(s.getPath().getName());
                  }
                }
                names.sort(null);
                return names;
              }

              @Override
              public List<String> folders() throws IOException {
                List<String> names = new ArrayList<>();
                for (FileStatus s : fs.listStatus(path)) {
                  if (s.isDirectory()) {
                    names.add(s.getPath().getName());
                  }
                }
                names.sort(null);
                return names;
              }
            }));
        case SourceConfig.XLSX -> xlsx(source, spec, path, fs);
        case SourceConfig.XAPI -> xapi(source, spec, path, fs);
        default -> files(source, spec, path, fs);
      };
    } catch (IOException e) {
      throw BottomupException.refused("source '" + source.name() + "': cannot read " + path + ": " + e.getMessage());
    }
  }

  /**
   * CSV or JSONL files at a configured path (a file, or a folder of them). A CSV export may map its
   * columns to the entity's fields ({@code options.columns}), its spellings to canonical values
   * ({@code options.values}), read its dates with a pattern ({@code options.date_format}), and declare
   * its field delimiter and decimal separator ({@code options.delimiter}, {@code options.decimal_separator}).
   */
  private Input files(SourceConfig source, EntitySpec spec, Path path, FileSystem fs) throws IOException {
    boolean folder = requireExtension(source, path, fs);
    List<Path> files = folder ? LandingReader.listFiles(spark, path, List.of(source.format())) : List.of(path);
    if (files.isEmpty()) {
      throw BottomupException.refused("source '" + source.name() + "': no ." + source.format() + " file in " + path);
    }
    MappedColumns mapping = MappedColumns.of(source, spec);
    // A collaboration export names no system of its own (a forum's CSV has no `source` column): the source's
    // configured system is the namespace of its ids (SOURCES.md), for the records that do not name one
    // (the readers make a blank value null: LandingRecord.clean).
    boolean systemDefault = source.entity() == Entity.COLLABORATION && source.system() != null;
    Dataset<Row> rows = mapping.apply(new LandingReader(spark).read(spec, root, selected(files), mapping.columns(),
        mapping.delimiter(), systemDefault ? java.util.Set.of(Columns.SOURCE) : java.util.Set.of()), spec);
    if (systemDefault) {
      rows = rows.withColumn(Columns.SOURCE, coalesce(col(Columns.SOURCE), lit(source.system())));
    }
    return new Input(source.name(), source.format(), source.path(), rows, Map.of(), source.system());
  }

  /**
   * Checks a configured source before the run reads anything (README, "Refused before anything is
   * read"): its path exists and its options are those of its format, so that a mistake in the last
   * source refuses the run at once, not after the sources before it were read.
   */
  void check(SourceConfig source, EntitySpec spec) {
    Path path = existing(source);
    switch (source.format()) {
      case SourceConfig.XAPI -> xapiAdapter(source);
      case SourceConfig.CSV, SourceConfig.JSONL -> {
        try {
          requireExtension(source, path, fs(path));
        } catch (IOException e) {
          throw BottomupException.refused("source '" + source.name() + "': cannot read " + path + ": " + e.getMessage());
        }
        MappedColumns.of(source, spec);
      }
      case SourceConfig.XLSX -> MappedColumns.of(source, spec);
      default -> {
        if (!source.options().isEmpty()) {
          throw BottomupException.refused("configuration key 'sources." + source.name() + ".options' is not read by format "
              + source.format() + ", which has no options: remove it");
        }
      }
    }
  }

  /**
   * Whether a csv or jsonl source's path is a folder; a single file must end in its format's extension:
   * the readers tell CSV from JSON Lines by it, and a JSON Lines file named .ndjson would be parsed as
   * CSV, every line quarantined.
   */
  private static boolean requireExtension(SourceConfig source, Path path, FileSystem fs) throws IOException {
    boolean folder = fs.getFileStatus(path).isDirectory();
    if (!folder && !path.getName().toLowerCase(java.util.Locale.ROOT).endsWith("." + source.format())) {
      throw BottomupException.refused("source '" + source.name() + "': file " + path + " does not end in ." + source.format()
          + ", and files are read by their extension: rename it to ." + source.format());
    }
    return folder;
  }

  /** The source's path under the input folder; refused when it does not exist. */
  private Path existing(SourceConfig source) {
    Path path = new Path(root, source.path());
    try {
      if (!fs(path).exists(path)) {
        throw BottomupException.refused("source '" + source.name() + "': " + path + " does not exist");
      }
    } catch (IOException e) {
      throw BottomupException.refused("source '" + source.name() + "': cannot read " + path + ": " + e.getMessage());
    }
    return path;
  }

  /** xAPI statement files at a configured path (a file, or a folder of .json and .jsonl files). */
  private Input xapi(SourceConfig source, EntitySpec spec, Path path, FileSystem fs) throws IOException {
    io.bottomup.ingest.adapter.XapiAdapter adapter = xapiAdapter(source);
    List<Path> files = fs.getFileStatus(path).isDirectory() ? LandingReader.listFiles(spark, path, List.of("json", "jsonl"))
        : List.of(path);
    for (Path file : files) {
      try (InputStream in = fs.open(file)) {
        adapter.read(in, LandingReader.relative(file.toString(), fs.makeQualified(root).toUri().getPath() + "/"));
      }
    }
    return adapted(source, spec, adapter.result());
  }

  /** An xAPI adapter for the source, its options checked: verbs map to actions or training statuses. */
  private static io.bottomup.ingest.adapter.XapiAdapter xapiAdapter(SourceConfig source) {
    for (String key : source.options().keySet()) {
      if (!List.of("verbs", "home_pages").contains(key)) {
        throw BottomupException.refused("configuration key 'sources." + source.name() + ".options." + key
            + "' is not an option of format xapi; options are verbs, home_pages");
      }
    }
    Map<String, String> verbs = strings(source.options().get("verbs"), "sources." + source.name() + ".options.verbs");
    for (Map.Entry<String, String> v : verbs.entrySet()) {
      boolean known = io.bottomup.schema.Action.parse(v.getValue()) != null || EntitySpec.TRAINING_STATUSES.contains(v.getValue());
      if (!known) {
        throw BottomupException.refused("configuration key 'sources." + source.name() + ".options.verbs." + v.getKey()
            + "' must be an action (" + io.bottomup.schema.Action.names() + ") or a training status ("
            + String.join(", ", EntitySpec.TRAINING_STATUSES) + "), got '" + v.getValue() + "'");
      }
    }
    return new io.bottomup.ingest.adapter.XapiAdapter(source.system(), source.entity(), verbs,
        strings(source.options().get("home_pages"), "sources." + source.name() + ".options.home_pages"));
  }

  private static Map<String, String> strings(Object v, String key) {
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw BottomupException.refused("configuration key '" + key + "' must be a mapping");
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    m.forEach((k, x) -> out.put(String.valueOf(k), String.valueOf(x)));
    return out;
  }

  /** Excel workbooks at a configured path (a file, or a folder of .xlsx files). */
  private Input xlsx(SourceConfig source, EntitySpec spec, Path path, FileSystem fs) throws IOException {
    List<Path> files = fs.getFileStatus(path).isDirectory() ? LandingReader.listFiles(spark, path, List.of("xlsx")) : List.of(path);
    if (files.isEmpty()) {
      throw BottomupException.refused("source '" + source.name() + "': no .xlsx file in " + path);
    }
    MappedColumns mapping = MappedColumns.of(source, spec);
    Object sheet = source.options().get("sheet");
    Input adapted = adapted(source, spec, workbooks(files, spec, sheet == null ? null : sheet.toString(), mapping.columns(), fs));
    return new Input(adapted.name(), adapted.format(), adapted.path(), mapping.apply(adapted.rows(), spec), Map.of(), source.system());
  }

  /** The records of Excel workbooks: the named sheet (the first when null), columns mapped by {@code columns}. */
  private Adapted workbooks(List<Path> files, EntitySpec spec, String sheet, Map<String, String> columns, FileSystem fs)
      throws IOException {
    Adapted all = new Adapted(spec);
    for (Path file : files) {
      String relative = LandingReader.relative(file.toString(), fs.makeQualified(root).toUri().getPath() + "/");
      try (InputStream in = fs.open(file)) {
        all.records().addAll(io.bottomup.ingest.adapter.XlsxRecords.read(in, relative, spec, sheet, columns).records());
      }
    }
    return all;
  }

  private Input adapted(SourceConfig source, EntitySpec spec, Adapted adapted) {
    List<Row> rows = new ArrayList<>(adapted.records().size());
    for (LandingRecord r : adapted.records()) {
      rows.add(LandingReader.row(r));
    }
    return new Input(source.name(), source.format(), source.path(),
        spark.createDataFrame(rows, LandingReader.schema(spec)), adapted.skipped(), source.system());
  }

  /**
   * Open-community mode: the members of every source with a user list, as directory rows, and the
   * identity map that ties each source id to its member.
   */
  Input[] community(List<SourceConfig> sources, String department) {
    EntitySpec directory = EntitySpec.of(Entity.DIRECTORY, io.bottomup.config.JobConfig.defaults());
    EntitySpec identities = EntitySpec.of(Entity.IDENTITIES, io.bottomup.config.JobConfig.defaults());
    Adapted members = new Adapted(directory);
    Adapted links = new Adapted(identities);
    List<String> names = new ArrayList<>();
    for (SourceConfig source : sources) {
      if (!SourceConfig.STACKEXCHANGE.equals(source.format())) {
        continue;
      }
      Path path = new Path(root, source.path());
      FileSystem fs = fs(path);
      try {
        Adapted one = new StackExchangeAdapter(source.system(), source.path()).members(name -> open(fs, new Path(path, name)),
            department);
        for (LandingRecord r : one.records()) {
          members.records().add(r);
          String employee = r.values()[directory.fieldNames().indexOf("employee_id")];
          links.add(r.file(), r.line(), r.raw(), Map.of("employee_id", employee, "system", source.system(),
              "external_id", employee.substring(source.system().length() + 1)));
        }
        one.skipped().forEach((reason, n) -> members.skipped().merge(reason, n, Long::sum));
        names.add(source.name());
      } catch (IOException e) {
        throw BottomupException.refused("source '" + source.name() + "': cannot read its user list: " + e.getMessage());
      }
    }
    String name = "members of " + String.join(", ", names);
    Input people = adapted(new SourceConfig(name, Entity.DIRECTORY, "user-list", "(user lists)", null, Map.of()), directory,
        members);
    Input map = adapted(new SourceConfig(name, Entity.IDENTITIES, "user-list", "(user lists)", null, Map.of()), identities,
        links);
    return new Input[] {people, map};
  }

  private static InputStream open(FileSystem fs, Path file) throws IOException {
    return fs.exists(file) ? fs.open(file) : null;
  }

  private FileSystem fs(Path path) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw BottomupException.refused("cannot open " + path + ": " + e.getMessage());
    }
  }

  /** Whether any configured source feeds the entity. */
  static boolean configures(List<SourceConfig> sources, Entity entity) {
    return sources.stream().anyMatch(s -> s.entity() == entity);
  }

  /**
   * Whether the entity's canonical folder is read (INPUTS.md: every file in an entity's folder is
   * read): always, beside its configured sources too, unless one of them reads that folder itself or a
   * file directly in it (it would be read twice).
   */
  static boolean readsCanonical(List<SourceConfig> sources, Entity entity) {
    ChangePlan.Unit folder = new ChangePlan.Unit(entity.folder(), entity.folder(), false, true);
    return sources.stream().filter(s -> s.entity() == entity).noneMatch(s -> folder.holds(ChangePlan.normalise(s.path())));
  }

  /** Whether the canonical folder of the entity holds a file of its types that this reader reads. */
  boolean holdsCanonicalFiles(EntitySpec spec) {
    return !selected(LandingReader.listFiles(spark, new Path(root, spec.entity().folder()), canonicalExtensions(spec), false)).isEmpty();
  }
}
