package io.bottomup.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Staging's fingerprint, which the landing ledger holds: another version or column type is another fingerprint. */
class StagingSchemasTest {
  private static final StructType TIMESTAMPS = new StructType().add("event_id", DataTypes.StringType)
      .add("occurred_at", DataTypes.TimestampType);
  private static final StructType STRINGS = new StructType().add("event_id", DataTypes.StringType)
      .add("occurred_at", DataTypes.StringType);

  @Test
  void aColumnsTypeOrTheVersionChangesTheFingerprint() {
    assertEquals(StagingSchemas.fingerprint(1, TIMESTAMPS), StagingSchemas.fingerprint(1, TIMESTAMPS), "stable");
    assertNotEquals(StagingSchemas.fingerprint(1, TIMESTAMPS), StagingSchemas.fingerprint(1, STRINGS), "occurred_at's type");
    assertNotEquals(StagingSchemas.fingerprint(1, TIMESTAMPS), StagingSchemas.fingerprint(2, TIMESTAMPS), "the version");
    assertNotEquals(StagingSchemas.fingerprint(1, TIMESTAMPS, STRINGS), StagingSchemas.fingerprint(1, TIMESTAMPS),
        "a table more");
  }

  @Test
  void theFingerprintHoldsEveryStagingTable() {
    String fingerprint = StagingSchemas.fingerprint();
    assertTrue(fingerprint.startsWith("staging " + StagingSchemas.VERSION + ";"), fingerprint);
    for (Entity entity : Entity.values()) {
      assertTrue(fingerprint.contains(StagingSchemas.of(entity).json()), entity.name());
    }
    assertTrue(fingerprint.contains(StagingSchemas.QUARANTINE.json()), "the quarantine");
    assertTrue(fingerprint.contains("\"name\":\"occurred_at\",\"type\":\"timestamp\""), "a column and its type, as JSON");
  }
}
