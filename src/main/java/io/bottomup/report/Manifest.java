package io.bottomup.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bottomup.ingest.SourceCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** manifest.json (OUTPUTS.md): written last; its presence means the run's outputs are complete. */
public record Manifest(
    @JsonProperty("run_date") String runDate,
    String status,
    @JsonProperty("started_at") String startedAt,
    @JsonProperty("finished_at") String finishedAt,
    String version,
    @JsonProperty("min_group_size") int minGroupSize,
    List<SourceCounts> sources,
    List<StageTiming> stages,
    List<Check> checks) {

  public static final String SUCCEEDED = "succeeded";

  /** A check the run made on itself (a {@code checks} entry). */
  public record Check(String name, boolean passed, String detail) {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The reconciliation check: for every source, read = staged + quarantined + skipped. */
  public static Check reconciliation(List<SourceCounts> sources) {
    List<String> parts = new ArrayList<>();
    boolean passed = true;
    for (SourceCounts s : sources) {
      passed &= s.reconciles();
      parts.add(String.format("%s/%s: %d %s %d + %d + %d", s.entity(), s.source(), s.read(), s.reconciles() ? "=" : "≠",
          s.staged(), s.quarantined(), s.skipped()));
    }
    return new Check("reconciliation", passed, "read = staged + quarantined + skipped; " + String.join("; ", parts));
  }

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
