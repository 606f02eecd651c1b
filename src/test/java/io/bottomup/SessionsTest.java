package io.bottomup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A cluster's defaults reach the driver as system properties: they tune the pipeline, but cannot move
 * it off UTC or loosen its validation (INPUTS.md: a date without a time is the start of that day in UTC).
 */
class SessionsTest {
  @Test
  void aSystemPropertyTunesButCannotChangeTheContractsSettings() {
    Map<String, String> given = Map.of("spark.sql.session.timeZone", "America/New_York",
        "spark.sql.legacy.timeParserPolicy", "LEGACY", "spark.sql.adaptive.enabled", "false");
    Map<String, String> before = new java.util.HashMap<>();
    given.keySet().forEach(k -> before.put(k, System.getProperty(k)));
    try {
      given.forEach(System::setProperty);
      Map<String, String> settings = Sessions.settings();
      assertEquals("UTC", settings.get("spark.sql.session.timeZone"));
      assertEquals("CORRECTED", settings.get("spark.sql.legacy.timeParserPolicy"));
      assertEquals("true", settings.get("spark.sql.ansi.enabled"));
      assertEquals(null, settings.get("spark.sql.adaptive.enabled"), "a tuning property is the system property's: not set here");
    } finally {
      before.forEach((k, v) -> {
        if (v == null) {
          System.clearProperty(k);
        } else {
          System.setProperty(k, v);
        }
      });
    }
  }
}
