package io.bottomup.report;

import io.bottomup.analyze.AnalyzeStage;
import io.bottomup.analyze.Courses;
import io.bottomup.analyze.CultureIndex;
import io.bottomup.analyze.DifferenceInDifferences;
import io.bottomup.analyze.Evidence;
import io.bottomup.analyze.Roi;
import io.bottomup.config.JobConfig;
import io.bottomup.ingest.SourceCounts;
import io.bottomup.schema.Action;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Everything both reports show, read once from the marts: the raw mart rows (for the workbook) and
 * the formatted, template-ready model (for the HTML). Suppressed cells carry their reason, never a
 * zero. Every number in the model comes from one mart column, named in the report's definitions.
 */
public final class ReportData {
  public final JobConfig config;
  public final LocalDate runDate;
  public final Formats fmt;
  public final List<Map<String, Object>> monthly;
  public final List<Map<String, Object>> departments;
  public final Map<String, Object> summary;
  public final List<SourceCounts> sources;
  public final List<String> warnings;
  public final List<Map<String, Object>> evidence;
  public final List<Map<String, Object>> dependent;
  public final List<Map<String, Object>> questionFlow;
  public final Map<String, Object> network;
  public final List<Map<String, Object>> networkDepartments;
  public final List<Map<String, Object>> roi;
  public final List<Map<String, Object>> culture;
  public final List<Map<String, Object>> courses;

  public ReportData(JobConfig config, LocalDate runDate, MartReader marts, List<SourceCounts> sources, List<String> warnings) {
    this.warnings = warnings;
    this.config = config;
    this.runDate = runDate;
    this.fmt = new Formats(config.locale(), config.currency());
    this.monthly = marts.read(AnalyzeStage.MART_LEARNING_MONTHLY);
    this.monthly.sort(Comparator.comparing(r -> (String) r.get("month")));
    this.departments = bySize(marts.read(AnalyzeStage.MART_DEPARTMENT), "headcount");
    Map<String, Object> summaryRow = first(marts.read(AnalyzeStage.MART_LEARNING_SUMMARY));
    if (summaryRow.get("period") == null) { // nobody employed in the twelve months: the period is still named
      summaryRow = new java.util.HashMap<>(summaryRow);
      summaryRow.put("period", AnalyzeStage.period(runDate));
    }
    this.summary = summaryRow;
    this.sources = sources;
    this.dependent = marts.read(AnalyzeStage.MART_DEPENDENT_LEARNERS);
    this.dependent.sort(Comparator.comparing(r -> (String) r.get("department")));
    this.evidence = marts.read(AnalyzeStage.MART_EVIDENCE);
    List<String> order = List.of(Evidence.ADJUSTED_EFFECT, Evidence.COHORT_DIFFERENCE, DifferenceInDifferences.DID,
        DifferenceInDifferences.PRE_TREND);
    this.evidence.sort(Comparator.comparing((Map<String, Object> r) -> !Evidence.SCOPE_ALL.equals(r.get("scope")))
        .thenComparing(r -> (String) r.get("scope"))
        .thenComparing(r -> order.indexOf((String) r.get("analysis"))));
    this.questionFlow = marts.read(AnalyzeStage.MART_QUESTION_FLOW);
    this.questionFlow.sort(Comparator.comparing((Map<String, Object> r) -> (String) r.get("month"))
        .thenComparing(r -> (String) r.get("department")));
    this.network = first(marts.read(AnalyzeStage.MART_NETWORK_SUMMARY));
    this.networkDepartments = bySize(marts.read(AnalyzeStage.MART_NETWORK_DEPARTMENT), "headcount");
    this.roi = marts.read(AnalyzeStage.MART_ROI);
    List<String> scenarios = List.of(Roi.LOW, Roi.BASE, Roi.HIGH);
    this.roi.sort(Comparator.comparing(r -> scenarios.indexOf((String) r.get("scenario"))));
    this.culture = marts.read(AnalyzeStage.MART_CULTURE_INDEX);
    this.culture.sort(Comparator.comparing((Map<String, Object> r) -> !CultureIndex.SCOPE_ORGANISATION.equals(r.get("scope")))
        .thenComparing((Map<String, Object> r) -> r.get("headcount") == null ? -1L : (Long) r.get("headcount"),
            Comparator.reverseOrder())
        .thenComparing(r -> String.valueOf(r.get("department"))));
    this.courses = bySize(marts.read(AnalyzeStage.MART_COURSES), "completed_hours");
  }

  private static Map<String, Object> first(List<Map<String, Object>> rows) {
    return rows.isEmpty() ? Map.of() : rows.get(0);
  }

  /** Largest first by a numeric column (suppressed rows last), then by the first text column. */
  private static List<Map<String, Object>> bySize(List<Map<String, Object>> rows, String column) {
    rows.sort(Comparator.comparing((Map<String, Object> r) -> r.get(column) == null ? -1.0 : ((Number) r.get(column)).doubleValue(),
            Comparator.reverseOrder())
        .thenComparing(r -> String.valueOf(r.values().stream().filter(v -> v instanceof String).findFirst().orElse(""))));
    return rows;
  }

  /** The adjusted effect for the whole organisation, or null. */
  Map<String, Object> adjustedOverall() {
    return analysis(Evidence.ADJUSTED_EFFECT);
  }

  Map<String, Object> analysis(String name) {
    return evidence.stream().filter(r -> Evidence.SCOPE_ALL.equals(r.get("scope")) && name.equals(r.get("analysis")))
        .findFirst().orElse(null);
  }

  Map<String, Object> roiScenario(String name) {
    return roi.stream().filter(r -> name.equals(r.get("scenario"))).findFirst().orElse(null);
  }

  Map<String, Object> cultureOverall() {
    return culture.stream().filter(r -> CultureIndex.SCOPE_ORGANISATION.equals(r.get("scope"))).findFirst().orElse(null);
  }

  boolean suppressed(Map<String, Object> row) {
    return row == null || row.isEmpty() || row.get("suppression") != null;
  }

  String suppressedText(Map<String, Object> row) {
    Object s = row == null ? null : row.get("suppression");
    return Formats.suppressed(s == null ? "small_group" : (String) s, config.minGroupSize());
  }

  /** The FreeMarker model of the HTML report. */
  public Map<String, Object> htmlModel(String version) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", config.reportTitle());
    m.put("organisation", config.organisationName());
    m.put("runDate", fmt.date(runDate));
    m.put("version", version);
    m.put("minGroupSize", config.minGroupSize());
    m.put("currency", config.currency());
    m.put("period", summary.getOrDefault("period", ""));
    m.put("sections", config.sections());
    m.put("verdict", verdict());
    m.put("headline", headline());
    m.put("figures", figures());
    m.put("socialShare", fmt.percent((Double) summary.get("social_share")));
    m.put("informalHours", fmt.number((Double) summary.get("informal_hours")));
    m.put("formalHours", fmt.number((Double) summary.get("formal_hours")));
    m.put("formalHidden", formalHidden());
    m.put("evidenceMinPeople", io.bottomup.analyze.Evidence.MIN_PEOPLE);
    m.put("informalHidden", informalHidden());
    m.put("recordsFrom", java.util.Objects.requireNonNullElse(firstRecordedMonth(), ""));
    m.put("noFormal", !suppressed(summary) && Double.valueOf(0).equals(summary.get("formal_hours")));
    m.put("monthlyRows", monthly.stream().map(this::formatted).toList());
    m.put("monthlyChart", monthlyChart());
    m.put("departmentRows", departments.stream().map(this::formatted).toList());
    m.put("departmentChart", departmentChart());
    m.put("suppressedDepartments", departments.stream().filter(r -> r.get("suppression") != null).count());
    // The ten largest of the courses shown: a suppressed course, or one whose completion figures are
    // withheld, has no hours to rank it by.
    m.put("courseRows", courses.stream().filter(r -> !suppressed(r) && !completionWithheld(r)).limit(10).map(this::course).toList());
    m.put("courseCount", courses.size());
    m.put("courseHidden", courses.stream().filter(this::suppressed).count());
    m.put("courseWithheld", courses.stream().filter(this::completionWithheld).count());
    m.put("flowMonth", flowMonth());
    m.put("flowRows", questionFlow.stream().filter(r -> Objects.equals(r.get("month"), flowMonth())).map(this::flow).toList());
    m.put("networkSentence", networkSentence());
    m.put("networkRows", networkDepartments.stream().map(this::networkRow).toList());
    m.put("networkChart", networkChart());
    m.put("sources", sources.stream().map(this::source).toList());
    m.put("allReconcile", sources.stream().allMatch(SourceCounts::reconciles));
    m.put("unmatchedRows", unmatched().stream().map(u -> Map.of("source", u.get("source"), "system", u.get("system"),
        "role", u.get("role"), "identities", fmt.number((Long) u.get("identities")), "records", fmt.number((Long) u.get("records"))))
        .toList());
    m.put("warnings", warnings);
    m.put("evidenceRows", evidence.stream().map(this::evidenceRow).toList());
    m.put("evidenceChart", evidenceChart());
    m.put("didSentence", didSentence());
    m.put("roiRows", roi.stream().map(this::roiRow).toList());
    m.put("roiSentence", roiSentence());
    m.put("roiCosts", roiCosts());
    m.put("roiAssumptions", roiAssumptions());
    m.put("cultureHeat", cultureHeat());
    m.put("cultureRows", culture.stream().map(this::cultureRow).toList());
    m.put("dependentRows", dependent.stream().map(this::dependentRow).toList());
    m.put("assumptions", config.minutesPerAction().entrySet().stream()
        .map(e -> Map.of("action", e.getKey().value(), "minutes", fmt.decimal(e.getValue(), 1))).toList());
    m.put("adoptionShare", fmt.percent(config.adoptionActiveShare()));
    m.put("questionsTarget", fmt.decimal(config.questionsPerHeadTarget(), 1));
    return m;
  }

  /**
   * Said when the collaboration records start after the period's first month (a first export of a few
   * months): the twelve months' totals and shares then cover fewer months of them, and the ROI sets a
   * year's platform cost against them. Empty otherwise. A suppressed month counts as holding records.
   */
  String coverageNote() {
    String first = firstRecordedMonth();
    if (first == null) {
      return "";
    }
    long months = java.time.temporal.ChronoUnit.MONTHS.between(java.time.YearMonth.parse(first), java.time.YearMonth.from(runDate)) + 1;
    return " Collaboration records start in " + first + ": the period's figures cover " + months + " month"
        + (months == 1 ? "" : "s") + " of them, not twelve, and the return on investment sets a full year's platform cost"
        + " against them.";
  }

  /** The first month of the period holding collaboration records, where that is not the period's first; else null. */
  String firstRecordedMonth() {
    String period = String.valueOf(summary.getOrDefault("period", ""));
    if (!period.contains(" to ")) {
      return null;
    }
    String start = period.substring(0, period.indexOf(" to "));
    // monthly is sorted by month: the first of the period holding records (or hidden).
    String first = monthly.stream()
        .filter(r -> r.get("month") instanceof String m && m.compareTo(start) >= 0)
        .filter(r -> r.get("suppression") != null || r.get("informal_hours") instanceof Double h && h > 0
            || r.get("active_share") instanceof Double a && a > 0)
        .map(r -> (String) r.get("month")).findFirst().orElse(null);
    return first == null || first.equals(start) ? null : first;
  }

  /** The summary's informal measures are emptied: 1 to k−1 people had informal learning time in the period. */
  private boolean informalHidden() {
    return !suppressed(summary) && summary.get("headcount") != null && summary.get("informal_hours") == null;
  }

  /** The summary's formal training measures are emptied: 1 to k−1 people completed training in the period. */
  private boolean formalHidden() {
    return !suppressed(summary) && summary.get("headcount") != null && summary.get("formal_hours") == null;
  }

  /** The short answer to "is social learning worth backing here?", chosen by rule from the evidence and the ROI. */
  String verdict() {
    if (suppressed(summary)) {
      return "Too few people to report on";
    }
    Map<String, Object> a = adjustedOverall();
    String v = a == null ? Evidence.TOO_FEW : (String) a.get("verdict");
    Map<String, Object> base = roiScenario(Roi.BASE);
    Double roiPct = base == null || suppressed(base) ? null : (Double) base.get("roi_pct");
    return switch (v) {
      case Evidence.POSITIVE -> roiPct != null && roiPct > 0
          ? "Yes, on the evidence so far"
          : "Promising, but it does not pay back at the stated assumptions";
      case Evidence.NEGATIVE -> "Not on this evidence";
      case Evidence.NONE -> "Not proven: no measurable link to performance yet";
      default -> "Too early to tell";
    };
  }

  /** The sentences under the verdict; they say what the data shows and what it cannot yet show. */
  String headline() {
    if (suppressed(summary)) {
      return "Too few people in the data to report on learning without identifying individuals.";
    }
    Double active = (Double) summary.get("active_share");
    Double ratio = (Double) summary.get("informal_to_formal_ratio");
    String ratioText = ratio != null
        ? "for every hour of formal training, people spent an estimated " + fmt.decimal(ratio, 1) + " hours learning from each other"
        : formalHidden() ? "formal training is not compared: fewer than " + config.minGroupSize() + " people completed any"
        : informalHidden() ? "time spent learning from each other is not shown: fewer than " + config.minGroupSize()
            + " people had any"
        : "no formal training hours were recorded to compare with";
    String roiText = "";
    Map<String, Object> base = roiScenario(Roi.BASE);
    if (base != null && !suppressed(base) && base.get("roi_pct") != null && Roi.SHOWN.equals(base.get("status"))) {
      roiText = " At the stated assumptions the base case returns " + fmt.decimal((Double) base.get("benefit_cost_ratio"), 2)
          + " for every 1 spent on it (ROI " + fmt.signedPercent((Double) base.get("roi_pct")) + "; range "
          + roiRange() + ").";
    } else if (base != null && !suppressed(base) && base.get("status") != null) {
      // A status is "<what>: <why>" (Roi): the sentence says the what once.
      String status = (String) base.get("status");
      String why = status.contains(": ") ? status.substring(status.indexOf(": ") + 2) : status;
      roiText = Roi.NEGATIVE.equals(status) ? " There is no return on investment: " + why + "."
          : " The return on investment is not demonstrated: " + why + ".";
    }
    return fmt.percent(active) + " of people learned from colleagues over " + summary.get("period") + ", and " + ratioText
        + ". " + evidenceSentence() + roiText + coverageNote();
  }

  private String roiRange() {
    Map<String, Object> low = roiScenario(Roi.LOW);
    Map<String, Object> high = roiScenario(Roi.HIGH);
    return fmt.signedPercent((Double) low.get("roi_pct")) + " to " + fmt.signedPercent((Double) high.get("roi_pct"));
  }

  /** What the adjusted analysis says about performance, in the words its verdict allows. */
  String evidenceSentence() {
    Map<String, Object> a = adjustedOverall();
    if (a != null && Evidence.NOT_ESTIMABLE.equals(a.get("verdict"))) {
      return "Whether it goes with better performance cannot be estimated from these data: the adjusted model has no unique "
          + "solution (mart_evidence gives the reason).";
    }
    if (a == null || a.get("estimate") == null) {
      return "There are too few people with two reviews to tell whether it goes with better performance.";
    }
    String numbers = fmt.signed((Double) a.get("estimate"), 2) + " rating points per 10 helping or asking actions, 95% CI "
        + fmt.signed((Double) a.get("ci_low"), 2) + " to " + fmt.signed((Double) a.get("ci_high"), 2) + ", "
        + fmt.number((Long) a.get("n_people")) + " people";
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
    if (suppressed(summary)) {
      return f;
    }
    f.add(figure(fmt.percent((Double) summary.get("active_share")), "learn from colleagues",
        "people with at least one question, answer, reply, post, comment, edit or reaction; mart_learning_summary.active_share"));
    Double formal = (Double) summary.get("formal_hours");
    if (informalHidden()) {
      f.add(figure(Formats.EMPTY, "of learning time is bottom-up", "not shown: fewer than " + config.minGroupSize()
          + " people had any informal learning time; mart_learning_summary.social_share"));
    } else if (formal != null && formal > 0) {
      f.add(figure(fmt.percent((Double) summary.get("social_share")), "of learning time is bottom-up",
          "estimated from minutes per action (an assumption); 70:20:10 would say 20% social; mart_learning_summary.social_share"));
    } else {
      // Against no recorded (or no shown) formal training, "100% bottom-up" would be a claim about missing data.
      f.add(figure(Formats.EMPTY, "of learning time is bottom-up", (formal == null
          ? "not shown: fewer than " + config.minGroupSize() + " people completed formal training"
          : "no formal training recorded to compare with") + "; mart_learning_summary.social_share"));
    }
    Map<String, Object> a = adjustedOverall();
    if (a != null && a.get("estimate") != null) {
      f.add(figure(fmt.signed((Double) a.get("estimate"), 2), "rating points per 10 helping or asking actions",
          "95% CI " + fmt.signed((Double) a.get("ci_low"), 2) + " to " + fmt.signed((Double) a.get("ci_high"), 2) + "; "
              + a.get("verdict") + "; mart_evidence adjusted_effect"));
    } else {
      f.add(figure(Formats.EMPTY, "effect on performance", (a == null ? Evidence.TOO_FEW : a.get("verdict"))
          + "; mart_evidence adjusted_effect"));
    }
    Map<String, Object> base = roiScenario(Roi.BASE);
    if (base != null && !suppressed(base) && base.get("roi_pct") != null && !Roi.NOT_DEMONSTRATED.equals(base.get("status"))) {
      boolean costsMore = Roi.SHOWN.equals(base.get("status")) && (Double) base.get("roi_pct") < 0;
      f.add(figure(fmt.signedPercent((Double) base.get("roi_pct")), "return on social learning (base case)",
          (costsMore ? "the effect is shown (its 95% CI excludes zero), but at the stated assumptions its benefit is below its cost"
              : base.get("status")) + "; low to high " + roiRange() + "; mart_roi"));
    } else if (base != null && !suppressed(base) && base.get("roi_pct") != null) {
      // The interval includes zero: a point estimate shown as "the return" would claim what the data do not show.
      f.add(figure(Formats.EMPTY, "return on social learning", base.get("status") + "; the point estimate would give "
          + fmt.signedPercent((Double) base.get("roi_pct")) + ", low to high " + roiRange() + "; mart_roi"));
    } else {
      // A suppressed row (fewer people than the minimum group size) has no status of its own: it says why it is empty.
      f.add(figure(Formats.EMPTY, "return on social learning", (base == null ? Roi.TOO_FEW
          : suppressed(base) || base.get("status") == null ? suppressedText(base) : base.get("status")) + "; mart_roi"));
    }
    Map<String, Object> c = cultureOverall();
    if (c != null && !suppressed(c) && c.get("culture_index") != null) {
      long measured = java.util.stream.Stream.of("motive", "means", "opportunity").filter(p -> c.get(p) != null).count();
      // The index is the mean of the parts that could be measured (no reviews: no motive); the note says of how many.
      f.add(figure(fmt.decimal((Double) c.get("culture_index"), 0) + " / 100", "motive–means–opportunity index",
          (measured < 3 ? "the mean of " + measured + " of the 3 parts, the others not measurable from these data; " : "")
              + "motive " + fmt.decimal((Double) c.get("motive"), 0) + ", means " + fmt.decimal((Double) c.get("means"), 0)
              + ", opportunity " + fmt.decimal((Double) c.get("opportunity"), 0) + "; mart_culture_index"));
    }
    return f;
  }

  private static Map<String, String> figure(String value, String label, String note) {
    return Map.of("value", value, "label", label, "note", note);
  }

  /** A learning-metrics mart row as display strings; a suppressed row says why instead of showing numbers. */
  Map<String, Object> formatted(Map<String, Object> r) {
    Map<String, Object> m = base(r, "month", "department");
    if (r.get("month") != null) {
      m.put("month", monthLabel(r.get("month")));
    }
    m.put("headcount", fmt.number((Long) r.get("headcount")));
    m.put("activeShare", fmt.percent((Double) r.get("active_share")));
    m.put("questions", fmt.number((Long) r.get("questions_asked")));
    m.put("answered7d", fmt.percent((Double) r.get("answered_7d_share")));
    m.put("medianHours", fmt.decimal((Double) r.get("median_hours_to_first_answer"), 1));
    m.put("formalPerHead", fmt.decimal((Double) r.get("formal_hours_per_head"), 1));
    m.put("informalHours", fmt.decimal((Double) r.get("informal_hours"), 0));
    m.put("ratio", fmt.decimal((Double) r.get("informal_to_formal_ratio"), 1));
    m.put("socialShare", fmt.percent((Double) r.get("social_share")));
    return m;
  }

  /** Keys of a row and whether (and why) it is suppressed. */
  private Map<String, Object> base(Map<String, Object> r, String... keys) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String k : keys) {
      Object v = r.get(k);
      m.put(k, v == null ? "" : v);
    }
    boolean hidden = r.get("suppression") != null;
    m.put("suppressed", hidden);
    m.put("suppressedText", hidden ? suppressedText(r) : "");
    return m;
  }

  /**
   * A course shown without its completed hours: fewer than min_group_size people completed it (or
   * completed hours of it), or its figures would give such a course's away
   * ({@link io.bottomup.analyze.Courses#suppress}; {@code withheld} says what it lacks).
   */
  boolean completionWithheld(Map<String, Object> course) {
    Object withheld = course.get(Courses.WITHHELD);
    return !suppressed(course) && withheld != null
        && (withheld.equals(Courses.COMPLETION) || withheld.toString().contains(Courses.HOURS));
  }

  /** Why a shown course lacks some figures, as the workbook says it; null when it lacks none. */
  String withheldText(Map<String, Object> course) {
    Object withheld = course.get(Courses.WITHHELD);
    if (suppressed(course) || withheld == null) {
      return null;
    }
    String what = switch (withheld.toString()) {
      case Courses.COMPLETION -> "completion figures";
      case Courses.HOURS -> "completed hours";
      case Courses.COST -> "cost";
      default -> "completed hours and cost";
    };
    return what + " not shown: they would give away those of fewer than " + config.minGroupSize() + " people";
  }

  private Map<String, Object> course(Map<String, Object> r) {
    Map<String, Object> m = base(r, "course_id", "course_title", "modality");
    m.put("learners", fmt.number((Long) r.get("learners")));
    m.put("completionRate", fmt.percent((Double) r.get("completion_rate")));
    m.put("hours", fmt.number((Double) r.get("completed_hours")));
    m.put("cost", fmt.money((Double) r.get("cost")));
    m.put("costPerHour", fmt.money((Double) r.get("cost_per_hour")));
    return m;
  }

  /** The month the question-flow table shows: the run month, else the latest month with questions. */
  String flowMonth() {
    String runMonth = runDate.toString().substring(0, 7);
    return questionFlow.stream().map(r -> (String) r.get("month")).filter(runMonth::equals).findFirst()
        .orElse(questionFlow.isEmpty() ? runMonth : (String) questionFlow.get(questionFlow.size() - 1).get("month"));
  }

  private Map<String, Object> flow(Map<String, Object> r) {
    Map<String, Object> m = base(r, "department");
    m.put("askers", fmt.number((Long) r.get("askers")));
    m.put("questions", fmt.number((Long) r.get("questions_asked")));
    m.put("answered7d", fmt.percent((Double) r.get("answered_7d_share")));
    m.put("medianHours", fmt.decimal((Double) r.get("median_hours_to_first_answer"), 1));
    m.put("p90Hours", fmt.decimal((Double) r.get("p90_hours_to_first_answer"), 1));
    m.put("accepted", fmt.percent((Double) r.get("accepted_share")));
    m.put("backlog", fmt.number((Long) r.get("open_backlog")));
    m.put("helped", fmt.number((Long) r.get("askers_helped")));
    m.put("viewers", fmt.number((Long) r.get("distinct_viewers")));
    return m;
  }

  /** People appear only as counts. */
  String networkSentence() {
    if (suppressed(network)) {
      return "Too few people to describe the knowledge network without identifying individuals.";
    }
    return fmt.number((Long) network.get("connected_people")) + " of " + fmt.number((Long) network.get("headcount"))
        + " people (" + fmt.percent((Double) network.get("connected_share")) + ") helped or were helped by a colleague, over "
        + fmt.number((Long) network.get("ties")) + " helping ties. " + fmt.percent((Double) network.get("cross_department_share"))
        + " of help crossed a department line (E-I index " + fmt.signed((Double) network.get("ei_index"), 2) + "). "
        + fmt.number((Long) network.get("brokers")) + " brokers connect " + fmt.number((Long) network.get("departments_connected_by_brokers"))
        + " of " + fmt.number((Long) network.get("departments")) + " departments. The most sought-after tenth of people hold "
        + fmt.percent((Double) network.get("top_decile_pagerank_share")) + " of the network's PageRank"
        + " (10% would mean knowledge is spread evenly).";
  }

  private Map<String, Object> networkRow(Map<String, Object> r) {
    Map<String, Object> m = base(r, "department");
    m.put("headcount", fmt.number((Long) r.get("headcount")));
    m.put("connected", fmt.percent((Double) r.get("connected_share")));
    m.put("internal", fmt.number((Long) r.get("internal_ties")));
    m.put("external", fmt.number((Long) r.get("external_ties")));
    m.put("ei", fmt.signed((Double) r.get("ei_index"), 2));
    m.put("crossShare", fmt.percent((Double) r.get("cross_department_share")));
    m.put("brokers", fmt.number((Long) r.get("brokers")));
    m.put("pagerank", fmt.percent((Double) r.get("pagerank_share")));
    return m;
  }

  private String networkChart() {
    return SvgCharts.bars("network", "Share of help that crosses department lines",
        "For each department, the share of its people's help actions given to someone in another department, over "
            + summary.getOrDefault("period", "") + ". The table below has the numbers.",
        networkDepartments.stream().map(r -> (String) r.get("department")).toList(),
        networkDepartments.stream().map(r -> (Double) r.get("cross_department_share")).toList(),
        v -> fmt.percent(v), missingNotes(networkDepartments, "no help given"));
  }

  /** An analysis of mart_evidence as both reports name it. */
  static String analysisName(String analysis) {
    return switch (analysis) {
      case Evidence.COHORT_DIFFERENCE -> "Most vs least active third";
      case Evidence.ADJUSTED_EFFECT -> "Adjusted effect";
      case DifferenceInDifferences.DID -> "Difference-in-differences (Q&A adoption)";
      case DifferenceInDifferences.PRE_TREND -> "Pre-adoption trend check";
      default -> analysis;
    };
  }

  /** A scope of mart_evidence as both reports name it: the whole organisation, or the department. */
  static String scopeName(String scope) {
    return Evidence.SCOPE_ALL.equals(scope) ? "Whole organisation" : scope;
  }

  private Map<String, Object> evidenceRow(Map<String, Object> r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("analysis", analysisName((String) r.get("analysis")));
    m.put("scope", scopeName((String) r.get("scope")));
    m.put("estimate", fmt.signed((Double) r.get("estimate"), 2));
    m.put("ci", r.get("ci_low") == null ? Formats.EMPTY
        : fmt.signed((Double) r.get("ci_low"), 2) + " to " + fmt.signed((Double) r.get("ci_high"), 2));
    m.put("p", fmt.pValue((Double) r.get("p_value")));
    m.put("n", fmt.number((Long) r.get("n")));
    m.put("people", fmt.number((Long) r.get("n_people")));
    m.put("unit", r.get("unit"));
    m.put("verdict", r.get("verdict"));
    m.put("note", r.get("note"));
    return m;
  }

  private String evidenceChart() {
    List<SvgCharts.Interval> rows = evidence.stream()
        .filter(r -> Evidence.ADJUSTED_EFFECT.equals(r.get("analysis")))
        .map(r -> new SvgCharts.Interval(Evidence.SCOPE_ALL.equals(r.get("scope")) ? "Whole organisation" : (String) r.get("scope"),
            (Double) r.get("estimate"), (Double) r.get("ci_low"), (Double) r.get("ci_high")))
        .toList();
    return SvgCharts.intervals("evidence", "Adjusted effect of helping and asking on rating change, with 95% intervals",
        "Rating points per 10 helping or asking actions between reviews, for the whole organisation and each department large "
            + "enough; an interval crossing zero means no measurable effect. The table below has the numbers.",
        rows, v -> fmt.signed(v, 2), "no estimate (see the table)");
  }

  /** Why the difference-in-differences has no estimate, in the words of its note where it says. */
  private static String notEstimableWhy(Map<String, Object> did) {
    String note = String.valueOf(did.get("note"));
    if (note.startsWith(DifferenceInDifferences.NO_ADOPTION)) {
      return DifferenceInDifferences.NO_ADOPTION;
    }
    if (note.startsWith(DifferenceInDifferences.NO_SWITCH)) {
      return "no department has reviews both before and after it took the platform up";
    }
    return "for example, every department took it up in the same month, so taking it up cannot be told apart from time";
  }

  String didSentence() {
    Map<String, Object> did = analysis(DifferenceInDifferences.DID);
    if (did == null) {
      return "";
    }
    String s = "Comparing departments before and after they took up the Q&A platform with departments that had not (yet): "
        + did.get("verdict") + (Evidence.NOT_ESTIMABLE.equals(did.get("verdict")) ? " (" + notEstimableWhy(did) + ")" : "");
    if (did.get("estimate") != null) {
      s += " (" + fmt.signed((Double) did.get("estimate"), 2) + " rating points, 95% CI " + fmt.signed((Double) did.get("ci_low"), 2)
          + " to " + fmt.signed((Double) did.get("ci_high"), 2) + ")";
    }
    Map<String, Object> pre = analysis(DifferenceInDifferences.PRE_TREND);
    return s + "." + (pre == null ? "" : " Pre-adoption trend check: " + pre.get("verdict") + ".");
  }

  private Map<String, Object> roiRow(Map<String, Object> r) {
    Map<String, Object> m = base(r, "scenario");
    m.put("label", switch ((String) r.get("scenario")) {
      case Roi.LOW -> "Low (CI lower end)";
      case Roi.HIGH -> "High (CI upper end)";
      default -> "Base (estimate)";
    });
    m.put("effect", fmt.signed((Double) r.get("effect_per_10_actions"), 3));
    m.put("gain", fmt.decimal((Double) r.get("rating_gain_per_person"), 3));
    m.put("benefit", fmt.money((Double) r.get("benefit")));
    m.put("cost", fmt.money((Double) r.get("social_cost")));
    m.put("bcr", fmt.decimal((Double) r.get("benefit_cost_ratio"), 2));
    m.put("roi", fmt.signedPercent((Double) r.get("roi_pct")));
    m.put("status", r.get("status") == null ? "" : r.get("status"));
    return m;
  }

  String roiSentence() {
    Map<String, Object> base = roiScenario(Roi.BASE);
    if (base == null || suppressed(base)) {
      return "Too few people to estimate a return without identifying individuals.";
    }
    // mart_roi leaves the exposed people's measures empty where fewer than min_group_size helped or asked.
    String people = base.get("exposed_people") == null
        ? "Fewer than " + config.minGroupSize() + " people helped or asked, too few to show their numbers"
        : fmt.number((Long) base.get("exposed_people")) + " people helped or asked, "
            + fmt.decimal((Double) base.get("actions_per_exposed_person"), 1) + " actions each on average";
    if (base.get("rating_gain_per_person") == null) {
      return "Base case: " + base.get("status") + ". " + people + ".";
    }
    String gain = fmt.decimal((Double) base.get("rating_gain_per_person"), 3) + " rating points a person in the first year";
    return "Base case: " + base.get("status") + ". " + people + (Roi.SHOWN.equals(base.get("status"))
        ? ", worth an estimated " + gain + "."
        : "; the point estimate, which the data do not establish, would make that " + gain + ".");
  }

  private Map<String, String> roiCosts() {
    Map<String, Object> base = roiScenario(Roi.BASE);
    Map<String, String> m = new LinkedHashMap<>();
    if (base == null || suppressed(base)) {
      return m;
    }
    m.put("socialHours", fmt.number((Double) base.get("social_hours")));
    m.put("socialCost", fmt.money((Double) base.get("social_cost")));
    m.put("socialPerHour", fmt.money((Double) base.get("social_cost_per_hour")));
    m.put("formalHours", fmt.number((Double) base.get("formal_hours")));
    m.put("formalCost", fmt.money((Double) base.get("formal_cost")));
    m.put("formalPerHour", fmt.money((Double) base.get("formal_cost_per_hour")));
    return m;
  }

  private List<Map<String, String>> roiAssumptions() {
    return List.of(
        Map.of("name", "Value of one rating point per person-year", "value", fmt.money(config.valuePerRatingPoint()),
            "key", "roi.value_per_rating_point"),
        Map.of("name", "Confidence adjustment (share of the benefit claimed)", "value", fmt.percent(config.roiConfidence()),
            "key", "roi.confidence"),
        Map.of("name", "Platform cost per year", "value", fmt.money(config.platformCostPerYear()), "key",
            "roi.platform_cost_per_year"),
        Map.of("name", "Hourly cost where the directory has none", "value", fmt.money(config.defaultHourlyCost()), "key",
            "roi.default_hourly_cost"));
  }

  private static final List<String> CULTURE_PARTS = List.of("culture_index", "motive", "means", "opportunity");
  /** The correlation-based components, each with its 95% interval ({@code <component>_ci_low}, {@code _ci_high}). */
  public static final List<String> MOTIVE_COMPONENTS = List.of("motive_performance", "motive_contribution", "motive_promotion");

  /** A motive component's 95% interval as "46 to 100", rounded outwards, or empty where the mart has none. */
  public String cultureInterval(Map<String, Object> r, String component) {
    Double low = cultureBound(r, component, -1);
    Double high = cultureBound(r, component, 1);
    return low == null || high == null ? "" : fmt.decimal(low, 0) + " to " + fmt.decimal(high, 0);
  }

  /**
   * An end of a motive component's 95% interval ({@code side} −1 the lower, +1 the upper), rounded
   * outwards to a whole score so that the printed interval holds the computed one; null where the mart has
   * none (the mart gives an interval both ends or neither: CultureIndex#correlationBound).
   */
  public static Double cultureBound(Map<String, Object> r, String component, int side) {
    Double end = (Double) r.get(component + (side < 0 ? "_ci_low" : "_ci_high"));
    return end == null ? null : side < 0 ? Math.floor(end) : Math.ceil(end);
  }

  private String label(Map<String, Object> r) {
    return CultureIndex.SCOPE_ORGANISATION.equals(r.get("scope")) ? "Whole organisation" : (String) r.get("department");
  }

  private String cultureHeat() {
    return SvgCharts.heat("culture", "Motive, means and opportunity by department (0–100)",
        "The culture index and its three parts for the whole organisation and each department, from 0 (orange) to 100 (blue);"
            + " suppressed groups are grey. The table below has every component.",
        List.of("Index", "Motive", "Means", "Opportunity"),
        culture.stream().map(this::label).toList(),
        culture.stream().map(r -> CULTURE_PARTS.stream().map(c -> (Double) r.get(c)).toList()).toList(),
        culture.stream().map(r -> r.get("suppression") == null ? null : suppressedText(r)).toList());
  }

  private Map<String, Object> cultureRow(Map<String, Object> r) {
    Map<String, Object> m = base(r);
    m.put("label", label(r));
    for (String c : List.of("culture_index", "motive", "means", "opportunity", "motive_performance", "motive_contribution",
        "motive_promotion", "means_active", "means_calibration", "opportunity_asking", "opportunity_answered",
        "opportunity_no_penalty")) {
      m.put(c, fmt.decimal((Double) r.get(c), 0));
    }
    for (String c : MOTIVE_COMPONENTS) {
      m.put(c + "_ci", cultureInterval(r, c));
    }
    m.put("headcount", fmt.number((Long) r.get("headcount")));
    return m;
  }

  private Map<String, Object> dependentRow(Map<String, Object> r) {
    Map<String, Object> row = base(r, "department");
    row.put("headcount", fmt.number((Long) r.get("headcount")));
    row.put("assessed", fmt.number((Long) r.get("assessed")));
    row.put("dependent", fmt.number((Long) r.get("dependent_learners")));
    row.put("share", fmt.percent((Double) r.get("dependent_share")));
    return row;
  }

  /**
   * A month as the tables name it: the run date's month, when the run date is not its last day, says it
   * holds only part of the month ("2026-10 (1–15)"), so that its lower counts do not read as a fall.
   */
  public String monthLabel(Object month) {
    java.time.YearMonth run = java.time.YearMonth.from(runDate);
    return run.toString().equals(month) && runDate.getDayOfMonth() < run.lengthOfMonth()
        ? month + " (1–" + runDate.getDayOfMonth() + ")" : String.valueOf(month);
  }

  private String monthlyChart() {
    List<String> months = monthly.stream().map(r -> (String) r.get("month")).toList();
    List<SvgCharts.Series> series = List.of(
        new SvgCharts.Series("Active social learners", monthly.stream().map(r -> (Double) r.get("active_share")).toList()),
        new SvgCharts.Series("Questions answered within 7 days", monthly.stream().map(r -> (Double) r.get("answered_7d_share")).toList()));
    return SvgCharts.line("monthly", "Monthly trend of social learning",
        "Share of people active in social learning and share of questions answered within 7 days, per month from "
            + (months.isEmpty() ? "" : months.get(0) + " to " + months.get(months.size() - 1)) + "."
            + (months.isEmpty() || monthLabel(months.get(months.size() - 1)).equals(months.get(months.size() - 1)) ? ""
                : " The last month runs only to the run date, " + fmt.date(runDate) + ".")
            + " The table below has the numbers.",
        months, series, v -> fmt.percent(v));
  }

  private String departmentChart() {
    return SvgCharts.bars("departments", "Bottom-up share of learning time by department",
        "Estimated social-learning hours as a share of all recorded learning hours (social + formal) per department over "
            + summary.getOrDefault("period", "") + "; departments with fewer than " + config.minGroupSize()
            + " people are suppressed. The table below has the numbers.",
        departments.stream().map(r -> (String) r.get("department")).toList(),
        departments.stream().map(r -> (Double) r.get("social_share")).toList(),
        v -> fmt.percent(v), departments.stream().map(this::whyNoShare).toList());
  }

  /** Why a department's bottom-up share is empty, as a chart's bar says it (the table has the numbers). */
  private String whyNoShare(Map<String, Object> r) {
    if (r.get("suppression") != null) {
      return missingNotes(List.of(r), "").get(0);
    }
    if (r.get("informal_hours") == null) {
      return "informal hours not shown: fewer than " + config.minGroupSize() + " people";
    }
    Object formal = r.get("formal_hours");
    if (formal == null) {
      return "formal hours not shown: fewer than " + config.minGroupSize() + " people completed training";
    }
    return ((Double) formal) == 0 ? "no completed formal training to compare with" : "no learning time recorded";
  }

  /** Why a chart's bar is missing: the row's suppression as the tables say it, else {@code otherwise}. */
  private List<String> missingNotes(List<Map<String, Object>> rows, String otherwise) {
    return rows.stream().map(r -> {
      String why = r.get("suppression") == null ? null : suppressedText(r);
      return why == null ? otherwise : why.startsWith("suppressed") ? why : "suppressed: " + why;
    }).toList();
  }

  private Map<String, Object> source(SourceCounts s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("entity", s.entity());
    m.put("source", s.source());
    m.put("read", fmt.number(s.read()));
    m.put("staged", fmt.number(s.staged()));
    m.put("quarantined", fmt.number(s.quarantined()));
    m.put("skipped", fmt.number(s.skipped()));
    m.put("reasons", counts(s.byReason()));
    m.put("unmatchedTarget", s.unmatchedTarget() == null ? "" : fmt.number(s.unmatchedTarget()));
    m.put("identity", identityMatch(s));
    return m;
  }

  /** Counts by reason as a reader writes them, {@code bad_value 1, duplicate 2}; {@code none} when there are none. */
  static String counts(Map<String, Long> byReason) {
    return byReason == null || byReason.isEmpty() ? "none"
        : byReason.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
  }

  /** Person references that matched nobody, per source, system and role (counts only), for the data team. */
  public List<Map<String, Object>> unmatched() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SourceCounts s : sources) {
      if (s.unmatchedIdentities() != null) {
        for (SourceCounts.Unmatched u : s.unmatchedIdentities()) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("source", s.entity() + " / " + s.source());
          row.put("system", u.system());
          row.put("role", u.role());
          row.put("identities", u.identities());
          row.put("records", u.records());
          rows.add(row);
        }
      }
    }
    return rows;
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
    String parts = by.entrySet().stream().map(e -> e.getKey().replace('_', ' ') + " " + e.getValue())
        .collect(Collectors.joining(", "));
    double rate = matched + unmatched == 0 ? 1 : (double) matched / (matched + unmatched);
    return String.format(java.util.Locale.UK, "%.1f%% matched%s; %d unmatched", rate * 100,
        parts.isEmpty() ? "" : " (" + parts + ")", unmatched);
  }

  /** The minutes-per-action assumption, in the order actions are listed. */
  public Map<Action, Double> minutesPerAction() {
    return config.minutesPerAction();
  }
}
