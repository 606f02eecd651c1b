package io.bottomup.model;


import io.bottomup.RunContext;
import io.bottomup.io.Tables;
import io.bottomup.marts.MartSchemas;
import io.bottomup.schema.Columns;
import io.bottomup.schema.Entity;
import java.time.YearMonth;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Stage 2: staging to the dimensional marts: {@code dim_person}, {@code fct_collaboration},
 * {@code fct_training}, {@code fct_appraisal} and {@code fct_person_month}. Months run from the first
 * collaboration event to the run date's month; events after the run date are out of scope.
 */
public final class ModelStage {
  public static final String DIM_PERSON = "dim_person";
  public static final String FCT_COLLABORATION = "fct_collaboration";
  public static final String FCT_TRAINING = "fct_training";
  public static final String FCT_APPRAISAL = "fct_appraisal";
  public static final String FCT_PERSON_MONTH = "fct_person_month";

  private final RunContext ctx;

  public ModelStage(RunContext ctx) {
    this.ctx = ctx;
  }

  public void run() {
    SparkSession spark = ctx.spark();
    Dataset<Row> dimPerson = DimPerson.build(staging(Entity.DIRECTORY), ctx.runDate()).persist(StorageLevel.MEMORY_AND_DISK());
    write(DIM_PERSON, dimPerson);
    Dataset<Row> collaboration = FctCollaboration.build(staging(Entity.COLLABORATION), dimPerson, ctx.runDate());
    write(FCT_COLLABORATION, collaboration);
    Dataset<Row> training = FctTraining.build(staging(Entity.TRAINING), dimPerson);
    write(FCT_TRAINING, training);
    Dataset<Row> appraisals = FctAppraisal.build(staging(Entity.APPRAISALS), dimPerson, ctx.config());
    write(FCT_APPRAISAL, appraisals);

    Dataset<Row> facts = read(FCT_COLLABORATION);
    YearMonth last = YearMonth.from(ctx.runDate());
    Dataset<Row> months = Months.between(spark, firstEventMonth(last), last);
    write(FCT_PERSON_MONTH, FctPersonMonth.build(dimPerson, months, facts, read(FCT_TRAINING), read(FCT_APPRAISAL)));
    dimPerson.unpersist();
  }

  /**
   * The first month with collaboration events, read from the staging partition folders
   * ({@code event_month=yyyy-MM}) without scanning the data; the run month when there are none.
   */
  private YearMonth firstEventMonth(YearMonth last) {
    try {
      org.apache.hadoop.fs.Path table = new org.apache.hadoop.fs.Path(ctx.latest(l -> l.staging(Entity.COLLABORATION)));
      YearMonth first = last;
      for (org.apache.hadoop.fs.FileStatus s : table.getFileSystem(ctx.hadoop()).listStatus(table)) {
        String name = s.getPath().getName();
        if (s.isDirectory() && name.startsWith(Columns.EVENT_MONTH + "=")) {
          YearMonth m = YearMonth.parse(name.substring(Columns.EVENT_MONTH.length() + 1));
          first = m.isBefore(first) ? m : first;
        }
      }
      return first;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Dataset<Row> staging(Entity entity) {
    return Tables.read(ctx.spark(), ctx.latest(l -> l.staging(entity)));
  }

  private Dataset<Row> read(String mart) {
    return Tables.read(ctx.spark(), ctx.latest(l -> l.mart(mart)));
  }

  private void write(String mart, Dataset<Row> rows) {
    Tables.write(MartSchemas.conform(mart, rows), ctx.work().mart(mart));
  }
}
