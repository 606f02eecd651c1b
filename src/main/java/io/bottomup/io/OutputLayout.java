package io.bottomup.io;

import io.bottomup.schema.Entity;
import java.time.LocalDate;

/** Where each layer lives under {@code --out} (OUTPUTS.md). Paths are Hadoop path strings. */
public record OutputLayout(String root) {
  public OutputLayout {
    root = root.replaceAll("/+$", "");
  }

  public String staging(Entity entity) {
    return root + "/staging/" + entity.stagingTable();
  }

  public String stagingSummary() {
    return root + "/staging/_ingest.json";
  }

  /** What the last ingest changed ({@code IngestStage.Changes}), for a model stage run alone. */
  public String stagingChanges() {
    return root + "/staging/_changes.json";
  }

  public String quarantine(Entity entity) {
    return root + "/quarantine/" + entity.folder();
  }

  public String mart(String name) {
    return root + "/marts/" + name;
  }

  public String reports(LocalDate runDate) {
    return root + "/reports/" + runDate;
  }

  public String runs() {
    return root + "/_runs";
  }

  /** Private folders of runs in progress; published by rename, removed afterwards. */
  public String workRoot() {
    return root + "/_work";
  }

  /** The same layout inside one run's workspace. */
  public OutputLayout workspace(String runId) {
    return new OutputLayout(workRoot() + "/" + runId);
  }

  public String lock() {
    return root + "/_lock";
  }
}
