package io.bottomup.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.bottomup.schema.Columns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The duplicate rule of INPUTS.md: among the records still valid, every record whose key equals that
 * of an earlier one (file name, then line order) is a {@code duplicate}, and its detail names where
 * the kept record is.
 *
 * <p>Only keys travel: the eligible records' key, file and line are grouped, and the keys held more
 * than once are joined back, broadcast when there are at most {@link #BROADCAST_KEYS} of them (usually
 * there are a handful, and with none the records are returned as they are). A window over whole records
 * would shuffle and sort every record with all its fields. The records are read twice, once for the
 * keys and once to mark them, so callers pass records that are cheap to read again: cached ones, or a
 * small entity's file.
 */
final class Duplicates {
  /** At most this many repeated keys are collected and broadcast; more are joined by a shuffle. */
  static final int BROADCAST_KEYS = 100_000;

  private static final String KEPT = "_kept";
  private static final String KEY = "_dup_key_";

  private Duplicates() {}

  /**
   * The marked records; {@code shuffled} when the repeated keys were too many to broadcast, so each
   * read of {@code rows} joins them again (a caller reading the rows several times caches them).
   */
  record Marked(Dataset<Row> rows, boolean shuffled) {}

  static Marked mark(Dataset<Row> records, List<String> key, Column eligible) {
    return mark(records, key, eligible, BROADCAST_KEYS);
  }

  /** As {@link #mark(Dataset, List, Column)}, broadcasting at most {@code broadcastKeys} repeated keys. */
  static Marked mark(Dataset<Row> records, List<String> key, Column eligible, int broadcastKeys) {
    List<Column> keyColumns = new ArrayList<>();
    List<Column> renamed = new ArrayList<>();
    Column match = eligible;
    for (int i = 0; i < key.size(); i++) {
      keyColumns.add(col(key.get(i)));
      renamed.add(col(key.get(i)).as(KEY + i));
      match = match.and(col(key.get(i)).eqNullSafe(col(KEY + i)));
    }
    renamed.add(col(KEPT));
    Dataset<Row> repeated = records.filter(eligible)
        .groupBy(keyColumns.toArray(Column[]::new))
        .agg(count(lit(1)).as("_n"), min(struct(col(Columns.FILE).as("file"), col(Columns.LINE).as("line"))).as(KEPT))
        .filter(col("_n").gt(1))
        .select(renamed.toArray(Column[]::new));
    List<Row> few = repeated.limit(broadcastKeys + 1).collectAsList();
    if (few.isEmpty()) {
      return new Marked(records, false);
    }
    boolean shuffled = few.size() > broadcastKeys;
    Dataset<Row> keys = !shuffled
        ? broadcast(records.sparkSession().createDataFrame(few, repeated.schema())) : repeated;
    Column isKept = col(Columns.FILE).equalTo(col(KEPT + ".file")).and(col(Columns.LINE).equalTo(col(KEPT + ".line")));
    Column isDuplicate = eligible.and(col(KEPT).isNotNull()).and(not(isKept));
    Column keptAt = concat(col(KEPT + ".file"), lit(" line "), col(KEPT + ".line").cast("string"));
    Dataset<Row> marked = records.join(keys, match, "left")
        .withColumn(Columns.DETAIL, when(isDuplicate,
            concat(lit("duplicate " + String.join(", ", key) + "; the record kept is at "), keptAt)).otherwise(col(Columns.DETAIL)))
        .withColumn(Columns.REASON, when(isDuplicate, lit(Reason.DUPLICATE.code())).otherwise(col(Columns.REASON)));
    for (int i = 0; i < key.size(); i++) {
      marked = marked.drop(KEY + i);
    }
    return new Marked(marked.drop(KEPT), shuffled);
  }
}
