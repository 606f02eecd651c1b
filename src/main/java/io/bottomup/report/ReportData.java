package io.bottomup.report;

import static io.bottomup.report.Formats.decimal;
import static io.bottomup.report.Formats.number;
import static io.bottomup.report.Formats.percent;

import io.bottomup.analyze.AnalyzeStage;
import io.bottomup.analyze.Evidence;
import io.bottomup.config.JobConfig;
import io.bottomup.ingest.SourceCounts;
import io.bottomup.schema.Action;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything both reports show, read once from the marts: the raw mart rows (for the workbook) and
 * the formatted, template-ready model (for the HTML). Suppressed cells carry their reason, never a zero.
 */
public final class ReportData {
  public final JobConfig config;
  public final LocalDate runDate;
  public final List<Map<String, Object>> monthly;
  public final List<Map<String, Object>> departments;
  public final Map<String, Object> summary;
  public final List<SourceCounts> sources;
  public final List<String> warnings;
  public final List<Map<String, Object>> evidence;
  public final List<Map<String, Object>> dependent;

  public ReportData(JobConfig config, LocalDate runDate, MartReader marts, List<SourceCounts> sources, List<String> warnings) {
    this.warnings = warnings;
    this.config = config;
    this.runDate = runDate;
    this.monthly = marts.read(AnalyzeStage.MART_LEARNING_MONTHLY);
    this.monthly.sort(Comparator.comparing(r -> (String) r.get("month")));
    this.departments = marts.read(AnalyzeStage.MART_DEPARTMENT);
    this.departments.sort(Comparator.comparing((Map<String, Object> r) -> r.get("headcount") == null ? -1L : (Long) r.get("headcount"))
        .reversed().thenComparing(r -> (String) r.get("department")));
    List<Map<String, Object>> summaries = marts.read(AnalyzeStage.MART_LEARNING_SUMMARY);
    this.summary = summaries.isEmpty() ? Map.of() : summaries.get(0);
    this.sources = sources;
    this.dependent = marts.read(AnalyzeStage.MART_DEPENDENT_LEARNERS);
    this.dependent.sort(Comparator.comparing(r -> (String) r.get("department")));
    this.evidence = marts.read(AnalyzeStage.MART_EVIDENCE);
    this.evidence.sort(Comparator.comparing((Map<String, Object> r) -> !"all".equals(r.get("scope")))
        .thenComparing(r -> (String) r.get("analysis"), Comparator.reverseOrder())
        .thenComparing(r -> (String) r.get("scope")));
  }

  /** The adjusted effect for the whole organisation, or null. */
  Map<String, Object> adjustedOverall() {
    return evidence.stream().filter(r -> "all".equals(r.get("scope")) && Evidence.ADJUSTED_EFFECT.equals(r.get("analysis")))
        .findFirst().orElse(null);
  }

  /** The FreeMarker model of the HTML report. */
  public Map<String, Object> htmlModel(String version) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", config.reportTitle());
    m.put("organisation", config.organisationName());
    m.put("runDate", runDate.toString());
    m.put("version", version);
    m.put("minGroupSize", config.minGroupSize());
    m.put("period", summary.getOrDefault("period", ""));
    m.put("headline", headline());
    m.put("figures", figures());
    m.put("monthlyRows", monthly.stream().map(this::formatted).toList());
    m.put("monthlyChart", monthlyChart());
    m.put("departmentRows", departments.stream().map(this::formatted).toList());
    m.put("departmentChart", departmentChart());
    m.put("suppressedDepartments", departments.stream().filter(r -> r.get("suppression") != null).count());
    m.put("sources", sources.stream().map(ReportData::source).toList());
    m.put("allReconcile", sources.stream().allMatch(SourceCounts::reconciles));
    m.put("warnings", warnings);
    m.put("evidenceRows", evidence.stream().map(ReportData::evidenceRow).toList());
    m.put("evidenceChart", evidenceChart());
    m.put("dependentRows", dependent.stream().map(r -> {
      Map<String, Object> row = new LinkedHashMap<>();
      String suppression = (String) r.get("suppression");
      row.put("department", r.get("department"));
      row.put("suppressed", suppression != null);
      row.put("suppressedText", suppression == null ? "" : Formats.suppressed(suppression, config.minGroupSize()));
      row.put("headcount", number((Long) r.get("headcount")));
      row.put("assessed", number((Long) r.get("assessed")));
      row.put("dependent", number((Long) r.get("dependent_learners")));
      row.put("share", percent((Double) r.get("dependent_share")));
      return row;
    }).toList());
    m.put("assumptions", config.minutesPerAction().entrySet().stream()
        .map(e -> Map.of("action", e.getKey().value(), "minutes", decimal(e.getValue(), 1))).toList());
    return m;
  }

  /** The one-sentence answer at the top; it says what the data shows and what it cannot yet show. */
  String headline() {
    if (summary.isEmpty() || summary.get("suppression") != null) {
      return "Too few people in the data to report on learning without identifying individuals.";
    }
    Double active = (Double) summary.get("active_share");
    Double ratio = (Double) summary.get("informal_to_formal_ratio");
    String ratioText = ratio == null
        ? "no formal training hours were recorded to compare with"
        : "for every hour of formal training, people spent an estimated " + decimal(ratio, 1) + " hours learning from each other";
    return percent(active) + " of people learned from colleagues over " + summary.get("period") + ", and " + ratioText
        + ". " + evidenceSentence();
  }

  /** What the adjusted analysis says about performance, in the words its verdict allows. */
  String evidenceSentence() {
    Map<String, Object> a = adjustedOverall();
    if (a == null || a.get("estimate") == null) {
      return "There are too few people with two reviews to tell whether it goes with better performance.";
    }
    String numbers = String.format(java.util.Locale.UK, "%+.2f rating points per 10 helping or asking actions, 95%% CI %+.2f to %+.2f, %s people",
        (Double) a.get("estimate"), (Double) a.get("ci_low"), (Double) a.get("ci_high"), number((Long) a.get("n_people")));
    return switch ((String) a.get("verdict")) {
      case Evidence.POSITIVE -> "People who help and ask more improved their ratings more, after allowing for level, tenure, "
          + "training and department (" + numbers + "). That is an association, not proof of cause.";
      case Evidence.NEGATIVE -> "People who help and ask more improved their ratings less, after allowing for level, tenure, "
          + "training and department (" + numbers + ").";
      default -> "No measurable link between helping or asking and rating change once level, tenure, training and department "
          + "are allowed for (" + numbers + ").";
    };
  }

  List<Map<String, String>> figures() {
    List<Map<String, String>> f = new ArrayList<>();
    if (summary.isEmpty() || summary.get("suppression") != null) {
      return f;
    }
    f.add(figure(percent((Double) summary.get("active_share")), "active social learners",
        "people with at least one question, answer, reply, post, comment, edit or reaction"));
    f.add(figure(percent((Double) summary.get("social_share")), "of learning time is bottom-up",
        decimal((Double) summary.get("informal_to_formal_ratio"), 1) + " informal hours per formal hour, estimated from minutes "
            + "per action (an assumption, see Methodology); 70:20:10 would say 20% social"));
    f.add(figure(percent((Double) summary.get("answered_7d_share")), "questions answered within 7 days",
        number((Long) summary.get("questions_asked")) + " questions asked"));
    f.add(figure(decimal((Double) summary.get("median_hours_to_first_answer"), 1) + " h", "median time to a first answer", "answered questions only"));
    f.add(figure(decimal((Double) summary.get("formal_hours_per_head"), 1) + " h", "formal training per person",
        "completed training, " + number((Long) summary.get("headcount")) + " people"));
    return f;
  }

  private static Map<String, String> figure(String value, String label, String note) {
    return Map.of("value", value, "label", label, "note", note);
  }

  /** A mart row as display strings; a suppressed row says why instead of showing numbers. */
  Map<String, Object> formatted(Map<String, Object> r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("month", r.getOrDefault("month", ""));
    m.put("department", r.getOrDefault("department", ""));
    String suppression = (String) r.get("suppression");
    m.put("suppressed", suppression != null);
    m.put("suppressedText", suppression == null ? "" : Formats.suppressed(suppression, config.minGroupSize()));
    m.put("headcount", number((Long) r.get("headcount")));
    m.put("activeShare", percent((Double) r.get("active_share")));
    m.put("questions", number((Long) r.get("questions_asked")));
    m.put("answered7d", percent((Double) r.get("answered_7d_share")));
    m.put("medianHours", decimal((Double) r.get("median_hours_to_first_answer"), 1));
    m.put("formalPerHead", decimal((Double) r.get("formal_hours_per_head"), 1));
    m.put("informalHours", decimal((Double) r.get("informal_hours"), 0));
    m.put("ratio", decimal((Double) r.get("informal_to_formal_ratio"), 1));
    m.put("socialShare", percent((Double) r.get("social_share")));
    return m;
  }

  private String monthlyChart() {
    List<String> months = monthly.stream().map(r -> (String) r.get("month")).toList();
    List<SvgCharts.Series> series = List.of(
        new SvgCharts.Series("Active social learners", monthly.stream().map(r -> (Double) r.get("active_share")).toList()),
        new SvgCharts.Series("Questions answered within 7 days", monthly.stream().map(r -> (Double) r.get("answered_7d_share")).toList()));
    return SvgCharts.line("monthly", "Monthly trend of social learning",
        "Share of people active in social learning and share of questions answered within 7 days, per month from "
            + (months.isEmpty() ? "" : months.get(0) + " to " + months.get(months.size() - 1)) + ". The table below has the numbers.",
        months, series, v -> String.format("%.0f%%", v * 100));
  }

  private String departmentChart() {
    return SvgCharts.bars("departments", "Active social learners by department",
        "Share of each department's people with at least one social learning action over " + summary.getOrDefault("period", "")
            + "; departments with fewer than " + config.minGroupSize() + " people are suppressed.",
        departments.stream().map(r -> (String) r.get("department")).toList(),
        departments.stream().map(r -> (Double) r.get("active_share")).toList(),
        v -> String.format("%.0f%%", v * 100), "suppressed: fewer than " + config.minGroupSize() + " people");
  }

  private static Map<String, Object> source(SourceCounts s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("entity", s.entity());
    m.put("source", s.source());
    m.put("read", number(s.read()));
    m.put("staged", number(s.staged()));
    m.put("quarantined", number(s.quarantined()));
    m.put("skipped", number(s.skipped()));
    m.put("reasons", s.byReason() == null || s.byReason().isEmpty() ? "none"
        : s.byReason().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
    m.put("unmatchedTarget", s.unmatchedTarget() == null ? "" : number(s.unmatchedTarget()));
    m.put("identity", identityMatch(s));
    return m;
  }

  private static Map<String, Object> evidenceRow(Map<String, Object> r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("analysis", Evidence.COHORT_DIFFERENCE.equals(r.get("analysis")) ? "Most vs least active third" : "Adjusted effect");
    m.put("scope", "all".equals(r.get("scope")) ? "Whole organisation" : r.get("scope"));
    m.put("estimate", decimal((Double) r.get("estimate"), 2));
    m.put("ci", r.get("ci_low") == null ? "–" : decimal((Double) r.get("ci_low"), 2) + " to " + decimal((Double) r.get("ci_high"), 2));
    m.put("p", r.get("p_value") == null ? "–" : String.format(java.util.Locale.UK, "%.3f", (Double) r.get("p_value")));
    m.put("n", number((Long) r.get("n")));
    m.put("people", number((Long) r.get("n_people")));
    m.put("unit", r.get("unit"));
    m.put("verdict", r.get("verdict"));
    m.put("note", r.get("note"));
    return m;
  }

  private String evidenceChart() {
    List<SvgCharts.Interval> rows = evidence.stream()
        .filter(r -> Evidence.ADJUSTED_EFFECT.equals(r.get("analysis")))
        .map(r -> new SvgCharts.Interval("all".equals(r.get("scope")) ? "Whole organisation" : (String) r.get("scope"),
            (Double) r.get("estimate"), (Double) r.get("ci_low"), (Double) r.get("ci_high")))
        .toList();
    return SvgCharts.intervals("evidence", "Adjusted effect of helping and asking on rating change, with 95% intervals",
        "Rating points per 10 helping or asking actions between reviews, for the whole organisation and each department large "
            + "enough; an interval crossing zero means no measurable effect. The table below has the numbers.",
        rows, v -> String.format(java.util.Locale.UK, "%+.2f", v), "too few people to tell");
  }

  /**
   * How the source's person references were matched: by the identity map, by email, by employee id,
   * and how many matched nothing (quarantined as unmatched_identity), with the match rate.
   */
  static String identityMatch(SourceCounts s) {
    long unmatched = s.byReason() == null ? 0 : s.byReason().getOrDefault("unmatched_identity", 0L);
    if (s.resolvedBy() == null && unmatched == 0) {
      return "";
    }
    Map<String, Long> by = s.resolvedBy() == null ? Map.of() : s.resolvedBy();
    long matched = by.values().stream().mapToLong(Long::longValue).sum();
    if (s.resolvedBy() == null) {
      matched = s.staged();
    }
    String parts = by.entrySet().stream().map(e -> e.getKey().replace('_', ' ') + " " + number(e.getValue()))
        .collect(Collectors.joining(", "));
    double rate = matched + unmatched == 0 ? 1 : (double) matched / (matched + unmatched);
    return String.format(java.util.Locale.UK, "%.1f%% matched%s; %s unmatched", rate * 100,
        parts.isEmpty() ? "" : " (" + parts + ")", number(unmatched));
  }

  /** The minutes-per-action assumption, in the order actions are listed. */
  public Map<Action, Double> minutesPerAction() {
    return config.minutesPerAction();
  }
}
