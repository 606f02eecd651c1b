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

/** README: a header without a required column is logged once per file, however often the file is read. */
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
      // employee_id is required and absent; each pass quarantines the record, as the run's passes do.
      for (int pass = 0; pass < 2; pass++) {
        read("header-warning-a.csv");
      }
      read("header-warning-b.csv");
    } finally {
      config.removeAppender("header-capture");
      context.updateLoggers();
      capture.stop();
    }
    List<String> headers = said.stream().filter(m -> m.contains("the header lacks required column(s) employee_id")).toList();
    assertEquals(2, headers.size(), "one line per file: " + headers);
    assertTrue(headers.get(0).startsWith("file header-warning-a.csv line 1:"), headers.get(0));
    assertTrue(headers.get(1).startsWith("file header-warning-b.csv line 1:"), headers.get(1));
  }

  private static void read(String file) {
    List<LandingRecord> out = new ArrayList<>();
    new CsvRecords(new StringReader("email,department\na@x.com,Sales\n"), file, FIELDS, List.of("employee_id", "email"))
        .forEachRemaining(out::add);
    assertEquals(1, out.size());
  }
}
