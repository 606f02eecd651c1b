package io.bottomup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bottomup.cli.Main;
import io.bottomup.generate.SampleGenerator;
import io.bottomup.ingest.SourceCounts;
import io.bottomup.report.Manifest;
import io.bottomup.report.WorkbookReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bottomup run} on the committed sample-data/ and checks figures a reader can recount
 * from the sample's files, the HTML, the workbook, the manifest, and that nothing personal leaks.
 */
class EndToEndTest extends SparkTest {
  static final Path SAMPLE = Path.of("sample-data");
  static final String RUN_DATE = SampleGenerator.SAMPLE_END.toString();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path out;
  static int exitCode;
  static Manifest manifest;
  static Path reports;

  @BeforeAll
  static void runThePipeline() throws Exception {
    // With Spark's code generation, as the pipeline runs in production (the other tests interpret: SparkTest).
    exitCode = withCodegen(() -> Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "end-to-end-test-key"),
        "run", "--input", SAMPLE.toString(), "--out", out.toString(), "--run-date", RUN_DATE));
    reports = out.resolve("reports").resolve(RUN_DATE);
    manifest = Manifest.fromJson(Files.readAllBytes(reports.resolve("manifest.json")));
  }

  @Test
  void producesTheOutputLayoutAndAManifestThatAddsUp() {
    assertEquals(0, exitCode);
    for (String dir : List.of("staging/stg_directory", "staging/stg_collaboration", "quarantine/collaboration",
        "marts/dim_person", "marts/fct_person_month", "marts/mart_department", "marts/mart_question_flow",
        "marts/mart_evidence", "_runs")) {
      assertTrue(Files.isDirectory(out.resolve(dir)), dir);
    }
    assertTrue(Files.exists(reports.resolve("learning-culture-report.html")));
    assertTrue(Files.exists(reports.resolve("learning-culture-workbook.xlsx")));
    assertEquals("succeeded", manifest.status());
    assertEquals(5, manifest.sources().size());
    for (SourceCounts s : manifest.sources()) {
      assertEquals(s.read(), s.staged() + s.quarantined() + s.skipped(), s.entity());
      assertEquals(s.quarantined(), s.byReason().values().stream().mapToLong(Long::longValue).sum(), s.entity());
    }
    assertTrue(manifest.checks().get(0).passed());
    assertEquals(List.of("ingest", "model", "analyze", "report"), manifest.stages().stream().map(t -> t.name()).toList());
  }

  @Test
  void countsEveryLandingRecordAndEachDeliberateFault() throws IOException {
    SourceCounts collaboration = source("collaboration");
    long lines = nonBlankLines("collaboration/qa.jsonl") + nonBlankLines("collaboration/wiki.jsonl")
        + nonBlankLines("collaboration/chat.csv") - 1;
    assertEquals(lines, collaboration.read());
    assertEquals(Map.of("malformed", 1L, "missing_field", 1L, "bad_value", 1L, "duplicate", 1L, "unmatched_identity", 1L),
        collaboration.byReason());
    assertEquals(1L, collaboration.unmatchedTarget());
    assertEquals(List.of(new SourceCounts.Unmatched("qa", "actor", 1, 1), new SourceCounts.Unmatched("chat", "target", 1, 1)),
        collaboration.unmatchedIdentities(), "per system: Q&A user u99999 and the unknown chat handle, counts only");
    assertEquals(List.of(new SourceCounts.Unmatched("lms", "learner", 1, 1)), source("training").unmatchedIdentities());
    assertEquals(collaboration.staged(), collaboration.stagedByAction().values().stream().mapToLong(Long::longValue).sum());
    assertEquals(Map.of("bad_value", 1L), source("appraisals").byReason());
    assertEquals(Map.of("bad_value", 1L, "unmatched_identity", 1L), source("training").byReason());
    assertEquals(nonBlankLines("directory/employees.csv") - 1, source("directory").staged());
    assertEquals(1L, source("directory").unknownManager());

    Dataset<Row> quarantine = spark.read().parquet(out.resolve("quarantine/appraisals").toString());
    Row bad = quarantine.first();
    assertEquals("appraisals/appraisals.csv", bad.getAs("file"));
    assertEquals("manager_rating 7 is outside 1–5", bad.getAs("detail"));
    assertTrue(((String) bad.getAs("raw")).contains(",7,"));
    String rawLine = Files.readAllLines(SAMPLE.resolve("appraisals/appraisals.csv")).get((int) (long) bad.<Long>getAs("line") - 1);
    assertEquals(bad.getAs("raw"), rawLine, "the quarantine's line number points at the record");

    // Collaboration marks duplicates after validation, on its cached records: the duplicate keeps its raw text too.
    for (Row q : spark.read().parquet(out.resolve("quarantine/collaboration").toString()).collectAsList()) {
      String file = q.getAs("file");
      String line = Files.readAllLines(SAMPLE.resolve(file)).get((int) (long) q.<Long>getAs("line") - 1);
      assertEquals(line, q.getAs("raw"), q.getAs("reason") + " in " + file + " line " + q.getAs("line"));
    }
  }

  @Test
  void martFiguresMatchWhatTheSampleFilesSay() throws IOException {
    List<String[]> directory = csv("directory/employees.csv");
    assertEquals(directory.size(), spark.read().parquet(out.resolve("marts/dim_person").toString()).count());

    // Engineering people employed at some time in the twelve months before the run date.
    LocalDate first = LocalDate.of(2025, 11, 1);
    LocalDate last = LocalDate.parse(RUN_DATE);
    long engineering = directory.stream().filter(p -> p[3].equals("Engineering"))
        .filter(p -> !LocalDate.parse(p[8]).isAfter(last) && (p[9].isEmpty() || !LocalDate.parse(p[9]).isBefore(first)))
        .count();
    Map<String, Row> departments = byKey(spark.read().parquet(out.resolve("marts/mart_department").toString()), "department");
    assertEquals(engineering, (Long) departments.get("Engineering").getAs("headcount"));
    long legal = directory.stream().filter(p -> p[3].equals("Legal")).count();
    assertTrue(legal < 5, "the sample has a department below the minimum group size");
    assertEquals("small_group", departments.get("Legal").getAs("suppression"));
    // Question measures exist only where at least 5 people asked (mart_question_flow's askers).
    Dataset<Row> flow = spark.read().parquet(out.resolve("marts/mart_question_flow").toString())
        .filter("suppression is null").select("month", "department");
    Dataset<Row> months = spark.read().parquet(out.resolve("marts/mart_department_month").toString())
        .filter("answered_7d_share is not null").select("month", "department");
    assertEquals(0, months.except(flow).count(), "a department-month with a wait time but fewer than 5 askers");
    // Answer times exist only where at least 5 askers had an answer.
    assertEquals(0, spark.read().parquet(out.resolve("marts/mart_question_flow").toString())
        .filter("askers_helped between 1 and 4 and (median_hours_to_first_answer is not null or p90_hours_to_first_answer is not null)")
        .count(), "a wait time of fewer than 5 askers helped");
    // Within the twelve months, a department's months are all hidden or all shown (in both marts).
    for (String mart : List.of("mart_question_flow", "mart_department_month")) {
      long mixed = spark.read().parquet(out.resolve("marts").resolve(mart).toString())
          .filter("month >= '2025-11' and month <= '2026-10'")
          .groupBy("department").agg(org.apache.spark.sql.functions.countDistinct(
              org.apache.spark.sql.functions.col("suppression").isNull()).as("states"))
          .filter("states > 1").count();
      assertEquals(0, mixed, mart);
    }
    assertNull(departments.get("Legal").getAs("headcount"));

    // Questions asked in the window: distinct question ids in qa.jsonl, less the deliberate faults.
    Set<String> questions = new HashSet<>();
    for (String line : Files.readAllLines(SAMPLE.resolve("collaboration/qa.jsonl"))) {
      try {
        JsonNode e = JSON.readTree(line);
        if (e.path("action").asText().equals("question") && e.has("occurred_at") && !e.path("actor").asText().equals("u99999")
            && e.path("occurred_at").asText().compareTo("2025-11") >= 0) {
          questions.add(e.path("event_id").asText());
        }
      } catch (IOException malformed) {
        // the deliberate truncated line
      }
    }
    Row summary = spark.read().parquet(out.resolve("marts/mart_learning_summary").toString()).first();
    assertEquals(questions.size(), (Long) summary.getAs("questions_asked"));
    assertEquals("2025-11 to 2026-10", summary.getAs("period"));
  }

  @Test
  void theEvidenceMartHasEveryAnalysisForTheWholeOrganisationAndNoSmallDepartment() {
    Dataset<Row> evidence = spark.read().parquet(out.resolve("marts/mart_evidence").toString());
    Map<String, Row> all = byKey(evidence.filter("scope = 'all'"), "analysis");
    assertEquals(Set.of("cohort_difference", "adjusted_effect", "did", "did_pre_trend"), all.keySet());
    assertTrue(((String) all.get("did").getAs("note")).contains("departments adopting"), "the sample's staggered adoption");
    // The adoption months come from the kept department-month aggregates: the same as from every person-month.
    Map<String, Row> kept = byKey(io.bottomup.analyze.DifferenceInDifferences.adoptionMonthsOf(
        spark.read().parquet(out.resolve("marts/_agg_department_month").toString()), 0.2), "department");
    Map<String, Row> counted = byKey(io.bottomup.analyze.DifferenceInDifferences.adoptionMonths(
        spark.read().parquet(out.resolve("marts/fct_person_month").toString()), 0.2), "department");
    assertEquals(counted.keySet(), kept.keySet());
    counted.forEach((d, r) -> assertEquals(r.<String>getAs("adoption_month"), kept.get(d).<String>getAs("adoption_month"), d));
    assertTrue(counted.values().stream().map(r -> r.<String>getAs("adoption_month")).distinct().count() >= 2,
        "departments adopted in different months: " + counted);
    Row adjusted = all.get("adjusted_effect");
    assertTrue((Double) adjusted.getAs("ci_low") <= (Double) adjusted.getAs("estimate"));
    assertTrue((Long) adjusted.getAs("n_people") >= 20);
    assertEquals(0, evidence.filter("scope = 'Legal'").count(), "Legal has fewer than 5 people");
    // The whole organisation's n minus the departments shown must not give Legal away: the departments
    // without rows hold at least 5 people together (People & HR is left out with Legal).
    assertEquals(0, evidence.filter("scope = 'People & HR'").count());
    long shown = evidence.filter("analysis = 'adjusted_effect' and scope <> 'all'").agg(org.apache.spark.sql.functions.sum("n_people"))
        .first().getLong(0);
    assertTrue((Long) adjusted.getAs("n_people") - shown >= 5, "people in departments without rows: " + ((Long) adjusted.getAs("n_people") - shown));
  }

  /**
   * The analysis for an earlier run date, on a copy of the same marts: reviews after that date are out
   * of scope. At 2026-03-31 the sample's reviews of 2026-07-15 do not count: each person's transitions
   * are their reviews up to that date, less one.
   */
  @Test
  void theEvidenceUsesNoReviewAfterTheRunDate(@TempDir Path copy) throws IOException {
    try (Stream<Path> files = Files.walk(out)) {
      for (Path f : files.filter(p -> !p.startsWith(out.resolve("_runs"))).toList()) {
        Path target = copy.resolve(out.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    // analyze or report alone for another date than the facts' is refused: they would describe 2026-10-31's facts.
    for (String stage : List.of("analyze", "report")) {
      assertEquals(2, Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "end-to-end-test-key"), stage, "--input", SAMPLE.toString(),
          "--out", copy.toString(), "--run-date", "2026-03-31"), stage);
    }
    assertTrue(Files.readString(copy.resolve("_runs/history.jsonl")).contains("were built for run date 2026-10-31, not 2026-03-31"));
    assertEquals(2, Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "end-to-end-test-key"), "model", "--input", SAMPLE.toString(),
        "--out", copy.resolve("nothing-ingested").toString(), "--run-date", RUN_DATE), "model before any ingest: refused");
    Map<String, String> key = Map.of("BOTTOMUP_PSEUDONYM_KEY", "end-to-end-test-key");
    assertEquals(0, Main.run(key, "model", "--input", SAMPLE.toString(), "--out", copy.toString(), "--run-date", "2026-03-31"));
    // The facts are 2026-03-31's now, the marts still 2026-10-31's: report alone is refused.
    assertEquals(2, Main.run(key, "report", "--input", SAMPLE.toString(), "--out", copy.toString(), "--run-date", "2026-03-31"));
    assertTrue(Files.readString(copy.resolve("_runs/history.jsonl")).contains("were analysed for run date 2026-10-31, not 2026-03-31"));
    assertEquals(0, Main.run(key, "analyze", "--input", SAMPLE.toString(), "--out", copy.toString(), "--run-date", "2026-03-31"));
    // A report with a min_group_size the marts were not suppressed with: refused, naming it.
    Path larger = Files.writeString(copy.resolve("k10.yaml"), "min_group_size: 10\n");
    assertEquals(2, Main.run(key, "report", "--input", SAMPLE.toString(), "--out", copy.toString(), "--run-date", "2026-03-31",
        "--config", larger.toString()));
    assertTrue(Files.readString(copy.resolve("_runs/history.jsonl")).contains("were analysed with other settings: min_group_size 5 (this configuration: 10)"));
    assertEquals(0, Main.run(key, "report", "--input", SAMPLE.toString(), "--out", copy.toString(), "--run-date", "2026-03-31"));
    com.fasterxml.jackson.databind.JsonNode checks = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(copy.resolve("reports/2026-03-31/manifest.json").toFile()).get("checks");
    assertEquals(List.of("reconciliation", "quality_gate"), List.of(checks.get(0).get("name").asText(),
        checks.get(1).get("name").asText()), "report alone checks the ingest it reports on, as run does");
    long transitions = spark.read().parquet(out.resolve("marts/fct_appraisal").toString())
        .filter("review_date <= date'2026-03-31'").groupBy("person_key").count()
        .agg(org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.col("count").minus(1))).first().getLong(0);
    Row cohort = spark.read().parquet(copy.resolve("marts/mart_evidence").toString())
        .filter("scope = 'all' and analysis = 'adjusted_effect'").first();
    assertEquals(transitions, (Long) cohort.getAs("n"), "every transition up to 2026-03-31, none after");
    Row later = spark.read().parquet(out.resolve("marts/mart_evidence").toString())
        .filter("scope = 'all' and analysis = 'adjusted_effect'").first();
    assertTrue((Long) later.getAs("n") > transitions, "the 2026-10-31 run counts the July reviews too");
  }

  @Test
  void theNetworkRoiAndCultureMartsAgreeWithTheLearningSummary() {
    Row summary = spark.read().parquet(out.resolve("marts/mart_learning_summary").toString()).first();
    Row network = spark.read().parquet(out.resolve("marts/mart_network_summary").toString()).first();
    long headcount = summary.getAs("headcount");
    assertEquals(headcount, (Long) network.getAs("headcount"), "the same people over the same twelve months");
    assertTrue((Long) network.getAs("connected_people") <= headcount);
    assertTrue((Long) network.getAs("brokers") <= (Long) network.getAs("connected_people"));
    long persons = spark.read().parquet(out.resolve("marts/mart_network_person").toString()).count();
    assertEquals((Long) network.getAs("connected_people"), persons, "one person row per connected person");
    Map<String, Row> networkDepartments = byKey(spark.read().parquet(out.resolve("marts/mart_network_department").toString()),
        "department");
    assertEquals("small_group", networkDepartments.get("Legal").getAs("suppression"));
    assertNull(networkDepartments.get("Legal").getAs("ei_index"));
    Map<String, Row> departmentYear = byKey(spark.read().parquet(out.resolve("marts/mart_department").toString()), "department");
    assertEquals(departmentYear.keySet(), networkDepartments.keySet());
    departmentYear.forEach((d, r) -> assertEquals(r.<Long>getAs("headcount"), networkDepartments.get(d).<Long>getAs("headcount"),
        "the same people of " + d + " over the same twelve months"));
    assertTrue(departmentYear.values().stream().filter(r -> r.getAs("headcount") != null).count() >= 3, "departments shown");
    Dataset<Row> personRows = spark.read().parquet(out.resolve("marts/mart_network_person").toString());
    for (Row d : networkDepartments.values()) {
      long named = personRows.filter(org.apache.spark.sql.functions.col("department").equalTo(d.<String>getAs("department"))).count();
      assertEquals(d.getAs("suppression") == null, named > 0,
          "a person's department is shown exactly where its department row is: " + d.getAs("department"));
    }
    Map<String, Row> roi = byKey(spark.read().parquet(out.resolve("marts/mart_roi").toString()), "scenario");
    assertEquals(Set.of("low", "base", "high"), roi.keySet());
    assertEquals(headcount, (Long) roi.get("base").getAs("headcount"));
    assertTrue((Double) roi.get("low").getAs("benefit") <= (Double) roi.get("high").getAs("benefit"));
    Dataset<Row> culture = spark.read().parquet(out.resolve("marts/mart_culture_index").toString());
    Row organisation = culture.filter("scope = 'organisation'").first();
    assertEquals(headcount, (Long) organisation.getAs("headcount"));
    double index = organisation.getAs("culture_index");
    assertTrue(index >= 0 && index <= 100, "an index from 0 to 100: " + index);
    assertEquals("small_group", culture.filter("department = 'Legal'").first().getAs("suppression"));
  }

  @Test
  void theHtmlShowsTheHeadlineChartsAndSuppressionAndRequestsNothing() throws IOException {
    String html = Files.readString(reports.resolve("learning-culture-report.html"));
    Row summary = spark.read().parquet(out.resolve("marts/mart_learning_summary").toString()).first();
    String activeShare = String.format("%.0f%%", (Double) summary.getAs("active_share") * 100);
    assertTrue(html.contains(activeShare + " of people learned from colleagues"), activeShare);
    assertEquals(5, html.split("role=\"img\"").length - 1, "bottom-up share, network, evidence, culture heat table, trend");
    assertTrue(html.contains("brokers connect"), "the network in counts");
    Row culture = spark.read().parquet(out.resolve("marts/mart_culture_index").toString()).filter("scope = 'organisation'").first();
    String interval = String.format(java.util.Locale.ROOT, "(%.0f to %.0f)", Math.floor(culture.getAs("motive_performance_ci_low")),
        Math.ceil(culture.getAs("motive_performance_ci_high")));
    assertTrue(html.contains(String.format(java.util.Locale.ROOT, "%.0f<br><span class=\"ci\">%s</span>",
        (Double) culture.getAs("motive_performance"), interval)), "the organisation's performance score with its interval " + interval);
    assertTrue(html.contains("References that matched no one, per system"), "the unmatched identities for the data team");
    assertTrue(html.contains("Evidence on performance"));
    assertTrue(html.contains("class=\"note\">suppressed: fewer than 5 people</text>"), "Legal in the charts");
    assertTrue(html.contains("class=\"note\">suppressed to protect a smaller group</text>"),
        "People & HR (12 people, suppressed as Legal's complement) in the charts: not 'fewer than 5'");
    assertFalse(html.matches("(?s).*(src=|href=|url\\(|@import|<script|<link).*"), "no external resource, no script");
    assertFalse(html.replace("http://www.w3.org/2000/svg", "").matches("(?s).*(https?:|//[a-z]).*"),
        "no address other than the SVG namespace");
  }

  @Test
  void theWorkbookHasTheSheetsTablesAndANativeChart() throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(reports.resolve("learning-culture-workbook.xlsx")))) {
      List<String> sheets = new java.util.ArrayList<>();
      wb.forEach(sheet -> sheets.add(sheet.getSheetName()));
      assertEquals(List.of("Summary", "Trends", "Departments", "Formal courses", "Questions & Knowledge flow", "Evidence", "ROI",
          "Culture index", "Dependent learners", "Data quality", "Definitions"), sheets, "the template's Styles sheet is removed");
      assertEquals("Learning culture report", wb.getSheet("Summary").getRow(4).getCell(0).getStringCellValue(),
          "the template's cover placeholders are filled");
      assertEquals(1, wb.getSheet("Summary").getDrawingPatriarch().getShapes().size(), "the template's logo");
      XSSFSheet monthly = wb.getSheet("Trends");
      long months = spark.read().parquet(out.resolve("marts/mart_learning_monthly").toString()).count();
      assertEquals(months, monthly.getLastRowNum());
      assertEquals("2025-05", monthly.getRow(1).getCell(0).getStringCellValue());
      XSSFDrawing drawing = monthly.getDrawingPatriarch();
      assertNotNull(drawing);
      assertEquals(1, drawing.getCharts().size());
      assertEquals(2, drawing.getCharts().get(0).getChartSeries().get(0).getSeriesCount());
      assertEquals(1, wb.getSheet("Departments").getTables().size());
      assertEquals(1, wb.getSheet("Departments").getDrawingPatriarch().getCharts().size());
      assertEquals(2, wb.getSheet("Departments").getSheetConditionalFormatting().getNumConditionalFormattings());
      assertNotNull(wb.getSheet("Departments").getTables().get(0).getCTTable().getAutoFilter());
      assertEquals(2, wb.getSheet("Questions & Knowledge flow").getTables().size(), "network and question flow");
      assertEquals(1, wb.getSheet("Culture index").getSheetConditionalFormatting().getNumConditionalFormattings());
      // The motive scores' intervals as two numbers each, rounded outwards as the HTML prints them.
      XSSFSheet cultureSheet = wb.getSheet("Culture index");
      List<String> cultureHeader = new java.util.ArrayList<>();
      cultureSheet.getRow(0).forEach(c -> cultureHeader.add(c.getStringCellValue()));
      Row culture = spark.read().parquet(out.resolve("marts/mart_culture_index").toString()).filter("scope = 'organisation'").first();
      org.apache.poi.ss.usermodel.Row organisation = null;
      for (int r = 1; r <= cultureSheet.getLastRowNum(); r++) {
        if ("Whole organisation".equals(cultureSheet.getRow(r).getCell(0).getStringCellValue())) {
          organisation = cultureSheet.getRow(r);
        }
      }
      assertNotNull(organisation, "the organisation's row");
      int low = cultureHeader.indexOf("Performance rewarded, 95% low");
      assertEquals(low + 1, cultureHeader.indexOf("Performance rewarded, 95% high"), String.valueOf(cultureHeader));
      assertEquals(Math.floor(culture.<Double>getAs("motive_performance_ci_low")), organisation.getCell(low).getNumericCellValue());
      assertEquals(Math.ceil(culture.<Double>getAs("motive_performance_ci_high")), organisation.getCell(low + 1).getNumericCellValue());
      assertTrue(wb.getSheet("Definitions").getLastRowNum() > 100, "every mart column the workbook shows");
      assertEquals("1:1", wb.getSheet("Definitions").getRepeatingRows().formatAsString(), "printed, each page has the header");
      List<String> analyses = new java.util.ArrayList<>();
      wb.getSheet("Evidence").forEach(row -> {
        if (row.getCell(0) != null && row.getCell(0).getCellType() == org.apache.poi.ss.usermodel.CellType.STRING) {
          analyses.add(row.getCell(0).getStringCellValue());
        }
      });
      assertTrue(analyses.contains("Adjusted effect") && !analyses.contains("adjusted_effect"),
          "the analyses named as the HTML names them, not by their codes: " + analyses);
      XSSFSheet quality = wb.getSheet("Data quality");
      List<String> header = new java.util.ArrayList<>();
      quality.getRow(0).forEach(c -> header.add(c.getStringCellValue()));
      assertEquals(List.of("Entity", "Source", "Read", "Staged", "Quarantined", "Skipped", "Quarantine reasons", "Skip reasons",
          "Targets not matched", "People matched"), header, "as the HTML's data quality table");
      for (int r = 1; r <= quality.getLastRowNum() && quality.getRow(r) != null; r++) {
        org.apache.poi.ss.usermodel.Cell reasons = quality.getRow(r).getCell(6);
        if (reasons != null && reasons.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING) {
          assertFalse(reasons.getStringCellValue().startsWith("{"), "reasons as a reader writes them: " + reasons);
        }
      }
    }
  }

  /**
   * The ROI sheet's results are formulas of its input cells: the cached base ROI equals the mart's,
   * and changing the value of a rating point recomputes it (benefit is proportional to that value).
   */
  @Test
  void changingAnRoiAssumptionRecomputesTheRoi() throws IOException {
    Map<String, Row> roi = byKey(spark.read().parquet(out.resolve("marts/mart_roi").toString()), "scenario");
    Row base = roi.get("base");
    try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(reports.resolve("learning-culture-workbook.xlsx")))) {
      XSSFSheet sheet = wb.getSheet("ROI");
      org.apache.poi.ss.util.CellReference roiCell = new org.apache.poi.ss.util.CellReference(WorkbookReport.BASE_ROI_CELL);
      org.apache.poi.ss.usermodel.Cell result = sheet.getRow(roiCell.getRow()).getCell(roiCell.getCol());
      assertEquals(org.apache.poi.ss.usermodel.CellType.FORMULA, result.getCellType());
      assertEquals((Double) base.getAs("roi_pct") / 100, result.getNumericCellValue(), 1e-9, "cached value = mart_roi");
      org.apache.poi.ss.util.CellReference valueRef = new org.apache.poi.ss.util.CellReference(WorkbookReport.VALUE_PER_POINT_CELL);
      org.apache.poi.ss.usermodel.Cell value = sheet.getRow(valueRef.getRow()).getCell(valueRef.getCol());
      assertEquals(4000.0, value.getNumericCellValue());
      value.setCellValue(8000);
      wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
      double benefit = (Double) base.getAs("benefit") * 2;
      double cost = base.getAs("social_cost");
      assertEquals((benefit - cost) / cost, result.getNumericCellValue(), 1e-9, "twice the value, twice the benefit");
    }
  }

  @Test
  void noPersonalIdentifierReachesMartsOrReports() throws IOException {
    Set<String> personal = new HashSet<>();
    for (String[] p : csv("directory/employees.csv")) {
      personal.add(p[0]);
      personal.add(p[1]);
      personal.add(p[2]);
    }
    for (String[] i : csv("identities/identities.csv")) {
      personal.add(i[2]);
    }
    assertTrue(personal.size() > 1000);
    // Every string value of every mart.
    try (Stream<Path> marts = Files.list(out.resolve("marts"))) {
      for (Path mart : marts.filter(Files::isDirectory).toList()) {
        Dataset<Row> table = spark.read().parquet(mart.toString());
        for (StructField f : table.schema().fields()) {
          if (f.dataType().equals(DataTypes.StringType)) {
            List<String> leaks = table.select(f.name()).distinct().collectAsList().stream()
                .map(r -> r.getString(0)).filter(personal::contains).limit(3).toList();
            assertEquals(List.of(), leaks, mart.getFileName() + "." + f.name());
          }
        }
      }
    }
    // Every byte of the reports (the workbook unzipped).
    List<String> texts = new ArrayList<>();
    texts.add(Files.readString(reports.resolve("learning-culture-report.html")));
    texts.add(Files.readString(reports.resolve("manifest.json")));
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(
        Files.readAllBytes(reports.resolve("learning-culture-workbook.xlsx"))))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        texts.add(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    for (String text : texts) {
      List<String> leaks = personal.stream().filter(text::contains).limit(3).toList();
      assertEquals(List.of(), leaks);
    }
  }

  @Test
  void theCommittedSampleIsExactlyWhatTheGeneratorWrites(@TempDir Path dir) throws IOException {
    new SampleGenerator(SampleGenerator.EMPLOYEES_DEFAULT, SampleGenerator.MONTHS_DEFAULT, SampleGenerator.SEED_DEFAULT,
        SampleGenerator.SAMPLE_END).write(dir);
    try (Stream<Path> files = Files.walk(SAMPLE)) {
      List<Path> data = files.filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".jsonl")).toList();
      assertEquals(5 + 2, data.size());
      for (Path f : data) {
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(dir.resolve(SAMPLE.relativize(f))), f.toString());
      }
    }
  }

  @Test
  void aMissingInputFolderIsRefused() {
    assertEquals(2, Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "k"), "ingest", "--input", out.resolve("nope").toString(),
        "--out", out.resolve("other").toString(), "--run-date", RUN_DATE));
  }

  private static SourceCounts source(String entity) {
    return manifest.sources().stream().filter(s -> s.entity().equals(entity)).findFirst().orElseThrow();
  }

  private static long nonBlankLines(String file) throws IOException {
    return Files.readAllLines(SAMPLE.resolve(file)).stream().filter(l -> !l.isBlank()).count();
  }

  /** The data rows of a sample CSV (the generator quotes only fields with commas or quotes). */
  private static List<String[]> csv(String file) throws IOException {
    return Files.readAllLines(SAMPLE.resolve(file)).stream().skip(1).filter(l -> !l.isBlank())
        .map(l -> l.split(",", -1)).collect(Collectors.toList());
  }
}
