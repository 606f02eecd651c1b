package io.bottomup;

import com.fasterxml.jackson.databind.JsonNode;
import io.bottomup.config.JobConfig;
import io.bottomup.ingest.IngestSummary;
import io.bottomup.ingest.SourceCounts;
import io.bottomup.report.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Warns when a source's volume moves far from its recent history: records read, compared with the
 * median of the last {@code history.runs} successful runs; more than {@code volume_change_factor}
 * times above or below is worth a look (an export that stopped, or one that doubled).
 */
public final class VolumeCheck {
  private VolumeCheck() {}

  /** The manifest check that says whether ingest read everything or only what changed. */
  public static final String MODE_CHECK = "ingest_mode";
  public static final String FULL = "full refresh";
  public static final String INCREMENTAL = "incremental";

  /** As below, for full reads. */
  public static List<String> warnings(List<JsonNode> history, IngestSummary ingest, JobConfig config) {
    return warnings(history, ingest, config, FULL);
  }

  /**
   * Compares only with runs that read the same way ({@code mode}): an incremental night reads a day's
   * files, a full refresh every file, so neither is a yardstick for the other.
   */
  public static List<String> warnings(List<JsonNode> history, IngestSummary ingest, JobConfig config, String mode) {
    List<String> warnings = new ArrayList<>();
    for (SourceCounts s : ingest.sources()) {
      List<Long> recent = new ArrayList<>();
      for (int i = history.size() - 1; i >= 0 && recent.size() < config.historyRuns(); i--) {
        JsonNode run = history.get(i);
        if (!Manifest.SUCCEEDED.equals(run.path("status").asText()) || !mode.equals(modeOf(run))) {
          continue;
        }
        for (JsonNode source : run.path("sources")) {
          if (source.path("entity").asText().equals(s.entity()) && source.path("source").asText().equals(s.source())) {
            recent.add(source.path("read").asLong());
          }
        }
      }
      if (recent.isEmpty()) {
        continue;
      }
      double median = median(recent);
      double factor = config.volumeChangeFactor();
      if (median > 0 && (s.read() > median * factor || s.read() < median / factor)) {
        warnings.add(String.format(Locale.ROOT, "%s/%s: %d records read, %.1f× the median of %.0f over the last %d runs",
            s.entity(), s.source(), s.read(), s.read() / median, median, recent.size()));
      } else if (median == 0 && s.read() > 0) {
        warnings.add(String.format(Locale.ROOT, "%s/%s: %d records read after runs with none", s.entity(), s.source(), s.read()));
      }
    }
    return warnings;
  }

  private static String modeOf(JsonNode run) {
    for (JsonNode check : run.path("checks")) {
      if (MODE_CHECK.equals(check.path("name").asText())) {
        return check.path("detail").asText().startsWith(INCREMENTAL) ? INCREMENTAL : FULL;
      }
    }
    return FULL;
  }

  static double median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }
}
