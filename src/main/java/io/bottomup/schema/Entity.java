package io.bottomup.schema;

import java.util.Locale;

/**
 * The five canonical entities of INPUTS.md. The folder name is the landing folder, the quarantine
 * folder and (prefixed {@code stg_}) the staging table.
 */
public enum Entity {
  DIRECTORY(true),
  IDENTITIES(false),
  COLLABORATION(true),
  APPRAISALS(true),
  TRAINING(true);

  private final boolean required;

  Entity(boolean required) {
    this.required = required;
  }

  public String folder() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String stagingTable() {
    return "stg_" + folder();
  }

  /** Whether a run needs at least one file of this entity (the identity map is optional). */
  public boolean required() {
    return required;
  }
}
