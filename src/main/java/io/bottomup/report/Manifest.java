package io.bottomup.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bottomup.ingest.SourceCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** manifest.json (OUTPUTS.md): written last; its presence means the run's outputs are complete. */
public record Manifest(
    @JsonProperty("run_date") String runDate,
    @JsonProperty("run_id") String runId,
    String status,
    @JsonProperty("started_at") String startedAt,
    @JsonProperty("finished_at") String finishedAt,
    String version,
    @JsonProperty("min_group_size") int minGroupSize,
    List<SourceCounts> sources,
    List<StageTiming> stages,
    List<Check> checks,
    List<String> warnings) {

  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String FAILED_QUALITY_GATE = "failed_quality_gate";

  /** A check the run made on itself (a {@code checks} entry). */
  public record Check(String name, boolean passed, String detail) {}

  /** This manifest with one more check. */
  public Manifest withCheck(Check check) {
    List<Check> more = new java.util.ArrayList<>(checks == null ? List.of() : checks);
    more.add(check);
    return new Manifest(runDate, runId, status, startedAt, finishedAt, version, minGroupSize, sources, stages, more, warnings);
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Manifest fromJson(byte[] json) {
    try {
      return JSON.readValue(json, Manifest.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
