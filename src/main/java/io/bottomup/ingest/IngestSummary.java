package io.bottomup.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bottomup.BottomupException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What ingest accounted for in a run; the report stage puts it in manifest.json. {@code
 * emptyRequiredFolders}: required entity folders without a data file; {@code requiredWithoutRecords}:
 * required entities whose files hold no record (a header alone), which the quality gate refuses too.
 */
public record IngestSummary(
    @JsonProperty("run_date") String runDate,
    List<SourceCounts> sources,
    @JsonProperty("empty_required_folders") List<String> emptyRequiredFolders,
    List<String> warnings,
    @JsonProperty("required_without_records") List<String> requiredWithoutRecords) {

  public IngestSummary {
    emptyRequiredFolders = emptyRequiredFolders == null ? List.of() : List.copyOf(emptyRequiredFolders);
    requiredWithoutRecords = requiredWithoutRecords == null ? List.of() : List.copyOf(requiredWithoutRecords);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  public IngestSummary withWarnings(List<String> more) {
    return new IngestSummary(runDate, sources, emptyRequiredFolders, more, requiredWithoutRecords);
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public void write(Configuration conf, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      fs.setWriteChecksum(false);
      Path tmp = new Path(path + ".tmp");
      try (OutputStream out = fs.create(tmp, true)) {
        JSON.writeValue(out, this);
      }
      fs.delete(p, false);
      if (!fs.rename(tmp, p)) {
        throw new IOException("cannot rename " + tmp + " to " + p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static IngestSummary read(Configuration conf, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw BottomupException.refused("no ingest summary at " + path + ": run `ingest` (or `run`) for this output first");
      }
      try (InputStream in = fs.open(p)) {
        return JSON.readValue(in, IngestSummary.class);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
