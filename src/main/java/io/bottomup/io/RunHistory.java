package io.bottomup.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code _runs/history.jsonl}: one manifest per run (succeeded or not), oldest first. Written
 * under the output folder's lock, replaced whole ({@link ReplacedFile}: a kill leaves the old or the new).
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

  /**
   * Records a run: its manifest replaces the line of the same run id, in its place (a run whose
   * publication another run finished: its failure becomes the run it was), or is appended. Other lines
   * are kept as they are.
   */
  public void record(String runId, byte[] manifestJson) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      String replacement = JSON.writeValueAsString(JSON.readTree(manifestJson));
      StringBuilder all = new StringBuilder();
      boolean found = false;
      for (String line : lines(fs)) {
        boolean ours = line.contains(runId) && runId.equals(runId(line));
        all.append(ours ? replacement : line).append('\n');
        found |= ours;
      }
      if (!found) {
        all.append(replacement).append('\n');
      }
      ReplacedFile.write(fs, path, all.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record run " + runId + " in " + path, e);
    }
  }

  /** The run id of a history line, or null when the line is no JSON object. */
  private static String runId(String line) {
    try {
      return JSON.readTree(line).path("run_id").asText(null);
    } catch (IOException unreadable) {
      return null;
    }
  }

  /** The history's non-blank lines, oldest first; none when there is no history yet. */
  private List<String> lines(FileSystem fs) throws IOException {
    List<String> lines = new ArrayList<>();
    byte[] content = ReplacedFile.read(fs, path);
    if (content != null) {
      for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  /** Every recorded run, oldest first. */
  public List<JsonNode> runs() {
    List<JsonNode> runs = new ArrayList<>();
    try {
      for (String line : lines(path.getFileSystem(conf))) {
        runs.add(JSON.readTree(line));
      }
      return runs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
