package io.bottomup.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bottomup.Sessions;
import io.bottomup.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * A run's fixed cost, as the tests pay it: the whole pipeline run several times in one JVM on one small
 * landing folder, with the tests' settings ({@code local[2]}, two shuffle partitions, expressions
 * interpreted: see SparkTest), each run into a fresh output folder. The first run pays the JIT's
 * warm-up; the others are what each of the suite's pipeline runs costs, which on a few records is
 * Spark planning its queries, not running them. Prints a markdown table: per run, wall seconds and
 * each stage's seconds (from the run's manifest), then the mean of the warm runs.
 *
 * <p>{@code java -cp "target/dist/lib/*" io.bottomup.tools.WarmRuns [LANDING_DIR [RUN_DATE [RUNS]]]}
 * (default: the test corpus, {@code src/test/resources/corpus}, 2026-01-31, 6 runs); {@code bench/warm.sh}
 * runs it with the launcher's JVM flags.
 */
public final class WarmRuns {
  private WarmRuns() {}

  public static void main(String[] args) throws IOException {
    String input = args.length > 0 ? args[0] : "src/test/resources/corpus";
    String runDate = args.length > 1 ? args[1] : "2026-01-31";
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    System.setProperty("spark.sql.shuffle.partitions", "2");
    System.setProperty("spark.sql.codegen.wholeStage", "false");
    System.setProperty("spark.sql.codegen.factoryMode", "NO_CODEGEN");
    SparkSession spark = Sessions.configure(SparkSession.builder().master("local[2]").appName("bottomup-warm-runs")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")).getOrCreate();
    Path work = Files.createTempDirectory("bottomup-warm-runs");
    // The test corpus holds bad records on purpose: the quality gate must not stop the run.
    Path config = Files.writeString(work.resolve("job.yaml"), "quality_gate: {max_quarantined_share: 1.0}\n");
    List<Map<String, Double>> rows = new ArrayList<>();
    // Each run prints where its report is; those folders are deleted below, so the table alone is printed.
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    try {
      for (int i = 0; i < runs; i++) {
        Path out = work.resolve("out" + i);
        long start = System.nanoTime();
        int status = Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "bench"), "run", "--input", input, "--out", out.toString(),
            "--run-date", runDate, "--config", config.toString());
        double wall = (System.nanoTime() - start) / 1e9;
        if (status != 0) {
          throw new IllegalStateException("run " + (i + 1) + " exited " + status);
        }
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("wall", wall);
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("reports").resolve(runDate).resolve("manifest.json").toFile());
        manifest.get("stages").forEach(s -> row.put(s.get("name").asText(), s.get("seconds").asDouble()));
        rows.add(row);
        delete(out);
      }
    } finally {
      System.setOut(stdout);
      delete(work);
      spark.stop();
    }
    List<String> columns = new ArrayList<>(rows.get(0).keySet());
    System.out.println("| run | " + String.join(" s | ", columns) + " s |");
    System.out.println("|---|" + "---:|".repeat(columns.size()));
    for (int i = 0; i < rows.size(); i++) {
      System.out.println("| " + (i + 1) + (i == 0 ? " (JIT warm-up)" : "") + " | " + cells(rows.get(i), columns) + " |");
    }
    if (rows.size() > 1) {
      Map<String, Double> mean = new LinkedHashMap<>();
      for (String c : columns) {
        mean.put(c, rows.subList(1, rows.size()).stream().mapToDouble(r -> r.getOrDefault(c, 0.0)).average().orElse(0));
      }
      System.out.println("| mean of runs 2–" + rows.size() + " | " + cells(mean, columns) + " |");
    }
  }

  private static String cells(Map<String, Double> row, List<String> columns) {
    return String.join(" | ", columns.stream().map(c -> String.format(Locale.ROOT, "%.1f", row.getOrDefault(c, 0.0))).toList());
  }

  private static void delete(Path dir) {
    org.apache.hadoop.fs.FileUtil.fullyDelete(dir.toFile());
  }
}
