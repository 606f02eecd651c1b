package io.bottomup;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress line for long stages: while Spark work runs, every {@link #EVERY_SECONDS} seconds one
 * log line says which Spark stages are running and how many of their tasks are done, so an operator
 * watching a long night sees it move. Quiet when nothing runs that long.
 */
class Progress extends SparkListener {
  static final int EVERY_SECONDS = 30;
  /**
   * {@code -Dbottomup.profile=true}: one log line per Spark SQL query (its duration and the bottomup
   * lines that started it) and per completed Spark stage, to see where a run's time goes (the
   * benchmark turns it on; see bench/README.md).
   */
  static final boolean PROFILE = Boolean.getBoolean("bottomup.profile");
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  private record Running(String name, int tasks, AtomicInteger done, long startedNanos) {}

  private final Map<Integer, Running> running = new ConcurrentHashMap<>();
  /** With {@link #PROFILE}: SQL queries running, id → {start millis, the bottomup lines that started it}. */
  private final Map<Long, String[]> queries = new ConcurrentHashMap<>();

  /**
   * Listens to {@code context}'s stages unless a progress listener already does: a session reused in
   * one JVM (the tests run some 55 pipelines on one) would otherwise gain a listener and a timer thread
   * per run, each logging the same lines. Whether it attached one.
   */
  static synchronized boolean attach(SparkContext context) {
    if (context.listenerBus().listeners().stream().anyMatch(Progress.class::isInstance)) {
      return false;
    }
    Progress progress = new Progress();
    context.addSparkListener(progress);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bottomup-progress");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(progress::report, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    return true;
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    running.put(event.stageInfo().stageId(), new Running(event.stageInfo().name(), event.stageInfo().numTasks(),
        new AtomicInteger(), System.nanoTime()));
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    Running r = running.get(event.stageId());
    if (r != null) {
      r.done().incrementAndGet();
    }
  }

  /** With {@link #PROFILE}: one log line per SQL query, its duration and the bottomup line that started it. */
  @Override
  public void onOtherEvent(org.apache.spark.scheduler.SparkListenerEvent event) {
    if (!PROFILE) {
      return;
    }
    if (event instanceof org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart start) {
      String where = java.util.Arrays.stream(start.details().split("\n")).map(String::trim)
          .filter(l -> l.contains("io.bottomup")).limit(3).reduce((a, b) -> a + " < " + b).orElse(start.description());
      queries.put(start.executionId(), new String[] {String.valueOf(start.time()), where});
    } else if (event instanceof org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd end) {
      String[] q = queries.remove(end.executionId());
      if (q != null) {
        LOG.info("profile: query {} {} ms: {}", end.executionId(), end.time() - Long.parseLong(q[0]), q[1]);
      }
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    running.remove(event.stageInfo().stageId());
    if (PROFILE) {
      org.apache.spark.scheduler.StageInfo info = event.stageInfo();
      long ms = info.submissionTime().isDefined() && info.completionTime().isDefined()
          ? (Long) info.completionTime().get() - (Long) info.submissionTime().get() : -1;
      LOG.info("profile: stage {} {} ms, {} tasks: {}", info.stageId(), ms, info.numTasks(), info.name());
    }
  }

  /** Running stages: id → {tasks done, tasks}. */
  Map<Integer, int[]> snapshot() {
    Map<Integer, int[]> out = new java.util.TreeMap<>();
    running.forEach((id, r) -> out.put(id, new int[] {r.done().get(), r.tasks()}));
    return out;
  }

  void report() {
    long now = System.nanoTime();
    running.forEach((id, r) -> {
      long seconds = (now - r.startedNanos()) / 1_000_000_000L;
      if (seconds >= EVERY_SECONDS) {
        LOG.info("progress: Spark stage {} ({}) {}/{} tasks done, running for {} s", id, r.name(), r.done().get(), r.tasks(),
            seconds);
      }
    });
  }
}
