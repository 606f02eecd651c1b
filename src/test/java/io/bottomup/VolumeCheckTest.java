package io.bottomup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bottomup.config.JobConfig;
import io.bottomup.ingest.IngestSummary;
import io.bottomup.ingest.SourceCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeCheckTest {
  private static JsonNode run(String status, long read) throws Exception {
    return new ObjectMapper().readTree("{\"status\":\"" + status + "\",\"sources\":[{\"entity\":\"collaboration\","
        + "\"source\":\"canonical\",\"read\":" + read + "}]}");
  }

  private static IngestSummary ingest(long read) {
    return new IngestSummary("2026-01-31", List.of(new SourceCounts("collaboration", "canonical", "canonical",
        "collaboration", read, read, 0, 0, Map.of(), Map.of(), Map.of(), 0L, Map.of(), null, null, null)), List.of(), List.of(), List.of());
  }

  @Test
  void warnsWhenVolumeMovesMoreThanTheFactorFromTheMedianOfRecentSuccessfulRuns() throws Exception {
    List<JsonNode> history = new ArrayList<>();
    history.add(run("succeeded", 5000));
    history.add(run("failed_quality_gate", 10));
    history.add(run("succeeded", 1000));
    history.add(run("succeeded", 1200));
    history.add(run("succeeded", 900));
    JobConfig config = JobConfig.fromYaml("history: {runs: 3, volume_change_factor: 3}");
    assertEquals(List.of(), VolumeCheck.warnings(history, ingest(2000), config), "median of 1000, 1200, 900 is 1000");
    assertEquals(List.of("collaboration/canonical: 3100 records read, 3.1× the median of 1000 over the last 3 runs"),
        VolumeCheck.warnings(history, ingest(3100), config));
    assertEquals(1, VolumeCheck.warnings(history, ingest(300), config).size());
    assertEquals(List.of(), VolumeCheck.warnings(List.of(), ingest(300), config), "no history, no warning");
    assertEquals(1100.0, VolumeCheck.median(List.of(1000L, 1200L)));
  }
}
