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

    Publisher publisher = new Publisher(new Configuration());
    publisher.publish(work, out, "{\"run_id\":\"r1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertEquals("new dim", Files.readString(dir.resolve("marts/dim_person/part-0.parquet")));
    assertEquals("old mart", Files.readString(dir.resolve("marts/mart_department/part-0.parquet")));
    assertTrue(Files.exists(dir.resolve("reports/2026-01-31/part-0.parquet")));
    // Until the run is recorded, its workspace keeps the marker and the manifest a next run would record.
    assertTrue(publisher.publishing(work));
    assertTrue(publisher.published(work), "every table is in place: only the record is left");
    assertEquals("{\"run_id\":\"r1\"}", Files.readString(Path.of(work.root()).resolve(Publisher.RUN_MANIFEST)));
    publisher.finish(work);
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

    Files.createDirectories(Path.of(interrupted.root()).resolve("reports/2026-01-31"));
    Files.writeString(Path.of(interrupted.root()).resolve("reports/2026-01-31/manifest.json"), "{\"status\":\"succeeded\"}");

    java.util.Map<String, Publisher.Abandoned> runs = new java.util.TreeMap<>();
    new Publisher(new Configuration()).recover(out).forEach(r -> runs.put(r.runId(), r));

    assertEquals("new dim", Files.readString(dir.resolve("marts/dim_person/part-0.parquet")));
    assertTrue(Files.exists(Path.of(interrupted.root()).resolve(Publisher.MARKER)),
        "a published run's workspace stays until it is recorded: its manifest is the only copy");
    assertTrue(Files.exists(Path.of(abandoned.root())), "and so does the other's, whose last write is its run's end");
    new Publisher(new Configuration()).finish(interrupted);
    new Publisher(new Configuration()).finish(abandoned);
    assertFalse(Files.exists(dir.resolve("_work")));
    assertEquals(java.util.Set.of("killed-while-publishing", "killed-while-computing"), runs.keySet(), "both are returned");
    assertTrue(runs.get("killed-while-publishing").published());
    assertFalse(runs.get("killed-while-publishing").complete(), "it stopped before its last table");
    assertEquals("{\"status\":\"succeeded\"}", new String(runs.get("killed-while-publishing").manifest(),
        java.nio.charset.StandardCharsets.UTF_8), "its own manifest, to record");
    assertFalse(runs.get("killed-while-computing").published());
    assertEquals(null, runs.get("killed-while-computing").manifest());
  }

  /**
   * An incremental run's table replaces the partitions its {@code _PARTITIONS} file names, deletes
   * the emptied ones and keeps the others; publishing again (a recovery) changes nothing more.
   */
  @Test
  void aPartialTableReplacesAndDeletesOnlyItsPartitions(@TempDir Path dir) throws IOException {
    OutputLayout out = new OutputLayout(dir.toString());
    Path published = dir.resolve("staging/stg_collaboration");
    table(published.resolve("event_date=2026-01-01"), "old 1");
    table(published.resolve("event_date=2026-01-02"), "old 2");
    table(published.resolve("event_date=2026-01-03"), "old 3");
    OutputLayout work = out.workspace("r2");
    Path partial = Path.of(work.root()).resolve("staging/stg_collaboration");
    table(partial.resolve("event_date=2026-01-02"), "new 2");
    table(partial.resolve("event_date=2026-01-04"), "new 4");
    Files.writeString(published.resolve(Tables.SCHEMA), "the schema of the last whole write");
    Files.writeString(partial.resolve(Tables.SCHEMA), "the schema of this night's partitions");
    Files.writeString(partial.resolve(Tables.PARTITIONS),
        "column\tevent_date\nreplace\t2026-01-02\ndelete\t2026-01-03\nreplace\t2026-01-04\n");
    Files.writeString(Path.of(work.root()).resolve(Publisher.MARKER), dir.toString());
    Path copy = dir.resolve("copy-of-workspace");
    org.apache.commons.io.FileUtils.copyDirectory(Path.of(work.root()).toFile(), copy.toFile());

    new Publisher(new Configuration()).publish(work, out, null);
    new Publisher(new Configuration()).finish(work);

    assertEquals("old 1", Files.readString(published.resolve("event_date=2026-01-01/part-0.parquet")));
    assertEquals("new 2", Files.readString(published.resolve("event_date=2026-01-02/part-0.parquet")));
    assertFalse(Files.exists(published.resolve("event_date=2026-01-03")));
    assertEquals("new 4", Files.readString(published.resolve("event_date=2026-01-04/part-0.parquet")));
    assertFalse(Files.exists(published.resolve(Tables.PARTITIONS)), "the list is the workspace's, not the table's");
    assertEquals("the schema of this night's partitions", Files.readString(published.resolve(Tables.SCHEMA)),
        "the table is read with the schema of its newest partitions");

    // A publication interrupted after its first partition, finished by recovery: the same result.
    org.apache.commons.io.FileUtils.deleteDirectory(copy.resolve("staging/stg_collaboration/event_date=2026-01-02").toFile());
    org.apache.commons.io.FileUtils.copyDirectory(copy.toFile(), Path.of(out.workspace("r2").root()).toFile());
    new Publisher(new Configuration()).recover(out);
    assertEquals("new 2", Files.readString(published.resolve("event_date=2026-01-02/part-0.parquet")),
        "a partition already moved is not deleted when the publication is finished");
    assertEquals("new 4", Files.readString(published.resolve("event_date=2026-01-04/part-0.parquet")));
    assertFalse(Files.exists(Path.of(out.workspace("r2").root()).resolve("staging/stg_collaboration")),
        "everything is moved; the marker stays until the run is recorded");
  }
}
