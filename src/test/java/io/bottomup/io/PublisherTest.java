package io.bottomup.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublisherTest {
  private static void table(Path folder, String content) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("part-0.parquet"), content);
  }

  @Test
  void publishReplacesEachTableTheRunWroteAndKeepsTheOthers(@TempDir Path dir) throws IOException {
    OutputLayout out = new OutputLayout(dir.toString());
    table(dir.resolve("marts/dim_person"), "old dim");
    table(dir.resolve("marts/mart_department"), "old mart");
    OutputLayout work = out.workspace("r1");
    table(Path.of(work.mart("dim_person")), "new dim");
    table(Path.of(work.reports(java.time.LocalDate.of(2026, 1, 31))), "report");

    new Publisher(new Configuration()).publish(work, out);

    assertEquals("new dim", Files.readString(dir.resolve("marts/dim_person/part-0.parquet")));
    assertEquals("old mart", Files.readString(dir.resolve("marts/mart_department/part-0.parquet")));
    assertTrue(Files.exists(dir.resolve("reports/2026-01-31/part-0.parquet")));
    assertFalse(Files.exists(dir.resolve("_work")));
  }

  @Test
  void recoveryFinishesAnInterruptedPublicationAndDropsAbandonedWorkspaces(@TempDir Path dir) throws IOException {
    OutputLayout out = new OutputLayout(dir.toString());
    table(dir.resolve("marts/dim_person"), "old dim");
    OutputLayout interrupted = out.workspace("killed-while-publishing");
    table(Path.of(interrupted.mart("dim_person")), "new dim");
    Files.writeString(Path.of(interrupted.root()).resolve(Publisher.MARKER), dir.toString());
    OutputLayout abandoned = out.workspace("killed-while-computing");
    table(Path.of(abandoned.mart("dim_person")), "half-written dim");

    new Publisher(new Configuration()).recover(out);

    assertEquals("new dim", Files.readString(dir.resolve("marts/dim_person/part-0.parquet")));
    assertFalse(Files.exists(dir.resolve("_work")));
  }
}
