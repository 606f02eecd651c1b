package io.bottomup.cli;

import io.bottomup.BottomupException;
import io.bottomup.Pipeline;
import io.bottomup.Sessions;
import io.bottomup.config.JobConfig;
import io.bottomup.generate.SampleGenerator;
import io.bottomup.io.OutputLayout;
import io.bottomup.privacy.Pseudonymizer;
import io.bottomup.RunContext;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line: {@code bottomup <command> [options]}. Maps every outcome to the exit codes of
 * OUTPUTS.md: 0 succeeded, 1 unexpected failure, 2 refused (bad command line, input, configuration
 * or missing key), 3 quality gate, 4 locked.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  /** Where {@code demo} reads the committed sample and writes its outputs. */
  public static final String DEMO_INPUT = "sample-data";
  public static final String DEMO_OUT = "out";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (never calls System.exit). */
  public static int run(String... args) {
    return run(System.getenv(), args);
  }

  /** As {@link #run(String...)}, with the environment given (the pseudonym key is read from it). */
  public static int run(Map<String, String> env, String... args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      printUsage();
      return args.length == 0 ? BottomupException.EXIT_REFUSED : 0;
    }
    Command command = Command.parse(args[0]);
    if (command == null) {
      System.err.println("bottomup: unknown command '" + args[0] + "'");
      printUsage();
      return BottomupException.EXIT_REFUSED;
    }
    Options options = options(command);
    CommandLine line;
    try {
      line = new DefaultParser().parse(options, Arrays.copyOfRange(args, 1, args.length));
    } catch (ParseException e) {
      System.err.println("bottomup " + command.value() + ": " + e.getMessage());
      printHelp(command, options);
      return BottomupException.EXIT_REFUSED;
    }
    if (line.hasOption("help")) {
      printHelp(command, options);
      return 0;
    }
    if (!line.getArgList().isEmpty()) {
      System.err.println("bottomup " + command.value() + ": unexpected argument(s) " + line.getArgList());
      printHelp(command, options);
      return BottomupException.EXIT_REFUSED;
    }
    try {
      if (command == Command.BACKFILL) {
        return backfill(line, env);
      }
      execute(command, line, env);
      return 0;
    } catch (Throwable t) {
      BottomupException known = BottomupException.in(t);
      if (known != null) {
        System.err.println("bottomup " + command.value() + ": " + known.getMessage());
        return known.exitCode();
      }
      LOG.error("{} failed", command.value(), t);
      System.err.println("bottomup " + command.value() + ": failed: " + t + " (see the log above for where)");
      return BottomupException.EXIT_FAILED;
    }
  }

  private static void execute(Command command, CommandLine line, Map<String, String> env) {
    switch (command) {
      case GENERATE -> generate(line);
      case STATUS -> Operations.status(required(line, "out", command), intOption(line, "last", 10), System.out);
      case FORGET -> forget(line, env);
      case DEMO -> {
        if (!Files.isDirectory(Path.of(DEMO_INPUT))) {
          throw BottomupException.refused("the demo reads " + DEMO_INPUT + "/ in the current folder: run it from the clone's top folder");
        }
        System.out.println("demo: using the fixed demo pseudonym key (never use it for real data; set "
            + Pseudonymizer.KEY_ENV + " and use `run`)");
        RunContext ctx = context(line, DEMO_INPUT, line.getOptionValue("out", DEMO_OUT), SampleGenerator.SAMPLE_END,
            new Pseudonymizer(Pseudonymizer.DEMO_KEY), true);
        announce(Pipeline.run(ctx, Command.RUN), ctx, Command.RUN);
      }
      default -> {
        String input = required(line, "input", command);
        String out = required(line, "out", command);
        LocalDate runDate = runDate(required(line, "run-date", command));
        if (command == Command.RUN || command == Command.INGEST) {
          checkInputPath(input);
        }
        boolean needsSpark = command != Command.REPORT;
        // Every stage refuses without the key, not only ingest: a schedule that forgot it fails at once.
        Pseudonymizer key = new Pseudonymizer(env.get(Pseudonymizer.KEY_ENV));
        RunContext ctx = context(line, input, out, runDate, key, needsSpark).withFullRefresh(line.hasOption("full-refresh"));
        announce(Pipeline.run(ctx, command), ctx, command);
      }
    }
  }

  private static void forget(CommandLine line, Map<String, String> env) {
    String out = required(line, "out", Command.FORGET);
    LocalDate runDate = runDate(required(line, "run-date", Command.FORGET));
    java.util.List<String> ids = new java.util.ArrayList<>();
    if (line.getOptionValues("employee-id") != null) {
      ids.addAll(java.util.Arrays.asList(line.getOptionValues("employee-id")));
    }
    if (line.hasOption("ids-file")) {
      try {
        Files.readAllLines(Path.of(line.getOptionValue("ids-file"))).stream().map(String::strip).filter(s -> !s.isEmpty())
            .forEach(ids::add);
      } catch (java.io.IOException e) {
        throw BottomupException.refused("cannot read --ids-file " + line.getOptionValue("ids-file") + ": " + e.getMessage());
      }
    }
    if (ids.isEmpty()) {
      throw BottomupException.refused("name the people to forget with --employee-id ID (repeatable) or --ids-file FILE");
    }
    Pseudonymizer key = new Pseudonymizer(env.get(Pseudonymizer.KEY_ENV));
    RunContext ctx = context(line, out, out, runDate, key, true);
    io.bottomup.report.Manifest m = Pipeline.forget(ctx, ids);
    System.out.println("forget: " + ids.size() + " person(s) erased; " + m.checks().get(0).detail());
  }

  private static int backfill(CommandLine line, Map<String, String> env) {
    String input = required(line, "input", Command.BACKFILL);
    String out = required(line, "out", Command.BACKFILL);
    LocalDate from = runDate(required(line, "from", Command.BACKFILL));
    LocalDate to = runDate(required(line, "to", Command.BACKFILL));
    checkInputPath(input);
    Pseudonymizer key = new Pseudonymizer(env.get(Pseudonymizer.KEY_ENV));
    JobConfig config = JobConfig.load(line.hasOption("config") ? Path.of(line.getOptionValue("config")) : null);
    org.apache.spark.sql.SparkSession spark = Sessions.create(line.getOptionValue("master", Sessions.MASTER_DEFAULT));
    return Operations.backfill(spark.sparkContext().hadoopConfiguration(), from, to, out,
        date -> Pipeline.run(RunContext.create(spark, config, input, new OutputLayout(out), date, key), Command.RUN), System.out);
  }

  private static void announce(io.bottomup.report.Manifest manifest, RunContext ctx, Command command) {
    manifest.warnings().forEach(w -> System.out.println("warning: " + w));
    if (command == Command.RUN || command == Command.REPORT) {
      System.out.println("report: " + ctx.out().reports(ctx.runDate()) + "/" + io.bottomup.report.HtmlReport.FILE_NAME);
      System.out.println("workbook: " + ctx.out().reports(ctx.runDate()) + "/" + io.bottomup.report.WorkbookReport.FILE_NAME);
    } else {
      System.out.println(command.value() + ": " + manifest.status() + ", outputs in " + ctx.out().root());
    }
  }

  private static RunContext context(
      CommandLine line, String input, String out, LocalDate runDate, Pseudonymizer key, boolean needsSpark) {
    JobConfig config = JobConfig.load(line.hasOption("config") ? Path.of(line.getOptionValue("config")) : null);
    String master = line.getOptionValue("master", Sessions.MASTER_DEFAULT);
    return RunContext.create(needsSpark ? Sessions.create(master) : null, config, input, new OutputLayout(out), runDate, key);
  }

  private static void generate(CommandLine line) {
    String out = line.getOptionValue("out", DEMO_INPUT);
    int employees = intOption(line, "employees", SampleGenerator.EMPLOYEES_DEFAULT);
    int months = intOption(line, "months", SampleGenerator.MONTHS_DEFAULT);
    long seed = intOption(line, "seed", (int) SampleGenerator.SEED_DEFAULT);
    LocalDate end = line.hasOption("end") ? runDate(line.getOptionValue("end")) : SampleGenerator.SAMPLE_END;
    try {
      SampleGenerator generator = new SampleGenerator(employees, months, seed, end);
      if (line.hasOption("effect") || line.hasOption("confounded")) {
        generator.plant(line.hasOption("effect") ? decimalOption(line, "effect") : 0, line.hasOption("confounded"));
      }
      if (line.hasOption("activity")) {
        generator.activity(decimalOption(line, "activity"));
      }
      long events = generator.write(Path.of(out));
      System.out.printf("generate: wrote %d people, %d months ending %s, %d collaboration events to %s%n",
          employees, months, end, events, out);
    } catch (IllegalArgumentException e) {
      throw BottomupException.refused(e.getMessage());
    }
  }

  private static Options options(Command command) {
    Options o = new Options();
    o.addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    switch (command) {
      case GENERATE -> {
        o.addOption(valued("out", "DIR", "landing folder to write (default sample-data)"));
        o.addOption(valued("employees", "N", "number of people (default " + SampleGenerator.EMPLOYEES_DEFAULT + ")"));
        o.addOption(valued("months", "M", "months of activity (default " + SampleGenerator.MONTHS_DEFAULT + ")"));
        o.addOption(valued("seed", "S", "random seed; same seed, same bytes (default " + SampleGenerator.SEED_DEFAULT + ")"));
        o.addOption(valued("end", "YYYY-MM-DD", "last day of activity (default " + SampleGenerator.SAMPLE_END + ")"));
        o.addOption(valued("activity", "X", "multiply each person's monthly collaboration by X (default 1; the benchmark's realistic sizes use 10)"));
        o.addOption(valued("effect", "E", "plant a known effect: E rating points per 10 helping or asking actions between reviews"));
        o.addOption(Option.builder().longOpt("confounded")
            .desc("juniors are both more active and improve faster on their own (with --effect 0: no effect, a raw gap)").get());
      }
      case FORGET -> {
        o.addOption(valued("out", "DIR", "output folder to erase the people from"));
        o.addOption(valued("run-date", "YYYY-MM-DD", "the run date whose marts and reports are rebuilt (the latest run's)"));
        o.addOption(Option.builder().longOpt("employee-id").hasArgs().argName("ID").desc("employee id to forget (repeatable)").get());
        o.addOption(valued("ids-file", "FILE", "a file of employee ids, one per line"));
        o.addOption(valued("config", "FILE", "job configuration (YAML); defaults apply without it"));
        o.addOption(valued("master", "URL", "Spark master (default " + Sessions.MASTER_DEFAULT + ")"));
      }
      case STATUS -> {
        o.addOption(valued("out", "DIR", "output folder whose _runs/ to read"));
        o.addOption(valued("last", "N", "how many runs to show (default 10)"));
      }
      case BACKFILL -> {
        o.addOption(valued("input", "DIR", "landing folder (see INPUTS in the README)"));
        o.addOption(valued("out", "DIR", "output folder: staging/, quarantine/, marts/, reports/, _runs/"));
        o.addOption(valued("from", "YYYY-MM-DD", "first run date"));
        o.addOption(valued("to", "YYYY-MM-DD", "last run date"));
        o.addOption(valued("config", "FILE", "job configuration (YAML); defaults apply without it"));
        o.addOption(valued("master", "URL", "Spark master (default " + Sessions.MASTER_DEFAULT + ")"));
      }
      case DEMO -> {
        o.addOption(valued("out", "DIR", "output folder (default ./" + DEMO_OUT + ")"));
        o.addOption(valued("config", "FILE", "job configuration (YAML); defaults apply without it"));
        o.addOption(valued("master", "URL", "Spark master (default " + Sessions.MASTER_DEFAULT + ")"));
      }
      default -> {
        o.addOption(valued("input", "DIR", "landing folder (see INPUTS in the README)"));
        o.addOption(valued("out", "DIR", "output folder: staging/, quarantine/, marts/, reports/, _runs/"));
        o.addOption(valued("run-date", "YYYY-MM-DD", "the run date: data up to this day is in scope ('yesterday': UTC)"));
        o.addOption(Option.builder().longOpt("full-refresh").desc("read every landing file and rebuild staging and marts "
            + "(default: read only new or changed files, see incremental in the job configuration)").get());
        o.addOption(valued("config", "FILE", "job configuration (YAML); defaults apply without it"));
        o.addOption(valued("master", "URL", "Spark master (default " + Sessions.MASTER_DEFAULT + "; '" + Sessions.SPARK_SUBMIT
            + "': the one spark-submit gives)"));
      }
    }
    return o;
  }

  private static Option valued(String name, String arg, String description) {
    return Option.builder().longOpt(name).hasArg().argName(arg).desc(description).get();
  }

  private static String required(CommandLine line, String option, Command command) {
    String v = line.getOptionValue(option);
    if (v == null || v.isBlank()) {
      throw BottomupException.refused("--" + option + " is required (see `bottomup " + command.value() + " --help`)");
    }
    return v;
  }

  /**
   * Refuses, before the run starts, an --input that no path can be made of (a relative {@code file:} URI
   * failed inside the run with exit 1 and a stack trace). A folder that is missing or unreadable is
   * refused by ingest inside the run (exit 2), which records it in {@code _runs/} for {@code status}; it
   * is parsed there as here, by Hadoop, so that a plain path may also name the cluster's default file system.
   */
  private static void checkInputPath(String input) {
    try {
      new org.apache.hadoop.fs.Path(input).toUri();
    } catch (IllegalArgumentException e) {
      throw BottomupException.refused("--input " + input + " is not a path or URI: " + e.getMessage());
    }
  }

  /** A date of the form YYYY-MM-DD, or {@code yesterday} (UTC, for schedulers that cannot compute one). */
  private static LocalDate runDate(String text) {
    if ("yesterday".equals(text)) {
      return LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1);
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw BottomupException.refused("'" + text + "' is not a date of the form YYYY-MM-DD");
    }
  }

  private static int intOption(CommandLine line, String name, int fallback) {
    String v = line.getOptionValue(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw BottomupException.refused("--" + name + " must be a whole number, got '" + v + "'");
    }
  }

  private static double decimalOption(CommandLine line, String name) {
    String v = line.getOptionValue(name);
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw BottomupException.refused("--" + name + " must be a number, got '" + v + "'");
    }
  }

  private static void printUsage() {
    StringBuilder b = new StringBuilder("usage: bottomup <command> [options]   (bottomup <command> --help for its options)\n\ncommands:\n");
    for (Command c : Command.values()) {
      b.append(String.format("  %-9s %s%n", c.value(), c.summary()));
    }
    b.append("\nexit codes: 0 succeeded, 1 failed, 2 refused (command line, input, configuration, key),\n"
        + "            3 data quality gate failed, 4 another run holds the lock\n");
    System.err.print(b);
  }

  private static void printHelp(Command command, Options options) {
    PrintWriter w = new PrintWriter(System.err, true);
    new HelpFormatter().printHelp(w, 100, "bottomup " + command.value() + " [options]", command.summary(), options, 2, 2,
        "", false);
    w.flush();
  }
}
