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
      wb.write(bytes);
    }
    EntitySpec spec = EntitySpec.of(Entity.APPRAISALS, JobConfig.defaults());
    List<LandingRecord> records = XlsxRecords.read(new ByteArrayInputStream(bytes.toByteArray()), "appraisals/r.xlsx", spec,
        null, Map.of()).records();
    int rating = spec.fieldNames().indexOf("manager_rating");
    assertEquals(4, records.size());
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
  }
}
