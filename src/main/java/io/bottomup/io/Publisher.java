package io.bottomup.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a run's workspace into the output folder, table by table, by rename.
 *
 * <p>Every table (each folder under {@code staging/}, {@code quarantine/}, {@code marts/}, the
 * report folder of the run date, and {@code staging/_ingest.json}) is swapped in whole, so a reader
 * always finds a complete table. Before the first rename the workspace is marked {@value #MARKER}; a
 * run killed while publishing leaves that marker, and the next run first finishes the publication
 * (everything in the workspace is complete by then). Once every table is in place the workspace is
 * marked {@value #PUBLISHED} too, until the run has recorded itself: a run stopped after that point
 * published everything and only lacks its record. A workspace without the marker belongs to a
 * run that died before publishing: it is deleted once that run is recorded, and the published
 * outputs were never touched.
 *
 * <p>A table an incremental run wrote only in part ({@link Tables#writePartitions}) is published
 * partition by partition: each replaced partition is swapped in whole, the untouched ones stay.
 */
public final class Publisher {
  public static final String MARKER = "_PUBLISHING";
  /**
   * The manifest of the run being published, written beside the marker: if the publication stops half
   * way, the run that finishes it records this one in {@code _runs/} in place of the failure.
   */
  public static final String RUN_MANIFEST = "_RUN_MANIFEST.json";
  /** Written once every table of the workspace is in place: what is left to do is the run's record. */
  public static final String PUBLISHED = "_PUBLISHED";
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  private static final List<String> LAYERS = List.of("staging", "quarantine", "marts", "reports");

  private final Configuration conf;

  public Publisher(Configuration conf) {
    this.conf = conf;
  }

  /**
   * Moves everything the workspace holds into place; first keeps the run's manifest (if any) in the
   * workspace ({@value #RUN_MANIFEST}) for a run that may have to finish the publication. The workspace
   * stays, with its marker, until {@link #finish}: the run records itself in between, so a run killed
   * before its record is recorded by the next run's {@link #recover} from that manifest.
   */
  public void publish(OutputLayout work, OutputLayout out, byte[] manifest) {
    try {
      Path workRoot = new Path(work.root());
      FileSystem fs = workRoot.getFileSystem(conf);
      if (!fs.exists(workRoot)) {
        return;
      }
      if (manifest != null) {
        try (FSDataOutputStream file = fs.create(new Path(workRoot, RUN_MANIFEST), true)) {
          file.write(manifest);
        }
      }
      try (FSDataOutputStream marker = fs.create(new Path(workRoot, MARKER), true)) {
        marker.write(out.root().getBytes(StandardCharsets.UTF_8));
      }
      moveAll(fs, workRoot, new Path(out.root()));
      fs.create(new Path(workRoot, PUBLISHED), true).close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + work.root() + " to " + out.root(), e);
    }
  }

  /**
   * Removes a published workspace once its run is recorded. A failure is only logged: the run succeeded,
   * and the next run's {@link #recover} removes what is left.
   */
  public void finish(OutputLayout work) {
    remove(work, "the published workspace");
  }

  /**
   * Whether the workspace's publication began ({@link #publish} wrote its marker) and did not finish:
   * part of it may be in place already, so it must not be discarded; the next run's {@link #recover}
   * finishes it.
   */
  public boolean publishing(OutputLayout work) {
    return marked(work, MARKER, true); // unknown: keeping a workspace is safe, discarding half a publication is not
  }

  /**
   * Whether the workspace's publication finished ({@link #publish} returned): every table is in place,
   * and a run that fails after this point failed to record itself, not to publish.
   */
  public boolean published(OutputLayout work) {
    return marked(work, PUBLISHED, false); // unknown: said to have stopped while publishing, which recovery handles alike
  }

  /** Whether the workspace holds {@code marker}; {@code unknown} when that cannot be told. */
  private boolean marked(OutputLayout work, String marker, boolean unknown) {
    try {
      Path p = new Path(work.root(), marker);
      return p.getFileSystem(conf).exists(p);
    } catch (IOException e) {
      return unknown;
    }
  }

  /** Deletes a workspace that will not be published (a failed run). */
  public void discard(OutputLayout work) {
    remove(work, "the workspace");
  }

  /** Deletes a workspace; a failure is logged only (the next run's {@link #recover} removes what is left). */
  private void remove(OutputLayout work, String what) {
    try {
      Path p = new Path(work.root());
      FileSystem fs = p.getFileSystem(conf);
      fs.delete(p, true);
      removeIfEmpty(fs, p.getParent());
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not remove {} {} (the next run does): {}", what, work.root(), e.getMessage());
    }
  }

  /**
   * A run that died and left its workspace: {@code published} if it died while publishing (the
   * publication is then finished for it), {@code complete} if it died (or failed to record itself) after
   * its publication finished, with nothing left to move; {@code manifest} its own manifest where its workspace held
   * one ({@value #RUN_MANIFEST}, else {@code reports/<run date>/manifest.json}), else null; {@code lastWritten} when it last wrote
   * to its workspace.
   */
  public record Abandoned(String runId, boolean published, boolean complete, byte[] manifest, java.time.Instant lastWritten) {}

  /**
   * Cleans up after runs that did not finish: completes interrupted publications and returns those
   * runs and the ones that died before publishing, so that they can be recorded. Every workspace stays
   * (a published one's manifest is the only copy of its run's record, and an unpublished one's last
   * write is its run's end) until the caller has recorded its run and calls {@link #finish} on it.
   * Call it holding the output folder's lock.
   */
  public List<Abandoned> recover(OutputLayout out) {
    List<Abandoned> abandoned = new ArrayList<>();
    try {
      Path workRoot = new Path(out.workRoot());
      FileSystem fs = workRoot.getFileSystem(conf);
      if (!fs.exists(workRoot)) {
        return abandoned;
      }
      for (FileStatus run : fs.listStatus(workRoot)) {
        boolean publishing = fs.exists(new Path(run.getPath(), MARKER));
        boolean complete = publishing && fs.exists(new Path(run.getPath(), PUBLISHED));
        abandoned.add(new Abandoned(run.getPath().getName(), publishing, complete, manifest(fs, run.getPath()),
            java.time.Instant.ofEpochMilli(lastWritten(fs, run))));
        if (complete) {
          LOG.warn("{} published everything but was not recorded: it is recorded now", run.getPath().getName());
        } else if (publishing) {
          LOG.warn("finishing the publication of {}, which stopped half way (the run died, or a rename was refused)",
              run.getPath().getName());
          try {
            moveAll(fs, run.getPath(), new Path(out.root()));
          } catch (IOException e) {
            throw new IOException("cannot finish the publication of run " + run.getPath().getName()
                + ", which stopped half way (its workspace is kept; the next run tries again once the cause is fixed): "
                + e.getMessage(), e);
          }
        } else {
          LOG.warn("{} died before publishing: nothing of it is published, its workspace is removed once it is recorded",
              run.getPath().getName());
        }
      }
      return abandoned;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot recover " + out.workRoot() + ": " + e.getMessage(), e);
    }
  }

  /** The manifest a workspace holds (the run's, else its report folder's), or null. */
  private static byte[] manifest(FileSystem fs, Path workspace) throws IOException {
    Path own = new Path(workspace, RUN_MANIFEST);
    if (fs.exists(own)) {
      try (java.io.InputStream in = fs.open(own)) {
        return in.readAllBytes();
      }
    }
    Path reports = new Path(workspace, "reports");
    if (!fs.exists(reports)) {
      return null;
    }
    for (FileStatus day : fs.listStatus(reports)) {
      Path manifest = new Path(day.getPath(), "manifest.json");
      if (fs.exists(manifest)) {
        try (java.io.InputStream in = fs.open(manifest)) {
          return in.readAllBytes();
        }
      }
    }
    return null;
  }

  /** The latest modification time of a workspace and the folders directly in it. */
  private static long lastWritten(FileSystem fs, FileStatus workspace) throws IOException {
    long latest = workspace.getModificationTime();
    for (FileStatus child : fs.listStatus(workspace.getPath())) {
      latest = Math.max(latest, child.getModificationTime());
    }
    return latest;
  }

  private static void removeIfEmpty(FileSystem fs, Path dir) throws IOException {
    if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
      fs.delete(dir, false);
    }
  }

  private void moveAll(FileSystem fs, Path workRoot, Path outRoot) throws IOException {
    for (String layer : LAYERS) {
      Path from = new Path(workRoot, layer);
      if (!fs.exists(from)) {
        continue;
      }
      for (FileStatus table : children(fs, from)) {
        Path target = new Path(new Path(outRoot, layer), table.getPath().getName());
        fs.mkdirs(target.getParent());
        Path old = new Path(workRoot, "_old/" + layer + "/" + table.getPath().getName());
        Tables.Partial partial = table.isDirectory() ? Tables.partial(conf, table.getPath().toString()) : null;
        if (partial == null) {
          Tables.swap(conf, table.getPath(), target, old);
        } else {
          publishPartitions(fs, table.getPath(), target, old, partial);
        }
      }
    }
  }

  /**
   * An incremental run's table: swaps in each partition it replaces and deletes each it empties; the
   * others stay as published. Repeating it (recovery) is harmless: a {@code replace} partition no
   * longer in the workspace was moved already.
   */
  private void publishPartitions(FileSystem fs, Path table, Path target, Path old, Tables.Partial partial) throws IOException {
    for (java.util.Map.Entry<String, String> p : partial.partitions().entrySet()) {
      String name = partial.column() + "=" + p.getKey();
      Path from = new Path(table, name);
      Path to = new Path(target, name);
      if (p.getValue().equals("delete")) {
        fs.delete(to, true);
      } else if (fs.exists(from)) {
        fs.mkdirs(target);
        Tables.swap(conf, from, to, new Path(old, name));
      }
    }
    // The table is read with its schema file (Tables.read): the newest partitions' from now on.
    Path schema = new Path(table, Tables.SCHEMA);
    if (fs.exists(schema)) {
      fs.mkdirs(target);
      Tables.swap(conf, schema, new Path(target, Tables.SCHEMA), new Path(old, Tables.SCHEMA));
    }
    fs.delete(table, true);
  }

  private static List<FileStatus> children(FileSystem fs, Path dir) throws IOException {
    List<FileStatus> list = new ArrayList<>(List.of(fs.listStatus(dir)));
    list.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    return list;
  }
}
