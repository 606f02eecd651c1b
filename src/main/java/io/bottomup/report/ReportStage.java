package io.bottomup.report;

import io.bottomup.RunContext;
import io.bottomup.Version;
import io.bottomup.ingest.IngestSummary;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Stage 4: the marts to {@code reports/<run-date>/}: the HTML report, the workbook, and
 * manifest.json last. Reads the marts with parquet-avro; starts no Spark. Writes into the run's
 * workspace; the run publishes the folder whole.
 */
public final class ReportStage {
  public static final String MANIFEST = "manifest.json";

  private final RunContext ctx;

  public ReportStage(RunContext ctx) {
    this.ctx = ctx;
  }

  /** Writes the reports and returns the manifest written with them. */
  public Manifest run(IngestSummary ingest, List<StageTiming> timings, List<Manifest.Check> checks) {
    long start = System.nanoTime();
    Configuration conf = ctx.hadoop();
    // Most of this stage, at any size, is loading and warming up three libraries' classes (Parquet,
    // POI, FreeMarker): the workbook template is opened and the HTML template parsed on other threads
    // while the marts are read, and the workbook is built beside the HTML. The threads are created
    // here, so they inherit this thread's context class loader (spark-submit's, under spark-submit).
    java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newFixedThreadPool(2, task -> {
      Thread t = new Thread(task, "bottomup-report");
      t.setDaemon(true);
      return t;
    });
    byte[] html;
    byte[] xlsx;
    try {
      CompletableFuture<XSSFWorkbook> template = CompletableFuture.supplyAsync(
          () -> WorkbookTemplate.open(ctx.config().workbookTemplate()), background);
      CompletableFuture<HtmlReport> htmlReport = CompletableFuture.supplyAsync(
          () -> new HtmlReport(new File(HtmlReport.TEMPLATES_DIR), ctx.config().htmlTemplate()).parsed(), background);
      MartReader marts = new MartReader(conf, mart -> ctx.latest(l -> l.mart(mart)));
      ReportData data = new ReportData(ctx.config(), ctx.runDate(), marts, ingest.sources(), ingest.warnings());
      java.util.Map<String, Object> model = new java.util.HashMap<>(data.htmlModel(Version.VERSION));
      model.put("incrementalRun", incrementalRun(conf));
      CompletableFuture<byte[]> workbook = template.thenApplyAsync(t -> new WorkbookReport(data).render(t), background);
      html = join(htmlReport).render(model).getBytes(StandardCharsets.UTF_8);
      xlsx = join(workbook);
    } finally {
      background.shutdown();
    }
    List<StageTiming> all = new ArrayList<>(timings);
    all.add(new StageTiming("report", Math.round((System.nanoTime() - start) / 1e8) / 10.0));
    Manifest manifest = manifest(ctx, Manifest.SUCCEEDED, ingest, all, checks);
    Path folder = new Path(ctx.work().reports(ctx.runDate()));
    write(conf, new Path(folder, HtmlReport.FILE_NAME), html);
    write(conf, new Path(folder, WorkbookReport.FILE_NAME), xlsx);
    write(conf, new Path(folder, MANIFEST), manifest.toJson());
    return manifest;
  }

  /**
   * Whether the last ingest was incremental: its counts then cover that run's files, not all staged
   * data, and the template says so.
   */
  private boolean incrementalRun(Configuration conf) {
    io.bottomup.ingest.IngestStage.Changes changes =
        io.bottomup.ingest.IngestStage.Changes.read(conf, ctx.latest(io.bottomup.io.OutputLayout::stagingChanges));
    return changes != null && !changes.full();
  }

  /** The value of a background task, its failure rethrown as it was. */
  private static <T> T join(CompletableFuture<T> task) {
    try {
      return task.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** The manifest of a run in the given state. */
  public static Manifest manifest(RunContext ctx, String status, IngestSummary ingest, List<StageTiming> timings,
      List<Manifest.Check> checks) {
    return new Manifest(ctx.runDate().toString(), ctx.runId(), status, iso(ctx.startedAt()), iso(Instant.now()),
        Version.VERSION, ctx.config().minGroupSize(), ingest == null ? List.of() : ingest.sources(), timings, checks,
        ingest == null ? List.of() : ingest.warnings());
  }

  public static void write(Configuration conf, Path path, byte[] bytes) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      fs.setWriteChecksum(false);
      try (OutputStream out = fs.create(path, true)) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** An instant as the manifest writes it: UTC, to the second. */
  public static String iso(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
