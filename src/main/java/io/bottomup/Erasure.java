package io.bottomup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.bottomup.io.Tables;
import io.bottomup.privacy.Pseudonymizer;
import io.bottomup.schema.Columns;
import io.bottomup.schema.Entity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The right to erasure: {@code forget} removes people from staging and quarantine and rebuilds the
 * marts and reports, in one transaction like any run; later runs skip their records at ingest
 * (reason {@code forgotten}), because the landing folder may still hold them.
 * <ul>
 *   <li>{@code _runs/forgotten.txt} lists the pseudonyms of the forgotten (never their ids), one per line;</li>
 *   <li>staging: their directory, identity, appraisal and training rows and the actions they did are
 *       removed; where they were the target of someone else's action or someone's manager, that
 *       reference is emptied;</li>
 *   <li>quarantine: rows whose raw text contains one of the given employee ids are removed (other
 *       spellings of a person, such as an email or a chat handle, cannot be recognised there: purge
 *       the landing folder too).</li>
 * </ul>
 */
public final class Erasure {
  public static final String FORGOTTEN = "forgotten.txt";

  private Erasure() {}

  /** The pseudonyms forgotten so far in this output folder. */
  public static Set<String> forgotten(RunContext ctx) {
    Set<String> keys = new LinkedHashSet<>();
    Path file = new Path(ctx.out().runs(), FORGOTTEN);
    try {
      byte[] content = io.bottomup.io.ReplacedFile.read(file.getFileSystem(ctx.hadoop()), file);
      if (content != null) {
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank()) {
            keys.add(line.strip());
          }
        }
      }
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Writes the workspace's staging and quarantine without the people; returns how many rows went, per
   * entity: {@code "3 staging row(s) removed: directory 1, identities 2 (and 1 quarantined), …"} (the
   * manifest's per-source counts stay those of the ingest that read the records; these are the rows
   * taken out of them since).
   */
  static String erase(RunContext ctx, List<String> employeeIds) {
    Pseudonymizer pseudo = ctx.pseudonymizer();
    List<String> keys = employeeIds.stream().map(id -> pseudo.pseudonym(Pseudonymizer.PERSON, id)).toList();
    Column gone = col(Columns.PERSON_KEY).isin(keys.toArray());
    long removed = 0;
    List<String> byEntity = new ArrayList<>();
    for (Entity entity : Entity.values()) {
      String path = ctx.out().staging(entity);
      if (!Tables.exists(ctx.spark(), path)) {
        continue;
      }
      Dataset<Row> before = Tables.read(ctx.spark(), path);
      Dataset<Row> after;
      if (entity == Entity.COLLABORATION) {
        after = before.filter(org.apache.spark.sql.functions.not(col(Columns.ACTOR_KEY).isin(keys.toArray())))
            .withColumn(Columns.TARGET_KEY, when(col(Columns.TARGET_KEY).isin(keys.toArray()), lit(null).cast("string"))
                .otherwise(col(Columns.TARGET_KEY)));
      } else {
        after = before.filter(org.apache.spark.sql.functions.not(gone));
        if (entity == Entity.DIRECTORY) {
          // Their reports keep their rows, without the manager.
          after = after.withColumn(Columns.MANAGER_KEY, when(col(Columns.MANAGER_KEY).isin(keys.toArray()),
              lit(null).cast("string")).otherwise(col(Columns.MANAGER_KEY)));
        }
      }
      after = after.localCheckpoint();
      long staged = before.count() - after.count();
      removed += staged;
      long quarantined = 0;
      Tables.write(after, ctx.work().staging(entity), entity == Entity.COLLABORATION
          ? new String[] {Columns.EVENT_DATE} : new String[0]);
      String quarantine = ctx.out().quarantine(entity);
      if (Tables.exists(ctx.spark(), quarantine)) {
        Column mentions = lit(false);
        for (String id : employeeIds) {
          mentions = mentions.or(col("raw").contains(id));
        }
        Dataset<Row> rows = Tables.read(ctx.spark(), quarantine);
        Dataset<Row> q = rows.filter(org.apache.spark.sql.functions.not(mentions)).localCheckpoint();
        quarantined = rows.count() - q.count();
        Tables.write(q, ctx.work().quarantine(entity));
      }
      byEntity.add(entity.folder() + " " + staged + (quarantined > 0 ? " (and " + quarantined + " quarantined)" : ""));
    }
    List<String> all = new ArrayList<>(forgotten(ctx));
    keys.stream().filter(k -> !all.contains(k)).forEach(all::add);
    Path file = new Path(ctx.out().runs(), FORGOTTEN);
    try {
      // Before the erasure is published, on purpose: a run killed between the two then forgets them at
      // its next ingest anyway, where the other order could stage them again from the landing folder.
      io.bottomup.io.ReplacedFile.write(file.getFileSystem(ctx.hadoop()), file,
          (String.join("\n", all) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return removed + " staging row(s) removed: " + String.join(", ", byEntity);
  }
}
