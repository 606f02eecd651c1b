package io.bottomup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.junit.jupiter.api.Test;

class ProgressTest extends SparkTest {
  /** Follows a real job: at the end of its 4-task stage all 4 tasks were counted; finished stages leave the list. */
  @Test
  void countsTheTasksOfRunningStagesAndForgetsFinishedOnes() throws Exception {
    List<int[]> atCompletion = new ArrayList<>();
    Progress progress = new Progress() {
      @Override
      public void onStageCompleted(SparkListenerStageCompleted event) {
        atCompletion.add(snapshot().get(event.stageInfo().stageId()));
        super.onStageCompleted(event);
      }
    };
    spark.sparkContext().addSparkListener(progress);
    try {
      assertEquals(143, spark.range(0, 1000, 1, 4).filter("id % 7 = 0").count());
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(progress);
    }
    assertTrue(atCompletion.stream().anyMatch(s -> s != null && s[0] == 4 && s[1] == 4),
        "the scan stage had 4 tasks and all 4 were counted");
    assertEquals(Map.of(), progress.snapshot(), "nothing is left running");
  }

  /** A session reused for another run keeps one progress listener: each would log every line again. */
  @Test
  void attachesOneListenerToAContext() {
    Progress.attach(spark.sparkContext());
    assertFalse(Progress.attach(spark.sparkContext()), "already listening");
    assertEquals(1, spark.sparkContext().listenerBus().listeners().stream().filter(Progress.class::isInstance).count());
  }
}
