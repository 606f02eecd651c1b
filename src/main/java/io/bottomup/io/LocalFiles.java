package io.bottomup.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:} paths), as Spark reads and writes through it, with one
 * change: a file's or folder's permissions are set through {@code java.nio} instead of a {@code chmod}
 * process. Without Hadoop's native library, which Spark's Maven jars do not ship, {@link
 * RawLocalFileSystem#setPermission} starts a {@code chmod} process for every folder and file it
 * creates: three processes for each Parquet file a task writes (its folder, the file and its checksum
 * file). On this 2-core machine that was most of the time of writing a partitioned table: staging the
 * 16,000-line sample into its 500 day folders took 32 s in one task (a flight recording: the task's
 * samples in {@code Shell.runCommand}); bench/results, twenty-second session.
 *
 * <p>The nine permission bits set are those {@code chmod} would set. A sticky bit asked for, a path
 * that has a setuid or setgid bit ({@code chmod} keeps a folder's, {@code java.nio} would clear them:
 * a shared folder's {@code g+s}), or a file store without POSIX permissions is left to Hadoop's own
 * way. Set as {@code spark.hadoop.fs.file.impl} by {@link io.bottomup.Sessions}; other file systems
 * (HDFS, S3) are not affected. Hadoop caches one local file system per JVM, made with the first
 * configuration that opens a local path: code that opens one before the session exists should use the
 * session's configuration.
 */
public class LocalFiles extends LocalFileSystem {
  public LocalFiles() {
    super(new Raw());
  }

  /** The raw local file system underneath the checksums, with {@link #setPermission} in Java. */
  public static class Raw extends RawLocalFileSystem {
    private static final int SETUID_SETGID = 06000;

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      java.nio.file.Path path = pathToFile(p).toPath();
      try {
        if (!permission.getStickyBit() && (((Integer) Files.getAttribute(path, "unix:mode")) & SETUID_SETGID) == 0) {
          Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permission.getUserAction().SYMBOL
              + permission.getGroupAction().SYMBOL + permission.getOtherAction().SYMBOL));
          return;
        }
      } catch (UnsupportedOperationException | IllegalArgumentException notPosix) {
        // Hadoop's own way, below.
      }
      super.setPermission(p, permission);
    }
  }
}
