package io.bottomup.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.bottomup.schema.Columns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * Counts a source's records for the manifest while they are written, with Spark observations
 * instead of extra scans: {@code read} is counted on every record before the split, the staged
 * breakdowns on the valid records in the same staging write, the reasons on the quarantine write.
 * Because {@code read} is counted independently, {@code read = staged + quarantined + skipped} is a
 * real check, not arithmetic.
 */
final class Counting {
  static final String RESOLVED_BY = "_actor_by";
  static final String UNMATCHED_TARGET = "_unmatched_target";
  static final String UNKNOWN_MANAGER = "_unknown_manager";
  private static final List<String> RESOLUTIONS =
      List.of(IdentityResolver.BY_IDENTITY_MAP, IdentityResolver.BY_EMAIL, IdentityResolver.BY_EMPLOYEE_ID);

  private final Observation readObs = new Observation("read");
  private final Observation stagedObs = new Observation("staged");
  private final Observation quarantinedObs = new Observation("quarantined");
  private final String breakdown;
  private final List<String> breakdownValues;
  private final List<String> columns;

  /**
   * @param breakdown the column {@code staged_by_action} counts (action or status), or null
   * @param breakdownValues its possible values (validation guarantees no other)
   */
  Counting(String[] columns, String breakdown, List<String> breakdownValues) {
    this.columns = Arrays.asList(columns);
    this.breakdown = breakdown;
    this.breakdownValues = breakdownValues;
  }

  /** Every checked record, observed for {@code read}; split it after this call. */
  Dataset<Row> observeRead(Dataset<Row> records) {
    return records.observe(readObs, count(lit(1)).as("read"));
  }

  Dataset<Row> observeStaged(Dataset<Row> valid) {
    List<Column> metrics = new ArrayList<>();
    metrics.add(count(lit(1)).as("staged"));
    if (breakdown != null) {
      for (String v : breakdownValues) {
        metrics.add(countIf(col(breakdown).equalTo(v)).as("by:" + v));
      }
    }
    if (columns.contains(RESOLVED_BY)) {
      for (String v : RESOLUTIONS) {
        metrics.add(countIf(col(RESOLVED_BY).equalTo(v)).as("resolved:" + v));
      }
    }
    for (String flag : List.of(UNMATCHED_TARGET, UNKNOWN_MANAGER)) {
      if (columns.contains(flag)) {
        metrics.add(countIf(col(flag)).as(flag));
      }
    }
    return valid.observe(stagedObs, metrics.get(0), metrics.subList(1, metrics.size()).toArray(Column[]::new));
  }

  Dataset<Row> observeQuarantined(Dataset<Row> rejected) {
    List<Column> metrics = new ArrayList<>();
    metrics.add(count(lit(1)).as("quarantined"));
    for (Reason r : Reason.values()) {
      metrics.add(countIf(col(Columns.REASON).equalTo(r.code())).as(r.code()));
    }
    return rejected.observe(quarantinedObs, metrics.get(0), metrics.subList(1, metrics.size()).toArray(Column[]::new));
  }

  /** The counts, once both writes have run. */
  SourceCounts result(String entity, String source, String format, String path) {
    return result(entity, source, format, path, Map.of());
  }

  /** As above, for a source whose adapter skipped some records before they became rows (counted by reason). */
  SourceCounts result(String entity, String source, String format, String path, Map<String, Long> skipped) {
    long skippedTotal = skipped.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Object> read = metrics(readObs);
    Map<String, Object> staged = metrics(stagedObs);
    Map<String, Object> quarantined = metrics(quarantinedObs);
    Map<String, Long> byReason = new TreeMap<>();
    for (Reason r : Reason.values()) {
      long n = number(quarantined.get(r.code()));
      if (n > 0) {
        byReason.put(r.code(), n);
      }
    }
    Map<String, Long> byBreakdown = breakdown == null ? null : positives(staged, "by:");
    Map<String, Long> resolvedBy = columns.contains(RESOLVED_BY) ? positives(staged, "resolved:") : null;
    return new SourceCounts(entity, source, format, path, number(read.get("read")) + skippedTotal, number(staged.get("staged")),
        number(quarantined.get("quarantined")), skippedTotal, byReason, new TreeMap<>(skipped), byBreakdown,
        columns.contains(UNMATCHED_TARGET) ? number(staged.get(UNMATCHED_TARGET)) : null,
        resolvedBy,
        columns.contains(UNKNOWN_MANAGER) ? number(staged.get(UNKNOWN_MANAGER)) : null, null, null);
  }

  private static Map<String, Object> metrics(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the counts of " + observation.name(), e);
    }
  }

  private static Column countIf(Column condition) {
    return sum(when(condition, 1L).otherwise(0L));
  }

  private static Map<String, Long> positives(Map<String, Object> metrics, String prefix) {
    Map<String, Long> m = new TreeMap<>();
    metrics.forEach((k, v) -> {
      if (k.startsWith(prefix) && number(v) > 0) {
        m.put(k.substring(prefix.length()), number(v));
      }
    });
    return m;
  }

  private static long number(Object v) {
    return v == null ? 0L : ((Number) v).longValue();
  }
}
