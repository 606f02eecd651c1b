package io.bottomup.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.bottomup.BottomupException;
import io.bottomup.RunContext;
import io.bottomup.io.Tables;
import io.bottomup.privacy.Pseudonymizer;
import io.bottomup.schema.Columns;
import io.bottomup.schema.Entity;
import io.bottomup.schema.EntitySpec;
import io.bottomup.schema.StagingSchemas;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Stage 1: landing files to {@code staging/} and {@code quarantine/}. For each entity of INPUTS.md it
 * reads every file of the entity's folder, validates the records against the contract, resolves
 * people to the directory, replaces every personal identifier by its pseudonym, and writes the
 * valid records to {@code staging/stg_<entity>} and every other record, with its reason, to
 * {@code quarantine/<entity>}. It returns the counts per source (the pipeline checks that they
 * reconcile, read = staged + quarantined + skipped, and keeps them in {@code staging/_ingest.json}).
 */
public final class IngestStage {
  /** The manifest's source name for files in the canonical folder layout. */
  public static final String CANONICAL = "canonical";

  private static final String ACTOR = "_actor";
  private static final String TARGET = "_target";
  private static final String UNMATCHED_TARGET = "_unmatched_target";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestStage.class);

  private final RunContext ctx;
  private final Pseudonymizer pseudo;
  /** People erased with {@code forget}, read once per ingest. */
  private java.util.Set<String> forgotten = java.util.Set.of();
  private ChangePlan plan;
  private Changes changes;
  /**
   * Per entity read from several sources in this run, the keys staged from the sources read so far
   * (one table per unique key, {@link Duplicates#kept}), persisted until the ingest ends.
   */
  private final java.util.Map<Entity, List<Dataset<Row>>> stagedKeys = new java.util.EnumMap<>(Entity.class);

  /** An incremental ingest met a case only a full refresh answers exactly. */
  static final class FullRefreshNeeded extends RuntimeException {
    FullRefreshNeeded(String why) {
      super(why);
    }
  }

  public IngestStage(RunContext ctx) {
    this.ctx = ctx;
    this.pseudo = ctx.pseudonymizer();
  }

  public IngestSummary run() {
    MappedColumns.newRun();
    Path root = new Path(ctx.input());
    checkInputFolder(root);
    checkSources(root);
    List<String> empty = emptyRequiredFolders(root);
    if (!empty.isEmpty()) {
      return new IngestSummary(ctx.runDate().toString(), List.of(), empty, List.of(), List.of());
    }
    forgotten = io.bottomup.Erasure.forgotten(ctx);
    String published = ctx.out().staging(Entity.COLLABORATION);
    ChangePlan decided = ChangePlan.decide(ctx, root, forgotten, Tables.exists(ctx.spark(), published), since ->
        new java.util.TreeSet<>(Tables.read(ctx.spark(), published).filter(col(Columns.EVENT_DATE).geq(lit(java.sql.Date.valueOf(since))))
            .select(Columns.FILE).distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList()));
    if (decided.incremental()) {
      String blocker = keptDuplicateMoves(decided);
      if (blocker == null) {
        blocker = quarantinePastRetention(decided);
      }
      decided = blocker == null ? decided : decided.asFull(blocker);
    }
    try {
      return ingest(root, decided);
    } catch (FullRefreshNeeded e) {
      LOG.info("ingest: {}; starting again as a full refresh", e.getMessage());
      deleteWorkspace(ctx.work().root() + "/staging");
      deleteWorkspace(ctx.work().root() + "/quarantine");
      deleteWorkspace(incremental());
      return ingest(root, decided.asFull(e.getMessage()));
    }
  }

  /** What the last ingest decided: full or incremental, and which staging days it rewrote. */
  public Changes changes() {
    return changes;
  }

  /**
   * What ingest changed, for the model stage: {@code touchedDates} the staging days rewritten (an
   * incremental run), {@code othersChanged} whether entities other than collaboration changed,
   * {@code lostEvents} whether staged events of changed or removed files are gone ({@link ChangePlan#lostEvents}).
   */
  public record Changes(boolean full, String detail, java.util.Set<String> touchedDates, boolean othersChanged,
      String previousLedger, String ledger, boolean lostEvents) {
    void write(org.apache.hadoop.conf.Configuration conf, String path) {
      io.bottomup.io.JsonFiles.write(conf, path, this);
    }

    /** The changes of the ingest whose staging is at {@code path}'s folder; null when none is recorded. */
    public static Changes read(org.apache.hadoop.conf.Configuration conf, String path) {
      return io.bottomup.io.JsonFiles.read(conf, path, Changes.class);
    }
  }

  private IngestSummary ingest(Path root, ChangePlan plan) {
    this.plan = plan;
    LOG.info("ingest: {}", plan.reason());
    List<SourceCounts> sources = new ArrayList<>();
    SourceReader reader = new SourceReader(ctx.spark(), root);

    SourceReader.Input[] community = ctx.config().openCommunity()
        ? reader.community(ctx.config().sources(), ctx.config().communityDepartment()) : null;
    SourceReader.Input directoryInput = community != null ? community[0] : single(reader, Entity.DIRECTORY);
    Dataset<Row> directory = Validator.validate(directoryInput.rows(), spec(Entity.DIRECTORY), dateFormat(directoryInput))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> people = directory.filter(col(Columns.REASON).isNull())
        .select(col("employee_id"), col("email")).persist(StorageLevel.MEMORY_AND_DISK());
    // The directory alone resolves managers and the identity map's employees.
    IdentityResolver noMap = new IdentityResolver(emptyIdentityMap(), people);
    IngestSummary before = plan.incremental() && Tables.exists(ctx.spark(), ctx.out().stagingSummary())
        ? IngestSummary.read(ctx.hadoop(), ctx.out().stagingSummary()) : null;
    sources.addAll(keptOr(before, Entity.DIRECTORY,
        () -> List.of(publish(Entity.DIRECTORY, withManagerCheck(directory, noMap), null, directoryInput, false))));

    SourceReader.Input identitiesInput = community != null ? community[1] : single(reader, Entity.IDENTITIES);
    Dataset<Row> checkedIdentities = deduplicated(Entity.IDENTITIES, rejectUnresolved(
        noMap.requireEmployee(validated(identitiesInput, Entity.IDENTITIES), "employee_id", Columns.EMPLOYEE),
        concat(lit("employee_id '"), col("employee_id"), lit("' is not in the directory"))));
    Dataset<Row> identityMap = checkedIdentities.filter(col(Columns.REASON).isNull())
        .select("system", "external_id", "employee_id").persist(StorageLevel.MEMORY_AND_DISK());
    sources.addAll(keptOr(before, Entity.IDENTITIES,
        () -> List.of(publish(Entity.IDENTITIES, checkedIdentities, null, identitiesInput, false))));

    IdentityResolver resolver = new IdentityResolver(identityMap, people);
    boolean append = false;
    List<SourceReader.Input> collaborationInputs = plan.incremental()
        ? incrementalInputs(reader.only(plan.reread()::contains)) : inputs(reader, Entity.COLLABORATION);
    severalSources(Entity.COLLABORATION, collaborationInputs);
    for (SourceReader.Input input : collaborationInputs) {
      // Duplicates are marked in publish(), on the cached records: the events are read once.
      Dataset<Row> checked = Validator.checkFields(input.rows(), spec(Entity.COLLABORATION), dateFormat(input));
      if (plan.incremental()) {
        checked = againstStaged(checked);
      }
      sources.add(publish(Entity.COLLABORATION, resolveCollaboration(checked, resolver), "action", input, append));
      append = true;
    }
    java.util.Set<String> touched = plan.incremental() ? mergeCollaboration() : java.util.Set.of();
    plan.ledger().write(ctx.hadoop(), ctx.work().root() + "/staging/" + ChangePlan.LEDGER);
    changes = new Changes(plan.full(), plan.reason(), touched, plan.othersChanged(),
        plan.previousLedger() == null ? null : LandingLedger.sha256(plan.previousLedger().toString()),
        LandingLedger.sha256(plan.ledger().toString()), plan.lostEvents());
    changes.write(ctx.hadoop(), ctx.work().stagingChanges());
    sources.addAll(keptOr(before, Entity.APPRAISALS, () -> publishAll(reader, Entity.APPRAISALS, (in, appending) ->
        publish(Entity.APPRAISALS, deduplicated(Entity.APPRAISALS, rejectUnresolved(
            resolver.requireEmployee(validated(in, Entity.APPRAISALS), "employee_id", Columns.EMPLOYEE),
            concat(lit("employee_id '"), col("employee_id"), lit("' is not in the directory")))), null, in, appending))));
    sources.addAll(keptOr(before, Entity.TRAINING, () -> publishAll(reader, Entity.TRAINING, (in, appending) ->
        publish(Entity.TRAINING, deduplicated(Entity.TRAINING, resolveTraining(validated(in, Entity.TRAINING), resolver, in)),
            "status", in, appending))));

    people.unpersist();
    directory.unpersist();
    identityMap.unpersist();
    stagedKeys.values().forEach(keys -> keys.forEach(Dataset::unpersist));
    stagedKeys.clear();
    return new IngestSummary(ctx.runDate().toString(), sources, List.of(), List.of(), withoutRecords(sources, plan));
  }

  /**
   * Required entities whose files hold no record at all (a header alone, an export that failed after
   * writing it): the run would report on nothing, so the quality gate refuses it as it refuses a folder
   * without files. A night reads only the collaboration files that are new, and a quiet day may bring a
   * file of no events: collaboration is held to this on a full read only.
   */
  private List<String> withoutRecords(List<SourceCounts> sources, ChangePlan plan) {
    List<String> without = new ArrayList<>();
    for (Entity entity : Entity.values()) {
      List<SourceCounts> of = sources.stream().filter(s -> s.entity().equals(entity.folder())).toList();
      boolean held = needed(entity) && !(entity == Entity.COLLABORATION && plan.incremental());
      if (held && !of.isEmpty() && of.stream().mapToLong(SourceCounts::read).sum() == 0) {
        without.add(entity.folder());
      }
    }
    return without;
  }

  /** The kept counts of a small entity whose files are unchanged ({@link #kept}), else those of {@code read}ing it. */
  private List<SourceCounts> keptOr(IngestSummary before, Entity entity, java.util.function.Supplier<List<SourceCounts>> read) {
    List<SourceCounts> kept = kept(before, entity);
    return kept != null ? kept : read.get();
  }

  /** Publishes each source of an entity into one staging table, the first written, the others appended. */
  private List<SourceCounts> publishAll(SourceReader reader, Entity entity,
      java.util.function.BiFunction<SourceReader.Input, Boolean, SourceCounts> publish) {
    List<SourceCounts> counts = new ArrayList<>();
    List<SourceReader.Input> inputs = inputs(reader, entity);
    severalSources(entity, inputs);
    for (SourceReader.Input input : inputs) {
      counts.add(publish.apply(input, !counts.isEmpty()));
    }
    return counts;
  }

  /**
   * The counts of a small entity an incremental run keeps as published (its files are all unchanged,
   * {@link ChangePlan#unchanged}), each marked with the run date of the ingest that read them; null
   * when it must be read: a full plan, a changed file, or no published staging, quarantine or counts.
   * Its staging and quarantine are not written, so the published ones stay. With the same files, the
   * same directory and identity map (a change to either makes the plan a full one) and the same
   * configuration, reading it again would give the same rows and counts.
   */
  private List<SourceCounts> kept(IngestSummary before, Entity entity) {
    if (before == null || !plan.unchanged().contains(entity)
        || !Tables.exists(ctx.spark(), ctx.out().staging(entity)) || !Tables.exists(ctx.spark(), ctx.out().quarantine(entity))) {
      return null;
    }
    List<SourceCounts> counts = before.sources().stream().filter(c -> c.entity().equals(entity.folder()))
        .map(c -> c.unchangedSince() == null ? c.withUnchangedSince(before.runDate()) : c).toList();
    if (counts.isEmpty()) {
      return null;
    }
    LOG.info("ingest {}: files unchanged since the ingest of {}; staging and quarantine kept as published", entity.folder(),
        counts.get(0).unchangedSince());
    return counts;
  }

  private EntitySpec spec(Entity entity) {
    return EntitySpec.of(entity, ctx.config());
  }

  /**
   * The sources of an entity: its canonical folder first (without configured sources always; beside
   * them when it holds files and none of them reads it: {@link SourceReader#readsCanonical}), then the
   * configured ones in their order.
   */
  private List<SourceReader.Input> inputs(SourceReader reader, Entity entity) {
    List<SourceReader.Input> inputs = new ArrayList<>();
    if (readsCanonical(reader, entity)) {
      inputs.add(reader.canonical(spec(entity)));
    }
    for (io.bottomup.config.SourceConfig source : ctx.config().sources()) {
      if (source.entity() == entity) {
        inputs.add(reader.configured(source, spec(entity)));
      }
    }
    return inputs;
  }

  private boolean readsCanonical(SourceReader reader, Entity entity) {
    return !SourceReader.configures(ctx.config().sources(), entity)
        || SourceReader.readsCanonical(ctx.config().sources(), entity) && reader.holdsCanonicalFiles(spec(entity));
  }

  /**
   * The collaboration sources an incremental run reads: the per-file ones, limited to the files to
   * read again. A source read as a whole is unchanged here (a change to it means a full refresh), so
   * its staged rows stay as they are and it is not read at all.
   */
  private List<SourceReader.Input> incrementalInputs(SourceReader filtered) {
    List<SourceReader.Input> inputs = new ArrayList<>();
    if (readsCanonical(filtered, Entity.COLLABORATION)) {
      inputs.add(filtered.canonical(spec(Entity.COLLABORATION)));
    }
    for (io.bottomup.config.SourceConfig source : ctx.config().sources()) {
      if (source.entity() == Entity.COLLABORATION) {
        if (ChangePlan.perFile(source)) {
          inputs.add(filtered.configured(source, spec(Entity.COLLABORATION)));
        } else {
          LOG.info("ingest collaboration: source '{}' ({}) is unchanged and not read", source.name(), source.format());
        }
      }
    }
    return inputs;
  }

  /**
   * The configuration checked against the landing folder before anything is read: every configured
   * source ({@link SourceReader#check}), and the directory and the identity map from one source each.
   */
  private void checkSources(Path root) {
    SourceReader reader = new SourceReader(ctx.spark(), root);
    for (io.bottomup.config.SourceConfig source : ctx.config().sources()) {
      reader.check(source, spec(source.entity()));
    }
    for (Entity entity : List.of(Entity.DIRECTORY, Entity.IDENTITIES)) {
      List<String> names = new ArrayList<>();
      if (SourceReader.configures(ctx.config().sources(), entity) && readsCanonical(reader, entity)) {
        names.add("the files in " + entity.folder() + "/");
      }
      ctx.config().sources().stream().filter(s -> s.entity() == entity).forEach(s -> names.add("source '" + s.name() + "'"));
      if (names.size() > 1) {
        throw BottomupException.refused("configuration key 'sources': " + entity.folder() + " can come from one source only, "
            + "found " + names.size() + ": " + String.join(", ", names)
            + " (move the files out of " + entity.folder() + "/ or remove the source)");
      }
    }
  }

  /** The directory and the identity map come from one source each (checked first: {@link #checkSources}). */
  private SourceReader.Input single(SourceReader reader, Entity entity) {
    return inputs(reader, entity).get(0);
  }

  /** Whether a run needs records of this entity: a required one, but in open-community mode only collaboration. */
  private boolean needed(Entity entity) {
    return entity.required() && !(ctx.config().openCommunity() && entity != Entity.COLLABORATION);
  }

  /** Required entity folders without a single data file: the quality gate fails on them. */
  private List<String> emptyRequiredFolders(Path root) {
    List<String> empty = new ArrayList<>();
    for (Entity entity : Entity.values()) {
      EntitySpec spec = EntitySpec.of(entity, ctx.config());
      if (needed(entity) && !SourceReader.configures(ctx.config().sources(), entity) && LandingReader.listFiles(ctx.spark(), new Path(root, entity.folder()), SourceReader.canonicalExtensions(spec), false).isEmpty()) {
        empty.add(entity.folder());
      }
    }
    return empty;
  }

  private void checkInputFolder(Path root) {
    try {
      FileSystem fs = root.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration());
      if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
        throw BottomupException.refused("input folder " + root + " does not exist or is not a folder");
      }
      // Listing it (and opening its entity folders) is what every later step does: a folder this user may
      // not read would otherwise look empty and fail the quality gate (exit 3) instead of refusing.
      for (org.apache.hadoop.fs.FileStatus child : fs.listStatus(root)) {
        if (child.isDirectory()) {
          fs.listStatus(child.getPath());
        }
      }
    } catch (IOException e) {
      throw BottomupException.refused("cannot read input folder " + root + ": " + e.getMessage());
    }
  }

  /** Every check but duplicates and the person: those come after the person is resolved ({@link #deduplicated}). */
  private Dataset<Row> validated(SourceReader.Input input, Entity entity) {
    return Validator.checkFields(input.rows(), spec(entity), dateFormat(input));
  }

  /** The {@code date_format} of the configured source {@code input} was read from, or null. */
  private String dateFormat(SourceReader.Input input) {
    return ctx.config().sources().stream().filter(source -> source.name().equals(input.name()))
        .map(source -> source.options().get("date_format")).filter(java.util.Objects::nonNull).map(Object::toString)
        .findFirst().orElse(null);
  }

  /** An entity read from several sources keeps the keys each one stages, for the sources after it. */
  private void severalSources(Entity entity, List<SourceReader.Input> inputs) {
    if (inputs.size() > 1) {
      stagedKeys.put(entity, new ArrayList<>());
    }
  }

  /**
   * INPUTS.md's duplicate rule across the sources of an entity: a record whose key a record staged from
   * an earlier source of this run holds is its duplicate ({@link Duplicates#againstEarlier}). Applied
   * before the duplicates within the source ({@link #deduplicated}, and collaboration's in {@link #publish}),
   * which then find none of them kept.
   */
  private Dataset<Row> againstEarlierSources(Entity entity, Dataset<Row> resolved) {
    List<Dataset<Row>> earlier = stagedKeys.get(entity);
    if (earlier == null || earlier.isEmpty()) {
      return resolved;
    }
    List<List<String>> keys = spec(entity).uniqueKeys();
    Dataset<Row> marked = resolved;
    for (int i = 0; i < keys.size(); i++) {
      marked = Duplicates.againstEarlier(marked, keys.get(i), CANDIDATE, earlier.get(i));
    }
    return marked;
  }

  /** Adds the keys a source staged to those of the earlier sources of its entity, when it has several. */
  private void keepStagedKeys(Entity entity, Dataset<Row> staged) {
    List<Dataset<Row>> earlier = stagedKeys.get(entity);
    if (earlier == null) {
      return;
    }
    List<List<String>> keys = spec(entity).uniqueKeys();
    for (int i = 0; i < keys.size(); i++) {
      Dataset<Row> mine = Duplicates.kept(staged, keys.get(i));
      boolean first = i == earlier.size();
      Dataset<Row> all = (first ? mine : earlier.get(i).unionByName(mine)).persist(StorageLevel.MEMORY_AND_DISK());
      all.count(); // before the records it comes from are unpersisted
      if (first) {
        earlier.add(all);
      } else {
        earlier.set(i, all).unpersist();
      }
    }
  }

  /**
   * Duplicates, once the person is resolved: only a record valid in every respect holds its key, so when
   * the first record of a key is rejected (its person unknown, say), the next valid one is staged; a
   * record whose person is unknown and whose key a staged record holds is a duplicate, the earlier
   * reason in the precedence (INPUTS.md). The small entities' records are cheap to read again.
   */
  private Dataset<Row> deduplicated(Entity entity, Dataset<Row> resolved) {
    return Duplicates.markAll(againstEarlierSources(entity, resolved), spec(entity).uniqueKeys(), CANDIDATE,
        col(Columns.REASON).isNull());
  }

  /** A record that may be a duplicate: valid, or rejected only for its person (a later reason than duplicate). */
  private static final Column CANDIDATE =
      col(Columns.REASON).isNull().or(col(Columns.REASON).equalTo(Reason.UNMATCHED_IDENTITY.code()));

  private Dataset<Row> withManagerCheck(Dataset<Row> directory, IdentityResolver noMap) {
    return noMap.requireEmployee(directory, "manager_id", "_manager_found")
        .withColumn(Counting.UNKNOWN_MANAGER, col("manager_id").isNotNull().and(col("_manager_found").isNull()));
  }

  private Dataset<Row> resolveCollaboration(Dataset<Row> events, IdentityResolver resolver) {
    Dataset<Row> resolved = resolver.resolve(events, col("source"), "actor", ACTOR, false);
    resolved = resolver.resolve(resolved, col("source"), "target", TARGET, false)
        .withColumn(UNMATCHED_TARGET, col("target").isNotNull().and(col(TARGET).isNull()));
    return rejectUnresolved(resolved.withColumn(Columns.EMPLOYEE, col(ACTOR)),
        concat(lit("actor '"), col("actor"), lit("' of source '"), col("source"),
            lit("' matches no identity and no directory email")));
  }

  /** Learners are resolved in the source's system ({@code lms} for canonical files), else by email or employee id. */
  private Dataset<Row> resolveTraining(Dataset<Row> training, IdentityResolver resolver, SourceReader.Input input) {
    Column learnerSystem = learnerSystem(input);
    Dataset<Row> resolved = resolver.resolve(training, learnerSystem, "learner", ACTOR, true);
    return rejectUnresolved(resolved.withColumn(Columns.EMPLOYEE, col(ACTOR)),
        concat(lit("learner '"), col("learner"), lit("' matches no "), learnerSystem, lit(" identity, directory email or employee_id")));
  }

  /** The system a learner is resolved in: the record's own (an xAPI account's home page), else the source's. */
  private static Column learnerSystem(SourceReader.Input input) {
    // Systems are compared in lower case, as the identity map's are validated (system: LMS names lms).
    return lower(coalesce(col("learner_system"), lit(input.system() == null ? "lms" : input.system())));
  }

  /** A valid record whose person did not resolve ({@code _employee_id} null) becomes unmatched_identity. */
  private static Dataset<Row> rejectUnresolved(Dataset<Row> records, Column detail) {
    // An adapter's duplicate (a Slack reaction listing a user twice) repeats a record of the same
    // person: when that person resolves to no one, the first was not staged, so the repeat is no
    // duplicate of a staged record (INPUTS.md) and is unmatched like it.
    Column adapterDuplicate = java.util.List.of(records.columns()).contains(Columns.MALFORMED)
        ? coalesce(col(Columns.MALFORMED).startsWith(LandingRecord.REJECTED_MARK + Reason.DUPLICATE.code()
            + LandingRecord.REJECTED_MARK), lit(false)) : lit(false);
    Column unmatched = col(Columns.REASON).isNull().or(adapterDuplicate).and(col(Columns.EMPLOYEE).isNull());
    return records
        .withColumn(Columns.DETAIL, when(unmatched, detail).otherwise(col(Columns.DETAIL)))
        .withColumn(Columns.REASON, when(unmatched, lit(Reason.UNMATCHED_IDENTITY.code())).otherwise(col(Columns.REASON)));
  }

  /**
   * Writes an entity's staged and quarantined rows, counting them as they are written (the checked
   * records are persisted for the two writes, so the files are read once; collaboration's duplicates
   * are marked on the persisted records).
   */
  private SourceCounts publish(Entity entity, Dataset<Row> checked, String breakdown, SourceReader.Input input, boolean append) {
    long start = System.nanoTime();
    // The raw line is kept for quarantined records only: on valid ones it would be most of what is
    // held between the writes below (and spilled to disk when that does not fit in memory). Collaboration
    // keeps it on every record: its duplicates are marked below, on these records, and a duplicate goes
    // to quarantine with its raw text like any other fault (INPUTS.md).
    Dataset<Row> records = (entity == Entity.COLLABORATION ? checked
            : checked.withColumn(Columns.RAW, when(col(Columns.REASON).isNotNull(), col(Columns.RAW))))
        .drop(Columns.MALFORMED)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> original = records;
    List<Dataset<Row>> marked = new ArrayList<>();
    if (entity == Entity.COLLABORATION) {
      // Validation left duplicates to here (see Validator.checkFields), as for the small entities
      // (deduplicated): only a valid record holds its key, and an unmatched one may be its duplicate.
      Dataset<Row> against = againstEarlierSources(entity, records);
      if (against != records) { // several sources: the join with the earlier ones' keys is read several times below
        records = against.persist(StorageLevel.MEMORY_AND_DISK());
        marked.add(records);
      }
      for (List<String> key : spec(entity).uniqueKeys()) {
        Duplicates.Marked m = Duplicates.mark(records, key, CANDIDATE, col(Columns.REASON).isNull());
        records = m.rows();
        if (m.shuffled()) {
          records = records.persist(StorageLevel.MEMORY_AND_DISK());
          marked.add(records);
        }
      }
    }
    int retention = ctx.config().retentionMonths();
    if (entity == Entity.COLLABORATION && retention > 0) {
      // Retention: events before the first day of the month `retention` months before the run month are
      // not staged; they are counted as skipped (retention), so the manifest in _runs/ records them.
      java.sql.Timestamp cutoff = java.sql.Timestamp.from(retentionCutoff(ctx.runDate(), retention)
          .atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
      Column old = coalesce(col("occurred_at").lt(lit(cutoff)), lit(false));
      long expired = records.filter(old).count();
      if (expired > 0) {
        input = input.withSkipped("retention", expired);
        records = records.filter(org.apache.spark.sql.functions.not(old));
      }
    }
    if (!forgotten.isEmpty()) {
      // People erased with `forget` stay erased although the landing folder may still hold them.
      Column isForgotten = coalesce(pseudo.column(Pseudonymizer.PERSON, personOf(entity)).isin(forgotten.toArray()), lit(false));
      long skipped = records.filter(isForgotten).count();
      Dataset<Row> kept = records.filter(org.apache.spark.sql.functions.not(isForgotten));
      if (entity == Entity.DIRECTORY) {
        kept = kept.withColumn("manager_id", when(coalesce(pseudo.column(Pseudonymizer.PERSON, col("manager_id"))
            .isin(forgotten.toArray()), lit(false)), lit(null).cast("string")).otherwise(col("manager_id")));
      }
      if (entity == Entity.COLLABORATION) {
        kept = kept.withColumn(TARGET, when(coalesce(pseudo.column(Pseudonymizer.PERSON, col(TARGET))
            .isin(forgotten.toArray()), lit(false)), lit(null).cast("string")).otherwise(col(TARGET)));
      }
      if (skipped > 0) {
        input = input.withSkipped("forgotten", skipped);
      }
      records = kept.persist(StorageLevel.MEMORY_AND_DISK());
    }
    Counting counting = new Counting(records.columns(), breakdown, breakdownValues(entity));
    // `read` is observed in the quarantine write, which has no shuffle: in the staging write, partitioned
    // by day, adaptive execution replaces the plan after an empty shuffle (no valid record) and the
    // observation above it was lost (read 0 for a file of bad records, then "records were lost").
    Dataset<Row> observed = counting.observeRead(records);
    Dataset<Row> valid = counting.observeStaged(records.filter(col(Columns.REASON).isNull()));
    String[] partitions = entity == Entity.COLLABORATION ? new String[] {Columns.EVENT_DATE} : new String[0];
    boolean incremental = entity == Entity.COLLABORATION && plan.incremental();
    Tables.write(StagingSchemas.conform(staged(entity, valid, io.bottomup.config.SourceConfig.SLACK_EXPORT.equals(input.format())),
            StagingSchemas.of(entity)),
        incremental ? incremental() + "/staging" : ctx.work().staging(entity), append, incremental ? new String[0] : partitions);
    Tables.write(quarantined(counting.observeQuarantined(observed.filter(col(Columns.REASON).isNotNull())), input.name()),
        incremental ? incremental() + "/quarantine" : ctx.work().quarantine(entity), append);
    SourceCounts counts = counting.result(entity.folder(), input.name(), input.format(), input.path(), input.skipped())
        .withUnmatched(unmatched(entity, records, input));
    keepStagedKeys(entity, records.filter(col(Columns.REASON).isNull()));
    records.unpersist();
    marked.forEach(Dataset::unpersist);
    original.unpersist();
    LOG.info("ingest {}{}: read {}, staged {}, quarantined {}, skipped {} in {} s", entity.folder(),
        CANONICAL.equals(input.name()) ? "" : " from " + input.name(), counts.read(), counts.staged(), counts.quarantined(),
        counts.skipped(), String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
    return counts;
  }

  /** Where an incremental run collects the collaboration rows it read before merging them into staging. */
  private String incremental() {
    return ctx.work().root() + "/_incremental";
  }

  private void deleteWorkspace(String path) {
    try {
      Path p = new Path(path);
      p.getFileSystem(ctx.hadoop()).delete(p, true);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Dataset<Row> publishedCollaboration() {
    return Tables.read(ctx.spark(), ctx.out().staging(Entity.COLLABORATION));
  }

  private Column fromReplacedFile(String fileColumn) {
    return coalesce(col(fileColumn).isin(plan.replacedFiles().toArray()), lit(false));
  }

  /**
   * With {@code retention_months}, a run in a later month moves the retention cutoff. A night drops the
   * staging days before it, but quarantine rows carry no event date, so the quarantined records of
   * files it does not read again would outlive the retention: a night whose cutoff moved while the
   * collaboration quarantine holds rows is a full refresh, which reads every file again and keeps
   * quarantined only the records inside the window (or without a date). Once a month, and only with
   * retention configured. Returns the reason, or null.
   */
  private String quarantinePastRetention(ChangePlan p) {
    int retention = ctx.config().retentionMonths();
    if (retention <= 0 || p.previousLedger() == null) {
      return null;
    }
    java.time.LocalDate before = retentionCutoff(java.time.LocalDate.parse(p.previousLedger().runDate()), retention);
    java.time.LocalDate now = retentionCutoff(ctx.runDate(), retention);
    String quarantine = ctx.out().quarantine(Entity.COLLABORATION);
    if (!now.isAfter(before) || !Tables.exists(ctx.spark(), quarantine) || Tables.read(ctx.spark(), quarantine).isEmpty()) {
      return null;
    }
    return "the retention cutoff moved to " + now + ", and quarantined records may be older (quarantine rows carry no event date)";
  }

  /** The first day kept with {@code retention} months: the first of the month that many months before the run month. */
  static java.time.LocalDate retentionCutoff(java.time.LocalDate runDate, int retention) {
    return java.time.YearMonth.from(runDate).minusMonths(retention).atDay(1);
  }

  /**
   * A record quarantined as a duplicate of a record in a file that changed or went: a full refresh
   * would stage it now, so the run must be one. Returns the reason, or null.
   */
  private String keptDuplicateMoves(ChangePlan p) {
    java.util.Set<String> moved = new java.util.TreeSet<>(p.changed());
    moved.addAll(p.removed());
    String quarantine = ctx.out().quarantine(Entity.COLLABORATION);
    if (moved.isEmpty() || !Tables.exists(ctx.spark(), quarantine)) {
      return null;
    }
    long n = Tables.read(ctx.spark(), quarantine)
        .filter(col("reason").equalTo(Reason.DUPLICATE.code()).and(coalesce(col("file").isin(moved.toArray()), lit(false)).unary_$bang()))
        .filter(org.apache.spark.sql.functions.regexp_extract(col("detail"), "the record kept is at (.*) line [0-9]+$", 1)
            .isin(moved.toArray()))
        .count();
    return n == 0 ? null : n + " quarantined duplicate(s) refer to a record in a changed or removed file";
  }

  /**
   * New collaboration records against the staged ones they do not replace: a record whose key is
   * staged from an earlier record (source in configuration order, then file, then line, as in a full
   * run) is a duplicate; one staged from a later record would displace it, which only a full refresh
   * does exactly.
   */
  private Dataset<Row> againstStaged(Dataset<Row> checked) {
    // Staging is first narrowed to the keys the new records carry, broadcast when there are at most
    // IdentityResolver.BROADCAST_ROWS of them (a night's few thousand): a plain join shuffled and sorted
    // every staged key, so the night's cost grew with the history (9.6 s of a 1M-event night).
    Dataset<Row> keys = checked.filter(col(Columns.REASON).isNull())
        .select(col(Columns.SOURCE).as("_k_source"), col("event_id").as("_k_id")).distinct()
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> probe = keys.count() <= IdentityResolver.BROADCAST_ROWS ? broadcast(keys) : keys;
    Dataset<Row> staged = publishedCollaboration().filter(fromReplacedFile(Columns.FILE).unary_$bang())
        .join(probe, col(Columns.SOURCE).equalTo(col("_k_source")).and(col("event_id").equalTo(col("_k_id"))), "leftsemi")
        .select(col(Columns.SOURCE).as("_o_source"), col("event_id").as("_o_id"), col(Columns.FILE).as("_o_file"),
            col(Columns.LINE).as("_o_line"));
    Dataset<Row> joined = checked.join(staged, col(Columns.REASON).isNull().and(col("source").equalTo(col("_o_source")))
        .and(col("event_id").equalTo(col("_o_id"))), "left").persist(StorageLevel.MEMORY_AND_DISK());
    // As in a full run: the earlier source in configuration order, then file, then line.
    Column sourceOrder = ChangePlan.sourceOrder(ctx.config().sources(), col(Columns.FILE));
    Column stagedOrder = ChangePlan.sourceOrder(ctx.config().sources(), col("_o_file"));
    Column earlier = stagedOrder.lt(sourceOrder).or(stagedOrder.equalTo(sourceOrder).and(col("_o_file").lt(col(Columns.FILE))
        .or(col("_o_file").equalTo(col(Columns.FILE)).and(col("_o_line").lt(col(Columns.LINE))))));
    boolean displaced = !joined.filter(col("_o_id").isNotNull().and(earlier.unary_$bang())).limit(1).isEmpty();
    keys.unpersist();
    if (displaced) {
      joined.unpersist();
      throw new FullRefreshNeeded("a new or changed file holds an event already staged from a later source or file");
    }
    Column dup = col("_o_id").isNotNull();
    return joined
        .withColumn(Columns.DETAIL, when(dup, concat(lit("duplicate source, event_id; the record kept is at "), col("_o_file"),
            lit(" line "), col("_o_line").cast("string"))).otherwise(col(Columns.DETAIL)))
        .withColumn(Columns.REASON, when(dup, lit(Reason.DUPLICATE.code())).otherwise(col(Columns.REASON)))
        .drop("_o_source", "_o_id", "_o_file", "_o_line");
  }

  /**
   * Merges an incremental run's collaboration rows into staging: the days they fall on, the days the
   * replaced files held and the days retention drops are rewritten, each from its kept rows plus the
   * new ones; the quarantine keeps its rows of files not read again. Returns the days rewritten.
   */
  private java.util.Set<String> mergeCollaboration() {
    Dataset<Row> published = publishedCollaboration();
    Dataset<Row> fresh = Tables.exists(ctx.spark(), incremental() + "/staging")
        ? Tables.read(ctx.spark(), incremental() + "/staging")
        : ctx.spark().createDataFrame(List.of(), StagingSchemas.COLLABORATION);
    java.util.Set<String> touched = new java.util.TreeSet<>();
    Column day = col(Columns.EVENT_DATE).cast("string");
    touched.addAll(fresh.select(day).distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    if (!plan.replacedFiles().isEmpty()) {
      touched.addAll(published.filter(fromReplacedFile(Columns.FILE)).select(day).distinct()
          .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    }
    Column inScope = lit(true);
    int retention = ctx.config().retentionMonths();
    if (retention > 0) {
      java.time.LocalDate cutoff = retentionCutoff(ctx.runDate(), retention);
      for (String d : Tables.partitions(ctx.spark(), ctx.work().staging(Entity.COLLABORATION), ctx.out().staging(Entity.COLLABORATION), Columns.EVENT_DATE)) {
        if (!d.startsWith("__") && java.time.LocalDate.parse(d).isBefore(cutoff)) {
          touched.add(d);
        }
      }
      inScope = col(Columns.EVENT_DATE).geq(lit(java.sql.Date.valueOf(cutoff)));
    }
    Dataset<Row> kept = published.filter(day.isin(touched.toArray()).and(fromReplacedFile(Columns.FILE).unary_$bang()));
    Dataset<Row> rows = StagingSchemas.conform(kept.unionByName(StagingSchemas.conform(fresh, StagingSchemas.COLLABORATION))
        .filter(inScope), StagingSchemas.COLLABORATION);
    Tables.writePartitions(rows, ctx.work().staging(Entity.COLLABORATION), Columns.EVENT_DATE, touched);
    String quarantine = ctx.out().quarantine(Entity.COLLABORATION);
    Dataset<Row> q = Tables.exists(ctx.spark(), incremental() + "/quarantine")
        ? Tables.read(ctx.spark(), incremental() + "/quarantine")
        : ctx.spark().createDataFrame(List.of(), StagingSchemas.QUARANTINE);
    if (Tables.exists(ctx.spark(), quarantine)) {
      q = Tables.read(ctx.spark(), quarantine).filter(fromReplacedFile("file").unary_$bang()).unionByName(q);
    }
    Tables.write(q, ctx.work().quarantine(Entity.COLLABORATION));
    deleteWorkspace(incremental());
    LOG.info("ingest collaboration: {} staging day(s) rewritten", touched.size());
    return touched;
  }

  /** The resolved employee id of a checked record of the entity. */
  private static Column personOf(Entity entity) {
    return switch (entity) {
      case DIRECTORY, IDENTITIES -> col("employee_id");
      case COLLABORATION, TRAINING -> col(ACTOR);
      case APPRAISALS -> col(Columns.EMPLOYEE);
    };
  }

  /** Per system, the person references that matched nobody and the records they account for (counts only). */
  private List<SourceCounts.Unmatched> unmatched(Entity entity, Dataset<Row> records, SourceReader.Input input) {
    List<SourceCounts.Unmatched> out = new ArrayList<>();
    Column unmatched = col(Columns.REASON).equalTo(Reason.UNMATCHED_IDENTITY.code());
    switch (entity) {
      case COLLABORATION -> {
        collect(out, records.filter(unmatched), col("source"), col("actor"), "actor");
        collect(out, records.filter(col(Columns.REASON).isNull().and(col(UNMATCHED_TARGET))), col("source"), col("target"),
            "target");
      }
      case TRAINING -> collect(out, records.filter(unmatched), learnerSystem(input), col("learner"), "learner");
      case APPRAISALS, IDENTITIES -> collect(out, records.filter(unmatched), lit("directory"), col("employee_id"), "employee");
      default -> { }
    }
    return out;
  }

  private static void collect(List<SourceCounts.Unmatched> out, Dataset<Row> rows, Column system, Column reference, String role) {
    for (Row r : rows.groupBy(system.as("system"))
        .agg(org.apache.spark.sql.functions.countDistinct(reference), org.apache.spark.sql.functions.count(lit(1)))
        .orderBy("system").collectAsList()) {
      out.add(new SourceCounts.Unmatched(r.getString(0), role, r.getLong(1), r.getLong(2)));
    }
  }

  private static List<String> breakdownValues(Entity entity) {
    return switch (entity) {
      case COLLABORATION -> io.bottomup.schema.Action.valueList();
      case TRAINING -> EntitySpec.TRAINING_STATUSES;
      default -> List.of();
    };
  }

  /**
   * The staging projection: personal identifiers become pseudonyms here and nowhere later. A Slack
   * reaction's event id ends with the reacting user's id ({@code <channel>:<ts>:<reaction>:<user>},
   * SOURCES.md): that user id becomes the actor's pseudonym, so that no handle is staged.
   */
  private Dataset<Row> staged(Entity entity, Dataset<Row> valid, boolean actorInEventId) {
    return switch (entity) {
      case DIRECTORY -> valid
          .withColumn(Columns.PERSON_KEY, person(col("employee_id")))
          .withColumn(Columns.EMAIL_KEY, pseudo.column(Pseudonymizer.EMAIL, col("email")))
          .withColumn(Columns.MANAGER_KEY, person(col("manager_id")))
          .withColumn(Columns.MANAGER_KNOWN, when(col("manager_id").isNotNull(), col("_manager_found").isNotNull()));
      case IDENTITIES -> valid
          .withColumn(Columns.PERSON_KEY, person(col("employee_id")))
          .withColumn(Columns.EXTERNAL_KEY,
              pseudo.column(Pseudonymizer.EXTERNAL, concat(col("system"), lit(":"), col("external_id"))));
      case COLLABORATION -> (actorInEventId ? valid.withColumn("event_id", when(col("event_id").endsWith(concat(lit(":"), col("actor"))),
              concat(org.apache.spark.sql.functions.expr("left(event_id, length(event_id) - length(actor))"), person(col(ACTOR))))
              .otherwise(col("event_id"))) : valid)
          .withColumn(Columns.ACTOR_KEY, person(col(ACTOR)))
          .withColumn(Columns.TARGET_KEY, person(col(TARGET)))
          .withColumn(Columns.EVENT_DATE, to_date(col("occurred_at")))
          .withColumn(Columns.EVENT_MONTH, io.bottomup.model.Months.of(col("occurred_at")));
      case APPRAISALS -> valid.withColumn(Columns.PERSON_KEY, person(col(Columns.EMPLOYEE)));
      case TRAINING -> valid.withColumn(Columns.PERSON_KEY, person(col(ACTOR)));
    };
  }

  private Dataset<Row> quarantined(Dataset<Row> rejected, String source) {
    // One projection (a withColumn each analysed the growing plan again); StagingSchemas orders the columns.
    return StagingSchemas.conform(rejected.withColumns(java.util.Map.of(
        Columns.SOURCE, lit(source),
        "file", col(Columns.FILE),
        "line", col(Columns.LINE),
        "raw", col(Columns.RAW),
        "reason", col(Columns.REASON),
        "detail", coalesce(col(Columns.DETAIL), col(Columns.REASON)),
        "run_date", lit(java.sql.Date.valueOf(ctx.runDate())))), StagingSchemas.QUARANTINE);
  }

  private Column person(Column employeeId) {
    return pseudo.column(Pseudonymizer.PERSON, employeeId);
  }

  private Dataset<Row> emptyIdentityMap() {
    return ctx.spark().createDataFrame(List.of(),
        org.apache.spark.sql.types.StructType.fromDDL("system STRING, external_id STRING, employee_id STRING"));
  }
}
