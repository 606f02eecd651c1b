package io.bottomup.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
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
 * The duplicate rule of INPUTS.md: "a record whose key equals that of a record already staged in this
 * run"; the first in file-name then line order is kept. Two kinds of record take part: the
 * <em>keepable</em> ones, valid in every respect, one of which per key is kept (staged); and the
 * <em>candidates</em>, the keepable ones and those whose only fault comes later in the precedence of
 * reasons (an unmatched person), which become {@code duplicate} when they come after a kept record
 * with their key. A record that is not keepable never holds a key: when the first record of a key is
 * rejected, the next valid one is staged (and the rejected one keeps its own reason, as nothing was
 * staged with its key before it). The detail names where the kept record is.
 *
 * <p>Only keys travel: the candidates' key, file and line are grouped, and the keys held more
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

  /** Marks duplicates of one key among {@code candidates}, of which the {@code keepable} may be kept. */
  static Marked mark(Dataset<Row> records, List<String> key, Column candidates, Column keepable) {
    return mark(records, key, candidates, keepable, BROADCAST_KEYS);
  }

  /** As {@link #mark(Dataset, List, Column, Column)}, broadcasting at most {@code broadcastKeys} repeated keys. */
  static Marked mark(Dataset<Row> records, List<String> key, Column candidates, Column keepable, int broadcastKeys) {
    List<Column> keyColumns = new ArrayList<>();
    List<Column> renamed = new ArrayList<>();
    Column match = candidates;
    for (int i = 0; i < key.size(); i++) {
      keyColumns.add(col(key.get(i)));
      renamed.add(col(key.get(i)).as(KEY + i));
      match = match.and(col(key.get(i)).eqNullSafe(col(KEY + i)));
    }
    renamed.add(col(KEPT));
    Dataset<Row> repeated = records.filter(candidates)
        .groupBy(keyColumns.toArray(Column[]::new))
        .agg(count(lit(1)).as("_n"),
            min(when(keepable, struct(col(Columns.FILE).as("file"), col(Columns.LINE).as("line")))).as(KEPT))
        .filter(col("_n").gt(1).and(col(KEPT).isNotNull()))
        .select(renamed.toArray(Column[]::new));
    List<Row> few = repeated.limit(broadcastKeys + 1).collectAsList();
    if (few.isEmpty()) {
      return new Marked(records, false);
    }
    boolean shuffled = few.size() > broadcastKeys;
    Dataset<Row> keys = !shuffled
        ? broadcast(records.sparkSession().createDataFrame(few, repeated.schema())) : repeated;
    Column isKept = col(Columns.FILE).equalTo(col(KEPT + ".file")).and(col(Columns.LINE).equalTo(col(KEPT + ".line")));
    // A candidate after the kept record (one that is not keepable and comes first keeps its own reason:
    // nothing was staged with its key yet).
    Column afterKept = col(Columns.FILE).gt(col(KEPT + ".file"))
        .or(col(Columns.FILE).equalTo(col(KEPT + ".file")).and(col(Columns.LINE).gt(col(KEPT + ".line"))));
    Column isDuplicate = candidates.and(col(KEPT).isNotNull()).and(not(isKept)).and(afterKept);
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

  /** The column names of {@link #kept}'s key columns, file and line. */
  private static final String EARLIER = "_earlier_";

  /**
   * The key, file and line of the records staged from one source, for {@link #againstEarlier}: {@code
   * staged} holds only staged records, so each key appears once.
   */
  static Dataset<Row> kept(Dataset<Row> staged, List<String> key) {
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < key.size(); i++) {
      columns.add(col(key.get(i)).as(EARLIER + i));
    }
    columns.add(col(Columns.FILE).as(EARLIER + "file"));
    columns.add(col(Columns.LINE).as(EARLIER + "line"));
    return staged.select(columns.toArray(Column[]::new));
  }

  /**
   * The duplicate rule across the sources of one entity: the sources are read one after the other, so a
   * candidate whose key a record staged from an earlier source holds ({@link #kept}) is a duplicate of
   * it, wherever it stands in its own source. Mark these before the duplicates within the source: every
   * candidate with such a key is then a duplicate, and none of them is kept.
   */
  static Dataset<Row> againstEarlier(Dataset<Row> records, List<String> key, Column candidates, Dataset<Row> earlier) {
    Column match = candidates;
    for (int i = 0; i < key.size(); i++) {
      match = match.and(col(key.get(i)).equalTo(col(EARLIER + i)));
    }
    Dataset<Row> keys = earlier.count() <= BROADCAST_KEYS ? broadcast(earlier) : earlier;
    Column isDuplicate = col(EARLIER + "file").isNotNull();
    Dataset<Row> marked = records.join(keys, match, "left")
        // The detail ends with the kept record's place, as within a source: an incremental run reads it back
        // (IngestStage.keptDuplicateMoves) to find duplicates whose kept record's file changed.
        .withColumn(Columns.DETAIL, when(isDuplicate, concat(lit("duplicate " + String.join(", ", key)
            + " of an earlier source; the record kept is at "), col(EARLIER + "file"), lit(" line "),
            col(EARLIER + "line").cast("string"))).otherwise(col(Columns.DETAIL)))
        .withColumn(Columns.REASON, when(isDuplicate, lit(Reason.DUPLICATE.code())).otherwise(col(Columns.REASON)));
    for (int i = 0; i < key.size(); i++) {
      marked = marked.drop(EARLIER + i);
    }
    return marked.drop(EARLIER + "file", EARLIER + "line");
  }

  /**
   * Duplicates of every key of an entity. With one key, {@link #mark}. With several (the directory:
   * employee_id, and email), whether a record is staged depends on the records kept before it: a record
   * rejected as a duplicate email does not hold its employee_id, so a later record with that id and
   * another email is staged. That is decided in file-then-line order on the driver, over the candidates'
   * keys only (a directory of a million people is some tens of MB), and the duplicates are joined back.
   */
  static Dataset<Row> markAll(Dataset<Row> records, List<List<String>> keys, Column candidates, Column keepable) {
    if (keys.size() == 1) {
      return mark(records, keys.get(0), candidates, keepable).rows();
    }
    List<Column> selected = new ArrayList<>(List.of(col(Columns.FILE), col(Columns.LINE), keepable.as("_keepable")));
    for (List<String> key : keys) {
      Column[] parts = key.stream().map(c -> coalesce(col(c).cast("string"), lit("\u0000null"))).toArray(Column[]::new);
      selected.add(concat_ws("\u0001", parts));
    }
    List<Row> rows = new ArrayList<>(records.filter(candidates).select(selected.toArray(Column[]::new)).collectAsList());
    rows.sort(java.util.Comparator.<Row, String>comparing(r -> r.getString(0)).thenComparingLong(r -> r.getLong(1)));
    List<java.util.Map<String, String>> kept = new ArrayList<>();
    keys.forEach(k -> kept.add(new java.util.HashMap<>()));
    List<Row> duplicates = new ArrayList<>();
    for (Row r : rows) {
      String duplicate = null;
      for (int k = 0; duplicate == null && k < keys.size(); k++) {
        String at = kept.get(k).get(r.getString(3 + k));
        if (at != null) {
          duplicate = "duplicate " + String.join(", ", keys.get(k)) + "; the record kept is at " + at;
        }
      }
      if (duplicate != null) {
        duplicates.add(org.apache.spark.sql.RowFactory.create(r.getString(0), r.getLong(1), duplicate));
      } else if (r.getBoolean(2)) {
        for (int k = 0; k < keys.size(); k++) {
          kept.get(k).put(r.getString(3 + k), r.getString(0) + " line " + r.getLong(1));
        }
      }
    }
    if (duplicates.isEmpty()) {
      return records;
    }
    Dataset<Row> found = broadcast(records.sparkSession().createDataFrame(duplicates,
        org.apache.spark.sql.types.StructType.fromDDL("_dup_file STRING, _dup_line BIGINT, _dup_detail STRING")));
    Dataset<Row> joined = records.join(found, col(Columns.FILE).equalTo(col("_dup_file")).and(col(Columns.LINE).equalTo(col("_dup_line"))),
        "left");
    Column isDuplicate = col("_dup_detail").isNotNull();
    return joined
        .withColumn(Columns.DETAIL, when(isDuplicate, col("_dup_detail")).otherwise(col(Columns.DETAIL)))
        .withColumn(Columns.REASON, when(isDuplicate, lit(Reason.DUPLICATE.code())).otherwise(col(Columns.REASON)))
        .drop("_dup_file", "_dup_line", "_dup_detail");
  }
}
