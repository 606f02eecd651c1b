package io.bottomup.report;

import io.bottomup.RunContext;
import io.bottomup.Version;
import io.bottomup.ingest.IngestSummary;
import io.bottomup.io.Tables;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Stage 4: the marts to {@code reports/<run-date>/}: the HTML report, the workbook, and
 * manifest.json last. Reads the marts with parquet-avro; starts no Spark. The folder is assembled
 * beside its final place and swapped in, so readers see the previous complete report or the new one.
 */
public final class ReportStage {
  public static final String MANIFEST = "manifest.json";
  public static final String HISTORY = "history.jsonl";

  private final RunContext ctx;
  private final List<StageTiming> timings;

  public ReportStage(RunContext ctx, List<StageTiming> timings) {
    this.ctx = ctx;
    this.timings = new ArrayList<>(timings);
  }

  /** Writes the reports and returns the folder they are in. */
  public String run() {
    long start = System.nanoTime();
    Configuration conf = new Configuration();
    IngestSummary ingest = IngestSummary.read(conf, ctx.out().stagingSummary());
    ReportData data = new ReportData(ctx.config(), ctx.runDate(), new MartReader(conf, ctx.out().root() + "/marts"), ingest.sources());
    byte[] html = new HtmlReport(new File(HtmlReport.TEMPLATES_DIR)).render(data.htmlModel(Version.VERSION))
        .getBytes(StandardCharsets.UTF_8);
    byte[] xlsx = new WorkbookReport(data).render();
    timings.add(new StageTiming("report", Math.round((System.nanoTime() - start) / 1e8) / 10.0));
    Manifest manifest = new Manifest(ctx.runDate().toString(), Manifest.SUCCEEDED, iso(ctx.startedAt()), iso(Instant.now()),
        Version.VERSION, ctx.config().minGroupSize(), ingest.sources(), timings, List.of(Manifest.reconciliation(ingest.sources())));
    publish(conf, html, xlsx, manifest.toJson());
    appendHistory(conf, manifest);
    return ctx.out().reports(ctx.runDate());
  }

  private void publish(Configuration conf, byte[] html, byte[] xlsx, byte[] manifest) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String target = ctx.out().reports(ctx.runDate());
    Path staged = new Path(target + ".tmp-" + id);
    write(conf, new Path(staged, HtmlReport.FILE_NAME), html);
    write(conf, new Path(staged, WorkbookReport.FILE_NAME), xlsx);
    write(conf, new Path(staged, MANIFEST), manifest);
    Tables.swap(conf, staged, new Path(target), new Path(target + ".old-" + id));
  }

  private void appendHistory(Configuration conf, Manifest manifest) {
    Path history = new Path(ctx.out().runs(), HISTORY);
    try {
      FileSystem fs = history.getFileSystem(conf);
      byte[] previous = fs.exists(history) ? fs.open(history).readAllBytes() : new byte[0];
      String line = new String(manifest.toJson(), StandardCharsets.UTF_8).replaceAll("\\s*\\n\\s*", " ") + "\n";
      byte[] all = new byte[previous.length + line.getBytes(StandardCharsets.UTF_8).length];
      System.arraycopy(previous, 0, all, 0, previous.length);
      byte[] lineBytes = line.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(lineBytes, 0, all, previous.length, lineBytes.length);
      Path tmp = new Path(ctx.out().runs(), HISTORY + ".tmp");
      write(conf, tmp, all);
      fs.delete(history, false);
      fs.rename(tmp, history);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Configuration conf, Path path, byte[] bytes) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      try (OutputStream out = fs.create(path, true)) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  private static String iso(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
