package io.bottomup.report;

import io.bottomup.BottomupException;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The workbook template L&D restyle: {@code templates/learning-culture-workbook.xlsx}. It holds
 * <ul>
 *   <li>a {@code Summary} sheet whose top rows are the cover (logo, title, text) with placeholders
 *       {@code ${title}}, {@code ${organisation}}, {@code ${runDate}}, {@code ${period}},
 *       {@code ${currency}}, {@code ${minGroupSize}} that bottomup fills; the summary follows below;</li>
 *   <li>a {@code Styles} sheet: column A names a style, column B carries it (font, colour, fill,
 *       border, number format). bottomup uses these cell styles for everything it writes, and
 *       removes the sheet from the report. Row {@code table_style} names the Excel table style.</li>
 * </ul>
 * Any other sheet in the template is kept as it is. A missing style falls back to a plain default.
 *
 * <p>Where the template comes from: {@code report.workbook_template} if configured, else
 * {@code templates/learning-culture-workbook.xlsx} in the working directory, else the copy in the jar.
 * {@link #main} writes the default template.
 */
public final class WorkbookTemplate {
  public static final String FILE_NAME = "learning-culture-workbook.xlsx";
  public static final String STYLES_SHEET = "Styles";
  public static final String SUMMARY_SHEET = "Summary";
  /** The styles the report uses, by name. */
  public static final List<String> STYLE_NAMES = List.of("title", "subtitle", "header", "text", "note", "integer", "decimal",
      "decimal2", "decimal3", "percent", "money", "input", "result", "headline", "figure");
  public static final String TABLE_STYLE = "table_style";

  private WorkbookTemplate() {}

  /** Opens the template to fill: configured file, else the working directory's templates/, else the bundled one. */
  public static XSSFWorkbook open(String configured) {
    try {
      if (configured != null) {
        File f = new File(configured);
        if (!f.isFile()) {
          throw BottomupException.refused("configuration key 'report.workbook_template': template file " + configured
              + " does not exist");
        }
        return read(Files.readAllBytes(f.toPath()), configured);
      }
      File local = new File(HtmlReport.TEMPLATES_DIR, FILE_NAME);
      if (local.isFile()) {
        return read(Files.readAllBytes(local.toPath()), local.getPath());
      }
      try (InputStream in = WorkbookTemplate.class.getResourceAsStream("/" + HtmlReport.TEMPLATES_DIR + "/" + FILE_NAME)) {
        return in == null ? create() : read(in.readAllBytes(), "the bundled template");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static XSSFWorkbook read(byte[] bytes, String name) {
    try {
      return new XSSFWorkbook(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw BottomupException.refused("workbook template " + name + " is not a readable .xlsx file: " + e.getMessage());
    }
  }

  /** The named styles of a template, and its table style name. */
  public static Map<String, CellStyle> styles(Workbook wb) {
    Map<String, CellStyle> styles = new HashMap<>();
    Sheet s = wb.getSheet(STYLES_SHEET);
    if (s == null) {
      return styles;
    }
    for (Row row : s) {
      Cell name = row.getCell(0);
      Cell sample = row.getCell(1);
      if (name != null && sample != null && name.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING) {
        styles.put(name.getStringCellValue().trim(), sample.getCellStyle());
      }
    }
    return styles;
  }

  public static String tableStyle(Workbook wb) {
    Sheet s = wb.getSheet(STYLES_SHEET);
    if (s != null) {
      for (Row row : s) {
        Cell name = row.getCell(0);
        Cell value = row.getCell(1);
        if (name != null && value != null && TABLE_STYLE.equals(name.getStringCellValue().trim())
            && value.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING) {
          return value.getStringCellValue().trim();
        }
      }
    }
    return "TableStyleMedium2";
  }

  /** The default template: bottomup's colours, a logo, a cover and every named style. */
  public static XSSFWorkbook create() throws IOException {
    XSSFWorkbook wb = new XSSFWorkbook();
    XSSFSheet summary = wb.createSheet(SUMMARY_SHEET);
    XSSFSheet styles = wb.createSheet(STYLES_SHEET);
    XSSFColor accent = new XSSFColor(new byte[] {0x00, 0x72, (byte) 0xB2});
    XSSFColor pale = new XSSFColor(new byte[] {(byte) 0xE8, (byte) 0xF1, (byte) 0xF8});
    XSSFColor input = new XSSFColor(new byte[] {(byte) 0xFF, (byte) 0xF4, (byte) 0xC2});
    XSSFColor grey = new XSSFColor(new byte[] {0x5B, 0x65, 0x77});

    Map<String, CellStyle> s = new HashMap<>();
    s.put("title", style(wb, font(wb, 20, true, accent), null, null));
    s.put("subtitle", style(wb, font(wb, 12, false, grey), null, null));
    CellStyle header = style(wb, font(wb, 11, true, null), pale, null);
    header.setBorderBottom(BorderStyle.THIN);
    header.setWrapText(true);
    header.setVerticalAlignment(VerticalAlignment.TOP);
    s.put("header", header);
    s.put("text", style(wb, font(wb, 11, false, null), null, null));
    s.put("note", style(wb, font(wb, 10, false, grey), null, null));
    s.put("integer", style(wb, font(wb, 11, false, null), null, "#,##0"));
    s.put("decimal", style(wb, font(wb, 11, false, null), null, "#,##0.0"));
    s.put("decimal2", style(wb, font(wb, 11, false, null), null, "0.00"));
    s.put("decimal3", style(wb, font(wb, 11, false, null), null, "0.000"));
    s.put("percent", style(wb, font(wb, 11, false, null), null, "0%"));
    s.put("money", style(wb, font(wb, 11, false, null), null, "#,##0"));
    CellStyle in = style(wb, font(wb, 11, true, null), input, "#,##0.00");
    in.setBorderBottom(BorderStyle.THIN);
    in.setBorderTop(BorderStyle.THIN);
    in.setBorderLeft(BorderStyle.THIN);
    in.setBorderRight(BorderStyle.THIN);
    in.setLocked(false);
    s.put("input", in);
    s.put("result", style(wb, font(wb, 11, true, accent), null, "#,##0.00"));
    CellStyle headline = style(wb, font(wb, 13, false, null), pale, null);
    headline.setWrapText(true);
    headline.setVerticalAlignment(VerticalAlignment.TOP);
    s.put("headline", headline);
    s.put("figure", style(wb, font(wb, 14, true, accent), null, null));

    Row h = styles.createRow(0);
    h.createCell(0).setCellValue("style");
    h.createCell(1).setCellValue("sample: change font, colour, fill, border or number format here; bottomup uses these");
    int r = 1;
    for (String name : STYLE_NAMES) {
      Row row = styles.createRow(r++);
      row.createCell(0).setCellValue(name);
      Cell sample = row.createCell(1);
      if (name.matches("title|subtitle|header|text|note|headline|figure")) {
        sample.setCellValue("Sample text");
      } else {
        sample.setCellValue(1234.5678);
      }
      sample.setCellStyle(s.get(name));
    }
    Row t = styles.createRow(r);
    t.createCell(0).setCellValue(TABLE_STYLE);
    t.createCell(1).setCellValue("TableStyleMedium2");
    styles.setColumnWidth(0, 16 * 256);
    styles.setColumnWidth(1, 60 * 256);

    // The cover: logo, title, organisation, the run line.
    byte[] logo = logo();
    int picture = wb.addPicture(logo, Workbook.PICTURE_TYPE_PNG);
    XSSFDrawing drawing = summary.createDrawingPatriarch();
    XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, 0, 0, 1, 3);
    anchor.setAnchorType(org.apache.poi.ss.usermodel.ClientAnchor.AnchorType.MOVE_DONT_RESIZE);
    drawing.createPicture(anchor, picture).resize(1.0);
    for (int i = 0; i < 3; i++) {
      summary.createRow(i).setHeightInPoints(17);
    }
    cover(summary, 4, "${title}", s.get("title"));
    cover(summary, 5, "${organisation}", s.get("subtitle"));
    cover(summary, 6, "Run date ${runDate} · twelve months ${period} · money in ${currency} · groups smaller than "
        + "${minGroupSize} people are suppressed", s.get("note"));
    summary.setColumnWidth(0, 40 * 256);
    summary.setColumnWidth(1, 18 * 256);
    summary.setColumnWidth(2, 80 * 256);
    return wb;
  }

  private static void cover(Sheet sheet, int row, String text, CellStyle style) {
    Cell c = sheet.createRow(row).createCell(0);
    c.setCellValue(text);
    c.setCellStyle(style);
  }

  private static XSSFFont font(XSSFWorkbook wb, int points, boolean bold, XSSFColor colour) {
    XSSFFont f = wb.createFont();
    f.setFontName("Calibri");
    f.setFontHeightInPoints((short) points);
    f.setBold(bold);
    if (colour != null) {
      f.setColor(colour);
    }
    return f;
  }

  private static CellStyle style(XSSFWorkbook wb, XSSFFont font, XSSFColor fill, String format) {
    org.apache.poi.xssf.usermodel.XSSFCellStyle st = wb.createCellStyle();
    st.setFont(font);
    if (fill != null) {
      st.setFillForegroundColor(fill);
      st.setFillPattern(FillPatternType.SOLID_FOREGROUND);
    }
    if (format != null) {
      st.setDataFormat(wb.createDataFormat().getFormat(format));
    }
    return st;
  }

  /** A small wordmark: a blue tile with "bu" and the word bottomup. */
  static byte[] logo() throws IOException {
    BufferedImage img = new BufferedImage(240, 60, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(new Color(0x00, 0x72, 0xB2));
    g.fillRoundRect(4, 4, 52, 52, 14, 14);
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 26));
    g.drawString("bu", 13, 40);
    g.setColor(new Color(0x1D, 0x24, 0x30));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 30));
    g.drawString("bottomup", 66, 41);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** Writes the default template: {@code java -cp "target/dist/lib/*" io.bottomup.report.WorkbookTemplate templates/learning-culture-workbook.xlsx}. */
  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Path target = Path.of(args.length > 0 ? args[0] : HtmlReport.TEMPLATES_DIR + "/" + FILE_NAME);
    try (XSSFWorkbook wb = create(); OutputStream out = Files.newOutputStream(target)) {
      wb.write(out);
    }
    System.out.println("wrote " + target);
  }
}
