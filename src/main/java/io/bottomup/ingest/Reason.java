package io.bottomup.ingest;

import java.util.Locale;

/** Why a record was quarantined (INPUTS.md). A record with several faults gets the first, in this order. */
public enum Reason {
  MALFORMED,
  MISSING_FIELD,
  BAD_VALUE,
  DUPLICATE,
  UNMATCHED_IDENTITY;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
