package io.bottomup;

import io.bottomup.analyze.AnalyzeStage;
import io.bottomup.cli.Command;
import io.bottomup.ingest.IngestStage;
import io.bottomup.ingest.IngestSummary;
import io.bottomup.ingest.QualityGate;
import io.bottomup.io.Publisher;
import io.bottomup.io.RunHistory;
import io.bottomup.io.RunLock;
import io.bottomup.model.ModelStage;
import io.bottomup.report.Manifest;
import io.bottomup.report.ReportStage;
import io.bottomup.report.StageTiming;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chains the stages of DESIGN.md for one run date: ingest → model → analyze → report. Each stage
 * reads only the layer before it, so each can also run alone.
 *
 * <p>A run is a transaction on the output folder: it takes the folder's lock (exit 4 if another run
 * holds it), finishes or discards what a dead run left behind, writes everything into its own
 * workspace, checks what it ingested (reconciliation, then the quality gate: exit 3), and only when
 * every stage succeeded publishes the workspace by rename and appends its manifest to
 * {@code _runs/}. A run that fails at any point leaves the published outputs as they were, and its
 * manifest (status {@code failed} or {@code failed_quality_gate}) is recorded in {@code _runs/} too.
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private Pipeline() {}

  /** Runs a command and returns its manifest. */
  public static Manifest run(RunContext ctx, Command command) {
    Configuration conf = ctx.hadoop();
    Publisher publisher = new Publisher(conf);
    try (RunLock lock = RunLock.acquire(conf, ctx.out())) {
      List<StageTiming> timings = new ArrayList<>();
      try {
        // Inside the try: a publication that cannot be finished fails this run, and the failure is recorded.
        recordAbandoned(ctx, publisher, publisher.recover(ctx.out()));
        Manifest manifest = stages(ctx, command, timings);
        publisher.publish(ctx.work(), ctx.out(), manifest.toJson());
        record(ctx, manifest);
        publisher.finish(ctx.work());
        return manifest;
      } catch (Throwable e) { // Spark rethrows a task's failure as SparkException, a checked exception
        String kept = discardUnlessPublishing(ctx, publisher);
        if (!(e instanceof Recorded)) {
          recordFailure(ctx, timings, e, kept);
        }
        throw e;
      }
    }
  }

  /**
   * Deletes a failed run's workspace, unless the failure stopped its publication half way (a rename
   * refused): some tables are then in place and others not, and deleting the workspace would leave
   * the published outputs mixed for good. It is kept with its marker, and the next run finishes the
   * publication before it starts ({@link Publisher#recover}). A run whose publication finished and
   * which then could not record itself keeps its workspace too: the next run records it from the
   * manifest there. Returns what was kept and why, or null.
   */
  private static String discardUnlessPublishing(RunContext ctx, Publisher publisher) {
    if (publisher.published(ctx.work())) {
      String kept = "the outputs are published in full, but the run could not be recorded in _runs/: its workspace "
          + ctx.work().root() + " is kept, and the next run in this folder records it as it finished";
      LOG.error(kept);
      return kept;
    }
    if (publisher.publishing(ctx.work())) {
      String kept = "the publication stopped half way: its workspace " + ctx.work().root()
          + " is kept, and the next run in this folder finishes the publication before it starts";
      LOG.error(kept);
      return kept;
    }
    publisher.discard(ctx.work());
    return null;
  }

  /** A failure whose manifest is already in {@code _runs/} (the reconciliation or the quality gate failed). */
  private static final class Recorded extends BottomupException {
    Recorded(int exitCode, String message) {
      super(exitCode, message);
    }
  }

  /**
   * Records a run that failed (exit 1) or was refused (exit 2) on the way in {@code _runs/}, so that
   * {@code _runs/} has one record per run (OUTPUTS.md): status {@code failed}, the stages that finished,
   * and a failed check {@code error} with the exit code and the message. Recording never hides the failure.
   */
  private static void recordFailure(RunContext ctx, List<StageTiming> timings, Throwable e, String kept) {
    BottomupException known = BottomupException.in(e);
    int exit = known != null ? known.exitCode() : BottomupException.EXIT_FAILED;
    String message = known != null ? known.getMessage() : e.getMessage() == null ? e.getClass().getName() : e.toString();
    List<Manifest.Check> checks = List.of(new Manifest.Check("error", false, "exit " + exit + ": " + message
        + (kept == null ? "" : "; " + kept)));
    try {
      record(ctx, ReportStage.manifest(ctx, Manifest.FAILED, null, timings, checks));
    } catch (RuntimeException recording) {
      e.addSuppressed(recording);
      LOG.warn("the failed run could not be recorded in _runs/: {}", recording.getMessage());
    }
  }

  /**
   * Records the runs that died and left a workspace ({@link Publisher#recover}), so that {@code _runs/}
   * has one record per run even for a run killed by the scheduler or a stopped machine: the manifest
   * its workspace held if the run died while publishing (then its outputs are now published), else a
   * manifest with status {@code failed}, its run date and start from its run id, its last write as
   * {@code finished_at}, and a failed check {@code error} saying what happened. A run killed before it
   * took the lock left nothing and is not known. Each workspace is removed once its run is recorded: if
   * recording fails, it stays for the next run to record.
   */
  private static void recordAbandoned(RunContext ctx, Publisher publisher, List<Publisher.Abandoned> abandoned) {
    if (abandoned.isEmpty()) {
      return;
    }
    // A run that failed is recorded before its workspace is discarded: if the discard did not finish,
    // it is already in the history and is not recorded twice.
    java.util.Map<String, String> recorded = new java.util.HashMap<>();
    new RunHistory(ctx.hadoop(), ctx.out()).runs().forEach(r -> recorded.put(r.path("run_id").asText(), r.path("status").asText()));
    for (Publisher.Abandoned run : abandoned) {
      recordAbandoned(ctx, run, recorded);
      publisher.finish(ctx.out().workspace(run.runId()));
    }
  }

  /** Records one run {@link Publisher#recover} returned, unless {@code _runs/} has it already as it ended. */
  private static void recordAbandoned(RunContext ctx, Publisher.Abandoned run, java.util.Map<String, String> recorded) {
    RunContext.RunId id = RunContext.RunId.parse(run.runId());
    boolean already = recorded.containsKey(run.runId());
    if (id == null || already && !run.published()) {
      return; // not a run's workspace, or a failed run recorded already
    }
    if (already && Manifest.SUCCEEDED.equals(recorded.get(run.runId()))) {
      return; // published and recorded: it stopped before removing its workspace, removed now
    }
    Manifest manifest = null;
    if (run.published() && run.manifest() != null) {
      try {
        manifest = Manifest.fromJson(run.manifest());
      } catch (RuntimeException unreadable) {
        LOG.warn("the manifest of {} cannot be read ({}): it is recorded as a run that died", run.runId(), unreadable.getMessage());
      }
    }
    if (manifest == null) {
      if (already) {
        LOG.warn("run {} stays recorded as failed in _runs/: its publication is finished, but its workspace held no"
            + " readable manifest", run.runId());
      } else {
        record(ctx.hadoop(), ctx.out(), run.runId(), died(ctx, run, id));
      }
      return;
    }
    // Its publication stopped half way (it was killed, or a rename was refused and it recorded itself as
    // failed), or finished before the run could record itself; now that its outputs are all in place,
    // its record is the run it was, saying so.
    Manifest finished = manifest.withCheck(new Manifest.Check("publication", true, run.complete()
        ? "the publication finished, but the run was not recorded as it finished (it stopped, or _runs/ could not be"
            + " written); run " + ctx.runId() + " recorded it"
        : "the publication stopped half way and was finished by run " + ctx.runId()));
    record(ctx.hadoop(), ctx.out(), run.runId(), finished); // in place of its failure, if it recorded one
    LOG.info("run {} is recorded in _runs/ as it finished: its publication is done", run.runId());
  }

  private static Manifest died(RunContext ctx, Publisher.Abandoned run, RunContext.RunId id) {
    String what = run.complete()
        ? "the run stopped, or could not record itself, after its publication finished; run " + ctx.runId()
            + " recorded it (its manifest could not be read)"
        : run.published()
        ? "the run died while publishing; run " + ctx.runId() + " finished its publication (its manifest was not written)"
        : "the run died before it finished (its process was killed or its machine stopped); run " + ctx.runId()
            + " removed its workspace, nothing of it was published";
    return new Manifest(id.runDate().toString(), run.runId(), run.published() ? Manifest.SUCCEEDED : Manifest.FAILED,
        ReportStage.iso(id.startedAt()), ReportStage.iso(run.lastWritten()), Version.VERSION,
        ctx.config().minGroupSize(), List.of(), List.of(), List.of(new Manifest.Check(run.published() ? "publication" : "error", run.published(), what)),
        List.of());
  }

  /**
   * {@code forget}: removes people from staging and quarantine ({@link Erasure}), then rebuilds the
   * marts and the reports of the run date, as one transaction like any run.
   */
  public static Manifest forget(RunContext ctx, List<String> employeeIds) {
    Configuration conf = ctx.hadoop();
    Publisher publisher = new Publisher(conf);
    try (RunLock lock = RunLock.acquire(conf, ctx.out())) {
      List<StageTiming> timings = new ArrayList<>();
      try {
        recordAbandoned(ctx, publisher, publisher.recover(ctx.out()));
        String directory = ctx.out().staging(io.bottomup.schema.Entity.DIRECTORY);
        if (!io.bottomup.io.Tables.exists(ctx.spark(), directory)) {
          throw BottomupException.refused("nothing to forget: " + directory
              + " does not exist (--out must be the output folder of an earlier run)");
        }
        String removed = timed(timings, "erase", () -> Erasure.erase(ctx, employeeIds));
        timed(timings, "model", () -> {
          // Every month: the people are erased from all of staging, not only the last ingest's days.
          new ModelStage(ctx, true).run();
          return null;
        });
        timed(timings, "analyze", () -> {
          new AnalyzeStage(ctx).run();
          return null;
        });
        IngestSummary ingest = IngestSummary.read(ctx.hadoop(), ctx.latest(l -> l.stagingSummary()));
        List<Manifest.Check> checks = new ArrayList<>();
        checks.add(new Manifest.Check("erasure", true, employeeIds.size() + " person(s) forgotten; " + removed
            + "; targets emptied; later runs skip their records (reason forgotten). The sources' counts are those of the"
            + " ingest that read them"));
        Manifest manifest = new ReportStage(ctx).run(ingest, timings, checks);
        publisher.publish(ctx.work(), ctx.out(), manifest.toJson());
        record(ctx, manifest);
        publisher.finish(ctx.work());
        LOG.info("forget: {} person(s), {}, marts and reports rebuilt", employeeIds.size(), removed);
        return manifest;
      } catch (Throwable e) { // as in run(): a task's failure arrives as a checked SparkException
        recordFailure(ctx, timings, e, discardUnlessPublishing(ctx, publisher));
        throw e;
      }
    }
  }

  private static Manifest stages(RunContext ctx, Command command, List<StageTiming> timings) {
    boolean all = command == Command.RUN || command == Command.DEMO;
    IngestSummary ingest = null;
    List<Manifest.Check> checks = new ArrayList<>();
    IngestStage.Changes changes = null;
    if (all || command == Command.INGEST) {
      IngestStage stage = new IngestStage(ctx);
      ingest = timed(timings, "ingest", stage::run);
      changes = stage.changes();
      String mode = changes == null || changes.full() ? VolumeCheck.FULL : VolumeCheck.INCREMENTAL;
      ingest = ingest.withWarnings(VolumeCheck.warnings(new RunHistory(ctx.hadoop(), ctx.out()).runs(), ingest, ctx.config(), mode));
      ingest.warnings().forEach(w -> LOG.warn("volume: {}", w));
      ingest.write(ctx.hadoop(), ctx.work().stagingSummary());
      checks.add(QualityGate.reconciliation(ingest.sources()));
      checks.add(QualityGate.gate(ingest, ctx.config()));
      if (changes != null) {
        checks.add(new Manifest.Check(VolumeCheck.MODE_CHECK, true, changes.detail()));
      }
      failIfChecksFail(ctx, ingest, timings, checks);
    }
    IngestSummary earlier = null;
    if (!all && command != Command.INGEST) {
      // A stage run as a task of its own needs the stages before it in this output folder: refused
      // (exit 2) with what to run, not a Spark stack trace or a report of other data.
      earlier = IngestSummary.read(ctx.hadoop(), ctx.latest(l -> l.stagingSummary()));
      String mismatch = command == Command.MODEL ? null : io.bottomup.model.ModelStage.mismatch(ctx);
      if (mismatch == null && command == Command.REPORT) {
        mismatch = io.bottomup.analyze.AnalyzeStage.mismatch(ctx);
      }
      if (mismatch != null) {
        throw BottomupException.refused(mismatch);
      }
    }
    if (all || command == Command.MODEL) {
      timed(timings, "model", () -> {
        new ModelStage(ctx).run();
        return null;
      });
    }
    if (all || command == Command.ANALYZE) {
      timed(timings, "analyze", () -> {
        new AnalyzeStage(ctx).run();
        return null;
      });
    }
    if (all || command == Command.REPORT) {
      if (ingest == null) {
        // Run as a task of its own: the checks of the ingest it reports on, as a whole run's manifest has them.
        ingest = earlier;
        checks.add(QualityGate.reconciliation(ingest.sources()));
        checks.add(QualityGate.gate(ingest, ctx.config()));
        failIfChecksFail(ctx, ingest, timings, checks);
      }
      return new ReportStage(ctx).run(ingest, timings, checks);
    }
    return ReportStage.manifest(ctx, Manifest.SUCCEEDED, ingest, timings, checks);
  }

  /** A failed reconciliation is a bug (exit 1); a failed gate is bad data (exit 3). Both are recorded. */
  private static void failIfChecksFail(RunContext ctx, IngestSummary ingest, List<StageTiming> timings,
      List<Manifest.Check> checks) {
    Manifest.Check reconciliation = checks.get(0);
    Manifest.Check gate = checks.get(1);
    if (reconciliation.passed() && gate.passed()) {
      return;
    }
    String status = reconciliation.passed() ? Manifest.FAILED_QUALITY_GATE : Manifest.FAILED;
    Manifest manifest = ReportStage.manifest(ctx, status, ingest, timings, checks);
    String where = record(ctx, manifest);
    if (!reconciliation.passed()) {
      throw new Recorded(BottomupException.EXIT_FAILED,
          "records were lost: " + reconciliation.detail() + " (manifest: " + where + ")");
    }
    throw new Recorded(BottomupException.EXIT_QUALITY_GATE,
        "the data quality gate failed, nothing was published: " + gate.detail() + " (manifest: " + where + ")");
  }

  /** Records the manifest in the run history (in place of the run's earlier record) and as {@code _runs/<run id>.json}. */
  private static String record(RunContext ctx, Manifest manifest) {
    return record(ctx.hadoop(), ctx.out(), ctx.runId(), manifest);
  }

  private static String record(Configuration conf, io.bottomup.io.OutputLayout out, String runId, Manifest manifest) {
    // The run's own file first: a run in the history counts as recorded (recordAbandoned), so a kill
    // between the two must not leave it there without its file.
    Path file = new Path(out.runs(), runId + ".json");
    ReportStage.write(conf, file, manifest.toJson());
    new RunHistory(conf, out).record(runId, manifest.toJson());
    return file.toString();
  }

  private static <T> T timed(List<StageTiming> timings, String stage, Supplier<T> work) {
    long start = System.nanoTime();
    LOG.info("{}: started", stage);
    T result = work.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    timings.add(new StageTiming(stage, Math.round(seconds * 10) / 10.0));
    LOG.info("{}: done in {} s", stage, String.format(Locale.ROOT, "%.1f", seconds));
    return result;
  }
}
