package io.bottomup.io;

import io.bottomup.BottomupException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per output folder: {@code <out>/_lock}, created only if absent, names the
 * process that holds it. A second run exits 4. While it runs, the holder renews {@code
 * <out>/_lock.heartbeat} every {@link #HEARTBEAT}. A lock is stale, and taken over with a warning, when
 * its heartbeat has not been renewed for {@link #SILENT_AFTER} (a run killed on another host: a
 * Kubernetes pod or a cluster driver gets a new host name every night), when its process is gone (same
 * host, pid no longer alive), or, without a heartbeat, when it is older than {@link #STALE_AFTER} (by the
 * start it records, else by the file's time: a lock file another tool made names no run and is held).
 */
public final class RunLock implements AutoCloseable {
  public static final Duration STALE_AFTER = Duration.ofHours(24);
  public static final Duration HEARTBEAT = Duration.ofMinutes(1);
  public static final Duration SILENT_AFTER = Duration.ofMinutes(10);
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

  private final FileSystem fs;
  private final Path path;
  private final java.util.concurrent.ScheduledExecutorService heartbeat;

  private RunLock(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
    this.heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bottomup-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    heartbeat.scheduleAtFixedRate(() -> beat(fs, heartbeatOf(path)), HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(),
        java.util.concurrent.TimeUnit.SECONDS);
  }

  private static Path heartbeatOf(Path lock) {
    return new Path(lock.getParent(), lock.getName() + ".heartbeat");
  }

  /** Renews the heartbeat: the time it was written. */
  private static void beat(FileSystem fs, Path heartbeat) {
    try (OutputStream out = fs.create(heartbeat, true)) {
      out.write(Instant.now().toString().getBytes(StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not renew the lock's heartbeat {}: {}", heartbeat, e.getMessage());
    }
  }

  /** The heartbeat's time, or null when there is none or it cannot be read (then the other rules decide). */
  private static Instant lastBeat(FileSystem fs, Path heartbeat) {
    try (InputStream in = fs.open(heartbeat)) {
      return Instant.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  public static RunLock acquire(Configuration conf, OutputLayout out) {
    Path path = new Path(out.lock());
    try {
      FileSystem fs = path.getFileSystem(conf);
      // A wrong --out (a file, a place that cannot be created) is the operator's to fix: refused, one line.
      Path root = path.getParent();
      if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
        throw BottomupException.refused("output folder " + out.root() + " is a file, not a folder");
      }
      boolean made;
      try {
        made = fs.mkdirs(root);
      } catch (IOException e) {
        made = false;
      }
      if (!made) {
        throw BottomupException.refused("output folder " + out.root() + " cannot be created (a file on its path, or no"
            + " permission to write there)");
      }
      for (int attempt = 0; attempt < 2; attempt++) {
        if (tryCreate(fs, path)) {
          beat(fs, heartbeatOf(path));
          return new RunLock(fs, path);
        }
        Properties holder = read(fs, path);
        String why = staleness(holder, lastBeat(fs, heartbeatOf(path)), written(fs, path), Instant.now());
        if (why == null) {
          throw new BottomupException(BottomupException.EXIT_LOCKED, "another run holds the lock on " + out.root()
              + " (" + holder(holder, written(fs, path)) + "); wait for it, or remove " + path + " if it is certainly gone");
        }
        LOG.warn("taking over the stale lock {}: {}", path, why);
        // The old heartbeat goes first: a run that reads the new lock before its first beat sees none.
        fs.delete(heartbeatOf(path), false);
        fs.delete(path, false);
      }
      throw new BottomupException(BottomupException.EXIT_LOCKED, "another run took the lock on " + out.root() + " first");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + path, e);
    }
  }

  /**
   * The output folder's lock as an operator needs to know it, or null when there is none: a run that
   * holds it now, or a run that died holding it (the next run takes it over and records that run as
   * failed; until then its only trace is the lock).
   */
  public static String describe(Configuration conf, OutputLayout out) {
    Path path = new Path(out.lock());
    try {
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        return null;
      }
      Properties holder = read(fs, path);
      String who = holder(holder, written(fs, path));
      String why = staleness(holder, lastBeat(fs, heartbeatOf(path)), written(fs, path), Instant.now());
      return why == null ? "a run holds the lock now (" + who + ")"
          : "a run died holding the lock (" + who + "; " + why + "): nothing of it was published, and the next run"
              + " records it as failed";
    } catch (IOException e) {
      return "the lock " + path + " cannot be read: " + e.getMessage();
    }
  }

  private static boolean tryCreate(FileSystem fs, Path path) throws IOException {
    Properties p = new Properties();
    p.setProperty("pid", String.valueOf(ProcessHandle.current().pid()));
    p.setProperty("host", host());
    p.setProperty("started_at", Instant.now().toString());
    if ("file".equals(fs.getScheme())) {
      // Local disk: an atomic create-if-absent (Hadoop's local create checks, then creates).
      try (OutputStream out = java.nio.file.Files.newOutputStream(java.nio.file.Path.of(path.toUri().getPath()),
          java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
        p.store(out, "bottomup run lock");
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(path, false)) {
      p.store(out, "bottomup run lock");
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(path)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Why the lock described by {@code holder}, whose heartbeat was last renewed at {@code beat} (null:
   * none), is stale at {@code now}, or null when its holder may be running.
   */
  static String staleness(Properties holder, Instant beat, Instant written, Instant now) {
    if (beat != null && beat.isBefore(now.minus(SILENT_AFTER))) {
      return "its holder has not renewed it since " + beat + " (a run renews it every minute)";
    }
    // Without a heartbeat (a lock of an earlier version, one taken a moment ago, or one another tool
    // created: an empty file, say) only its age tells: its start, else when the file was written.
    Instant started = written;
    try {
      started = Instant.parse(holder.getProperty("started_at"));
    } catch (RuntimeException e) {
      // none, or not a time: the file's own
    }
    if (beat == null && started.isBefore(now.minus(STALE_AFTER))) {
      return "it is older than " + STALE_AFTER.toHours() + " hours";
    }
    if (holder.getProperty("pid") != null && host().equals(holder.getProperty("host"))) {
      try {
        long pid = Long.parseLong(holder.getProperty("pid", "-1"));
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          return null;
        }
        return "process " + pid + " is no longer running";
      } catch (NumberFormatException e) {
        return "it names no process";
      }
    }
    return null;
  }

  /** Who holds the lock, as its file says: a run's pid, host and start, or only when the file was written. */
  private static String holder(Properties holder, Instant written) {
    if (holder.getProperty("pid") == null) {
      return "a lock file naming no run, written " + written;
    }
    return "pid " + holder.getProperty("pid") + " on " + holder.getProperty("host") + ", started " + holder.getProperty("started_at");
  }

  /** When the lock file was last written (now, if it went away meanwhile: a holder just released it). */
  private static Instant written(FileSystem fs, Path path) throws IOException {
    try {
      return Instant.ofEpochMilli(fs.getFileStatus(path).getModificationTime());
    } catch (java.io.FileNotFoundException e) {
      return Instant.now();
    }
  }

  private static Properties read(FileSystem fs, Path path) throws IOException {
    Properties p = new Properties();
    try (InputStream in = fs.open(path)) {
      p.load(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1));
    } catch (java.io.FileNotFoundException e) {
      p.setProperty("started_at", Instant.EPOCH.toString());
    }
    return p;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      fs.delete(heartbeatOf(path), false);
      fs.delete(path, false);
    } catch (IOException e) {
      LOG.warn("could not release the lock {}: {}", path, e.getMessage());
    }
  }
}
