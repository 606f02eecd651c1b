package io.bottomup.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.SparkTest;
import io.bottomup.cli.Main;
import io.bottomup.report.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Stack Exchange sample alone, with jobs/open-community.yaml: members from Users.xml, end to end. */
class OpenCommunityTest extends SparkTest {
  @TempDir Path dir;

  @Test
  void theStackExchangeSampleRunsEndToEndWithoutADirectory() throws IOException {
    Path in = dir.resolve("in/stackexchange");
    Files.createDirectories(in);
    try (Stream<Path> files = Files.list(Path.of("../shared/realdata/stackexchange-beer"))) {
      for (Path f : files.toList()) {
        Files.copy(f, in.resolve(f.getFileName().toString()));
      }
    }
    int exit = Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "open-community-test"), "run", "--input", dir.resolve("in").toString(),
        "--out", dir.resolve("out").toString(), "--run-date", "2016-12-31", "--config", "jobs/open-community.yaml");
    assertEquals(0, exit);
    Path reports = dir.resolve("out/reports/2016-12-31");
    Manifest m = Manifest.fromJson(Files.readAllBytes(reports.resolve("manifest.json")));
    SourceCounts members = m.sources().stream().filter(s -> s.entity().equals("directory")).findFirst().orElseThrow();
    assertEquals(3948, members.read(), "every row of Users.xml");
    assertEquals(3947, members.staged(), "all but the Community user");
    assertEquals(Map.of("bot", 1L), members.skippedByReason());
    SourceCounts beer = m.sources().stream().filter(s -> s.source().equals("beer")).findFirst().orElseThrow();
    assertEquals(5153, beer.staged(), "the same actions as with a directory that maps every user");
    assertTrue(beer.reconciles());
    String html = Files.readString(reports.resolve("learning-culture-report.html"));
    assertTrue(html.contains("beer.stackexchange.com"));
    assertTrue(html.contains("brokers connect"), "the knowledge network of the community");
    long people = spark.read().parquet(dir.resolve("out/marts/dim_person").toString()).count();
    assertEquals(3947, people);
  }
}
