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
 * process that holds it. A second run exits 4. A lock whose process is gone (same host, pid no
 * longer alive) or that is older than {@link #STALE_AFTER} is stale: it is taken over, with a warning.
 */
public final class RunLock implements AutoCloseable {
  public static final Duration STALE_AFTER = Duration.ofHours(24);
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

  private final FileSystem fs;
  private final Path path;

  private RunLock(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
  }

  public static RunLock acquire(Configuration conf, OutputLayout out) {
    Path path = new Path(out.lock());
    try {
      FileSystem fs = path.getFileSystem(conf);
      fs.mkdirs(path.getParent());
      for (int attempt = 0; attempt < 2; attempt++) {
        if (tryCreate(fs, path)) {
          return new RunLock(fs, path);
        }
        Properties holder = read(fs, path);
        String why = staleness(holder);
        if (why == null) {
          throw new BottomupException(BottomupException.EXIT_LOCKED, "another run holds the lock on " + out.root()
              + " (pid " + holder.getProperty("pid") + " on " + holder.getProperty("host") + ", since "
              + holder.getProperty("started_at") + "); wait for it, or remove " + path + " if it is certainly gone");
        }
        LOG.warn("taking over the stale lock {}: {}", path, why);
        fs.delete(path, false);
      }
      throw new BottomupException(BottomupException.EXIT_LOCKED, "another run took the lock on " + out.root() + " first");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + path, e);
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

  /** Why the lock described by {@code holder} is stale, or null when its holder may be running. */
  static String staleness(Properties holder) {
    String started = holder.getProperty("started_at");
    try {
      if (started == null || Instant.parse(started).isBefore(Instant.now().minus(STALE_AFTER))) {
        return "it is older than " + STALE_AFTER.toHours() + " hours";
      }
    } catch (RuntimeException e) {
      return "it cannot be read";
    }
    if (host().equals(holder.getProperty("host"))) {
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
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      LOG.warn("could not release the lock {}: {}", path, e.getMessage());
    }
  }
}
