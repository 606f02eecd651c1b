package io.bottomup.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QualityGateTest {
  /** The gate's message: 7 of 13,526 records is 0.0518%, not "0.0%, more than the 0.0% allowed". */
  @Test
  void sharesKeepTheirSignificantDigits() {
    assertEquals("0.0518%", QualityGate.percent(7.0 / 13526));
    assertEquals("14.3%", QualityGate.percent(6.0 / 42));
    assertEquals("10%", QualityGate.percent(0.10));
    assertEquals("0%", QualityGate.percent(0));
  }
}
