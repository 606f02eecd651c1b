package io.bottomup.report;

import io.bottomup.ingest.SourceCounts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
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
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFTable;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Writes {@code learning-culture-workbook.xlsx}: a Summary sheet, the monthly table with a native
 * line chart, the department table with a native bar chart, and the data-quality counts. Tables are
 * real Excel tables with autofilter and a frozen header. Text from the data is always a string cell,
 * and text that a spreadsheet could take for a formula ({@code = + - @}, tab, CR first) is stored
 * quote-prefixed, so it shows as typed and never runs.
 */
public final class WorkbookReport {
  public static final String FILE_NAME = "learning-culture-workbook.xlsx";

  private final ReportData data;
  private XSSFWorkbook wb;
  private CellStyle header;
  private CellStyle title;
  private CellStyle percent;
  private CellStyle decimal;
  private CellStyle integer;
  private CellStyle decimal2;
  private CellStyle decimal3;
  private CellStyle textSafe;
  private CellStyle note;

  public WorkbookReport(ReportData data) {
    this.data = data;
  }

  /** A column of a data sheet: header, how to read its value from a mart row, and its format. */
  private record Col(String header, Function<Map<String, Object>, Object> value, String kind) {}

  public byte[] render() {
    try (XSSFWorkbook workbook = new XSSFWorkbook()) {
      wb = workbook;
      styles();
      summarySheet();
      XSSFSheet monthly = table("Monthly", "MonthlyTrend", data.monthly, metricColumns("Month", "month"));
      lineChart(monthly, data.monthly.size(), 11);
      XSSFSheet departments = table("Departments", "Departments", data.departments, metricColumns("Department", "department"));
      barChart(departments, data.departments.size(), 11);
      qualitySheet();
      table("Evidence", "Evidence", data.evidence, List.of(
          new Col("Analysis", r -> r.get("analysis"), "text"),
          new Col("Scope", r -> r.get("scope"), "text"),
          new Col("Estimate", r -> r.get("estimate"), "dec2"),
          new Col("CI low", r -> r.get("ci_low"), "dec2"),
          new Col("CI high", r -> r.get("ci_high"), "dec2"),
          new Col("p-value", r -> r.get("p_value"), "dec3"),
          new Col("Transitions", r -> r.get("n"), "int"),
          new Col("People", r -> r.get("n_people"), "int"),
          new Col("Verdict", r -> r.get("verdict"), "text"),
          new Col("Unit", r -> r.get("unit"), "text"),
          new Col("Note", r -> r.get("note"), "text")));
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
        new Col(keyHeader, r -> r.get(key), "text"),
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
    Object s = r.get("suppression");
    return s == null ? null : Formats.suppressed((String) s, data.config.minGroupSize());
  }

  private void summarySheet() {
    XSSFSheet s = wb.createSheet("Summary");
    Map<String, Object> model = data.htmlModel("");
    int r = 0;
    Cell t = s.createRow(r++).createCell(0);
    text(t, data.config.reportTitle());
    t.setCellStyle(title);
    text(s.createRow(r++).createCell(0), data.config.organisationName());
    text(s.createRow(r++).createCell(0), "Run date " + data.runDate + " · twelve months " + model.get("period")
        + " · groups smaller than " + data.config.minGroupSize() + " people are suppressed");
    r++;
    Row headlineRow = s.createRow(r);
    Cell headline = headlineRow.createCell(0);
    text(headline, (String) model.get("headline"));
    CellStyle wrapped = wb.createCellStyle();
    wrapped.setWrapText(true);
    wrapped.setVerticalAlignment(org.apache.poi.ss.usermodel.VerticalAlignment.TOP);
    headline.setCellStyle(wrapped);
    headlineRow.setHeightInPoints(78);
    s.addMergedRegion(new CellRangeAddress(r, r, 0, 2));
    r += 2;
    Row h = s.createRow(r++);
    header(h, 0, "Figure");
    header(h, 1, "Value");
    header(h, 2, "Note");
    @SuppressWarnings("unchecked")
    List<Map<String, String>> figures = (List<Map<String, String>>) model.get("figures");
    for (Map<String, String> f : figures) {
      Row row = s.createRow(r++);
      text(row.createCell(0), f.get("label"));
      text(row.createCell(1), f.get("value"));
      Cell n = row.createCell(2);
      text(n, f.get("note"));
      n.setCellStyle(note);
    }
    if (!data.warnings.isEmpty()) {
      r++;
      Cell w = s.createRow(r++).createCell(0);
      w.setCellValue("Worth a look before trusting these figures");
      w.setCellStyle(header);
      for (String warning : data.warnings) {
        text(s.createRow(r++).createCell(0), warning);
      }
    }
    s.setColumnWidth(0, 38 * 256);
    s.setColumnWidth(1, 16 * 256);
    s.setColumnWidth(2, 70 * 256);
    s.setFitToPage(true);
    s.getPrintSetup().setLandscape(true);
    s.getPrintSetup().setFitWidth((short) 1);
    s.getPrintSetup().setFitHeight((short) 0);
  }

  private XSSFSheet table(String sheetName, String tableName, List<Map<String, Object>> rows, List<Col> cols) {
    XSSFSheet s = wb.createSheet(sheetName);
    Row h = s.createRow(0);
    int[] widths = new int[cols.size()];
    for (int c = 0; c < cols.size(); c++) {
      header(h, c, cols.get(c).header());
      widths[c] = cols.get(c).header().length();
    }
    for (int i = 0; i < rows.size(); i++) {
      Row row = s.createRow(i + 1);
      for (int c = 0; c < cols.size(); c++) {
        Object v = cols.get(c).value().apply(rows.get(i));
        Cell cell = row.createCell(c);
        if (v instanceof Number n) {
          cell.setCellValue(n.doubleValue());
          cell.setCellStyle(switch (cols.get(c).kind()) {
            case "pct" -> percent;
            case "int" -> integer;
            case "dec2" -> decimal2;
            case "dec3" -> decimal3;
            default -> decimal;
          });
          widths[c] = Math.max(widths[c], 8);
        } else if (v != null) {
          text(cell, v.toString());
          widths[c] = Math.max(widths[c], v.toString().length());
        }
      }
    }
    for (int c = 0; c < cols.size(); c++) {
      s.setColumnWidth(c, Math.min(60, widths[c] + 3) * 256);
    }
    s.createFreezePane(0, 1);
    s.setFitToPage(true);
    s.getPrintSetup().setLandscape(true);
    s.getPrintSetup().setFitWidth((short) 1);
    s.getPrintSetup().setFitHeight((short) 0);
    int last = Math.max(1, rows.size());
    if (rows.isEmpty()) {
      s.createRow(1);
    }
    AreaReference area = new AreaReference(new CellReference(0, 0), new CellReference(last, cols.size() - 1),
        SpreadsheetVersion.EXCEL2007);
    XSSFTable table = s.createTable(area);
    table.setName(tableName);
    table.setDisplayName(tableName);
    table.setStyleName("TableStyleMedium2");
    table.getCTTable().addNewAutoFilter().setRef(area.formatAsString());
    return s;
  }

  private void qualitySheet() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SourceCounts sc : data.sources) {
      rows.add(Map.of("entity", sc.entity(), "source", sc.source(), "read", sc.read(), "staged", sc.staged(),
          "quarantined", sc.quarantined(), "skipped", sc.skipped(),
          "reasons", sc.byReason() == null ? "" : sc.byReason().toString(),
          "identity", ReportData.identityMatch(sc)));
    }
    table("Data quality", "DataQuality", rows, List.of(
        new Col("Entity", r -> r.get("entity"), "text"),
        new Col("Source", r -> r.get("source"), "text"),
        new Col("Read", r -> r.get("read"), "int"),
        new Col("Staged", r -> r.get("staged"), "int"),
        new Col("Quarantined", r -> r.get("quarantined"), "int"),
        new Col("Skipped", r -> r.get("skipped"), "int"),
        new Col("Quarantine reasons", r -> r.get("reasons"), "text"),
        new Col("People matched", r -> r.get("identity"), "text")));
  }

  private void lineChart(XSSFSheet s, int n, int anchorCol) {
    if (n == 0) {
      return;
    }
    XSSFChart chart = chart(s, anchorCol, "Active social learners and questions answered within 7 days");
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

  private void barChart(XSSFSheet s, int n, int anchorCol) {
    if (n == 0) {
      return;
    }
    XSSFChart chart = chart(s, anchorCol, "Active social learners by department (twelve months)");
    XDDFCategoryAxis x = chart.createCategoryAxis(AxisPosition.LEFT);
    XDDFValueAxis y = percentAxis(chart.createValueAxis(AxisPosition.BOTTOM));
    XDDFBarChartData bars = (XDDFBarChartData) chart.createData(ChartTypes.BAR, x, y);
    bars.setBarDirection(BarDirection.BAR);
    bars.setVaryColors(false);
    XDDFDataSource<String> departments = XDDFDataSourcesFactory.fromStringCellRange(s, new CellRangeAddress(1, n, 0, 0));
    XDDFNumericalDataSource<Double> values = XDDFDataSourcesFactory.fromNumericCellRange(s, new CellRangeAddress(1, n, 2, 2));
    XDDFChartData.Series series = bars.addSeries(departments, values);
    series.setTitle("Active social learners", new CellReference(s.getSheetName(), 0, 2, true, true));
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

  private static XSSFChart chart(XSSFSheet s, int anchorCol, String titleText) {
    XSSFDrawing drawing = s.createDrawingPatriarch();
    XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, anchorCol, 1, anchorCol + 9, 22);
    XSSFChart chart = drawing.createChart(anchor);
    chart.setTitleText(titleText);
    chart.setTitleOverlay(false);
    chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
    return chart;
  }

  private void header(Row row, int col, String value) {
    Cell c = row.createCell(col);
    c.setCellValue(value);
    c.setCellStyle(header);
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

  private void styles() {
    Font bold = wb.createFont();
    bold.setBold(true);
    header = wb.createCellStyle();
    header.setFont(bold);
    header.setFillForegroundColor(IndexedColors.PALE_BLUE.getIndex());
    header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
    header.setBorderBottom(BorderStyle.THIN);
    header.setWrapText(true);
    Font big = wb.createFont();
    big.setBold(true);
    big.setFontHeightInPoints((short) 16);
    title = wb.createCellStyle();
    title.setFont(big);
    percent = wb.createCellStyle();
    percent.setDataFormat(wb.createDataFormat().getFormat("0%"));
    decimal = wb.createCellStyle();
    decimal.setDataFormat(wb.createDataFormat().getFormat("#,##0.0"));
    decimal2 = wb.createCellStyle();
    decimal2.setDataFormat(wb.createDataFormat().getFormat("0.00"));
    decimal3 = wb.createCellStyle();
    decimal3.setDataFormat(wb.createDataFormat().getFormat("0.000"));
    integer = wb.createCellStyle();
    integer.setDataFormat(wb.createDataFormat().getFormat("#,##0"));
    textSafe = wb.createCellStyle();
    textSafe.setQuotePrefixed(true);
    Font grey = wb.createFont();
    grey.setColor(IndexedColors.GREY_50_PERCENT.getIndex());
    note = wb.createCellStyle();
    note.setFont(grey);
  }
}
