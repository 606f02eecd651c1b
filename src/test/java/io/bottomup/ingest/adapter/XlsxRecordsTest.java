package io.bottomup.ingest.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bottomup.config.JobConfig;
import io.bottomup.ingest.LandingRecord;
import io.bottomup.schema.Entity;
import io.bottomup.schema.EntitySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class XlsxRecordsTest {
  /**
   * Rows 2–5 under the header: a review; a row with a value only in a column the appraisals do not
   * read (a record missing its fields, not a blank row: it must reach quarantine); a row of empty cells;
   * a row whose only cell is a formula in that unread column.
   */
  @Test
  void aRowWithValuesOnlyInUnknownColumnsIsARecordAndABlankRowIsNot() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet s = wb.createSheet("Reviews");
      String[][] rows = {{"employee_id", "cycle", "review_date", "manager_rating", "notes"},
          {"E1", "2025-H2", "2025-12-15", "4", ""}, {"", "", "", "", "see the paper file"}, {"", "", "", "", " "}};
      for (int r = 0; r < rows.length; r++) {
        Row row = s.createRow(r);
        for (int c = 0; c < rows[r].length; c++) {
          row.createCell(c).setCellValue(rows[r][c]);
        }
      }
      s.createRow(4).createCell(4).setCellFormula("1+1"); // a computed column filled down an empty row
      wb.write(bytes);
    }
    EntitySpec spec = EntitySpec.of(Entity.APPRAISALS, JobConfig.defaults());
    Adapted a = XlsxRecords.read(new ByteArrayInputStream(bytes.toByteArray()), "appraisals/r.xlsx", spec, null, Map.of());
    List<LandingRecord> records = a.records();
    assertEquals(2, records.size(), "the blank row and the row with only a formula in an unread column are not records");
    assertEquals(2, records.get(0).line());
    assertEquals("Reviews!2: employee_id=E1 cycle=2025-H2 review_date=2025-12-15 manager_rating=4", records.get(0).raw());
    assertEquals(3, records.get(1).line());
    assertEquals("Reviews!3: notes=see the paper file", records.get(1).raw());
    assertNull(records.get(1).values()[spec.fieldNames().indexOf("employee_id")], "missing: the validator makes it missing_field");
  }

  /**
   * A workbook written by a script holds formulas without their results (POI writes no value, openpyxl an
   * empty one): they are computed, never read as 0. A formula that cannot be computed, or an error, makes
   * the record bad_value naming the field; a formula in an unread column is not computed at all.
   */
  @Test
  void aFormulaSavedWithoutItsResultIsComputed() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet s = wb.createSheet("Reviews");
      String[] header = {"employee_id", "cycle", "review_date", "manager_rating", "notes"};
      Row h = s.createRow(0);
      for (int c = 0; c < header.length; c++) {
        h.createCell(c).setCellValue(header[c]);
      }
      String[] ratings = {"2+2", "[1]Other!A1*2", "1/0", "3+2"};
      for (int r = 1; r <= ratings.length; r++) {
        Row row = s.createRow(r);
        row.createCell(0).setCellValue("E" + r);
        row.createCell(1).setCellValue("2025-H2");
        row.createCell(2).setCellValue("2025-12-15");
        row.createCell(3).setCellFormula(ratings[r - 1]);
        // Each row's notes refer to a later row's (a chain of formulas): a column the appraisals do not read.
        row.createCell(4).setCellFormula("E" + (r + 2) + "+1");
      }
      // openpyxl's way: the formula with an empty value element.
      ((org.apache.poi.xssf.usermodel.XSSFCell) s.getRow(4).getCell(3)).getCTCell().setV("");
      // A row without its employee: missing_field comes before the bad value (INPUTS.md's order), so the
      // row is left to the validator, which finds the field missing.
      Row unnamed = s.createRow(5);
      unnamed.createCell(1).setCellValue("2025-H2");
      unnamed.createCell(2).setCellValue("2025-12-15");
      unnamed.createCell(3).setCellFormula("1/0");
      wb.write(bytes);
    }
    EntitySpec spec = EntitySpec.of(Entity.APPRAISALS, JobConfig.defaults());
    List<LandingRecord> records = XlsxRecords.read(new ByteArrayInputStream(bytes.toByteArray()), "appraisals/r.xlsx", spec,
        null, Map.of()).records();
    int rating = spec.fieldNames().indexOf("manager_rating");
    assertEquals(5, records.size());
    assertEquals("4", records.get(0).values()[rating]);
    assertNull(records.get(0).malformed());
    assertEquals("Reviews!2: employee_id=E1 cycle=2025-H2 review_date=2025-12-15 manager_rating=4", records.get(0).raw(),
        "the notes' formula is in a column the appraisals do not read: not computed, not shown");
    assertEquals(LandingRecord.REJECTED_MARK + "bad_value" + LandingRecord.REJECTED_MARK
        + "manager_rating is a formula saved without its result, which cannot be computed here: =[1]Other!A1*2",
        records.get(1).malformed());
    assertEquals(LandingRecord.REJECTED_MARK + "bad_value" + LandingRecord.REJECTED_MARK
        + "manager_rating holds the spreadsheet error #DIV/0! (=1/0)", records.get(2).malformed());
    assertEquals("5", records.get(3).values()[rating], "an empty value element is no result either");
    assertNull(records.get(4).malformed(), "not rejected as a bad value: its employee_id is missing");
    assertNull(records.get(4).values()[spec.fieldNames().indexOf("employee_id")]);
    assertEquals("#DIV/0!", records.get(4).values()[rating]);
  }

  /**
   * Review dates held as Excel dates that also carry 09:00 (filled with NOW(), say): a cell formatted to
   * show the date alone is that day; one whose format shows the time keeps it (and the validator, for a
   * date field, says so).
   */
  @Test
  void aDateCellIsTheDayItShowsUnlessItsFormatShowsTheTime() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet s = wb.createSheet("Reviews");
      String[] header = {"employee_id", "cycle", "review_date", "manager_rating"};
      Row h = s.createRow(0);
      for (int c = 0; c < header.length; c++) {
        h.createCell(c).setCellValue(header[c]);
      }
      String[] formats = {"dd/mm/yyyy", "[$-409]d-mmm-yy;@", "yyyy-mm-dd hh:mm"};
      for (int r = 1; r <= formats.length; r++) {
        Row row = s.createRow(r);
        row.createCell(0).setCellValue("E" + r);
        row.createCell(1).setCellValue("2025-H2");
        org.apache.poi.ss.usermodel.CellStyle style = wb.createCellStyle();
        style.setDataFormat(wb.createDataFormat().getFormat(formats[r - 1]));
        org.apache.poi.ss.usermodel.Cell date = row.createCell(2);
        date.setCellValue(java.time.LocalDateTime.of(2025, 1, 5, 9, 0));
        date.setCellStyle(style);
        row.createCell(3).setCellValue(4);
      }
      wb.write(bytes);
    }
    EntitySpec spec = EntitySpec.of(Entity.APPRAISALS, JobConfig.defaults());
    List<LandingRecord> records = XlsxRecords.read(new ByteArrayInputStream(bytes.toByteArray()), "appraisals/r.xlsx", spec,
        null, Map.of()).records();
    int date = spec.fieldNames().indexOf("review_date");
    assertEquals(List.of("2025-01-05", "2025-01-05", "2025-01-05T09:00Z"),
        records.stream().map(r -> r.values()[date]).toList());
  }

  @Test
  void aFormatShowsTimeWhenItHasHoursOrSecondsOutsideQuotesAndColours() {
    assertEquals(List.of(true, true, true, false, false, false, false),
        java.util.stream.Stream.of("m/d/yy h:mm", "[h]:mm:ss", "yyyy-mm-dd hh:mm", "dd/mm/yyyy", "[Red]yyyy-mm-dd",
            "\"shift of\" yyyy-mm-dd", "[$-409]d-mmm-yy;@").map(XlsxRecords::showsTime).toList());
  }
}
