package io.bottomup.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The landing files a successful ingest had read: per file (path relative to the input folder) its
 * size and SHA-256, plus a fingerprint of everything else that decides the staging rows (the source
 * configuration, retention, the pseudonym key, the forgotten people). It is published with staging as
 * {@code staging/_landing.json}, so it always describes the staging that is in place, and the next
 * run compares the landing folder with it to read only what is new or changed.
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record LandingLedger(
    @JsonProperty("run_date") String runDate,
    String fingerprint,
    List<FileEntry> files) {

  /**
   * One landing file as it was read. {@code stat}, for a file on a local disk ({@link #LOCAL_DISKS}) whose times had
   * settled when it was hashed ({@link #scan(Configuration, Path, Map, Instant)}), its device, inode,
   * modification and status-change times: a later scan that finds the same stat and size takes the
   * hash from here instead of reading the file again. Null elsewhere. Fields a later version adds are
   * passed over when read, so that this version can still read its ledgers.
   */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  public record FileEntry(String path, long size, String sha256,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String stat) {
    public FileEntry(String path, long size, String sha256) {
      this(path, size, sha256, null);
    }

    /**
     * As the record's own, without {@code stat} when there is none: the digest of a ledger written before
     * stats were kept ({@code IngestStage}, which the model compares with the one its marts were built
     * from) stays what it was, so the first night after an upgrade still updates the marts month by month.
     */
    @Override
    public String toString() {
      return "FileEntry[path=" + path + ", size=" + size + ", sha256=" + sha256 + (stat == null ? "" : ", stat=" + stat) + "]";
    }
  }

  /**
   * How long before a scan a file's times must lie for its stat to be kept: a file written again within
   * the filesystem's clock tick after it was hashed could keep the same times (git's "racy" files), so
   * one changed so recently is hashed again on the next scan.
   */
  static final java.time.Duration SETTLED = java.time.Duration.ofSeconds(2);

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The files by path. */
  public Map<String, FileEntry> byPath() {
    Map<String, FileEntry> map = new LinkedHashMap<>();
    files.forEach(f -> map.put(f.path(), f));
    return map;
  }

  /**
   * Every data file under the input folder (hidden files and folders, starting with {@code .} or
   * {@code _}, are not landing data), hashed. Reading every byte once costs far less than parsing it.
   */
  public static List<FileEntry> scan(Configuration conf, Path root) {
    return scan(conf, root, Map.of());
  }

  /**
   * As {@link #scan(Configuration, Path)}, taking the hash of a local file from {@code previous} (the last
   * ledger's entries by path) when its size and stat ({@link FileEntry#stat}: device, inode, modification
   * and status-change times, which no write leaves as they were) are those recorded there: a night then
   * reads the new files only, not every byte of the history again (1.5 GB at 10M events).
   */
  public static List<FileEntry> scan(Configuration conf, Path root, Map<String, FileEntry> previous) {
    return scan(conf, root, previous, java.time.Instant.now().minus(SETTLED));
  }

  /** As above; a stat is recorded only for a file whose times are before {@code settled}. */
  static List<FileEntry> scan(Configuration conf, Path root, Map<String, FileEntry> previous, java.time.Instant settled) {
    try {
      FileSystem fs = root.getFileSystem(conf);
      List<FileEntry> out = new ArrayList<>();
      walk(fs, root, "", out, previous, settled);
      out.sort((a, b) -> a.path().compareTo(b.path()));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the input folder " + root, e);
    }
  }

  private static void walk(FileSystem fs, Path dir, String prefix, List<FileEntry> out, Map<String, FileEntry> previous,
      java.time.Instant settled) throws IOException {
    refuseBrokenLinks(fs, dir);
    boolean local = onLocalDisk(fs, dir);
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      // Hidden files are passed over, as the readers do (LandingReader); a name starting with "_" is a
      // landing file like any other (the readers read it, so a change to it must be seen here too).
      if (name.startsWith(".")) {
        continue;
      }
      if (s.isDirectory()) {
        walk(fs, s.getPath(), prefix + name + "/", out, previous, settled);
      } else {
        String stat = local ? stat(fs, s.getPath(), settled) : null;
        FileEntry before = previous.get(prefix + name);
        String hash;
        if (stat != null && before != null && stat.equals(before.stat()) && before.size() == s.getLen()) {
          hash = before.sha256();
        } else {
          try {
            hash = sha256(fs, s.getPath());
          } catch (IOException e) {
            throw io.bottomup.BottomupException.refused(s.getPath() + " cannot be read: " + e.getMessage());
          }
          if (stat != null && !stat.equals(stat(fs, s.getPath(), settled))) {
            stat = null; // written while it was read: the stat before would not describe the bytes hashed
          }
        }
        out.add(new FileEntry(prefix + name, s.getLen(), hash, stat));
      }
    }
  }

  /**
   * A link to nothing in a local landing folder refuses the run, naming it (exit 2): the Hadoop
   * listing passes over it without a word, and the file it stood for would be lost silently.
   */
  private static void refuseBrokenLinks(FileSystem fs, Path dir) throws IOException {
    if (!"file".equals(fs.getUri().getScheme())) {
      return;
    }
    try (java.util.stream.Stream<java.nio.file.Path> entries = java.nio.file.Files.list(java.nio.file.Paths.get(fs.makeQualified(dir).toUri()))) {
      for (java.nio.file.Path entry : entries.sorted().toList()) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(".") && !java.nio.file.Files.exists(entry)) {
          throw io.bottomup.BottomupException.refused(entry + " cannot be read: it is a link to "
              + java.nio.file.Files.readSymbolicLink(entry) + ", which does not exist");
        }
      }
    }
  }

  /**
   * The filesystems whose file times a scan trusts ({@link #stat}): local disks and memory. A network
   * filesystem (NFS, SMB, FUSE mounts) may show a client's cached times for a while after another host
   * rewrote a file, while opening it to hash it sees the new bytes: there every file is hashed.
   */
  static final java.util.Set<String> LOCAL_DISKS = java.util.Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "zfs", "f2fs",
      "tmpfs", "overlay", "apfs");

  /** Whether {@code dir} (or a file, through its links) is on a filesystem of {@link #LOCAL_DISKS}; a scan asks it per folder. */
  static boolean onLocalDisk(FileSystem fs, Path dir) {
    if (!"file".equals(fs.getUri().getScheme())) {
      return false;
    }
    try {
      return LOCAL_DISKS.contains(java.nio.file.Files.getFileStore(java.nio.file.Paths.get(fs.makeQualified(dir).toUri())).type());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * A file's device, inode, modification and status-change times (in nanoseconds, through its links), for
   * a file in a folder {@link #onLocalDisk}; or null: a link to another filesystem, a system without them,
   * or times not before {@code settled}. The
   * status-change time moves with every write and cannot be set back, unlike the modification time
   * (which a copy that keeps times restores); so equal stats mean the bytes were not written since.
   */
  static String stat(FileSystem fs, Path file, java.time.Instant settled) {
    java.nio.file.Path local = java.nio.file.Paths.get(fs.makeQualified(file).toUri());
    if (java.nio.file.Files.isSymbolicLink(local) && !onLocalDisk(fs, file)) {
      return null; // a link on a local disk to a file on another filesystem
    }
    try {
      Map<String, Object> a = java.nio.file.Files.readAttributes(local, "unix:dev,ino,lastModifiedTime,ctime");
      java.nio.file.attribute.FileTime modified = (java.nio.file.attribute.FileTime) a.get("lastModifiedTime");
      java.nio.file.attribute.FileTime changed = (java.nio.file.attribute.FileTime) a.get("ctime");
      if (!modified.toInstant().isBefore(settled) || !changed.toInstant().isBefore(settled)) {
        return null;
      }
      return a.get("dev") + ":" + a.get("ino") + ":" + modified.to(java.util.concurrent.TimeUnit.NANOSECONDS) + ":"
          + changed.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
  }

  static String sha256(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SHA-256 of a text, hex. */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public void write(Configuration conf, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      fs.setWriteChecksum(false);
      fs.mkdirs(p.getParent());
      try (OutputStream out = fs.create(p, true)) {
        JSON.writeValue(out, this);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** The ledger at {@code path}, or null when there is none (no successful ingest yet). */
  public static LandingLedger read(Configuration conf, String path) {
    return io.bottomup.io.JsonFiles.read(conf, path, LandingLedger.class);
  }
}
