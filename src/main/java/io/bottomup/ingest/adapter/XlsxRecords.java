package io.bottomup.ingest.adapter;

import io.bottomup.BottomupException;
import io.bottomup.schema.EntitySpec;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * An Excel workbook of records (SOURCES.md, {@code format: xlsx}), read with POI: the first sheet or
 * the configured one, a header row with the canonical column names (or mapped ones), one record per
 * row below it. A date cell becomes an ISO date (with its time when it has one); a number cell its
 * plain decimal text; text stays text; a formula its cached result, or, when the workbook holds none
 * (one written by a script: Excel computes formulas when it opens a file), its result as POI computes
 * it. A field holding a spreadsheet error ({@code #DIV/0!}) or a formula POI cannot compute makes the
 * record {@code bad_value}, naming the field (never a 0 or an empty value in its place); formulas in
 * columns the entity does not read are not computed. Blank rows are not records; a row
 * with values only in columns the entity does not read is one (missing its fields). A record's
 * position is {@code sheet!row}: {@code line} is the row number and the raw text is {@code Sheet!row:}
 * followed by the row's non-empty cells as {@code header=value}.
 */
public final class XlsxRecords {
  private XlsxRecords() {}

  public static Adapted read(InputStream in, String file, EntitySpec spec, String sheetName, Map<String, String> columns)
      throws IOException {
    Adapted out = new Adapted(spec);
    Workbook wb;
    try {
      wb = new XSSFWorkbook(in);
    } catch (IOException | RuntimeException e) {
      throw BottomupException.refused("file " + file + " is not a readable .xlsx workbook: " + e.getMessage());
    }
    try (wb) {
      Sheet sheet = sheetName == null ? wb.getSheetAt(0) : wb.getSheet(sheetName);
      if (sheet == null) {
        throw BottomupException.refused("file " + file + " has no sheet '" + sheetName + "'");
      }
      Row header = sheet.getRow(sheet.getFirstRowNum());
      if (header == null) {
        throw BottomupException.refused("file " + file + " sheet " + sheet.getSheetName() + " is empty: it needs a header row");
      }
      org.apache.poi.ss.usermodel.FormulaEvaluator evaluator = wb.getCreationHelper().createFormulaEvaluator();
      List<String> names = new ArrayList<>();
      for (Cell c : header) {
        while (names.size() < c.getColumnIndex()) {
          names.add("");
        }
        names.add(text(c));
      }
      int[] at = io.bottomup.ingest.MappedColumns.fieldColumns("file " + file + " sheet " + sheet.getSheetName() + " row "
          + (header.getRowNum() + 1), names, spec.fieldNames(), spec.requiredFieldNames(), columns,
          names.stream().map(n -> n.strip().toLowerCase(Locale.ROOT)).filter(n -> !n.isEmpty()).distinct().toList(), null);
      Map<String, Integer> fieldColumn = new LinkedHashMap<>();
      for (int i = 0; i < at.length; i++) {
        if (at[i] >= 0) {
          fieldColumn.put(spec.fieldNames().get(i), at[i]);
        }
      }
      for (int r = header.getRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
        Row row = sheet.getRow(r);
        if (row == null) {
          continue;
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<Integer, String> read = new HashMap<>();
        String fault = null;
        for (Map.Entry<String, Integer> e : fieldColumn.entrySet()) {
          Cell c = row.getCell(e.getValue());
          Value v = c == null ? new Value(null, null) : value(c, evaluator);
          values.put(e.getKey(), v.text());
          read.put(e.getValue(), v.text());
          if (fault == null && v.fault() != null) {
            fault = e.getKey() + " " + v.fault();
          }
        }
        // A row is a record when any of its cells holds a value, a column the entity does not read
        // included: such a row is missing its fields, not blank. The raw text is the whole row, by header.
        StringBuilder raw = new StringBuilder(sheet.getSheetName() + "!" + (r + 1) + ":");
        boolean any = false;
        for (Cell c : row) {
          boolean field = read.containsKey(c.getColumnIndex());
          // A formula in a column the entity does not read (a template's computed column filled down
          // empty rows) does not make a row a record, and is not computed; a value typed anywhere does.
          if (!field && c.getCellType() == CellType.FORMULA) {
            continue;
          }
          String v = field ? read.get(c.getColumnIndex()) : text(c);
          if (io.bottomup.ingest.LandingRecord.clean(v) != null) {
            any = true;
            Cell name = header.getCell(c.getColumnIndex());
            raw.append(' ').append(name == null || text(name).isBlank() ? c.getAddress().formatAsString() : text(name).strip())
                .append('=').append(v);
          }
        }
        // A missing required field comes before a bad value (INPUTS.md's order of reasons): such a row is
        // read as it is and the validator finds the field missing.
        boolean complete = spec.requiredFieldNames().stream()
            .allMatch(f -> io.bottomup.ingest.LandingRecord.clean(values.get(f)) != null);
        if (fault != null && complete) {
          out.reject(file, r + 1, raw.toString(), io.bottomup.ingest.Reason.BAD_VALUE, fault, values);
        } else if (any) {
          out.add(file, r + 1, raw.toString(), values);
        }
      }
    }
    return out;
  }

  /** A cell's text, and what is wrong with it when it holds no value a field can take (else null). */
  record Value(String text, String fault) {}

  /**
   * As {@link #text}, computing a formula saved without its result, and saying what is wrong with a
   * spreadsheet error (a saved {@code #DIV/0!} or one computed now) or a formula that cannot be computed.
   */
  static Value value(Cell c, org.apache.poi.ss.usermodel.FormulaEvaluator evaluator) {
    boolean formula = c.getCellType() == CellType.FORMULA;
    CellType type = formula ? c.getCachedFormulaResultType() : c.getCellType();
    boolean saved = !formula || !(c instanceof org.apache.poi.xssf.usermodel.XSSFCell x)
        // openpyxl writes <v/>: an empty value is no result either
        || x.getCTCell().isSetV() && !x.getCTCell().getV().isEmpty();
    if (saved) {
      return type == CellType.ERROR ? error(c, c.getErrorCellValue()) : new Value(text(c), null);
    }
    org.apache.poi.ss.usermodel.CellValue v;
    try {
      v = evaluator.evaluate(c);
    } catch (RuntimeException | StackOverflowError e) { // a chain of formulas deeper than the stack, too
      return new Value("=" + c.getCellFormula(), "is a formula saved without its result, which cannot be computed here: ="
          + c.getCellFormula());
    }
    return switch (v.getCellType()) {
      case STRING -> new Value(v.getStringValue(), null);
      case BOOLEAN -> new Value(String.valueOf(v.getBooleanValue()), null);
      case NUMERIC -> new Value(number(c, v.getNumberValue()), null);
      case ERROR -> error(c, v.getErrorValue());
      default -> new Value("", null);
    };
  }

  private static Value error(Cell c, int code) {
    String error = org.apache.poi.ss.usermodel.FormulaError.forInt(code).getString();
    String formula = c.getCellType() == CellType.FORMULA ? " (=" + c.getCellFormula() + ")" : "";
    return new Value(error, "holds the spreadsheet error " + error + formula);
  }

  /**
   * A number as the validator reads it: in a date-formatted cell an ISO date, with its time when it has
   * one and the cell's format shows times (a cell shown as 05/01/2025 is that day, whatever fraction of
   * it the value also holds, as when it was filled with NOW()).
   */
  private static String number(Cell c, double n) {
    if (DateUtil.isCellDateFormatted(c)) {
      boolean date1904 = c.getSheet().getWorkbook() instanceof XSSFWorkbook w && w.isDate1904();
      LocalDateTime t = DateUtil.getLocalDateTime(n, date1904);
      return t.toLocalTime().toSecondOfDay() == 0 || !showsTime(c.getCellStyle().getDataFormatString())
          ? t.toLocalDate().toString() : t + "Z";
    }
    return BigDecimal.valueOf(n).stripTrailingZeros().toPlainString();
  }

  /** Whether a number format shows hours or seconds (quoted text, escapes and [colour] or [$-locale] parts aside). */
  static boolean showsTime(String format) {
    if (format == null) {
      return true;
    }
    String code = format.replaceAll("\"[^\"]*\"", "").replaceAll("\\\\.", "").replaceAll("\\[(?![hHmMsS]+\\])[^\\]]*\\]", "");
    return code.toLowerCase(java.util.Locale.ROOT).matches("(?s).*[hs].*");
  }

  /** A cell's value as the canonical text the validator reads. */
  static String text(Cell c) {
    CellType type = c.getCellType() == CellType.FORMULA ? c.getCachedFormulaResultType() : c.getCellType();
    return switch (type) {
      case STRING -> c.getStringCellValue();
      case BOOLEAN -> String.valueOf(c.getBooleanCellValue());
      case NUMERIC -> number(c, c.getNumericCellValue());
      default -> "";
    };
  }
}
