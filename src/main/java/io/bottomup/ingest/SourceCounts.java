package io.bottomup.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * How one source's records were accounted for (a {@code sources} entry of manifest.json):
 * {@code read = staged + quarantined + skipped}. {@code staged_by_action} is keyed by action for
 * collaboration and by status for training; {@code resolved_by} counts how person references were
 * matched (identity map, email, employee id); {@code unknown_manager} counts
 * directory rows kept although their manager_id is not an employee. {@code unchanged_since}, on a
 * small entity's source an incremental run did not read again (its files are unchanged), is the run
 * date of the ingest that read them: the counts, staging and quarantine are that ingest's.
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
    @JsonProperty("unknown_manager") Long unknownManager,
    @JsonProperty("unmatched_identities") java.util.List<Unmatched> unmatchedIdentities,
    @JsonProperty("unchanged_since") String unchangedSince) {

  /**
   * Person references of one system that matched nobody, so the data team can fix the identity map:
   * {@code role} is actor, target, learner or employee; {@code identities} the distinct references
   * (never the references themselves); {@code records} the records they account for (quarantined as
   * unmatched_identity for actors, learners and employees; staged without a target for targets).
   */
  public record Unmatched(String system, String role, long identities, long records) {}

  /** These counts with the unmatched references of the source. */
  public SourceCounts withUnmatched(java.util.List<Unmatched> unmatched) {
    return new SourceCounts(entity, source, format, path, read, staged, quarantined, skipped, byReason, skippedByReason,
        stagedByAction, unmatchedTarget, resolvedBy, unknownManager, unmatched.isEmpty() ? null : unmatched, unchangedSince);
  }

  /**
   * These counts, kept by an incremental run for a source whose files did not change since the ingest
   * of {@code runDate}, which read them: its staged and quarantined rows are that ingest's.
   */
  public SourceCounts withUnchangedSince(String runDate) {
    return new SourceCounts(entity, source, format, path, read, staged, quarantined, skipped, byReason, skippedByReason,
        stagedByAction, unmatchedTarget, resolvedBy, unknownManager, unmatchedIdentities, runDate);
  }

  public boolean reconciles() {
    return read == staged + quarantined + skipped;
  }
}
