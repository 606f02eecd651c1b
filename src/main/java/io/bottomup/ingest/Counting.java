package io.bottomup.ingest;

import static org.apache.spark.sql.functions.col;

import io.bottomup.schema.Columns;
import io.bottomup.schema.Entity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Counts a source's checked records for the manifest with one small aggregation: records by
 * reason (null = staged), by action or status, by how the person was resolved, and unresolved targets.
 */
final class Counting {
  private static final String RESOLVED_BY = "_actor_by";
  private static final String UNMATCHED_TARGET = "_unmatched_target";
  static final String UNKNOWN_MANAGER = "_unknown_manager";

  private Counting() {}

  static SourceCounts count(
      Dataset<Row> records, Entity entity, String source, String format, String path, String breakdown, String[] columns) {
    List<String> present = Arrays.asList(columns);
    List<String> keys = new ArrayList<>(List.of(Columns.REASON));
    if (breakdown != null) {
      keys.add(breakdown);
    }
    if (present.contains(RESOLVED_BY)) {
      keys.add(RESOLVED_BY);
    }
    if (present.contains(UNMATCHED_TARGET)) {
      keys.add(UNMATCHED_TARGET);
    }
    if (present.contains(UNKNOWN_MANAGER)) {
      keys.add(UNKNOWN_MANAGER);
    }
    List<Row> groups = records.groupBy(keys.stream().map(k -> col(k)).toArray(org.apache.spark.sql.Column[]::new))
        .count().collectAsList();
    long read = 0;
    long staged = 0;
    long unmatchedTarget = 0;
    long unknownManager = 0;
    Map<String, Long> byReason = new TreeMap<>();
    Map<String, Long> byBreakdown = new TreeMap<>();
    Map<String, Long> resolvedBy = new TreeMap<>();
    for (Row g : groups) {
      long n = g.getLong(g.fieldIndex("count"));
      String reason = g.getString(0);
      read += n;
      if (reason != null) {
        byReason.merge(reason, n, Long::sum);
        continue;
      }
      staged += n;
      if (breakdown != null) {
        byBreakdown.merge(String.valueOf(g.<Object>getAs(breakdown)), n, Long::sum);
      }
      if (keys.contains(RESOLVED_BY) && g.getAs(RESOLVED_BY) != null) {
        resolvedBy.merge(g.getAs(RESOLVED_BY), n, Long::sum);
      }
      if (keys.contains(UNMATCHED_TARGET) && Boolean.TRUE.equals(g.getAs(UNMATCHED_TARGET))) {
        unmatchedTarget += n;
      }
      if (keys.contains(UNKNOWN_MANAGER) && Boolean.TRUE.equals(g.getAs(UNKNOWN_MANAGER))) {
        unknownManager += n;
      }
    }
    long quarantined = read - staged;
    return new SourceCounts(entity.folder(), source, format, path, read, staged, quarantined, 0L, byReason, Map.of(),
        breakdown == null ? null : byBreakdown,
        keys.contains(UNMATCHED_TARGET) ? unmatchedTarget : null,
        keys.contains(RESOLVED_BY) ? resolvedBy : null,
        keys.contains(UNKNOWN_MANAGER) ? unknownManager : null);
  }
}
