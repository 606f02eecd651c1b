package io.bottomup.report;

import io.bottomup.ingest.SourceCounts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.bottomup.analyze.Roi;
import io.bottomup.marts.MartDocs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.ColorScaleFormatting;
import org.apache.poi.ss.usermodel.ConditionalFormattingRule;
import org.apache.poi.ss.usermodel.ConditionalFormattingThreshold;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.SheetConditionalFormatting;
import org.apache.poi.ss.util.AreaReference;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xddf.usermodel.PresetColor;
import org.apache.poi.xddf.usermodel.XDDFColor;
import org.apache.poi.xddf.usermodel.XDDFLineProperties;
import org.apache.poi.xddf.usermodel.XDDFShapeProperties;
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.MarkerStyle;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFLineChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFFormulaEvaluator;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFTable;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Writes {@code learning-culture-workbook.xlsx} into the workbook template ({@link WorkbookTemplate}):
 * the template's cover and styles, then the sheets of the configured sections — Summary, Trends
 * (table + native line chart), Departments (conditional formatting + native bar chart), Formal
 * courses, Questions &amp; Knowledge flow, Evidence, ROI (editable assumptions, live formulas),
 * Culture index (colour scale), Data quality and Definitions. Tables are real Excel tables with
 * autofilter and a frozen header.
 *
 * <p>Safety: text from the data is always a string cell, and text that a spreadsheet could take for
 * a formula ({@code = + - @}, tab, CR first) is stored quote-prefixed, so it shows as typed and never
 * runs. Formulas are only the ROI sheet's, built from fixed cell addresses, never from data.
 */
public final class WorkbookReport {
  public static final String FILE_NAME = "learning-culture-workbook.xlsx";
  public static final String ROI_SHEET = "ROI";
  /** The ROI sheet's input cells, by meaning; tests and the README refer to them. */
  public static final String VALUE_PER_POINT_CELL = "B4";
  public static final String BASE_ROI_CELL = "C20";

  private final ReportData data;
  private XSSFWorkbook wb;
  private Map<String, CellStyle> styles;
  private String tableStyle;
  private CellStyle textSafe;
  private CellStyle money;
  private CellStyle pValue;
  private CellStyle percentInput;
  private CellStyle moneyInput;
  private CellStyle percentResult;
  private CellStyle moneyResult;

  public WorkbookReport(ReportData data) {
    this.data = data;
  }

  /** A column of a data sheet: header, how to read its value from a mart row, and its format. */
  private record Col(String header, Function<Map<String, Object>, Object> value, String kind) {}

  public byte[] render() {
    return render(WorkbookTemplate.open(data.config.workbookTemplate()));
  }

  /** The workbook, filled into {@code template} (from {@link WorkbookTemplate#open}), which it closes. */
  public byte[] render(XSSFWorkbook template) {
    try (XSSFWorkbook workbook = template) {
      wb = workbook;
      styles();
      fillPlaceholders();
      List<String> on = data.config.sections();
      summarySheet(on.contains("answer"));
      if (on.contains("trends")) {
        XSSFSheet trends = table("Trends", "Trends", data.monthly, metricColumns("Month", "month"), 0);
        lineChart(trends, data.monthly.size());
      }
      if (on.contains("bottom_up")) {
        XSSFSheet departments = table("Departments", "Departments", data.departments, metricColumns("Department", "department"), 0);
        colourScale(departments, 1, data.departments.size(), 2, 2, false);
        colourScale(departments, 1, data.departments.size(), 9, 9, false);
        if (data.departments.stream().anyMatch(r -> r.get("social_share") != null)) {
          barChart(departments, data.departments.size(), 9, "Bottom-up share of learning time by department (twelve months)");
        } else if (!data.departments.isEmpty()) {
          // A chart of no bars says nothing; the sheet says why there is none.
          Cell note = departments.createRow(departments.getLastRowNum() + 2).createCell(0);
          note.setCellValue("No chart: no department's bottom-up share is shown (suppressed to protect small groups, no"
              + " completed formal training to compare with, or no learning time recorded); the rows above say why.");
          note.setCellStyle(style("text"));
        }
        coursesSheet();
      }
      if (on.contains("flow")) {
        flowSheet();
      }
      if (on.contains("evidence")) {
        evidenceSheet();
      }
      if (on.contains("roi")) {
        roiSheet();
      }
      if (on.contains("culture")) {
        cultureSheet();
      }
      if (on.contains("dependent")) {
        table("Dependent learners", "DependentLearners", data.dependent, List.of(
            new Col("Department", r -> r.get("department"), "text"),
            new Col("People", r -> r.get("headcount"), "int"),
            new Col("With self and manager rating", r -> r.get("assessed"), "int"),
            new Col("Dependent learners", r -> r.get("dependent_learners"), "int"),
            new Col("Share of those rated", r -> r.get("dependent_share"), "pct"),
            new Col("Suppressed", this::suppressionText, "text")), 0);
      }
      if (on.contains("quality")) {
        qualitySheet();
      }
      if (on.contains("method")) {
        definitionsSheet();
      }
      int stylesSheet = wb.getSheetIndex(WorkbookTemplate.STYLES_SHEET);
      if (stylesSheet >= 0) {
        wb.removeSheetAt(stylesSheet);
      }
      wb.setActiveSheet(0);
      wb.setSelectedTab(0);
      // Cached results for viewers that do not recalculate on load; Excel and LibreOffice recalculate
      // whenever an assumption cell changes.
      XSSFFormulaEvaluator.evaluateAllFormulaCells(wb);
      wb.setForceFormulaRecalculation(true);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      wb.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The learning metrics of a mart row, after its key column (month or department). */
  private List<Col> metricColumns(String keyHeader, String key) {
    return List.of(
        new Col(keyHeader, r -> "month".equals(key) ? data.monthLabel(r.get(key)) : r.get(key), "text"),
        new Col("People", r -> r.get("headcount"), "int"),
        new Col("Active social learners", r -> r.get("active_share"), "pct"),
        new Col("Questions asked", r -> r.get("questions_asked"), "int"),
        new Col("Answered within 7 days", r -> r.get("answered_7d_share"), "pct"),
        new Col("Median hours to first answer", r -> r.get("median_hours_to_first_answer"), "dec"),
        new Col("Formal hours per person", r -> r.get("formal_hours_per_head"), "dec"),
        new Col("Informal hours", r -> r.get("informal_hours"), "dec"),
        new Col("Informal : formal", r -> r.get("informal_to_formal_ratio"), "dec"),
        new Col("Bottom-up share", r -> r.get("social_share"), "pct"),
        new Col("Suppressed", this::suppressionText, "text"));
  }

  private String suppressionText(Map<String, Object> r) {
    return r.get("suppression") == null ? null : data.suppressedText(r);
  }

  /** Replaces the template's placeholders in every text cell. */
  private void fillPlaceholders() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("${title}", data.config.reportTitle());
    values.put("${organisation}", data.config.organisationName());
    values.put("${runDate}", data.fmt.date(data.runDate));
    values.put("${period}", String.valueOf(data.summary.getOrDefault("period", "")));
    values.put("${currency}", data.config.currency());
    values.put("${minGroupSize}", String.valueOf(data.config.minGroupSize()));
    for (Sheet sheet : wb) {
      if (sheet.getSheetName().equals(WorkbookTemplate.STYLES_SHEET)) {
        continue;
      }
      for (Row row : sheet) {
        for (Cell cell : row) {
          if (cell.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING && cell.getStringCellValue().contains("${")) {
            String v = cell.getStringCellValue();
            for (Map.Entry<String, String> e : values.entrySet()) {
              v = v.replace(e.getKey(), e.getValue());
            }
            CellStyle keep = cell.getCellStyle();
            boolean organisation = cell.getStringCellValue().contains("${organisation}");
            text(cell, v);
            if (!FormulaGuard.looksLikeFormula(v)) {
              cell.setCellStyle(keep);
            }
            if (organisation && cell.getCellStyle().getAlignment() == org.apache.poi.ss.usermodel.HorizontalAlignment.GENERAL) {
              // A name that starts in a right-to-left script would be right-aligned by "general" and cut off
              // at the sheet's left edge: it starts at the left, as the template's other text does.
              CellStyle left = wb.createCellStyle();
              left.cloneStyleFrom(cell.getCellStyle());
              left.setAlignment(org.apache.poi.ss.usermodel.HorizontalAlignment.LEFT);
              cell.setCellStyle(left);
            }
          }
        }
      }
    }
  }

  private XSSFSheet sheet(String name) {
    XSSFSheet s = wb.getSheet(name);
    return s != null ? s : wb.createSheet(name);
  }

  private void summarySheet(boolean withAnswer) {
    XSSFSheet s = sheet(WorkbookTemplate.SUMMARY_SHEET);
    wb.setSheetOrder(s.getSheetName(), 0);
    int r = s.getLastRowNum() + 2;
    if (!withAnswer) {
      return;
    }
    Map<String, Object> model = data.htmlModel("");
    Cell question = s.createRow(r++).createCell(0);
    question.setCellValue("Is social learning worth backing here?");
    question.setCellStyle(style("figure"));
    Row headlineRow = s.createRow(r);
    Cell headline = headlineRow.createCell(0);
    text(headline, model.get("verdict") + ". " + model.get("headline"));
    headline.setCellStyle(style("headline"));
    headlineRow.setHeightInPoints(96);
    s.addMergedRegion(new CellRangeAddress(r, r, 0, 2));
    r += 2;
    Row h = s.createRow(r++);
    header(h, 0, "Figure");
    header(h, 1, "Value");
    header(h, 2, "Note and source");
    @SuppressWarnings("unchecked")
    List<Map<String, String>> figures = (List<Map<String, String>>) model.get("figures");
    for (Map<String, String> f : figures) {
      Row row = s.createRow(r++);
      row.setHeightInPoints(20);
      Cell label = row.createCell(0);
      label.setCellStyle(style("text"));
      text(label, f.get("label"));
      Cell v = row.createCell(1);
      text(v, f.get("value"));
      v.setCellStyle(style("figure"));
      Cell n = row.createCell(2);
      text(n, f.get("note"));
      n.setCellStyle(style("note"));
    }
    r++;
    Cell sheetsNote = s.createRow(r++).createCell(0);
    sheetsNote.setCellValue("The other sheets hold the numbers behind these figures; the ROI sheet's yellow cells are "
        + "assumptions you can change. Definitions explains every column.");
    sheetsNote.setCellStyle(style("note"));
    if (!data.warnings.isEmpty()) {
      r++;
      Cell w = s.createRow(r++).createCell(0);
      w.setCellValue("Worth a look before trusting these figures");
      w.setCellStyle(style("header"));
      for (String warning : data.warnings) {
        text(s.createRow(r++).createCell(0), warning);
      }
    }
    if (s.getColumnWidth(0) < 30 * 256) {
      s.setColumnWidth(0, 40 * 256);
      s.setColumnWidth(1, 18 * 256);
      s.setColumnWidth(2, 80 * 256);
    }
    printSetup(s);
  }

  private XSSFSheet table(String sheetName, String tableName, List<Map<String, Object>> rows, List<Col> cols, int firstRow) {
    return table(sheet(sheetName), tableName, rows, cols, firstRow);
  }

  private XSSFSheet table(XSSFSheet s, String tableName, List<Map<String, Object>> rows, List<Col> cols, int firstRow) {
    Row h = s.createRow(firstRow);
    int[] widths = new int[cols.size()];
    for (int c = 0; c < cols.size(); c++) {
      header(h, c, cols.get(c).header());
      widths[c] = Math.min(cols.get(c).header().length(), 22);
    }
    for (int i = 0; i < rows.size(); i++) {
      Row row = s.createRow(firstRow + i + 1);
      for (int c = 0; c < cols.size(); c++) {
        Object v = cols.get(c).value().apply(rows.get(i));
        Cell cell = row.createCell(c);
        if (v instanceof Number n) {
          cell.setCellValue(n.doubleValue());
          cell.setCellStyle(switch (cols.get(c).kind()) {
            case "pct" -> style("percent");
            case "int" -> style("integer");
            case "dec2" -> style("decimal2");
            case "dec3" -> style("decimal3");
            case "money" -> money;
            case "p" -> pValue;
            default -> style("decimal");
          });
          widths[c] = Math.max(widths[c], 10);
        } else if (v != null) {
          // The template's text style, as the numbers beside it have theirs: without one a text cell takes
          // the workbook's default font, which LibreOffice draws in another face than the numbers' font.
          cell.setCellStyle(style("text"));
          text(cell, v.toString());
          widths[c] = Math.max(widths[c], v.toString().length());
        }
      }
    }
    for (int c = 0; c < cols.size(); c++) {
      int width = Math.min(60, widths[c] + 3) * 256;
      if (s.getColumnWidth(c) < width) {
        s.setColumnWidth(c, width);
      }
    }
    // A header longer than its column wraps; the row must be tall enough for its lines, or LibreOffice
    // draws the second line over the first row of data.
    int lines = 1;
    for (int c = 0; c < cols.size(); c++) {
      lines = Math.max(lines, wrappedLines(cols.get(c).header(), Math.max(1, s.getColumnWidth(c) / 256 - 3)));
    }
    if (lines > 1) {
      // A line of the header's font (a restyled template may make it larger than the sheet's default row).
      float line = Math.max(s.getDefaultRowHeightInPoints(), wb.getFontAt(style("header").getFontIndex()).getFontHeightInPoints() * 1.3f);
      h.setHeightInPoints(lines * line + 2);
    }
    if (firstRow == 0) {
      s.createFreezePane(0, 1);
      // Printed, every page of the table starts with its header.
      s.setRepeatingRows(CellRangeAddress.valueOf("1:1"));
    }
    printSetup(s);
    int last = firstRow + Math.max(1, rows.size());
    if (rows.isEmpty()) {
      s.createRow(firstRow + 1);
    }
    AreaReference area = new AreaReference(new CellReference(firstRow, 0), new CellReference(last, cols.size() - 1),
        SpreadsheetVersion.EXCEL2007);
    XSSFTable table = s.createTable(area);
    table.setName(tableName);
    table.setDisplayName(tableName);
    table.setStyleName(tableStyle);
    table.getCTTable().addNewAutoFilter().setRef(area.formatAsString());
    return s;
  }

  private static void printSetup(XSSFSheet s) {
    s.setFitToPage(true);
    s.getPrintSetup().setLandscape(true);
    s.getPrintSetup().setFitWidth((short) 1);
    s.getPrintSetup().setFitHeight((short) 0);
  }

  /** A colour scale over a block of cells: low orange, high blue (or fixed 0-100 for scores). */
  private void colourScale(XSSFSheet s, int firstRow, int rows, int firstCol, int lastCol, boolean score) {
    if (rows == 0) {
      return;
    }
    SheetConditionalFormatting cf = s.getSheetConditionalFormatting();
    ConditionalFormattingRule rule = cf.createConditionalFormattingColorScaleRule();
    ColorScaleFormatting scale = rule.getColorScaleFormatting();
    scale.setNumControlPoints(3);
    ConditionalFormattingThreshold[] t = scale.getThresholds();
    if (score) {
      t[0].setRangeType(ConditionalFormattingThreshold.RangeType.NUMBER);
      t[0].setValue(0d);
      t[1].setRangeType(ConditionalFormattingThreshold.RangeType.NUMBER);
      t[1].setValue(50d);
      t[2].setRangeType(ConditionalFormattingThreshold.RangeType.NUMBER);
      t[2].setValue(100d);
    } else {
      t[0].setRangeType(ConditionalFormattingThreshold.RangeType.MIN);
      t[1].setRangeType(ConditionalFormattingThreshold.RangeType.PERCENTILE);
      t[1].setValue(50d);
      t[2].setRangeType(ConditionalFormattingThreshold.RangeType.MAX);
    }
    scale.setColors(new org.apache.poi.ss.usermodel.Color[] {
        new XSSFColor(new byte[] {(byte) 0xF2, (byte) 0xBF, (byte) 0x99}),
        new XSSFColor(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}),
        new XSSFColor(new byte[] {(byte) 0x99, (byte) 0xC7, (byte) 0xE0})});
    cf.addConditionalFormatting(new CellRangeAddress[] {new CellRangeAddress(firstRow, firstRow + rows - 1, firstCol, lastCol)},
        rule);
  }

  private void coursesSheet() {
    table("Formal courses", "Courses", data.courses, List.of(
        new Col("Course", r -> r.get("course_title"), "text"),
        new Col("Course id", r -> r.get("course_id"), "text"),
        new Col("Modality", r -> r.get("modality"), "text"),
        new Col("Learners", r -> r.get("learners"), "int"),
        new Col("Enrolments", r -> r.get("enrolments"), "int"),
        new Col("Completion rate", r -> r.get("completion_rate"), "pct"),
        new Col("Completed hours", r -> r.get("completed_hours"), "dec"),
        new Col("Cost", r -> r.get("cost"), "money"),
        new Col("Cost per hour", r -> r.get("cost_per_hour"), "money"),
        new Col("Suppressed", r -> r.get("suppression") == null ? data.withheldText(r) : suppressionText(r), "text")), 0);
  }

  private void flowSheet() {
    XSSFSheet s = sheet("Questions & Knowledge flow");
    List<Col> network = List.of(
        new Col("Department", r -> r.get("department"), "text"),
        new Col("People", r -> r.get("headcount"), "int"),
        new Col("Connected people", r -> r.get("connected_people"), "int"),
        new Col("Connected share", r -> r.get("connected_share"), "pct"),
        new Col("Ties inside", r -> r.get("internal_ties"), "int"),
        new Col("Ties across", r -> r.get("external_ties"), "int"),
        new Col("E-I index", r -> r.get("ei_index"), "dec2"),
        new Col("Help actions", r -> r.get("help_given"), "int"),
        new Col("Help crossing lines", r -> r.get("cross_department_share"), "pct"),
        new Col("Brokers", r -> r.get("brokers"), "int"),
        new Col("Share of PageRank", r -> r.get("pagerank_share"), "pct"),
        new Col("Suppressed", this::suppressionText, "text"));
    table(s, "KnowledgeNetwork", data.networkDepartments, network, 0);
    int next = data.networkDepartments.size() + 3;
    Cell sentence = s.createRow(next - 1).createCell(0);
    text(sentence, data.networkSentence());
    sentence.setCellStyle(style("note"));
    table(s, "QuestionFlow", data.questionFlow, List.of(
        new Col("Month", r -> r.get("month"), "text"),
        new Col("Department", r -> r.get("department"), "text"),
        new Col("Askers", r -> r.get("askers"), "int"),
        new Col("Questions", r -> r.get("questions_asked"), "int"),
        new Col("Answered within 7 days", r -> r.get("answered_7d_share"), "pct"),
        new Col("Median hours to first answer", r -> r.get("median_hours_to_first_answer"), "dec"),
        new Col("90th percentile hours", r -> r.get("p90_hours_to_first_answer"), "dec"),
        new Col("Accepted", r -> r.get("accepted_share"), "pct"),
        new Col("Open over 7 days", r -> r.get("open_backlog"), "int"),
        new Col("Askers helped", r -> r.get("askers_helped"), "int"),
        new Col("Distinct viewers", r -> r.get("distinct_viewers"), "int"),
        new Col("Suppressed", this::suppressionText, "text")), next + 1);
  }

  /** What every estimate of the Evidence and ROI sheets is, as the HTML report says it beside them (DESIGN.md). */
  static final String CAUSATION_CAVEAT = "Observational data: people who help more may differ in ways no control captures, "
      + "so an estimate here is an association, not proof that helping causes better ratings.";

  private void evidenceSheet() {
    XSSFSheet s = table("Evidence", "Evidence", data.evidence, List.of(
        new Col("Analysis", r -> ReportData.analysisName((String) r.get("analysis")), "text"),
        new Col("Scope", r -> ReportData.scopeName((String) r.get("scope")), "text"),
        new Col("Estimate", r -> r.get("estimate"), "dec3"),
        new Col("Std error", r -> r.get("std_error"), "dec3"),
        new Col("CI low", r -> r.get("ci_low"), "dec3"),
        new Col("CI high", r -> r.get("ci_high"), "dec3"),
        new Col("p-value", r -> r.get("p_value"), "p"),
        new Col("Observations", r -> r.get("n"), "int"),
        new Col("People", r -> r.get("n_people"), "int"),
        new Col("R²", r -> r.get("r_squared"), "dec3"),
        new Col("Cohen's d", r -> r.get("effect_size"), "dec2"),
        new Col("Verdict", r -> r.get("verdict"), "text"),
        new Col("Unit", r -> r.get("unit"), "text"),
        new Col("Note", r -> r.get("note"), "text")), 0);
    Cell caveat = s.createRow(data.evidence.size() + 2).createCell(0);
    caveat.setCellValue(CAUSATION_CAVEAT);
    caveat.setCellStyle(style("note"));
  }

  /**
   * The ROI sheet: assumptions and the year's totals in column B (yellow input cells), results per
   * scenario in columns B-D computed by formulas from fixed addresses, so changing an input
   * recomputes the ROI where the sheet is presented.
   */
  private void roiSheet() {
    XSSFSheet s = sheet(ROI_SHEET);
    Map<String, Object> base = data.roiScenario(Roi.BASE);
    boolean shown = base != null && !data.suppressed(base);
    Cell title = s.createRow(0).createCell(0);
    title.setCellValue("Return on social learning, first year (Phillips) — change the yellow cells and the results follow");
    title.setCellStyle(style("header"));
    Row h = s.createRow(2);
    header(h, 0, "Assumption or total (" + data.config.currency() + ")");
    header(h, 1, "Value");
    header(h, 2, "Source");
    Object[][] inputs = {
        {"Value of one rating point per person-year", data.config.valuePerRatingPoint(), "roi.value_per_rating_point", moneyInput},
        {"Confidence adjustment (share of the benefit claimed)", data.config.roiConfidence(), "roi.confidence", percentInput},
        {"Platform cost per year", data.config.platformCostPerYear(), "roi.platform_cost_per_year", moneyInput},
        {"People who helped or asked", shown ? base.get("exposed_people") : null, "mart_roi.exposed_people",
            derived("input", "#,##0")},
        {"Helping and asking actions per person", shown ? base.get("actions_per_exposed_person") : null,
            "mart_roi.actions_per_exposed_person", style("input")},
        {"Social-learning hours (estimated)", shown ? base.get("social_hours") : null, "mart_roi.social_hours", style("input")},
        {"Time cost of social learning", shown ? base.get("social_time_cost") : null, "mart_roi.social_time_cost", moneyInput},
        {"Formal training cost (courses + time)", shown ? base.get("formal_cost") : null, "mart_roi.formal_cost", moneyInput},
        {"Formal training hours", shown ? base.get("formal_hours") : null, "mart_roi.formal_hours", style("input")}};
    for (int i = 0; i < inputs.length; i++) {
      Row row = s.createRow(3 + i);
      row.createCell(0).setCellValue((String) inputs[i][0]);
      Cell v = row.createCell(1);
      if (inputs[i][1] instanceof Number n) {
        v.setCellValue(n.doubleValue());
      }
      v.setCellStyle((CellStyle) inputs[i][3]);
      Cell src = row.createCell(2);
      src.setCellValue((String) inputs[i][2]);
      src.setCellStyle(style("note"));
    }
    // Rows 4-12 (1-based) hold the inputs: B4 value per point, B5 confidence, B6 platform cost, B7 people,
    // B8 actions per person, B9 social hours, B10 social time cost, B11 formal cost, B12 formal hours.
    Row rh = s.createRow(13);
    header(rh, 0, "Result");
    header(rh, 1, "Low (CI lower end)");
    header(rh, 2, "Base (estimate)");
    header(rh, 3, "High (CI upper end)");
    String[] scenarios = {Roi.LOW, Roi.BASE, Roi.HIGH};
    // The statuses and the method note are sentences: wrapped in their cells, not cut at the next column.
    CellStyle wrapped = wb.createCellStyle();
    wrapped.cloneStyleFrom(style("note"));
    wrapped.setWrapText(true);
    wrapped.setVerticalAlignment(org.apache.poi.ss.usermodel.VerticalAlignment.TOP);
    String[] labels = {"Effect: rating points per 10 actions (adjusted_effect)", "Rating gain per person",
        "Benefit, first year", "Cost of social learning", "Benefit : cost", "ROI", "Status"};
    for (int i = 0; i < labels.length; i++) {
      s.createRow(14 + i).createCell(0).setCellValue(labels[i]);
    }
    for (int c = 0; c < 3; c++) {
      String col = String.valueOf((char) ('B' + c));
      Map<String, Object> sc = data.roiScenario(scenarios[c]);
      Cell effect = s.getRow(14).createCell(c + 1);
      if (shown && sc != null && sc.get("effect_per_10_actions") instanceof Double d) {
        effect.setCellValue(d);
      }
      effect.setCellStyle(style("input"));
      formula(s, 15, c + 1, "IF(AND(ISNUMBER(" + col + "15),ISNUMBER($B$8)),"  + col + "15*$B$8/10,\"\")", style("decimal3"));
      formula(s, 16, c + 1, "IF(ISNUMBER(" + col + "16)," + col + "16*$B$4*$B$7*$B$5,\"\")", moneyResult);
      formula(s, 17, c + 1, "IF(ISNUMBER($B$10),$B$10+$B$6,\"\")", money);
      formula(s, 18, c + 1, "IF(AND(ISNUMBER(" + col + "17)," + col + "18>0)," + col + "17/" + col + "18,\"\")", style("result"));
      formula(s, 19, c + 1, "IF(AND(ISNUMBER(" + col + "17)," + col + "18>0),(" + col + "17-" + col + "18)/" + col + "18,\"\")",
          percentResult);
      Cell status = s.getRow(20).createCell(c + 1);
      text(status, sc == null ? "" : sc.get("suppression") != null ? suppressionText(sc) : String.valueOf(sc.get("status")));
      status.setCellStyle(wrapped);
    }
    Row ch = s.createRow(22);
    header(ch, 0, "Cost per learning hour");
    header(ch, 1, "Social");
    header(ch, 2, "Formal");
    Row cr = s.createRow(23);
    cr.createCell(0).setCellValue("Fully loaded cost ÷ hours");
    formula(s, 23, 1, "IF($B$9>0,($B$10+$B$6)/$B$9,\"\")", money);
    formula(s, 23, 2, "IF($B$12>0,$B$11/$B$12,\"\")", money);
    Cell method = s.createRow(25).createCell(0);
    method.setCellValue("Benefit = effect × actions per person ÷ 10 × value of a rating point × people × confidence; "
        + "cost = time cost + platform cost; ROI = (benefit − cost) ÷ cost. When the effect's 95% CI includes zero the "
        + "base case is not a demonstrated benefit (see Status). " + CAUSATION_CAVEAT);
    method.setCellStyle(wrapped);
    s.addMergedRegion(new CellRangeAddress(25, 25, 0, 3));
    s.getRow(25).setHeightInPoints(4 * s.getDefaultRowHeightInPoints());
    s.setColumnWidth(0, 52 * 256);
    s.setColumnWidth(1, 22 * 256);
    s.setColumnWidth(2, 22 * 256);
    s.setColumnWidth(3, 22 * 256);
    printSetup(s);
  }

  private void formula(XSSFSheet s, int row, int col, String formula, CellStyle style) {
    Row r = s.getRow(row) == null ? s.createRow(row) : s.getRow(row);
    Cell c = r.createCell(col);
    c.setCellFormula(formula);
    c.setCellStyle(style);
  }

  private void cultureSheet() {
    List<Col> cols = new ArrayList<>();
    cols.add(new Col("Scope", r -> "organisation".equals(r.get("scope")) ? "Whole organisation" : r.get("department"), "text"));
    cols.add(new Col("People", r -> r.get("headcount"), "int"));
    cols.add(new Col("Reviewed", r -> r.get("reviewed"), "int"));
    String[][] scores = {{"Index", "culture_index"}, {"Motive", "motive"}, {"Means", "means"}, {"Opportunity", "opportunity"},
        {"Performance rewarded", "motive_performance"}, {"Contribution rewarded", "motive_contribution"},
        {"Promotion follows rating", "motive_promotion"}, {"Active on social tools", "means_active"},
        {"Self-assessment calibration", "means_calibration"}, {"Safe to ask", "opportunity_asking"},
        {"Answered in 7 days", "opportunity_answered"}, {"Askers not penalised", "opportunity_no_penalty"}};
    for (String[] sc : scores) {
      cols.add(new Col(sc[0], r -> r.get(sc[1]), "int"));
    }
    // After the scores, whose colour scale spans adjacent columns: each correlation's 95% interval, as two
    // numbers a reader can sort and filter by, rounded outwards as the HTML prints them, and the people
    // the performance one rests on (the others rest on the reviewed).
    cols.add(new Col("Performance rewarded, people", r -> r.get("motive_performance_n"), "int"));
    for (String[] sc : scores) {
      if (ReportData.MOTIVE_COMPONENTS.contains(sc[1])) {
        cols.add(new Col(sc[0] + ", 95% low", r -> ReportData.cultureBound(r, sc[1], -1), "int"));
        cols.add(new Col(sc[0] + ", 95% high", r -> ReportData.cultureBound(r, sc[1], 1), "int"));
      }
    }
    cols.add(new Col("Suppressed", this::suppressionText, "text"));
    XSSFSheet s = table("Culture index", "CultureIndex", data.culture, cols, 0);
    colourScale(s, 1, data.culture.size(), 3, 3 + scores.length - 1, true);
  }

  private void qualitySheet() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SourceCounts sc : data.sources) {
      Map<String, Object> row = new java.util.HashMap<>(Map.of("entity", sc.entity(), "source", sc.source(), "read", sc.read(),
          "staged", sc.staged(), "quarantined", sc.quarantined(), "skipped", sc.skipped(),
          "reasons", ReportData.counts(sc.byReason()), "skips", ReportData.counts(sc.skippedByReason()),
          "identity", ReportData.identityMatch(sc)));
      row.put("unmatchedTarget", sc.unmatchedTarget());
      rows.add(row);
    }
    table("Data quality", "DataQuality", rows, List.of(
        new Col("Entity", r -> r.get("entity"), "text"),
        new Col("Source", r -> r.get("source"), "text"),
        new Col("Read", r -> r.get("read"), "int"),
        new Col("Staged", r -> r.get("staged"), "int"),
        new Col("Quarantined", r -> r.get("quarantined"), "int"),
        new Col("Skipped", r -> r.get("skipped"), "int"),
        new Col("Quarantine reasons", r -> r.get("reasons"), "text"),
        new Col("Skip reasons", r -> r.get("skips"), "text"),
        new Col("Targets not matched", r -> r.get("unmatchedTarget"), "int"),
        new Col("People matched", r -> r.get("identity"), "text")), 0);
    List<Map<String, Object>> unmatched = data.unmatched();
    if (!unmatched.isEmpty()) {
      table(wb.getSheet("Data quality"), "UnmatchedIdentities", unmatched, List.of(
          new Col("Source", r -> r.get("source"), "text"),
          new Col("System", r -> r.get("system"), "text"),
          new Col("Role", r -> r.get("role"), "text"),
          new Col("Distinct references", r -> r.get("identities"), "int"),
          new Col("Records", r -> r.get("records"), "int")), rows.size() + 3);
    }
  }

  /** Every column of every mart the workbook shows, with its formula and unit, from the marts' contracts. */
  private void definitionsSheet() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String mart : MartDocs.ALL) {
      if (!mart.startsWith("mart_") || mart.equals("mart_network_person")) {
        continue;
      }
      for (MartDocs.Column c : MartDocs.columns(mart)) {
        rows.add(Map.of("mart", mart, "column", c.name(), "type", c.type(), "doc", c.doc()));
      }
    }
    for (var e : data.minutesPerAction().entrySet()) {
      rows.add(Map.of("mart", "assumption", "column", "minutes_per_action." + e.getKey().value(), "type", "double",
          "doc", "minutes of learning one " + e.getKey().value() + " stands for: " + e.getValue()));
    }
    table("Definitions", "Definitions", rows, List.of(
        new Col("Mart", r -> r.get("mart"), "text"),
        new Col("Column", r -> r.get("column"), "text"),
        new Col("Type", r -> r.get("type"), "text"),
        new Col("Formula, meaning and unit", r -> r.get("doc"), "text")), 0);
    XSSFSheet s = wb.getSheet("Definitions");
    CellStyle wrap = wb.createCellStyle();
    wrap.cloneStyleFrom(style("text"));
    wrap.setWrapText(true);
    for (int i = 1; i <= rows.size(); i++) {
      s.getRow(i).getCell(3).setCellStyle(wrap);
    }
    s.setColumnWidth(3, 100 * 256);
  }

  /** The lines {@code text} takes in a column of {@code chars} characters, wrapped at spaces as a spreadsheet does. */
  static int wrappedLines(String text, int chars) {
    int lines = 1;
    int used = 0;
    for (String word : text.split(" ")) {
      int length = word.length();
      if (used > 0 && used + 1 + length > chars) {
        lines++;
        used = 0;
      }
      // A word longer than the column is broken across lines of its own.
      while (length > chars) {
        lines++;
        length -= chars;
      }
      used += (used > 0 ? 1 : 0) + length;
    }
    return lines;
  }

  /** Columns and rows a chart spans. */
  private static final int CHART_COLUMNS = 8;
  private static final int CHART_ROWS = 22;

  private void lineChart(XSSFSheet s, int n) {
    if (n == 0) {
      return;
    }
    XSSFChart chart = chart(s, n, "Active social learners and questions answered within 7 days");
    XDDFCategoryAxis x = chart.createCategoryAxis(AxisPosition.BOTTOM);
    XDDFValueAxis y = percentAxis(chart.createValueAxis(AxisPosition.LEFT));
    XDDFLineChartData lines = (XDDFLineChartData) chart.createData(ChartTypes.LINE, x, y);
    lines.setVaryColors(false);
    XDDFDataSource<String> months = XDDFDataSourcesFactory.fromStringCellRange(s, new CellRangeAddress(1, n, 0, 0));
    addLine(lines, s, months, 2, n, PresetColor.ROYAL_BLUE);
    addLine(lines, s, months, 4, n, PresetColor.DARK_ORANGE);
    chart.plot(lines);
  }

  private static void addLine(XDDFLineChartData lines, XSSFSheet s, XDDFDataSource<String> categories, int col, int n,
      PresetColor colour) {
    XDDFNumericalDataSource<Double> values = XDDFDataSourcesFactory.fromNumericCellRange(s, new CellRangeAddress(1, n, col, col));
    XDDFLineChartData.Series series = (XDDFLineChartData.Series) lines.addSeries(categories, values);
    series.setTitle(s.getRow(0).getCell(col).getStringCellValue(), new CellReference(s.getSheetName(), 0, col, true, true));
    series.setSmooth(false);
    series.setMarkerStyle(MarkerStyle.CIRCLE);
    XDDFLineProperties line = new XDDFLineProperties(new XDDFSolidFillProperties(XDDFColor.from(colour)));
    line.setWidth(2.25);
    XDDFShapeProperties shape = new XDDFShapeProperties();
    shape.setLineProperties(line);
    series.setShapeProperties(shape);
  }

  private void barChart(XSSFSheet s, int n, int valueCol, String titleText) {
    if (n == 0) {
      return;
    }
    XSSFChart chart = chart(s, n, titleText);
    XDDFCategoryAxis x = chart.createCategoryAxis(AxisPosition.LEFT);
    XDDFValueAxis y = chart.createValueAxis(AxisPosition.BOTTOM);
    y.setCrosses(AxisCrosses.AUTO_ZERO);
    y.setMinimum(0);
    y.setNumberFormat("0%");
    XDDFBarChartData bars = (XDDFBarChartData) chart.createData(ChartTypes.BAR, x, y);
    bars.setBarDirection(BarDirection.BAR);
    bars.setVaryColors(false);
    XDDFDataSource<String> departments = XDDFDataSourcesFactory.fromStringCellRange(s, new CellRangeAddress(1, n, 0, 0));
    XDDFNumericalDataSource<Double> values =
        XDDFDataSourcesFactory.fromNumericCellRange(s, new CellRangeAddress(1, n, valueCol, valueCol));
    XDDFChartData.Series series = bars.addSeries(departments, values);
    series.setTitle(s.getRow(0).getCell(valueCol).getStringCellValue(),
        new CellReference(s.getSheetName(), 0, valueCol, true, true));
    series.setFillProperties(new XDDFSolidFillProperties(XDDFColor.from(PresetColor.ROYAL_BLUE)));
    chart.plot(bars);
  }

  /** A value axis for shares: 0% to 100%, crossing the category axis at zero. */
  private static XDDFValueAxis percentAxis(XDDFValueAxis axis) {
    axis.setCrosses(AxisCrosses.AUTO_ZERO);
    axis.setMinimum(0);
    axis.setMaximum(1);
    axis.setNumberFormat("0%");
    return axis;
  }

  /**
   * A chart under the table of {@code n} rows (and its header row). Beside the table, printing fitted to
   * one page wide shrank table and chart to a third of their size; under it, the table keeps the page's
   * width and the chart starts a page of its own.
   */
  private static XSSFChart chart(XSSFSheet s, int n, String titleText) {
    XSSFDrawing drawing = s.createDrawingPatriarch();
    int top = n + 2;
    XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, 0, top, CHART_COLUMNS, top + CHART_ROWS);
    s.setRowBreak(top - 1);
    XSSFChart chart = drawing.createChart(anchor);
    chart.setTitleText(titleText);
    chart.setTitleOverlay(false);
    chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
    // An empty cell is a suppressed or missing value: a gap, never a point at 0 (LibreOffice's default).
    chart.displayBlanksAs(org.apache.poi.xddf.usermodel.chart.DisplayBlanks.GAP);
    return chart;
  }

  private void header(Row row, int col, String value) {
    Cell c = row.createCell(col);
    c.setCellValue(value);
    c.setCellStyle(style("header"));
  }

  /**
   * Writes text from the data as a string cell; text that could be read as a formula is stored
   * quote-prefixed (shown as typed, never evaluated, also after the user edits the cell).
   */
  void text(Cell cell, String value) {
    cell.setCellValue(value);
    if (FormulaGuard.looksLikeFormula(value)) {
      cell.setCellStyle(textSafe);
    }
  }

  private CellStyle style(String name) {
    CellStyle s = styles.get(name);
    return s != null ? s : styles.get("text");
  }

  /** The template's named styles; the few derived ones keep the template's font and fill. */
  private void styles() {
    styles = new java.util.HashMap<>(WorkbookTemplate.styles(wb));
    for (String name : WorkbookTemplate.STYLE_NAMES) {
      if (!styles.containsKey(name)) {
        CellStyle fallback = wb.createCellStyle();
        String format = switch (name) {
          case "integer", "money" -> "#,##0";
          case "decimal" -> "#,##0.0";
          case "decimal2", "input", "result" -> "0.00";
          case "decimal3" -> "0.000";
          case "percent" -> "0%";
          default -> null;
        };
        if (format != null) {
          fallback.setDataFormat(wb.createDataFormat().getFormat(format));
        }
        styles.put(name, fallback);
      }
    }
    tableStyle = WorkbookTemplate.tableStyle(wb);
    String currencyFormat = "#,##0 \"" + data.config.currency() + "\"";
    money = derived("money", currencyFormat);
    moneyInput = derived("input", currencyFormat);
    percentInput = derived("input", "0%");
    moneyResult = derived("result", currencyFormat);
    percentResult = derived("result", "0%");
    // As the HTML writes a p-value (Formats.pValue): below 0.001 it reads <0.001, never 0.000.
    pValue = derived("decimal3", "[<0.001]\"<0.001\";0.000");
    textSafe = wb.createCellStyle();
    textSafe.cloneStyleFrom(style("text"));
    textSafe.setQuotePrefixed(true);
  }

  private CellStyle derived(String base, String format) {
    CellStyle s = wb.createCellStyle();
    s.cloneStyleFrom(style(base));
    s.setDataFormat(wb.createDataFormat().getFormat(format));
    return s;
  }
}
