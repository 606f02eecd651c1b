package io.bottomup.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The pieces of landing files that tasks read. A file is one piece, except a JSON Lines file over
 * {@link #SPLIT_BYTES}: one record per line lets it be cut at line breaks into pieces that tasks
 * read side by side, so a large export does not leave all but one core idle.
 *
 * <p>Line numbers stay exact: a first job counts the line breaks of every piece, and each piece
 * starts counting after the breaks of the pieces before it. A piece holds the lines that start
 * inside its byte range. A file with a carriage return that ends a line on its own (a line break
 * for the reader, not for the count) is read whole instead.
 */
final class FilePieces {
  /** JSON Lines files larger than this are cut into pieces of about this size. */
  static final long SPLIT_BYTES = 16L << 20;

  private FilePieces() {}

  /**
   * A byte range of a file: the lines starting in {@code [start, end)}; {@code breaksBefore} counts
   * the line feeds before {@code start}; {@code bytes} is about what it holds. A whole file is
   * {@code [0, Long.MAX_VALUE)}.
   */
  record Piece(String path, String file, long start, long end, long breaksBefore, long bytes) implements Serializable {
    boolean whole() {
      return start == 0 && end == Long.MAX_VALUE;
    }
  }

  /** The line feeds in a piece's byte range, and whether a lone carriage return ends a line there. */
  record Breaks(long lineFeeds, boolean loneReturn) implements Serializable {}

  /** The pieces of {@code files} (paths and their names relative to the landing root), in file order. */
  static List<Piece> plan(JavaSparkContext jsc, List<Path> files, List<String> names, long splitBytes) {
    Configuration conf = jsc.hadoopConfiguration();
    List<Piece> pieces = new ArrayList<>();
    List<Piece> cut = new ArrayList<>();
    try {
      for (int i = 0; i < files.size(); i++) {
        Path path = files.get(i);
        long size = path.getFileSystem(conf).getFileStatus(path).getLen();
        boolean jsonl = path.getName().toLowerCase(Locale.ROOT).endsWith(".jsonl");
        if (!jsonl || size <= splitBytes) {
          pieces.add(new Piece(path.toString(), names.get(i), 0, Long.MAX_VALUE, 0, size));
          continue;
        }
        long n = (size + splitBytes - 1) / splitBytes;
        for (long k = 0; k < n; k++) {
          Piece p = new Piece(path.toString(), names.get(i), size * k / n, size * (k + 1) / n, -1, size * (k + 1) / n - size * k / n);
          pieces.add(p);
          cut.add(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (cut.isEmpty()) {
      return pieces;
    }
    HadoopConf shipped = new HadoopConf(conf);
    List<Breaks> breaks = jsc.parallelize(cut, cut.size()).map(p -> breaks(shipped.get(), p)).collect();
    java.util.Map<String, Boolean> loneReturn = new java.util.HashMap<>();
    java.util.Map<String, Long> sizes = new java.util.HashMap<>();
    for (int i = 0; i < cut.size(); i++) {
      loneReturn.merge(cut.get(i).path(), breaks.get(i).loneReturn(), Boolean::logicalOr);
      sizes.merge(cut.get(i).path(), cut.get(i).bytes(), Long::sum);
    }
    List<Piece> planned = new ArrayList<>();
    long before = 0;
    int c = 0;
    for (Piece p : pieces) {
      if (p.breaksBefore() >= 0) {
        planned.add(p);
        continue;
      }
      Breaks b = breaks.get(c++);
      if (p.start() == 0) {
        before = 0;
      }
      if (loneReturn.get(p.path())) {
        if (p.start() == 0) {
          planned.add(new Piece(p.path(), p.file(), 0, Long.MAX_VALUE, 0, sizes.get(p.path())));
        }
      } else {
        planned.add(new Piece(p.path(), p.file(), p.start(), p.end(), before, p.bytes()));
      }
      before += b.lineFeeds();
    }
    return planned;
  }

  /**
   * Consecutive pieces packed into tasks of about {@code targetBytes}: a folder of many small files
   * (one export per day) is read by a few tasks, not one per file, and so are the cached rows after.
   */
  static List<List<Piece>> tasks(List<Piece> pieces, long targetBytes) {
    List<List<Piece>> tasks = new ArrayList<>();
    List<Piece> current = new ArrayList<>();
    long bytes = 0;
    for (Piece p : pieces) {
      if (!current.isEmpty() && bytes + p.bytes() > targetBytes) {
        tasks.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(p);
      bytes += p.bytes();
    }
    if (!current.isEmpty()) {
      tasks.add(current);
    }
    return tasks;
  }

  /** Counts a piece's line feeds; a carriage return at its end is checked against the next byte. */
  static Breaks breaks(Configuration conf, Piece p) throws IOException {
    Path path = new Path(p.path());
    long lineFeeds = 0;
    boolean loneReturn = false;
    try (FSDataInputStream in = path.getFileSystem(conf).open(path)) {
      in.seek(p.start());
      byte[] buf = new byte[1 << 16];
      long left = p.end() - p.start();
      int previous = -1;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          break;
        }
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            lineFeeds++;
          } else if (previous == '\r') {
            loneReturn = true;
          }
          previous = buf[i];
        }
        left -= n;
      }
      if (previous == '\r') {
        int next = in.read();
        loneReturn |= next != '\n' && next != -1;
      }
    }
    return new Breaks(lineFeeds, loneReturn);
  }

  /**
   * The bytes of a piece: from the first line that starts at or after {@code start} to the end of
   * the last line that starts before {@code end}; and the number of that first line.
   */
  record Opened(InputStream in, long firstLine) {}

  static Opened open(Configuration conf, Piece p) throws IOException {
    Path path = new Path(p.path());
    FSDataInputStream in = path.getFileSystem(conf).open(path);
    if (p.whole()) {
      return new Opened(in, 1);
    }
    if (p.start() == 0) {
      return new Opened(new Range(in, 0, p.end()), 1);
    }
    long next = p.start() - 1; // the offset of the next byte read
    in.seek(next);
    int b;
    do {
      b = in.read();
      next++;
    } while (b != '\n' && b != -1);
    long lineStart = b == -1 ? Long.MAX_VALUE : next;
    // The line feed that ends the line running into the piece counts, when it lies inside the range.
    long firstLine = p.breaksBefore() + (lineStart > p.start() ? 1 : 0) + 1;
    return new Opened(new Range(in, lineStart, p.end()), firstLine);
  }

  /** A stream that ends after the line feed that ends the line running over {@code end}. */
  private static final class Range extends InputStream {
    private final InputStream in;
    private long position;
    private final long end;
    private int last = '\n';
    private boolean done;

    Range(InputStream in, long position, long end) {
      this.in = in;
      this.position = position;
      this.end = end;
      this.done = position >= end;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done || len == 0) {
        return done ? -1 : 0;
      }
      if (position < end) {
        int n = in.read(b, off, (int) Math.min(len, end - position));
        if (n < 0) {
          done = true;
          return -1;
        }
        position += n;
        last = b[off + n - 1];
        return n;
      }
      if (last == '\n') {
        done = true;
        return -1;
      }
      int c = in.read();
      if (c < 0) {
        done = true;
        return -1;
      }
      b[off] = (byte) c;
      last = c;
      position++;
      return 1;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** A Hadoop configuration shipped to the tasks (it is Writable, not Serializable). */
  static final class HadoopConf implements Serializable {
    private transient Configuration conf;

    HadoopConf(Configuration conf) {
      this.conf = conf;
    }

    Configuration get() {
      return conf;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      conf.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException {
      conf = new Configuration(false);
      conf.readFields(in);
    }
  }
}
