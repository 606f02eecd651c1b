package io.bottomup.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.SparkTest;
import io.bottomup.cli.Main;
import io.bottomup.generate.SampleGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Injection payloads from the data and the configuration stay inert: the sample with its Finance
 * department renamed {@code <script>alert(1)</script>}, a course titled {@code =HYPERLINK(...)} and an
 * organisation called {@code =2+3 Ltd}, run end to end.
 */
class ReportSafetyTest extends SparkTest {
  static final String SCRIPT = "<script>alert(1)</script>";
  static final String HYPERLINK = "=HYPERLINK(\"http://evil.example\",\"click\")";
  static final String ORGANISATION = "=2+3 Ltd";

  @TempDir static Path dir;
  static Path reports;

  @BeforeAll
  static void runOnPoisonedSample() throws IOException {
    Path input = dir.resolve("in");
    try (Stream<Path> files = Files.walk(Path.of("sample-data"))) {
      for (Path f : files.toList()) {
        Path target = input.resolve(Path.of("sample-data").relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    replace(input.resolve("directory/employees.csv"), ",Finance,", "," + SCRIPT + ",");
    replace(input.resolve("training/training.csv"), ",Effective feedback,",
        ",\"" + HYPERLINK.replace("\"", "\"\"") + "\",");
    Path config = Files.writeString(dir.resolve("job.yaml"), "organisation_name: '" + ORGANISATION + "'\n");
    int exit = Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "safety-test-key"), "run", "--input", input.toString(),
        "--out", dir.resolve("out").toString(), "--run-date", SampleGenerator.SAMPLE_END.toString(),
        "--config", config.toString());
    assertEquals(0, exit);
    reports = dir.resolve("out/reports").resolve(SampleGenerator.SAMPLE_END.toString());
  }

  /** The sample run's report data with one mart changed by {@code change} (written under {@code tmp}). */
  private ReportData withChangedMart(String name, Path tmp,
      java.util.function.UnaryOperator<org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>> change) {
    io.bottomup.marts.MartSchemas.conform(name, change.apply(spark.read().parquet(dir.resolve("out/marts").resolve(name).toString())))
        .write().mode("overwrite").parquet(tmp.resolve(name).toString());
    MartReader marts = new MartReader(new org.apache.hadoop.conf.Configuration(),
        mart -> (mart.equals(name) ? tmp : dir.resolve("out/marts")).resolve(mart).toString());
    return new ReportData(io.bottomup.config.JobConfig.defaults(), SampleGenerator.SAMPLE_END, marts, List.of(), List.of());
  }

  /** {@code m} with {@code columns} empty (null of their own type), as suppression leaves them. */
  private static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> emptied(
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> m, String... columns) {
    for (String c : columns) {
      m = m.withColumn(c, org.apache.spark.sql.functions.lit(null).cast(m.schema().apply(c).dataType()));
    }
    return m;
  }

  private static void replace(Path file, String from, String to) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(text.contains(from), file + " has " + from);
    Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
  }

  /** The same marts rendered again with two sections and German number formats. */
  @Test
  void sectionsAndLocaleComeFromTheJobConfiguration() throws IOException {
    io.bottomup.config.JobConfig config = io.bottomup.config.JobConfig.fromYaml(
        "report: {sections: [roi, answer], locale: de-DE}");
    MartReader marts = new MartReader(new org.apache.hadoop.conf.Configuration(),
        mart -> dir.resolve("out/marts").resolve(mart).toString());
    ReportData data = new ReportData(config, SampleGenerator.SAMPLE_END, marts, List.of(), List.of());
    String html = new HtmlReport(null).render(data.htmlModel("test"));
    assertTrue(html.contains("id=\"answer\""));
    assertTrue(html.contains("id=\"roi\""));
    for (String absent : List.of("bottom-up", "flow", "evidence", "culture", "dependent", "trends", "quality", "method")) {
      assertFalse(html.contains("<section id=\"" + absent + "\""), absent + " is not configured");
    }
    assertTrue(html.contains("31. Oktober 2026"), "the run date in German");
    Map<String, Object> base = data.roiScenario(io.bottomup.analyze.Roi.BASE);
    String cost = new java.text.DecimalFormat("#,##0", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.GERMANY))
        .format(Math.round((Double) base.get("social_cost")));
    assertTrue(html.contains(cost + "\u00a0€"), "money in the German way: " + cost + " €");
    try (XSSFWorkbook wb = new XSSFWorkbook(new java.io.ByteArrayInputStream(new WorkbookReport(data).render()))) {
      List<String> sheets = new ArrayList<>();
      wb.forEach(sh -> sheets.add(sh.getSheetName()));
      assertEquals(List.of("Summary", "ROI"), sheets);
    }
  }

  /**
   * Where the effect's interval includes zero, the base case's ROI is a point estimate the data do not
   * establish: the first screen's tile shows no percentage as "the return", and the ROI sentence says so.
   */
  @Test
  void aReturnNotDemonstratedIsNotShownAsTheReturn(@org.junit.jupiter.api.io.TempDir Path roi) {
    ReportData data = withChangedMart("mart_roi", roi, m -> m.withColumn("status",
        org.apache.spark.sql.functions.when(org.apache.spark.sql.functions.col("scenario").equalTo("base"),
            org.apache.spark.sql.functions.lit(io.bottomup.analyze.Roi.NOT_DEMONSTRATED))
            .otherwise(org.apache.spark.sql.functions.col("status"))));
    Map<String, String> tile = tile(data, label -> label.startsWith("return on social learning"));
    assertEquals(io.bottomup.report.Formats.EMPTY, tile.get("value"), tile.toString());
    assertTrue(tile.get("note").startsWith(io.bottomup.analyze.Roi.NOT_DEMONSTRATED + "; the point estimate would give "),
        tile.get("note"));
    assertTrue(data.roiSentence().contains("the point estimate, which the data do not establish, would make that"),
        data.roiSentence());
    assertTrue(data.headline().endsWith(" The return on investment is not demonstrated: the effect's 95% CI includes zero."),
        "the status's \"benefit not demonstrated\" is not said twice: " + data.headline());
  }

  /**
   * No formal training completed in the period (formal hours 0, so no share: LearningMetrics): the
   * bottom-up paragraph says there is nothing to compare with, never "a bottom-up share of –".
   */
  @Test
  void withoutFormalTrainingTheReportClaimsNoShare(@org.junit.jupiter.api.io.TempDir Path summary) {
    ReportData data = withChangedMart("mart_learning_summary", summary, m -> m
        .withColumn("formal_hours", org.apache.spark.sql.functions.lit(0.0))
        .withColumn("social_share", org.apache.spark.sql.functions.lit(null).cast("double")));
    String html = new HtmlReport(null).render(data.htmlModel("test"));
    assertTrue(html.contains("no completed formal training was recorded over the period, so there is no bottom-up share to compare."),
        "the paragraph says why");
    assertFalse(html.contains("a bottom-up share of"), "no share is claimed");
  }

  /**
   * Informal time of 1 to k−1 people (its measures emptied: LearningMetrics.INFORMAL_PEOPLE): the
   * headline, the tile and the paragraph say so, not "no formal training" nor "an estimated – hours".
   */
  @Test
  void hiddenInformalHoursAreSaidToBeHidden(@org.junit.jupiter.api.io.TempDir Path summary) {
    ReportData data = withChangedMart("mart_learning_summary", summary,
        m -> emptied(m, "informal_hours", "informal_to_formal_ratio", "social_share"));
    assertTrue(data.headline().contains("time spent learning from each other is not shown: fewer than 5 people had any"),
        data.headline());
    Map<String, String> tile = tile(data, label -> label.equals("of learning time is bottom-up"));
    assertTrue(tile.get("note").startsWith("not shown: fewer than 5 people had any informal learning time"), tile.toString());
    String html = new HtmlReport(null).render(data.htmlModel("test"));
    assertTrue(html.contains("fewer than 5 people learned from each other on the recorded tools"), "the paragraph says why");
    assertFalse(html.contains("an estimated – hours"), "no dash for a number in a sentence");
  }

  /**
   * The course with the most completed hours, its completion measures emptied (1 to k−1 completers,
   * Courses.suppress): the HTML lists it no more and counts it as without completed hours; the
   * workbook keeps its row, learners shown, and says why its figures are empty. The second, its cost
   * emptied only (1 to k−1 people paid): still ranked by its hours, and the workbook says its cost is
   * withheld, not unrecorded.
   */
  @Test
  void aCourseWithFewCompletersKeepsItsRowWithoutItsFigures(@TempDir Path courses) throws IOException {
    List<org.apache.spark.sql.Row> ranked = spark.read().parquet(dir.resolve("out/marts/mart_courses").toString())
        .orderBy(org.apache.spark.sql.functions.col("completed_hours").desc()).limit(2).collectAsList();
    org.apache.spark.sql.Row top = ranked.get(0);
    String id = top.getAs("course_id");
    String second = ranked.get(1).getAs("course_id");
    ReportData data = withChangedMart("mart_courses", courses, m -> {
      org.apache.spark.sql.Column it = org.apache.spark.sql.functions.col("course_id").equalTo(id);
      org.apache.spark.sql.Column paid = org.apache.spark.sql.functions.col("course_id").equalTo(second);
      for (String c : io.bottomup.analyze.Courses.COMPLETION_MEASURES) {
        org.apache.spark.sql.Column empty = c.startsWith("cost") ? it.or(paid) : it;
        m = m.withColumn(c, org.apache.spark.sql.functions.when(empty, org.apache.spark.sql.functions.lit(null))
            .otherwise(org.apache.spark.sql.functions.col(c)));
      }
      return m.withColumn(io.bottomup.analyze.Courses.WITHHELD, org.apache.spark.sql.functions.when(it,
          org.apache.spark.sql.functions.lit("completion")).when(paid, org.apache.spark.sql.functions.lit("cost")));
    });
    Map<String, Object> model = data.htmlModel("test");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) model.get("courseRows");
    assertFalse(rows.isEmpty(), "other courses are listed");
    assertTrue(rows.stream().noneMatch(r -> id.equals(r.get("course_id"))), "the course is not ranked: " + rows);
    assertEquals(second, rows.get(0).get("course_id"), "the course without its cost is ranked by its hours");
    assertEquals(1L, model.get("courseWithheld"));
    String html = new HtmlReport(null).render(model);
    assertTrue(html.contains("; 1 more without their completed hours, which would give away those of fewer than 5 people who completed a course)"),
        "the caption says why one course is missing");
    try (XSSFWorkbook wb = new XSSFWorkbook(new java.io.ByteArrayInputStream(new WorkbookReport(data).render()))) {
      Row row = null;
      for (Row r : wb.getSheet("Formal courses")) {
        if (r.getCell(1) != null && r.getCell(1).getCellType() == CellType.STRING && id.equals(r.getCell(1).getStringCellValue())) {
          row = r;
        }
      }
      assertTrue(row != null, "the course keeps its row in the workbook");
      assertEquals(((Long) top.getAs("learners")).doubleValue(), row.getCell(3).getNumericCellValue(), "its learners are shown");
      assertTrue(row.getCell(6) == null || row.getCell(6).getCellType() == CellType.BLANK,
          "no completed hours");
      assertEquals("completion figures not shown: they would give away those of fewer than 5 people",
          row.getCell(9).getStringCellValue());
      for (Row r : wb.getSheet("Formal courses")) {
        if (r.getCell(1) != null && r.getCell(1).getCellType() == CellType.STRING && second.equals(r.getCell(1).getStringCellValue())) {
          assertEquals("cost not shown: they would give away those of fewer than 5 people", r.getCell(9).getStringCellValue());
          assertEquals(((Double) ranked.get(1).getAs("completed_hours")), r.getCell(6).getNumericCellValue(), 1e-9,
              "its hours are shown");
        }
      }
    }
  }

  /** The workbook's estimates carry the HTML's caveat: an association, not a cause (DESIGN.md). */
  @Test
  void theWorkbooksEvidenceAndRoiSayTheyAreAssociations() throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(reports.resolve(WorkbookReport.FILE_NAME)))) {
      for (String name : List.of("Evidence", "ROI")) {
        List<String> texts = new ArrayList<>();
        wb.getSheet(name).forEach(row -> row.forEach(c -> {
          if (c.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING) {
            texts.add(c.getStringCellValue());
          }
        }));
        assertTrue(texts.stream().anyMatch(t -> t.contains("an association, not proof that helping causes better ratings")),
            name + " says its estimates are associations");
      }
    }
  }

  /** mart_roi suppressed whole (fewer people than the minimum group size): the tile says why, never "null". */
  @Test
  void aSuppressedReturnSaysWhy(@org.junit.jupiter.api.io.TempDir Path roi) {
    ReportData data = withChangedMart("mart_roi", roi, m -> m
        .withColumn("status", org.apache.spark.sql.functions.lit(null).cast("string"))
        .withColumn("roi_pct", org.apache.spark.sql.functions.lit(null).cast("double"))
        .withColumn("suppression", org.apache.spark.sql.functions.lit("small_group")));
    Map<String, String> tile = tile(data, label -> label.startsWith("return on social learning"));
    assertEquals(io.bottomup.report.Formats.EMPTY, tile.get("value"), tile.toString());
    assertEquals(io.bottomup.report.Formats.suppressed("small_group", 5) + "; mart_roi", tile.get("note"));
  }

  /** mart_roi with its exposed people emptied (fewer than five helped or asked): the sentence says so, with no "–". */
  @Test
  void fewExposedPeopleAreNotCounted(@org.junit.jupiter.api.io.TempDir Path roi) {
    ReportData data = withChangedMart("mart_roi", roi,
        m -> emptied(m, "exposed_people", "actions_per_exposed_person", "rating_gain_per_person"));
    assertTrue(data.roiSentence().contains("Fewer than 5 people helped or asked, too few to show their numbers."),
        data.roiSentence());
    assertFalse(data.roiSentence().contains(io.bottomup.report.Formats.EMPTY), data.roiSentence());
  }

  /** Collaboration records from 2026-08 only: the headline says its twelve months hold three of them. */
  @Test
  void aShortHistorySaysHowManyMonthsItCovers(@org.junit.jupiter.api.io.TempDir Path monthly) {
    org.apache.spark.sql.Column before = org.apache.spark.sql.functions.col("month").lt("2026-08");
    ReportData data = withChangedMart("mart_learning_monthly", monthly, m -> m
        .withColumn("informal_hours", org.apache.spark.sql.functions.when(before, 0.0)
            .otherwise(org.apache.spark.sql.functions.col("informal_hours")))
        .withColumn("active_share", org.apache.spark.sql.functions.when(before, 0.0)
            .otherwise(org.apache.spark.sql.functions.col("active_share")))
        .withColumn("suppression", org.apache.spark.sql.functions.when(before, null)
            .otherwise(org.apache.spark.sql.functions.col("suppression"))));
    assertEquals(" Collaboration records start in 2026-08: the period's figures cover 3 months of them, not twelve, and the"
        + " return on investment sets a full year's platform cost against them.", data.coverageNote());
    assertTrue(data.headline().endsWith(data.coverageNote()));
    assertTrue(new HtmlReport(null).render(data.htmlModel("test")).contains("twelve months 2025-11 to 2026-10 (collaboration records from 2026-08)"),
        "the header says it too");
    MartReader sample = new MartReader(new org.apache.hadoop.conf.Configuration(),
        mart -> dir.resolve("out/marts").resolve(mart).toString());
    assertEquals("", new ReportData(io.bottomup.config.JobConfig.defaults(), SampleGenerator.SAMPLE_END, sample, List.of(),
        List.of()).coverageNote(), "the sample's records cover the twelve months");
  }

  /** Without reviews there is no motive part: the index tile says it is the mean of the other two. */
  @Test
  void anIndexOfTwoPartsSaysSo(@org.junit.jupiter.api.io.TempDir Path culture) {
    ReportData data = withChangedMart("mart_culture_index", culture,
        m -> m.withColumn("motive", org.apache.spark.sql.functions.lit(null).cast("double")));
    Map<String, String> tile = tile(data, label -> label.equals("motive–means–opportunity index"));
    assertTrue(tile.get("note").startsWith("the mean of 2 of the 3 parts, the others not measurable from these data; motive –"),
        tile.get("note"));
  }

  /** A run on the 15th: its month holds half a month, and its label says so rather than show a fall. */
  @Test
  void theRunDatesMonthSaysItIsPartial() {
    MartReader marts = new MartReader(new org.apache.hadoop.conf.Configuration(),
        mart -> dir.resolve("out/marts").resolve(mart).toString());
    ReportData mid = new ReportData(io.bottomup.config.JobConfig.defaults(), java.time.LocalDate.of(2026, 10, 15), marts,
        List.of(), List.of());
    assertEquals("2026-10 (1–15)", mid.monthLabel("2026-10"));
    assertEquals("2026-09", mid.monthLabel("2026-09"));
    ReportData end = new ReportData(io.bottomup.config.JobConfig.defaults(), SampleGenerator.SAMPLE_END, marts, List.of(), List.of());
    assertEquals("2026-10", end.monthLabel("2026-10"), "the 31st ends the month");
  }

  /** A suppressed month is an empty cell: the workbook's charts leave a gap there, not a point at 0. */
  @Test
  void theWorkbooksChartsShowEmptyCellsAsGaps() throws IOException {
    int charts = 0;
    try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(reports.resolve(WorkbookReport.FILE_NAME)))) {
      for (Sheet sheet : wb) {
        org.apache.poi.xssf.usermodel.XSSFDrawing drawing = ((org.apache.poi.xssf.usermodel.XSSFSheet) sheet).getDrawingPatriarch();
        for (org.apache.poi.xssf.usermodel.XSSFChart chart : drawing == null ? List.<org.apache.poi.xssf.usermodel.XSSFChart>of()
            : drawing.getCharts()) {
          assertEquals(org.openxmlformats.schemas.drawingml.x2006.chart.STDispBlanksAs.GAP,
              chart.getCTChart().getDispBlanksAs().getVal(), sheet.getSheetName());
          charts++;
        }
      }
    }
    assertEquals(2, charts, "the trends' lines and the departments' bars");
  }

  /** A table's text (the month) and its figures are drawn in the template's fonts, not the text in the default one. */
  @Test
  void theTablesTextCellsTakeTheTemplatesTextStyle() throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(reports.resolve(WorkbookReport.FILE_NAME)))) {
      Row first = wb.getSheet("Trends").getRow(1);
      Cell month = first.getCell(0);
      Cell people = first.getCell(1);
      assertEquals(CellType.STRING, month.getCellType());
      assertEquals(CellType.NUMERIC, people.getCellType());
      try (XSSFWorkbook template = WorkbookTemplate.open("templates/" + WorkbookTemplate.FILE_NAME)) {
        assertEquals(WorkbookTemplate.styles(template).get("text").getIndex(), month.getCellStyle().getIndex(),
            "the month has the template's text style (the workbook keeps the template's styles in order)");
      }
      org.apache.poi.ss.usermodel.Font text = wb.getFontAt(month.getCellStyle().getFontIndex());
      org.apache.poi.ss.usermodel.Font figure = wb.getFontAt(people.getCellStyle().getFontIndex());
      assertEquals(figure.getFontName() + " " + figure.getFontHeightInPoints(), text.getFontName() + " " + text.getFontHeightInPoints());
    }
  }

  /** With no twelve-month summary row (nobody employed in the period), the report still names the period. */
  @Test
  void theReportNamesThePeriodWithoutASummaryRow(@org.junit.jupiter.api.io.TempDir Path empty) throws IOException {
    MartReader marts = new MartReader(new org.apache.hadoop.conf.Configuration(), mart -> mart.equals("mart_learning_summary")
        ? empty.toString() : dir.resolve("out/marts").resolve(mart).toString());
    ReportData data = new ReportData(io.bottomup.config.JobConfig.defaults(), SampleGenerator.SAMPLE_END, marts, List.of(), List.of());
    assertEquals("2025-11 to 2026-10", data.htmlModel("test").get("period"));
  }

  /** The quality section says when its counts are only an incremental run's files; the words are the template's. */
  @Test
  void anIncrementalRunSaysItsCountsAreThatRunsFiles() throws IOException {
    MartReader marts = new MartReader(new org.apache.hadoop.conf.Configuration(),
        mart -> dir.resolve("out/marts").resolve(mart).toString());
    ReportData data = new ReportData(io.bottomup.config.JobConfig.defaults(), SampleGenerator.SAMPLE_END, marts, List.of(), List.of());
    String sentence = "read only the collaboration files that were new or changed since the last run";
    Map<String, Object> model = new java.util.HashMap<>(data.htmlModel("test"));
    assertFalse(new HtmlReport(null).render(model).contains(sentence), "not said when the model does not say incremental");
    model.put("incrementalRun", true);
    assertTrue(new HtmlReport(null).render(model).contains(sentence));
    assertFalse(Files.readString(reports.resolve(HtmlReport.FILE_NAME)).contains(sentence), "the sample run is a first, full run");
  }

  @Test
  void theHtmlShowsThePayloadsAsText() throws IOException {
    String html = Files.readString(reports.resolve(HtmlReport.FILE_NAME));
    assertFalse(html.contains(SCRIPT), "the department name is never markup");
    assertFalse(html.toLowerCase().contains("<script"), "no script element at all");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as the text it is");
    assertTrue(html.contains("=HYPERLINK(&quot;http://evil.example&quot;"), "the course title is shown escaped");
    assertFalse(html.contains("href="), "no link is made of it");
  }

  @Test
  void theWorkbookStoresThePayloadsAsQuotedTextAndHasNoFormulaFromData() throws IOException {
    List<String> payloadCells = new ArrayList<>();
    try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(reports.resolve(WorkbookReport.FILE_NAME)))) {
      for (Sheet sheet : wb) {
        for (Row row : sheet) {
          for (Cell cell : row) {
            if (cell.getCellType() == CellType.FORMULA) {
              assertEquals(WorkbookReport.ROI_SHEET, sheet.getSheetName(), "only the ROI sheet has formulas: "
                  + cell.getAddress() + " " + cell.getCellFormula());
              assertFalse(cell.getCellFormula().toUpperCase().contains("HYPERLINK"));
            } else if (cell.getCellType() == CellType.STRING) {
              String v = cell.getStringCellValue();
              if (v.startsWith(HYPERLINK) || v.startsWith(ORGANISATION)) {
                assertTrue(cell.getCellStyle().getQuotePrefixed(), sheet.getSheetName() + "!" + cell.getAddress()
                    + " is quote-prefixed text");
                payloadCells.add(sheet.getSheetName() + "!" + cell.getAddress());
              }
              if (v.equals(SCRIPT)) {
                payloadCells.add(sheet.getSheetName() + "!" + cell.getAddress());
              }
            }
          }
        }
      }
    }
    assertTrue(payloadCells.stream().anyMatch(c -> c.startsWith("Formal courses!")), "the course is listed: " + payloadCells);
    assertTrue(payloadCells.stream().anyMatch(c -> c.startsWith("Departments!")), "the department is listed: " + payloadCells);
    assertTrue(payloadCells.stream().anyMatch(c -> c.startsWith("Summary!")), "the organisation is on the cover: " + payloadCells);
  }

  /** The headline figure whose label {@code label} accepts. */
  private static Map<String, String> tile(ReportData data, java.util.function.Predicate<String> label) {
    return data.figures().stream().filter(f -> label.test(f.get("label"))).findFirst().orElseThrow();
  }
}
