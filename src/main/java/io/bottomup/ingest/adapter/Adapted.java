package io.bottomup.ingest.adapter;

import io.bottomup.ingest.LandingRecord;
import io.bottomup.ingest.Reason;
import io.bottomup.schema.EntitySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an adapter made of a source: canonical records (validated afterwards like any landing file),
 * and the records it skipped, counted by reason. Every record the source holds is one or the other:
 * {@link #read()} = records + skipped.
 */
public final class Adapted {
  private final EntitySpec spec;
  private final List<LandingRecord> records = new ArrayList<>();
  private final Map<String, Long> skipped = new TreeMap<>();

  public Adapted(EntitySpec spec) {
    this.spec = spec;
  }

  /** The file and line of the last record added, and the unique keys of the records added there. */
  private String lastPosition;
  private final java.util.Set<List<String>> keysOnLine = new java.util.HashSet<>();

  /**
   * A canonical record: values by field name (missing names are empty). A record whose unique key
   * repeats one added earlier on the same line (a minified export: every statement or message on line
   * 1) is a duplicate here: the staging's rule keeps the first in file and line order, which cannot
   * tell records of one line apart.
   */
  public void add(String file, long line, String raw, Map<String, String> values) {
    String[] ordered = ordered(values);
    String position = file + "\n" + line;
    if (!position.equals(lastPosition)) {
      lastPosition = position;
      keysOnLine.clear();
    }
    List<List<String>> keys = new ArrayList<>();
    for (List<String> key : spec.uniqueKeys()) {
      List<String> value = new ArrayList<>(List.of(String.join(", ", key)));
      for (String field : key) {
        String v = ordered[spec.fieldNames().indexOf(field)];
        value.add(v == null ? null : spec.caseInsensitive().contains(field) ? v.toLowerCase(java.util.Locale.ROOT) : v);
      }
      if (value.contains(null)) {
        continue; // no key: the validator finds the missing field
      }
      if (keysOnLine.contains(value)) {
        records.add(LandingRecord.rejected(file, line, raw, Reason.DUPLICATE, "duplicate " + value.get(0)
            + ": an earlier record on the same line has it; the record kept is at " + file + " line " + line, ordered));
        return;
      }
      keys.add(value);
    }
    keysOnLine.addAll(keys);
    records.add(LandingRecord.parsed(file, line, raw, ordered));
  }

  /** A record the adapter already knows is bad (quarantined with this reason). */
  public void reject(String file, long line, String raw, Reason reason, String detail, Map<String, String> values) {
    records.add(LandingRecord.rejected(file, line, raw, reason, detail, ordered(values)));
  }

  /** A record that cannot be parsed (quarantined {@code malformed}, {@code why} its detail). */
  public void malformed(String file, long line, String raw, String why) {
    records.add(LandingRecord.malformed(file, line, raw, why, spec.fieldNames().size()));
  }

  public void skip(String reason) {
    skipped.merge(reason, 1L, Long::sum);
  }

  private String[] ordered(Map<String, String> values) {
    List<String> names = spec.fieldNames();
    String[] v = new String[names.size()];
    for (int i = 0; i < v.length; i++) {
      String s = values.get(names.get(i));
      v[i] = io.bottomup.ingest.LandingRecord.clean(s);
    }
    return v;
  }

  public List<LandingRecord> records() {
    return records;
  }

  public Map<String, Long> skipped() {
    return skipped;
  }

  public long skippedTotal() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }

  public long read() {
    return records.size() + skippedTotal();
  }
}
