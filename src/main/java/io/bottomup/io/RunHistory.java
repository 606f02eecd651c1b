package io.bottomup.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code _runs/history.jsonl}: one manifest per run (succeeded or not), oldest first. Appended
 * under the output folder's lock, by writing the new file beside the old and renaming it.
 */
public final class RunHistory {
  public static final String FILE = "history.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Configuration conf;
  private final Path path;

  public RunHistory(Configuration conf, OutputLayout out) {
    this.conf = conf;
    this.path = new Path(out.runs(), FILE);
  }

  public void append(byte[] manifestJson) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      fs.setWriteChecksum(false);
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      if (fs.exists(path)) {
        try (InputStream in = fs.open(path)) {
          in.transferTo(all);
        }
      }
      all.write(JSON.writeValueAsBytes(JSON.readTree(manifestJson)));
      all.write('\n');
      Path tmp = new Path(path.getParent(), FILE + ".tmp");
      try (OutputStream out = fs.create(tmp, true)) {
        all.writeTo(out);
      }
      fs.delete(path, false);
      if (!fs.rename(tmp, path)) {
        throw new IOException("cannot rename " + tmp + " to " + path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + path, e);
    }
  }

  /** Every recorded run, oldest first. */
  public List<JsonNode> runs() {
    List<JsonNode> runs = new ArrayList<>();
    try {
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        return runs;
      }
      try (InputStream in = fs.open(path)) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank()) {
            runs.add(JSON.readTree(line));
          }
        }
      }
      return runs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
