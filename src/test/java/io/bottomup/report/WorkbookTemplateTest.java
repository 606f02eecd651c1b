package io.bottomup.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.BottomupException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkbookTemplateTest {
  @Test
  void theCommittedTemplateHasTheCoverPlaceholdersAndEveryNamedStyle() throws Exception {
    try (XSSFWorkbook wb = WorkbookTemplate.open("templates/" + WorkbookTemplate.FILE_NAME)) {
      Map<String, CellStyle> styles = WorkbookTemplate.styles(wb);
      for (String name : WorkbookTemplate.STYLE_NAMES) {
        assertTrue(styles.containsKey(name), "style " + name);
      }
      assertEquals("TableStyleMedium2", WorkbookTemplate.tableStyle(wb));
      assertEquals("${title}", wb.getSheet("Summary").getRow(4).getCell(0).getStringCellValue());
      assertEquals(1, wb.getSheet("Summary").getDrawingPatriarch().getShapes().size(), "the logo");
      assertTrue(styles.get("input").getFillForegroundColorColor() != null, "input cells are highlighted");
    }
  }

  @Test
  void aConfiguredTemplateThatDoesNotExistIsRefusedNamingTheKey(@TempDir Path dir) {
    BottomupException e = assertThrows(BottomupException.class,
        () -> WorkbookTemplate.open(dir.resolve("nope.xlsx").toString()));
    assertEquals(BottomupException.EXIT_REFUSED, e.exitCode());
    assertTrue(e.getMessage().contains("report.workbook_template"), e.getMessage());
  }
}
