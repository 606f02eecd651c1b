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
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  private record Running(String name, int tasks, AtomicInteger done, long startedNanos) {}

  private final Map<Integer, Running> running = new ConcurrentHashMap<>();

  static void attach(SparkContext context) {
    Progress progress = new Progress();
    context.addSparkListener(progress);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bottomup-progress");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(progress::report, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
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

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    running.remove(event.stageInfo().stageId());
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
