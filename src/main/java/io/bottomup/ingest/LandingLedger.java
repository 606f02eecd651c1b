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
public record LandingLedger(
    @JsonProperty("run_date") String runDate,
    String fingerprint,
    List<FileEntry> files) {

  /** One landing file as it was read. */
  public record FileEntry(String path, long size, String sha256) {}

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
    try {
      FileSystem fs = root.getFileSystem(conf);
      List<FileEntry> out = new ArrayList<>();
      walk(fs, root, "", out);
      out.sort((a, b) -> a.path().compareTo(b.path()));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the input folder " + root, e);
    }
  }

  private static void walk(FileSystem fs, Path dir, String prefix, List<FileEntry> out) throws IOException {
    refuseBrokenLinks(fs, dir);
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      // Hidden files are passed over, as the readers do (LandingReader); a name starting with "_" is a
      // landing file like any other (the readers read it, so a change to it must be seen here too).
      if (name.startsWith(".")) {
        continue;
      }
      if (s.isDirectory()) {
        walk(fs, s.getPath(), prefix + name + "/", out);
      } else {
        String hash;
        try {
          hash = sha256(fs, s.getPath());
        } catch (IOException e) {
          throw io.bottomup.BottomupException.refused(s.getPath() + " cannot be read: " + e.getMessage());
        }
        out.add(new FileEntry(prefix + name, s.getLen(), hash));
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
