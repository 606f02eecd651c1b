package io.bottomup.ingest;

import static io.bottomup.TestFiles.write;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.BottomupException;
import io.bottomup.SparkTest;
import io.bottomup.cli.Main;
import io.bottomup.config.JobConfig;
import io.bottomup.schema.Columns;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HRIS export with its own headers, date pattern and spellings, an LMS export likewise, and an
 * Excel appraisal workbook with real date cells and Yes/No text land in exactly the staging rows
 * that the same people, courses and reviews give as canonical files; so does a workbook with the
 * canonical headers in the canonical appraisals folder.
 */
class MappedSourcesTest extends SparkTest {
  @TempDir Path dir;

  private static final String COLLABORATION = "event_id,source,occurred_at,actor,action\ne1,wiki,2026-03-01T10:00:00Z,ann@example.org,edit";

  private Path canonical() throws IOException {
    return canonical(dir.resolve("canonical"));
  }

  private Path canonical(Path in) throws IOException {
    write(in.resolve("directory/employees.csv"),
        "employee_id,email,display_name,department,team,manager_id,job_level,location,hire_date,termination_date,hourly_cost",
        "E1,ann@example.org,Ann,Engineering,Core,,5,Oslo,2020-02-03,,80",
        "E2,bob@example.org,Bob,Sales,,E1,3,,2021-11-30,2026-01-31,");
    write(in.resolve("collaboration/events.csv"), COLLABORATION.split("\n"));
    write(in.resolve("appraisals/appraisals.csv"),
        "employee_id,cycle,review_date,manager_rating,self_rating,goals_met_pct,promoted,competency_gaps",
        "E1,2025-H2,2025-12-15,4,4.5,90,true,1",
        "E2,2025-H2,2025-12-16,3,4,70,false,");
    write(in.resolve("training/training.csv"),
        "record_id,learner,course_id,course_title,modality,enrolled_at,completed_at,status,hours,cost,score",
        "T1,E1,C1,SQL,virtual,2026-01-05,2026-01-20,completed,6,300,88",
        "T2,bob@example.org,C2,Negotiation,classroom,2026-02-01,,in_progress,4,1500,");
    return in;
  }

  private Path mapped() throws IOException {
    Path in = dir.resolve("mapped");
    write(in.resolve("hris/export.csv"),
        "Personnel No,Work e-mail,Full name,Org unit,Grade,Office,Start date,Leaver date,Line manager,Cost per hour,Team",
        "E1,ann@example.org,Ann,ENG,5,Oslo,03/02/2020,,,80,Core",
        "E2,bob@example.org,Bob,SLS,3,,30/11/2021,31/01/2026,E1,,");
    write(in.resolve("collaboration/events.csv"), COLLABORATION.split("\n"));
    // A European LMS export: fields separated by semicolons, decimal commas, a thousands separator.
    write(in.resolve("lms/records.csv"),
        "Enrolment;Learner;Course;Title;Type;Enrolled;Completed;State;Duration (h);Price;Result",
        "T1;E1;C1;SQL;virtual;05/01/2026;20/01/2026;Complete;6,0;300,00;88",
        "T2;L2;C2;Negotiation;classroom;01/02/2026;;In progress;4;1.500;");
    // Bob is L2 in the LMS, whose system the configuration spells LMS: systems are compared in lower case.
    write(in.resolve("identities/identities.csv"), "employee_id,system,external_id", "E2,lms,L2");
    Files.createDirectories(in.resolve("reviews"));
    try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(in.resolve("reviews/2025-H2.xlsx"))) {
      wb.createSheet("Notes").createRow(0).createCell(0).setCellValue("not this sheet");
      sheet(wb, "Reviews", "dd.mm.yyyy",
          new String[] {"Employee", "Cycle", "Reviewed on", "Manager score", "Self score", "Goals %", "Promoted?", "Gaps"},
          new Object[][] {{"E1", "2025-H2", LocalDate.of(2025, 12, 15), 4.0, "4.5", 90.0, "Yes", 1.0},
              {"E2", "2025-H2", LocalDate.of(2025, 12, 16), 3.0, 4.0, 70.0, "No", null}});
      wb.write(out);
    }
    return in;
  }

  /** A sheet with a header row and rows below it: dates as date cells in {@code datePattern}, numbers as numbers. */
  private static void sheet(XSSFWorkbook wb, String name, String datePattern, String[] header, Object[][] rows) {
    Sheet s = wb.createSheet(name);
    CellStyle date = wb.createCellStyle();
    date.setDataFormat(wb.createDataFormat().getFormat(datePattern));
    Row h = s.createRow(0);
    for (int i = 0; i < header.length; i++) {
      h.createCell(i).setCellValue(header[i]);
    }
    for (int r = 0; r < rows.length; r++) {
      Row row = s.createRow(r + 1);
      for (int c = 0; c < rows[r].length; c++) {
        Object v = rows[r][c];
        if (v instanceof LocalDate d) {
          row.createCell(c).setCellValue(d);
          row.getCell(c).setCellStyle(date);
        } else if (v instanceof Double d) {
          row.createCell(c).setCellValue(d);
        } else if (v != null) {
          row.createCell(c).setCellValue((String) v);
        }
      }
    }
  }

  static final String CONFIG = """
      sources:
        - name: hris
          entity: directory
          format: csv
          path: hris/export.csv
          options:
            columns: {employee_id: Personnel No, email: Work e-mail, display_name: Full name, department: Org unit,
                      job_level: Grade, location: Office, hire_date: Start date, termination_date: Leaver date,
                      manager_id: Line manager, hourly_cost: Cost per hour}
            values: {department: {ENG: Engineering, SLS: Sales}}
            date_format: dd/MM/yyyy
        - name: lms
          entity: training
          format: csv
          path: lms
          system: LMS
          options:
            columns: {record_id: Enrolment, learner: Learner, course_id: Course, course_title: Title, modality: Type,
                      enrolled_at: Enrolled, completed_at: Completed, status: State, hours: Duration (h), cost: Price,
                      score: Result}
            values: {status: {Complete: completed, In progress: in_progress}}
            date_format: dd/MM/yyyy
            delimiter: ";"
            decimal_separator: ","
        - name: reviews
          entity: appraisals
          format: xlsx
          path: reviews
          options:
            sheet: Reviews
            columns: {employee_id: Employee, review_date: Reviewed on, manager_rating: Manager score, self_rating: Self score,
                      goals_met_pct: Goals %, promoted: "Promoted?", competency_gaps: Gaps}
      """;

  private Path ingest(Path in, String config, String name) throws IOException {
    Path out = dir.resolve("out-" + name);
    List<String> args = new java.util.ArrayList<>(List.of("ingest", "--input", in.toString(), "--out", out.toString(),
        "--run-date", "2026-03-31"));
    if (config != null) {
      args.addAll(List.of("--config", Files.writeString(dir.resolve(name + ".yaml"), config).toString()));
    }
    int exit = Main.run(Map.of("BOTTOMUP_PSEUDONYM_KEY", "mapped-test"), args.toArray(String[]::new));
    if (exit != 0) {
      StringBuilder why = new StringBuilder();
      try (java.util.stream.Stream<Path> runs = Files.list(out.resolve("_runs"))) {
        for (Path manifest : runs.filter(p -> p.toString().endsWith(".json")).toList()) {
          why.append(Files.readString(manifest)).append('\n');
        }
      }
      org.junit.jupiter.api.Assertions.fail("ingest of " + name + " exited " + exit + ":\n" + why);
    }
    return out;
  }

  private List<String> staged(Path out, String entity) {
    return spark.read().parquet(out.resolve("staging/stg_" + entity).toString()).drop("_file", "_line")
        .collectAsList().stream().map(Object::toString).sorted().toList();
  }

  @Test
  void mappedExportsLandInTheSameStagingRowsAsCanonicalFiles() throws IOException {
    Path canonicalOut = ingest(canonical(), null, "canonical");
    Path mappedOut = ingest(mapped(), CONFIG, "mapped");
    for (String entity : List.of("directory", "appraisals", "training")) {
      List<String> expected = staged(canonicalOut, entity);
      assertEquals(2, expected.size(), entity);
      assertEquals(expected, staged(mappedOut, entity), entity + ": the same rows whatever the format");
    }
    Path workbookOut = ingest(canonicalWithWorkbook(), null, "workbook");
    assertEquals(staged(canonicalOut, "appraisals"), staged(workbookOut, "appraisals"),
        "a workbook with the canonical headers in appraisals/ needs no configuration");
    String promoted = staged(mappedOut, "appraisals").toString();
    assertTrue(promoted.contains("true") && promoted.contains("false"), "Yes and No are booleans: " + promoted);
  }

  /** A date that fits neither the source's date_format nor ISO is quarantined naming both (the export never used ISO). */
  @Test
  void aDateThatFitsNoPatternIsQuarantinedNamingTheSourcesPattern() throws IOException {
    Path in = mapped();
    write(in.resolve("hris/export.csv"),
        "Personnel No,Work e-mail,Full name,Org unit,Grade,Office,Start date,Leaver date,Line manager,Cost per hour,Team",
        "E1,ann@example.org,Ann,ENG,5,Oslo,03/02/2020,,,80,Core",
        "E2,bob@example.org,Bob,SLS,3,,30/11/2021,31/01/2026,E1,,",
        "E3,cy@example.org,Cy,SLS,3,,31.12.2020,,E1,,");
    Path out = ingest(in, CONFIG + "quality_gate: {max_quarantined_share: 1.0}\n", "bad-date");
    List<org.apache.spark.sql.Row> quarantined = spark.read().parquet(out.resolve("quarantine/directory").toString())
        .select("line", "reason", "detail").collectAsList();
    assertEquals("[[4,bad_value,hire_date '31.12.2020' is not an ISO date YYYY-MM-DD, nor a date of this source's date_format "
        + "dd/MM/yyyy]]", quarantined.toString());
    assertEquals(2, staged(out, "directory").size(), "the two good rows are staged");
  }

  /** The canonical folder with its appraisals as an Excel workbook (INPUTS.md: appraisals/ *.csv, .xlsx too). */
  private Path canonicalWithWorkbook() throws IOException {
    Path in = canonical(dir.resolve("workbook"));
    Files.delete(in.resolve("appraisals/appraisals.csv"));
    try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(in.resolve("appraisals/appraisals.xlsx"))) {
      sheet(wb, "Appraisals", "yyyy-mm-dd", new String[] {"employee_id", "cycle", "review_date", "manager_rating", "self_rating",
              "goals_met_pct", "promoted", "competency_gaps"},
          new Object[][] {{"E1", "2025-H2", LocalDate.of(2025, 12, 15), 4.0, 4.5, 90.0, "true", 1.0},
              {"E2", "2025-H2", LocalDate.of(2025, 12, 16), 3.0, 4.0, 70.0, "false", null}});
      wb.write(out);
    }
    return in;
  }

  @Test
  void aMappingToAnUnknownFieldIsRefusedNamingTheKey() throws IOException {
    Path in = mapped();
    assertRefused(in, CONFIG.replace("display_name: Full name", "nickname: Full name"), 0,
        "'sources.hris.options.columns.nickname' is not a field of directory");
    assertRefused(in, CONFIG.replace("delimiter: \";\"", "delimiter: \";;\""), 1,
        "'sources.lms.options.delimiter' must be one character");
    assertRefused(in, CONFIG.replace("\n      delimiter: \";\"", ""), 1,
        "'sources.lms.options.decimal_separator' cannot be \",\" while fields are separated by");
    // A workbook's numeric cells are numbers already: a decimal separator would rewrite 12.125 as 12125.
    assertRefused(in, CONFIG.replace("sheet: Reviews", "sheet: Reviews\n      decimal_separator: \",\""), 2,
        "'sources.reviews.options.decimal_separator' is not an option of format xlsx");

    // Found by a review: each of these ran and lost data silently, or failed half way with exit 1.
    assertRefused(in, CONFIG.replace("values: {department: {ENG: Engineering,", "values: {department: {01: Engineering,"), 0,
        "'sources.hris.options.values.department' has a key that YAML reads as the number 1, not as text");
    assertRefused(in, CONFIG.replace("values: {department: {ENG: Engineering,", "values: {department: {NO: Norway,"), 0,
        "YAML reads as the boolean false");
    assertRefused(in, CONFIG.replace("location: Office", "location: No"), 0,
        "'sources.hris.options.columns.location' is read by YAML as the boolean false, not as a column name");
    assertRefused(in, CONFIG.replace("date_format: dd/MM/yyyy\n  - name: lms", "date_format: dd/MM/YYYY\n  - name: lms"), 0,
        "'sources.hris.options.date_format' uses the letter Y (week-based year; the calendar year is y)");
  }

  /**
   * A forum's or a chat tool's export names no system of its own: its records take the source's configured
   * one, the namespace its ids live in (SOURCES.md), in lower case as every system; a record that names
   * its source keeps it. A JSON Lines export's keys are mapped as a CSV export's columns are. Found by a
   * review: the records were all quarantined as missing_field, and a JSON Lines column map was ignored.
   */
  @Test
  void aCollaborationExportWithoutASourceColumnTakesTheConfiguredSystem() throws IOException {
    Path in = dir.resolve("exports");
    write(in.resolve("forum/posts.csv"), "PostID,Author,Created,Type",
        "p1,U7,2026-03-01T10:00:00Z,question", "p2,U8,2026-03-01T11:00:00Z,answer");
    write(in.resolve("chat/events.jsonl"),
        "{\"Id\":\"m1\",\"occurred_at\":\"2026-03-02T09:00:00Z\",\"actor\":\"U9\",\"action\":\"post\"}",
        "{\"Id\":\"m2\",\"source\":\"slack\",\"occurred_at\":\"2026-03-02T09:05:00Z\",\"actor\":\"U9\",\"action\":\"post\"}",
        "{\"Id\":\"m3\",\"source\":\" \",\"occurred_at\":\"2026-03-02T09:06:00Z\",\"actor\":\"U9\",\"action\":\"post\"}");
    JobConfig c = JobConfig.load(Files.writeString(dir.resolve("exports.yaml"), """
        sources:
          - {name: forum, entity: collaboration, format: csv, path: forum, system: Forum,
             options: {columns: {event_id: PostID, actor: Author, occurred_at: Created, action: Type}}}
          - {name: chat, entity: collaboration, format: jsonl, path: chat, system: teams, options: {columns: {event_id: id}}}
        """));
    List<String> read = new java.util.ArrayList<>();
    for (io.bottomup.config.SourceConfig source : c.sources()) {
      io.bottomup.schema.EntitySpec spec = io.bottomup.schema.EntitySpec.of(source.entity(), c);
      Validator.validate(new SourceReader(spark, new org.apache.hadoop.fs.Path(in.toString())).configured(source, spec).rows(), spec)
          .select(col("event_id"), col("source"), col(Columns.REASON)).collectAsList().forEach(r -> read.add(r.toString()));
    }
    assertEquals(List.of("[m1,teams,null]", "[m2,slack,null]", "[m3,teams,null]", "[p1,forum,null]", "[p2,forum,null]"),
        read.stream().sorted().toList());
    // A JSON Lines file named otherwise would be parsed as CSV, every line quarantined: refused, saying so.
    Files.copy(in.resolve("chat/events.jsonl"), in.resolve("chat.ndjson"));
    assertRefused(in, "sources:\n  - {name: chat, entity: collaboration, format: jsonl, path: chat.ndjson, system: teams}\n", 0,
        "source 'chat': file ");
    assertRefused(in, "sources:\n  - {name: chat, entity: collaboration, format: jsonl, path: chat.ndjson, system: teams}\n", 0,
        "does not end in .jsonl, and files are read by their extension: rename it to .jsonl");
  }

  /** Reading source {@code index} of {@code yaml} is refused with a message holding {@code message}. */
  private void assertRefused(Path in, String yaml, int index, String message) throws IOException {
    Path config = Files.writeString(dir.resolve("refused-" + index + "-" + Math.abs(yaml.hashCode()) + ".yaml"), yaml);
    BottomupException e = org.junit.jupiter.api.Assertions.assertThrows(BottomupException.class, () -> {
      JobConfig c = JobConfig.load(config);
      io.bottomup.config.SourceConfig source = c.sources().get(index);
      new SourceReader(spark, new org.apache.hadoop.fs.Path(in.toString())).configured(source,
          io.bottomup.schema.EntitySpec.of(source.entity(), c));
    });
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
