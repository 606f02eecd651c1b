package io.bottomup.config;

import io.bottomup.BottomupException;
import io.bottomup.schema.Action;
import io.bottomup.schema.Entity;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The settings of one job, read from a YAML file ({@code --config}). Every key has a default, so an
 * absent file or an empty one is a valid configuration; an unknown key or a bad value is refused
 * (exit 2) with a message that names the key. The keys are documented in the README.
 */
public final class JobConfig implements Serializable {
  public static final String ORGANISATION_NAME = "organisation_name";
  public static final String ORGANISATION_NAME_DEFAULT = "Your organisation";
  public static final String REPORT_TITLE = "report_title";
  public static final String REPORT_TITLE_DEFAULT = "Learning culture report";
  public static final String CURRENCY = "currency";
  public static final String CURRENCY_DEFAULT = "EUR";
  public static final String MIN_GROUP_SIZE = "min_group_size";
  public static final int MIN_GROUP_SIZE_DEFAULT = 5;
  public static final String RATING_SCALE = "rating_scale";
  public static final double RATING_MIN_DEFAULT = 1;
  public static final double RATING_MAX_DEFAULT = 5;
  public static final String MINUTES_PER_ACTION = "minutes_per_action";
  public static final String QUALITY_GATE = "quality_gate";
  /** A source fails the quality gate when more than this share of its records is quarantined. */
  public static final double MAX_QUARANTINED_SHARE_DEFAULT = 0.10;
  public static final String HISTORY = "history";
  /** How many earlier successful runs the volume check compares with (their median). */
  public static final int HISTORY_RUNS_DEFAULT = 7;
  /** A source whose volume is more than this factor above or below that median gets a warning. */
  public static final double VOLUME_CHANGE_FACTOR_DEFAULT = 3.0;

  public static final String EVIDENCE = "evidence";
  /** A department has adopted the Q&A platform in the first month with at least this share of its people active on it. */
  public static final double ADOPTION_ACTIVE_SHARE_DEFAULT = 0.2;
  public static final String ROI = "roi";
  /** What one rating point higher is worth for one person over one year, in the currency. */
  public static final double VALUE_PER_RATING_POINT_DEFAULT = 4000;
  public static final double PLATFORM_COST_PER_YEAR_DEFAULT = 20000;
  /** Fully loaded cost of a working hour for people whose directory record has none. */
  public static final double DEFAULT_HOURLY_COST_DEFAULT = 50;
  /** Phillips' confidence adjustment: the share of the estimated benefit one is prepared to claim. */
  public static final double ROI_CONFIDENCE_DEFAULT = 0.5;
  public static final String REPORT = "report";
  /** A community without an HR directory: members come from the sources' own user lists. */
  public static final String OPEN_COMMUNITY = "open_community";
  public static final String COMMUNITY_DEPARTMENT_DEFAULT = "Community";
  /** Collaboration events older than this many months before the run month are not staged (0: keep all). */
  public static final String RETENTION_MONTHS = "retention_months";
  /** Incremental runs: {@code lookback_days}, the recent days whose landing files every run reads again. */
  public static final String INCREMENTAL = "incremental";
  public static final int LOOKBACK_DAYS_DEFAULT = 2;
  /** The report sections, in report order; {@code report.sections} picks a subset. */
  public static final List<String> SECTIONS = List.of("answer", "bottom_up", "flow", "evidence", "roi", "culture", "dependent",
      "trends", "quality", "method");
  public static final String LOCALE_DEFAULT = "en-GB";
  public static final String CULTURE = "culture";
  /** Questions per head per month that score 100 on "people feel safe to ask". */
  public static final double QUESTIONS_PER_HEAD_TARGET_DEFAULT = 1.0;

  /**
   * Minutes of learning one action stands for. Assumptions, shown as such in the reports: asking a
   * good question or writing an answer takes a while; a reaction or an accept is a moment.
   */
  public static final Map<Action, Double> MINUTES_PER_ACTION_DEFAULT = defaultMinutes();

  private static final Set<String> KEYS =
      Set.of(ORGANISATION_NAME, REPORT_TITLE, CURRENCY, MIN_GROUP_SIZE, RATING_SCALE, MINUTES_PER_ACTION, QUALITY_GATE,
          HISTORY, EVIDENCE, ROI, CULTURE, REPORT, "sources", OPEN_COMMUNITY, RETENTION_MONTHS, INCREMENTAL);

  private final String organisationName;
  private final String reportTitle;
  private final String currency;
  private final int minGroupSize;
  private final double ratingMin;
  private final double ratingMax;
  private final Map<Action, Double> minutesPerAction;
  private final double maxQuarantinedShare;
  private final Map<Entity, Double> maxQuarantinedShareByEntity = new EnumMap<>(Entity.class);
  private final int historyRuns;
  private final double volumeChangeFactor;
  private final double adoptionActiveShare;
  private final double valuePerRatingPoint;
  private final double platformCostPerYear;
  private final double defaultHourlyCost;
  private final double roiConfidence;
  private final double questionsPerHeadTarget;
  private final Locale locale;
  private final List<String> sections;
  private final String htmlTemplate;
  private final String workbookTemplate;
  private final List<SourceConfig> sources;
  private final boolean openCommunity;
  private final int retentionMonths;
  private final int lookbackDays;
  private final String communityDepartment;

  private JobConfig(Map<String, Object> raw) {
    for (String key : raw.keySet()) {
      if (!KEYS.contains(key)) {
        throw bad(key, "is not a known key; known keys are " + String.join(", ", KEYS.stream().sorted().toList()));
      }
    }
    organisationName = text(raw, ORGANISATION_NAME, ORGANISATION_NAME_DEFAULT);
    reportTitle = text(raw, REPORT_TITLE, REPORT_TITLE_DEFAULT);
    currency = text(raw, CURRENCY, CURRENCY_DEFAULT);
    if (!currency.matches("[A-Z]{3}")) {
      throw bad(CURRENCY, "must be a three-letter ISO 4217 code such as EUR, got '" + currency + "'");
    }
    minGroupSize = (int) number(raw, MIN_GROUP_SIZE, MIN_GROUP_SIZE_DEFAULT, 1, 1000, true);
    Map<String, Object> scale = map(raw, RATING_SCALE);
    checkKeys(scale, RATING_SCALE, Set.of("min", "max"));
    ratingMin = number(scale, "min", RATING_MIN_DEFAULT, -1000, 1000, false, RATING_SCALE + ".min");
    ratingMax = number(scale, "max", RATING_MAX_DEFAULT, -1000, 1000, false, RATING_SCALE + ".max");
    if (ratingMax <= ratingMin) {
      throw bad(RATING_SCALE, "max (" + ratingMax + ") must be greater than min (" + ratingMin + ")");
    }
    minutesPerAction = new EnumMap<>(MINUTES_PER_ACTION_DEFAULT);
    for (Map.Entry<String, Object> e : map(raw, MINUTES_PER_ACTION).entrySet()) {
      String key = MINUTES_PER_ACTION + "." + e.getKey();
      Action action = Action.parse(e.getKey());
      if (action == null) {
        throw bad(key, "is not an action; actions are " + Action.names());
      }
      minutesPerAction.put(action, number(Map.of(e.getKey(), e.getValue()), e.getKey(), 0, 0, 24 * 60, false, key));
    }
    Map<String, Object> gate = map(raw, QUALITY_GATE);
    checkKeys(gate, QUALITY_GATE, Set.of("max_quarantined_share", "per_entity"));
    maxQuarantinedShare = number(gate, "max_quarantined_share", MAX_QUARANTINED_SHARE_DEFAULT, 0, 1, false,
        QUALITY_GATE + ".max_quarantined_share");
    for (Map.Entry<String, Object> e : map(gate, "per_entity").entrySet()) {
      String key = QUALITY_GATE + ".per_entity." + e.getKey();
      Entity entity = java.util.Arrays.stream(Entity.values()).filter(x -> x.folder().equals(e.getKey())).findFirst()
          .orElseThrow(() -> bad(key, "is not an entity; entities are directory, identities, collaboration, appraisals, training"));
      maxQuarantinedShareByEntity.put(entity, number(Map.of(e.getKey(), e.getValue()), e.getKey(), 0, 0, 1, false, key));
    }
    Map<String, Object> history = map(raw, HISTORY);
    checkKeys(history, HISTORY, Set.of("runs", "volume_change_factor"));
    historyRuns = (int) number(history, "runs", HISTORY_RUNS_DEFAULT, 1, 1000, true, HISTORY + ".runs");
    volumeChangeFactor = number(history, "volume_change_factor", VOLUME_CHANGE_FACTOR_DEFAULT, 1.01, 1e6, false,
        HISTORY + ".volume_change_factor");
    Map<String, Object> evidence = map(raw, EVIDENCE);
    checkKeys(evidence, EVIDENCE, Set.of("adoption_active_share"));
    adoptionActiveShare = number(evidence, "adoption_active_share", ADOPTION_ACTIVE_SHARE_DEFAULT, 0.01, 1, false,
        EVIDENCE + ".adoption_active_share");
    Map<String, Object> roi = map(raw, ROI);
    checkKeys(roi, ROI, Set.of("value_per_rating_point", "platform_cost_per_year", "default_hourly_cost", "confidence"));
    valuePerRatingPoint = number(roi, "value_per_rating_point", VALUE_PER_RATING_POINT_DEFAULT, 0, 1e9, false,
        ROI + ".value_per_rating_point");
    platformCostPerYear = number(roi, "platform_cost_per_year", PLATFORM_COST_PER_YEAR_DEFAULT, 0, 1e12, false,
        ROI + ".platform_cost_per_year");
    defaultHourlyCost = number(roi, "default_hourly_cost", DEFAULT_HOURLY_COST_DEFAULT, 0, 1e6, false,
        ROI + ".default_hourly_cost");
    roiConfidence = number(roi, "confidence", ROI_CONFIDENCE_DEFAULT, 0, 1, false, ROI + ".confidence");
    Map<String, Object> culture = map(raw, CULTURE);
    checkKeys(culture, CULTURE, Set.of("questions_per_head_target"));
    questionsPerHeadTarget = number(culture, "questions_per_head_target", QUESTIONS_PER_HEAD_TARGET_DEFAULT, 0.001, 1000, false,
        CULTURE + ".questions_per_head_target");
    Map<String, Object> report = map(raw, REPORT);
    checkKeys(report, REPORT, Set.of("locale", "sections", "html_template", "workbook_template"));
    String tag = text(report, "locale", LOCALE_DEFAULT, REPORT + ".locale");
    locale = Locale.forLanguageTag(tag);
    if (locale.getLanguage().isEmpty() || !Arrays.asList(Locale.getAvailableLocales()).contains(locale)) {
      throw bad(REPORT + ".locale", "must be a language tag this Java knows, such as en-GB, de-DE or fr-FR, got '" + tag + "'");
    }
    sections = sections(report.get("sections"));
    htmlTemplate = templateFile(report, "html_template");
    workbookTemplate = templateFile(report, "workbook_template");
    sources = SourceConfig.parse(raw.get("sources"));
    retentionMonths = (int) number(raw, RETENTION_MONTHS, 0, 0, 1200, true);
    Map<String, Object> incremental = map(raw, INCREMENTAL);
    checkKeys(incremental, INCREMENTAL, Set.of("lookback_days"));
    lookbackDays = (int) number(incremental, "lookback_days", LOOKBACK_DAYS_DEFAULT, 0, 3660, true, INCREMENTAL + ".lookback_days");
    Map<String, Object> community = map(raw, OPEN_COMMUNITY);
    checkKeys(community, OPEN_COMMUNITY, Set.of("enabled", "department"));
    Object enabled = community.getOrDefault("enabled", false);
    if (!(enabled instanceof Boolean)) {
      throw bad(OPEN_COMMUNITY + ".enabled", "must be true or false, got '" + enabled + "'");
    }
    openCommunity = (Boolean) enabled;
    communityDepartment = text(community, "department", COMMUNITY_DEPARTMENT_DEFAULT, OPEN_COMMUNITY + ".department");
    if (openCommunity && sources.stream().noneMatch(s -> SourceConfig.STACKEXCHANGE.equals(s.format()))) {
      throw bad(OPEN_COMMUNITY + ".enabled", "needs a source with a user list (format stackexchange)");
    }
  }

  private static List<String> sections(Object v) {
    String key = REPORT + ".sections";
    if (v == null) {
      return SECTIONS;
    }
    if (!(v instanceof List<?> list) || list.isEmpty()) {
      throw bad(key, "must be a non-empty list of sections: " + String.join(", ", SECTIONS));
    }
    List<String> chosen = new ArrayList<>();
    for (Object o : list) {
      if (!SECTIONS.contains(String.valueOf(o))) {
        throw bad(key, "has '" + o + "', which is not a section; sections are " + String.join(", ", SECTIONS));
      }
      chosen.add(String.valueOf(o));
    }
    return SECTIONS.stream().filter(chosen::contains).toList();
  }

  public static JobConfig defaults() {
    return new JobConfig(Map.of());
  }

  /** Reads a configuration file; {@code null} means the defaults. */
  public static JobConfig load(Path file) {
    if (file == null) {
      return defaults();
    }
    if (!Files.isReadable(file)) {
      throw BottomupException.refused("configuration file " + file + " does not exist or cannot be read");
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(yaml().load(reader), file.toString());
    } catch (IOException | YAMLException e) {
      throw BottomupException.refused("configuration file " + file + " is not valid YAML: " + yamlProblem(e));
    }
  }

  /** Builds a configuration from YAML text; for tests and embedded use. */
  public static JobConfig fromYaml(String yaml) {
    try {
      return parse(yaml().load(yaml), "configuration");
    } catch (YAMLException e) {
      throw BottomupException.refused("configuration is not valid YAML: " + yamlProblem(e));
    }
  }

  /**
   * The parser's complaint on one line: where (line and column, counted from 1) and what, without the
   * quoted text and caret markers SnakeYAML spreads over several lines.
   */
  static String yamlProblem(Exception e) {
    if (e instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
      org.yaml.snakeyaml.error.Mark at = m.getProblemMark();
      return "line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": " + m.getProblem()
          + (m.getContext() == null ? "" : " (" + m.getContext() + ")");
    }
    return String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
  }

  /** A key given twice is refused (SnakeYAML would keep the last silently). */
  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(new SafeConstructor(options));
  }

  @SuppressWarnings("unchecked")
  private static JobConfig parse(Object document, String name) {
    if (document == null) {
      return defaults();
    }
    if (!(document instanceof Map)) {
      throw BottomupException.refused(name + " must be a YAML mapping of keys to values");
    }
    return new JobConfig((Map<String, Object>) document);
  }

  public String organisationName() {
    return organisationName;
  }

  public String reportTitle() {
    return reportTitle;
  }

  public String currency() {
    return currency;
  }

  public int minGroupSize() {
    return minGroupSize;
  }

  public double ratingMin() {
    return ratingMin;
  }

  public double ratingMax() {
    return ratingMax;
  }

  public Map<Action, Double> minutesPerAction() {
    return Collections.unmodifiableMap(minutesPerAction);
  }

  /** The largest share of an entity's records that may be quarantined before the run fails. */
  public double maxQuarantinedShare(Entity entity) {
    return maxQuarantinedShareByEntity.getOrDefault(entity, maxQuarantinedShare);
  }

  public int historyRuns() {
    return historyRuns;
  }

  public double volumeChangeFactor() {
    return volumeChangeFactor;
  }

  public double adoptionActiveShare() {
    return adoptionActiveShare;
  }

  public double valuePerRatingPoint() {
    return valuePerRatingPoint;
  }

  public double platformCostPerYear() {
    return platformCostPerYear;
  }

  public double defaultHourlyCost() {
    return defaultHourlyCost;
  }

  public double roiConfidence() {
    return roiConfidence;
  }

  public double questionsPerHeadTarget() {
    return questionsPerHeadTarget;
  }

  /** Locale of numbers and dates in both reports. */
  public Locale locale() {
    return locale;
  }

  /** The configured sources; empty means the canonical folder layout of INPUTS.md. */
  public List<SourceConfig> sources() {
    return sources;
  }

  /** How many months of collaboration before the run month staging keeps; 0 keeps everything. */
  public int retentionMonths() {
    return retentionMonths;
  }

  /** Whether members come from the sources' user lists instead of a directory. */
  /** Days before the run date whose landing files an incremental run reads again although unchanged. */
  public int lookbackDays() {
    return lookbackDays;
  }

  /**
   * What decides the staging rows besides the landing files: the sources, retention, open-community
   * mode and the rating scale. When it changes, the next run refreshes staging in full.
   */
  public String stagingFingerprint() {
    return "sources=" + sources + ";retention=" + retentionMonths + ";open_community=" + openCommunity + ":"
        + communityDepartment + ";rating=" + ratingMin + ".." + ratingMax;
  }

  public boolean openCommunity() {
    return openCommunity;
  }

  /** The department every member of an open community belongs to. */
  public String communityDepartment() {
    return communityDepartment;
  }

  /** The report sections to include, in report order. */
  public List<String> sections() {
    return sections;
  }

  /** The HTML template file to use instead of the default, or null. */
  public String htmlTemplate() {
    return htmlTemplate;
  }

  /** The workbook template file to use instead of the default, or null. */
  public String workbookTemplate() {
    return workbookTemplate;
  }

  private static Map<Action, Double> defaultMinutes() {
    Map<Action, Double> m = new EnumMap<>(Action.class);
    m.put(Action.QUESTION, 10.0);
    m.put(Action.ANSWER, 15.0);
    m.put(Action.ACCEPT, 1.0);
    m.put(Action.REPLY, 3.0);
    m.put(Action.POST, 3.0);
    m.put(Action.COMMENT, 3.0);
    m.put(Action.EDIT, 10.0);
    m.put(Action.REACT, 0.5);
    m.put(Action.VIEW, 2.0);
    return Collections.unmodifiableMap(m);
  }

  /**
   * A configured template file (relative to the working directory, as the reports open it), checked
   * here so that a wrong path is refused before the run, not after its analysis.
   */
  private static String templateFile(Map<String, Object> report, String key) {
    String file = text(report, key, null, REPORT + "." + key);
    if (file != null && !new java.io.File(file).isFile()) {
      throw bad(REPORT + "." + key, "names the template file " + file + ", which does not exist (paths are relative to "
          + new java.io.File("").getAbsolutePath() + ")");
    }
    return file;
  }

  private static BottomupException bad(String key, String problem) {
    return BottomupException.refused("configuration key '" + key + "' " + problem);
  }

  private static String text(Map<String, Object> raw, String key, String fallback) {
    return text(raw, key, fallback, key);
  }

  private static String text(Map<String, Object> raw, String key, String fallback, String fullKey) {
    Object v = raw.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String) || ((String) v).isBlank()) {
      throw bad(fullKey, "must be a non-empty text, got '" + v + "'");
    }
    return ((String) v).trim();
  }

  private static double number(Map<String, Object> raw, String key, double fallback, double min, double max, boolean integer) {
    return number(raw, key, fallback, min, max, integer, key);
  }


  private static double number(
      Map<String, Object> raw, String key, double fallback, double min, double max, boolean integer, String fullKey) {
    Object v = raw.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number) || (integer && !(v instanceof Integer || v instanceof Long))) {
      throw bad(fullKey, "must be " + (integer ? "a whole number" : "a number") + ", got '" + v + "'");
    }
    double d = ((Number) v).doubleValue();
    if (d < min || d > max) {
      throw bad(fullKey, "must be between " + fmt(min) + " and " + fmt(max) + ", got " + fmt(d));
    }
    return d;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> raw, String key) {
    Object v = raw.get(key);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map)) {
      throw bad(key, "must be a mapping of keys to values, got '" + v + "'");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    ((Map<Object, Object>) v).forEach((k, value) -> result.put(String.valueOf(k), value));
    return result;
  }

  private static void checkKeys(Map<String, Object> raw, String parent, Set<String> known) {
    for (String key : raw.keySet()) {
      if (!known.contains(key)) {
        throw bad(parent + "." + key, "is not a known key; known keys are " + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
