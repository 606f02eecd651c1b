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
 * <p>The permissions set are the same bits {@code chmod} would set. A sticky bit, or a file store
 * without POSIX permissions, is left to Hadoop's own way. Set as {@code spark.hadoop.fs.file.impl} by
 * {@link io.bottomup.Sessions}; other file systems (HDFS, S3) are not affected.
 */
public class LocalFiles extends LocalFileSystem {
  public LocalFiles() {
    super(new Raw());
  }

  /** The raw local file system underneath the checksums, with {@link #setPermission} in Java. */
  public static class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      String bits = permission.getUserAction().SYMBOL + permission.getGroupAction().SYMBOL
          + permission.getOtherAction().SYMBOL;
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), PosixFilePermissions.fromString(bits));
      } catch (UnsupportedOperationException notPosix) {
        super.setPermission(p, permission);
      }
    }
  }
}
