package io.bottomup.cli;

import java.util.Arrays;
import java.util.Locale;

/** The commands of {@code ./bottomup}, with the line {@code --help} shows for each. */
public enum Command {
  RUN("run all stages (ingest, model, analyze, report) for one run date"),
  INGEST("read the landing folder into staging/ and quarantine/"),
  MODEL("build dim_person and the fct_ marts from staging/"),
  ANALYZE("build the mart_ aggregates from the fct_ marts"),
  REPORT("render the HTML report, the workbook and manifest.json from the marts (no Spark)"),
  GENERATE("write a realistic sample landing folder"),
  DEMO("run on sample-data/ into ./out with the sample's run date and a fixed demo key"),
  BACKFILL("run every date from --from to --to in order; resumable, one summary at the end"),
  STATUS("print the last runs recorded in <out>/_runs/ (date, status, counts, duration)"),
  FORGET("erase people (right to erasure): remove them from staging and quarantine, rebuild marts and reports");

  private final String summary;

  Command(String summary) {
    this.summary = summary;
  }

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String summary() {
    return summary;
  }

  public static Command parse(String value) {
    return Arrays.stream(values()).filter(c -> c.value().equals(value)).findFirst().orElse(null);
  }
}
