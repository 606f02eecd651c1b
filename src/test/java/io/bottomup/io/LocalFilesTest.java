package io.bottomup.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bottomup.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session's local file system sets the permissions chmod would, without starting chmod. */
class LocalFilesTest extends SparkTest {
  private static FileSystem localFiles() throws IOException {
    FileSystem fs = new LocalFiles();
    fs.initialize(java.net.URI.create("file:///"), spark.sparkContext().hadoopConfiguration());
    return fs;
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** Asked of the session's configuration, not of Hadoop's cache (which the first caller in the JVM fills). */
  @Test
  void theSessionWritesLocalPathsThroughLocalFiles() throws IOException {
    assertEquals(LocalFiles.class, FileSystem.getFileSystemClass("file", spark.sparkContext().hadoopConfiguration()));
    assertInstanceOf(LocalFiles.Raw.class, new LocalFiles().getRaw());
  }

  /** chmod keeps a folder's setgid bit (a shared folder's g+s) when it sets the nine others; so does LocalFiles. */
  @Test
  void aSetgidFolderKeepsItsBit(@TempDir Path dir) throws Exception {
    Path shared = Files.createDirectory(dir.resolve("shared"));
    assertEquals(0, new ProcessBuilder("chmod", "2770", shared.toString()).start().waitFor());
    FileSystem fs = localFiles();
    fs.setPermission(new org.apache.hadoop.fs.Path(shared.toUri()), new FsPermission((short) 0750));
    assertEquals(02750, ((Integer) Files.getAttribute(shared, "unix:mode")) & 07777);
  }

  @Test
  void foldersAndFilesGetTheModeAskedFor(@TempDir Path dir) throws IOException {
    FileSystem fs = localFiles();
    Path folder = dir.resolve("a/b");
    assertTrue(fs.mkdirs(new org.apache.hadoop.fs.Path(folder.toUri()), new FsPermission((short) 0750)));
    assertEquals("rwxr-x---", mode(folder));

    Path file = folder.resolve("part-0.parquet");
    try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(file.toUri()), new FsPermission((short) 0640),
        true, 4096, (short) 1, 1 << 20, null)) {
      out.write(new byte[] {1, 2, 3});
    }
    assertEquals("rw-r-----", mode(file));
    assertEquals(3, Files.size(file));
    assertTrue(Files.exists(folder.resolve(".part-0.parquet.crc")), "the checksum file is still written");

    fs.setPermission(new org.apache.hadoop.fs.Path(file.toUri()), new FsPermission((short) 0604));
    assertEquals("rw----r--", mode(file));
  }
}
