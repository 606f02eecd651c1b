package io.bottomup.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Resolves a person reference to an employee id (INPUTS.md, identities): first through the identity
 * map by (the record's system, the id), else as an email matched case-insensitively against the
 * directory, else (where the contract allows it, e.g. a training learner) as an employee id.
 * Runs on raw ids before pseudonymisation. A map of at most {@link #BROADCAST_ROWS} rows is broadcast
 * (the usual case: a directory and identity map of up to a few hundred thousand people); a larger
 * one is joined by a shuffle of the records, which is slower but bounded: at 1.04M people and 2.8M
 * identities, broadcasting both maps to every resolve exhausted a 4 GB driver. The bound is set
 * above the 10M-event benchmark's 561,268 identities: a shuffle there cost ingest 80 s more.
 */
public final class IdentityResolver {
  public static final String BY_IDENTITY_MAP = "identity_map";
  public static final String BY_EMAIL = "email";
  public static final String BY_EMPLOYEE_ID = "employee_id";

  /** Maps of at most this many rows are broadcast. */
  public static final long BROADCAST_ROWS = 1_000_000;

  private final Dataset<Row> identityMap;
  private final Dataset<Row> people;
  private final boolean broadcastIdentities;
  private final boolean broadcastPeople;

  /**
   * @param identityMap valid identities: {@code system, external_id, employee_id}
   * @param people the valid directory: {@code employee_id, email} (email lower case)
   */
  public IdentityResolver(Dataset<Row> identityMap, Dataset<Row> people) {
    this(identityMap, people, BROADCAST_ROWS);
  }

  /** As above, broadcasting maps of at most {@code broadcastRows} rows (counted once, here: pass persisted maps). */
  IdentityResolver(Dataset<Row> identityMap, Dataset<Row> people, long broadcastRows) {
    this.identityMap = identityMap.select("system", "external_id", "employee_id");
    this.people = people.select("employee_id", "email");
    this.broadcastIdentities = identityMap.count() <= broadcastRows;
    this.broadcastPeople = people.count() <= broadcastRows;
  }

  private static Dataset<Row> small(Dataset<Row> map, boolean broadcast) {
    return broadcast ? broadcast(map) : map;
  }

  /**
   * Adds {@code out} (the employee id, or null) and {@code out + "_by"} (how it was matched) for the
   * reference in column {@code id} of a record from {@code system}.
   */
  public Dataset<Row> resolve(Dataset<Row> records, Column system, String id, String out, boolean allowEmployeeId) {
    String m = out + "_m";
    String e = out + "_e";
    String x = out + "_x";
    Dataset<Row> joined = records
        .join(small(identityMap.select(col("system").as(m + "_system"), col("external_id").as(m + "_id"),
                col("employee_id").as(m)), broadcastIdentities),
            system.equalTo(col(m + "_system")).and(col(id).equalTo(col(m + "_id"))), "left")
        .join(small(people.select(col("email").as(e + "_email"), col("employee_id").as(e)), broadcastPeople),
            lower(col(id)).equalTo(col(e + "_email")), "left");
    Column byEmployeeId = lit(null).cast("string");
    if (allowEmployeeId) {
      joined = joined.join(small(people.select(col("employee_id").as(x)), broadcastPeople), col(id).equalTo(col(x)), "left");
      byEmployeeId = col(x);
    }
    return joined
        .withColumn(out, coalesce(col(m), col(e), byEmployeeId))
        .withColumn(out + "_by", when(col(m).isNotNull(), lit(BY_IDENTITY_MAP))
            .when(col(e).isNotNull(), lit(BY_EMAIL))
            .when(byEmployeeId.isNotNull(), lit(BY_EMPLOYEE_ID)))
        .drop(m + "_system", m + "_id", m, e + "_email", e)
        .drop(allowEmployeeId ? new String[] {x} : new String[0]);
  }

  /** Adds {@code out}: the employee id in column {@code id} if the directory has it, else null. */
  public Dataset<Row> requireEmployee(Dataset<Row> records, String id, String out) {
    return records.join(small(people.select(col("employee_id").as(out)), broadcastPeople), col(id).equalTo(col(out)), "left");
  }
}
