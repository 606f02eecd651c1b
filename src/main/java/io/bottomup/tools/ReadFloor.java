package io.bottomup.tools;

import io.bottomup.Sessions;
import io.bottomup.config.JobConfig;
import io.bottomup.ingest.LandingReader;
import io.bottomup.schema.Entity;
import io.bottomup.schema.EntitySpec;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark's floor: Spark only reading and counting the landing files of a folder with the
 * pipeline's own readers (parse cost, no validation, joins or writes). Prints
 * {@code floor <records> <seconds>} for the bench script.
 *
 * <p>{@code java -cp "target/dist/lib/*" io.bottomup.tools.ReadFloor LANDING_DIR}
 */
public final class ReadFloor {
  private ReadFloor() {}

  public static void main(String[] args) {
    SparkSession spark = Sessions.create(Sessions.MASTER_DEFAULT);
    long start = System.nanoTime();
    long records = 0;
    Path root = new Path(args[0]);
    for (Entity entity : Entity.values()) {
      EntitySpec spec = EntitySpec.of(entity, JobConfig.defaults());
      List<Path> files = LandingReader.listFiles(spark, new Path(root, entity.folder()), spec.extensions());
      records += new LandingReader(spark).read(spec, root, files).count();
    }
    System.out.printf(java.util.Locale.ROOT, "floor %d %.1f%n", records, (System.nanoTime() - start) / 1e9);
    spark.stop();
  }
}
