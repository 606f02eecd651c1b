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

  /** A workbook written by a script holds formulas without their results: they are computed, never read as 0. */
  @Test
  void aFormulaSavedWithoutItsResultIsComputed() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet s = wb.createSheet("Reviews");
      String[] header = {"employee_id", "cycle", "review_date", "manager_rating"};
      Row h = s.createRow(0);
      for (int c = 0; c < header.length; c++) {
        h.createCell(c).setCellValue(header[c]);
      }
      for (int r = 1; r <= 2; r++) {
        Row row = s.createRow(r);
        row.createCell(0).setCellValue("E" + r);
        row.createCell(1).setCellValue("2025-H2");
        row.createCell(2).setCellValue("2025-12-15");
        row.createCell(3).setCellFormula(r == 1 ? "2+2" : "[1]Other!A1*2");
      }
      wb.write(bytes);
    }
    EntitySpec spec = EntitySpec.of(Entity.APPRAISALS, JobConfig.defaults());
    List<LandingRecord> records = XlsxRecords.read(new ByteArrayInputStream(bytes.toByteArray()), "appraisals/r.xlsx", spec,
        null, Map.of()).records();
    int rating = spec.fieldNames().indexOf("manager_rating");
    assertEquals("4", records.get(0).values()[rating]);
    assertEquals("Reviews!2: employee_id=E1 cycle=2025-H2 review_date=2025-12-15 manager_rating=4", records.get(0).raw());
    String unknown = records.get(1).values()[rating];
    org.junit.jupiter.api.Assertions.assertTrue(unknown.startsWith("=[1]Other!A1*2 (a formula saved without its result"), unknown);
  }
}
