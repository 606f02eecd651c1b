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
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      if (fs.exists(path)) {
        try (InputStream in = fs.open(path)) {
          in.transferTo(all);
        }
      }
      all.write(JSON.writeValueAsBytes(JSON.readTree(manifestJson)));
      all.write('\n');
      write(fs, all);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + path, e);
    }
  }

  /**
   * Replaces the record of run {@code runId} by {@code manifestJson}, in its place (a run whose
   * publication another run finished: its failure becomes the run it was); appends it if there is none.
   * Other lines are kept as they are.
   */
  public void replace(String runId, byte[] manifestJson) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        append(manifestJson);
        return;
      }
      String text;
      try (InputStream in = fs.open(path)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String replacement = new String(JSON.writeValueAsBytes(JSON.readTree(manifestJson)), StandardCharsets.UTF_8);
      StringBuilder lines = new StringBuilder();
      boolean found = false;
      for (String line : text.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        boolean ours = false;
        try {
          ours = runId.equals(JSON.readTree(line).path("run_id").asText());
        } catch (IOException unreadable) {
          // kept as it is
        }
        lines.append(ours ? replacement : line).append('\n');
        found |= ours;
      }
      if (!found) {
        lines.append(replacement).append('\n');
      }
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.write(lines.toString().getBytes(StandardCharsets.UTF_8));
      write(fs, all);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite " + path, e);
    }
  }

  /** Writes the whole history beside the old one, then renames it into place. */
  private void write(FileSystem fs, ByteArrayOutputStream all) throws IOException {
    fs.setWriteChecksum(false);
    Path tmp = new Path(path.getParent(), FILE + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      all.writeTo(out);
    }
    fs.delete(path, false);
    if (!fs.rename(tmp, path)) {
      throw new IOException("cannot rename " + tmp + " to " + path);
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
