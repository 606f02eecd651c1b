package io.bottomup.ingest;

import io.bottomup.config.JobConfig;
import io.bottomup.report.Manifest;
import io.bottomup.schema.Entity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks a run makes on what it ingested before anything is modelled or published:
 * <ul>
 *   <li>reconciliation: for every source, read = staged + quarantined + skipped (a failure is a bug:
 *       exit 1);</li>
 *   <li>the quality gate: no required input folder is empty or holds no record, and no source has more than its
 *       configured share of records quarantined (default 10%; a failure is exit 3).</li>
 * </ul>
 */
public final class QualityGate {
  public static final String RECONCILIATION = "reconciliation";
  public static final String GATE = "quality_gate";

  private QualityGate() {}

  public static Manifest.Check reconciliation(List<SourceCounts> sources) {
    List<String> parts = new ArrayList<>();
    boolean passed = true;
    for (SourceCounts s : sources) {
      passed &= s.reconciles();
      parts.add(String.format(Locale.ROOT, "%s/%s: %d %s %d + %d + %d", s.entity(), s.source(), s.read(),
          s.reconciles() ? "=" : "≠", s.staged(), s.quarantined(), s.skipped()));
    }
    return new Manifest.Check(RECONCILIATION, passed, "read = staged + quarantined + skipped; " + String.join("; ", parts));
  }

  public static Manifest.Check gate(IngestSummary ingest, JobConfig config) {
    List<String> failures = new ArrayList<>();
    for (String folder : ingest.emptyRequiredFolders()) {
      failures.add(folder + ": the required input folder has no files");
    }
    for (String folder : ingest.requiredWithoutRecords()) {
      failures.add(folder + ": the required input holds no records (its files have a header or nothing else)");
    }
    for (SourceCounts s : ingest.sources()) {
      Entity entity = Entity.valueOf(s.entity().toUpperCase(Locale.ROOT));
      double limit = config.maxQuarantinedShare(entity);
      double share = s.read() == 0 ? 0 : (double) s.quarantined() / s.read();
      if (share > limit) {
        failures.add(String.format(Locale.ROOT, "%s/%s: %d of %d records quarantined (%s), more than the %s allowed",
            s.entity(), s.source(), s.quarantined(), s.read(), percent(share), percent(limit)));
      }
    }
    return new Manifest.Check(GATE, failures.isEmpty(), failures.isEmpty()
        ? "every required folder has records; every source is within its quarantine limit"
        : String.join("; ", failures));
  }

  /** A share as a percentage with three significant digits, e.g. 0.0517%, 14.3%, 10% (never "0.0%" for a few records). */
  static String percent(double share) {
    if (share == 0) {
      return "0%";
    }
    return new java.math.BigDecimal(share * 100).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString() + "%";
  }
}
