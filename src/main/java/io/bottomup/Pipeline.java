package io.bottomup;

import io.bottomup.analyze.AnalyzeStage;
import io.bottomup.cli.Command;
import io.bottomup.ingest.IngestStage;
import io.bottomup.model.ModelStage;
import io.bottomup.report.ReportStage;
import io.bottomup.report.StageTiming;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chains the stages of DESIGN.md for one run date: ingest → model → analyze → report. Each stage
 * reads only the layer before it, so each can also run alone; {@code run} runs them all and the
 * report's manifest records every stage's time.
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private Pipeline() {}

  public static void run(RunContext ctx, Command command) {
    List<StageTiming> timings = new ArrayList<>();
    boolean all = command == Command.RUN || command == Command.DEMO;
    if (all || command == Command.INGEST) {
      timed(timings, "ingest", () -> new IngestStage(ctx).run());
    }
    if (all || command == Command.MODEL) {
      timed(timings, "model", () -> new ModelStage(ctx).run());
    }
    if (all || command == Command.ANALYZE) {
      timed(timings, "analyze", () -> new AnalyzeStage(ctx).run());
    }
    if (all || command == Command.REPORT) {
      String where = new ReportStage(ctx, timings).run();
      System.out.println("report: " + where);
    }
  }

  private static void timed(List<StageTiming> timings, String stage, Runnable work) {
    long start = System.nanoTime();
    LOG.info("{}: started", stage);
    work.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    timings.add(new StageTiming(stage, Math.round(seconds * 10) / 10.0));
    LOG.info("{}: done in {} s", stage, String.format(java.util.Locale.ROOT, "%.1f", seconds));
  }
}
