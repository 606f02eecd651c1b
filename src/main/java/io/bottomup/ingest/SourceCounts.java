package io.bottomup.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * How one source's records were accounted for (a {@code sources} entry of manifest.json):
 * {@code read = staged + quarantined + skipped}. {@code staged_by_action} is keyed by action for
 * collaboration and by status for training; {@code resolved_by} counts how person references were
 * matched (identity map, email, employee id); {@code unknown_manager} counts
 * directory rows kept although their manager_id is not an employee.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceCounts(
    String entity,
    String source,
    String format,
    String path,
    long read,
    long staged,
    long quarantined,
    long skipped,
    @JsonProperty("by_reason") Map<String, Long> byReason,
    @JsonProperty("skipped_by_reason") Map<String, Long> skippedByReason,
    @JsonProperty("staged_by_action") Map<String, Long> stagedByAction,
    @JsonProperty("unmatched_target") Long unmatchedTarget,
    @JsonProperty("resolved_by") Map<String, Long> resolvedBy,
    @JsonProperty("unknown_manager") Long unknownManager) {

  public boolean reconciles() {
    return read == staged + quarantined + skipped;
  }
}
