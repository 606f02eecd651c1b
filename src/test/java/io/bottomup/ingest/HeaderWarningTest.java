package io.bottomup.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/** README: a header without a required column is logged once per file and run, however often the run reads the file. */
class HeaderWarningTest {
  private static final List<String> FIELDS = List.of("employee_id", "email", "department");

  @Test
  void aFileReadTwiceHasItsIncompleteHeaderLoggedOnce() {
    List<String> said = new ArrayList<>();
    AbstractAppender capture = new AbstractAppender("header-capture", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        synchronized (said) {
          said.add(event.getMessage().getFormattedMessage());
        }
      }
    };
    capture.start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    LoggerConfig config = context.getConfiguration().getLoggerConfig(MappedColumns.class.getName());
    config.addAppender(capture, null, null);
    context.updateLoggers();
    try {
      MappedColumns.newRun();
      // employee_id is required and absent; each pass quarantines the record, as the run's passes do.
      for (int pass = 0; pass < 2; pass++) {
        read("header-warning-a.csv");
      }
      read("header-warning-b.csv");
      // The next run in the same JVM (a backfill's next date) says it again.
      MappedColumns.newRun();
      read("header-warning-a.csv");
    } finally {
      config.removeAppender("header-capture");
      context.updateLoggers();
      capture.stop();
    }
    List<String> headers = said.stream().filter(m -> m.contains("the header lacks required column(s) employee_id")).toList();
    assertEquals(3, headers.size(), "one line per file and run: " + headers);
    assertTrue(headers.get(0).startsWith("file header-warning-a.csv line 1:"), headers.get(0));
    assertTrue(headers.get(1).startsWith("file header-warning-b.csv line 1:"), headers.get(1));
    assertTrue(headers.get(2).startsWith("file header-warning-a.csv line 1:"), "the second run: " + headers.get(2));
  }

  private static void read(String file) {
    List<LandingRecord> out = new ArrayList<>();
    new CsvRecords(new StringReader("email,department\na@x.com,Sales\n"), file, FIELDS, List.of("employee_id", "email"))
        .forEachRemaining(out::add);
    assertEquals(1, out.size());
  }
}
