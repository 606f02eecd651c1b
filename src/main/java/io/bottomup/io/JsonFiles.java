package io.bottomup.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The small JSON state files a stage leaves beside its tables ({@code _model.json}, {@code _changes.json}, …). */
public final class JsonFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonFiles() {}

  /** The value at {@code path}, or null when there is no such file. */
  public static <T> T read(Configuration conf, String path, Class<T> type) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        return null;
      }
      try (InputStream in = fs.open(p)) {
        return JSON.readValue(in, type);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** Writes {@code value} at {@code path}, replacing the file (no checksum file beside it). */
  public static void write(Configuration conf, String path, Object value) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      fs.setWriteChecksum(false);
      try (OutputStream out = fs.create(p, true)) {
        out.write(JSON.writeValueAsBytes(value));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }
}
