package io.bottomup.tools;

import io.bottomup.marts.MartDocs;
import io.bottomup.report.MartReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Compares the marts of two output folders row for row (order-free; decimals to 12 significant
 * digits, since sums over differently partitioned data may differ in the last bits). Used to show
 * that a run on a Spark cluster gives the marts of a local run, and a night the marts of a full refresh.
 *
 * <p>Each table is read twice at most, streaming: first into an order-free digest of its rows
 * ({@link Digest}: the row count and the sum of each canonical row's SHA-256, so memory does not grow
 * with the facts' millions of rows); only a table whose digests differ and that has at most {@value
 * #LISTED_ROWS} rows on each side is read again as a list, to name its first differing row.
 *
 * <p>{@code java -cp "target/dist/lib/*" io.bottomup.tools.CompareMarts OUT_A OUT_B}: exit 0 when
 * every mart is equal, 1 otherwise, listing what differs.
 */
public final class CompareMarts {
  /** A table that differs is listed row by row when each side has at most this many rows. */
  static final long LISTED_ROWS = 200_000;

  private CompareMarts() {}

  /** The marts that differ, with a short reason each; empty when all are equal. */
  public static List<String> differences(String a, String b) {
    MartReader left = new MartReader(new Configuration(), m -> a + "/marts/" + m);
    MartReader right = new MartReader(new Configuration(), m -> b + "/marts/" + m);
    List<String> differ = new ArrayList<>();
    for (String mart : MartDocs.ALL) {
      Digest x = digest(left, mart);
      Digest y = digest(right, mart);
      if (x.equals(y)) {
        continue;
      }
      if (x.rows() > LISTED_ROWS || y.rows() > LISTED_ROWS) {
        differ.add(mart + ": " + x.rows() + " vs " + y.rows() + " rows; their rows differ (too many to list here)");
        continue;
      }
      differ.add(mart + ": " + x.rows() + " vs " + y.rows() + " rows; " + firstDifferences(canonical(left.read(mart)),
          canonical(right.read(mart))));
    }
    return differ;
  }

  /**
   * The first row (in canonical order) that the left side holds more often than the right, and the
   * first the right holds more often than the left: a row repeated a different number of times counts.
   */
  static String firstDifferences(List<String> left, List<String> right) {
    Map<String, Long> balance = new java.util.TreeMap<>();
    left.forEach(r -> balance.merge(r, 1L, Long::sum));
    right.forEach(r -> balance.merge(r, -1L, Long::sum));
    String onlyLeft = balance.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).findFirst().orElse("none");
    String onlyRight = balance.entrySet().stream().filter(e -> e.getValue() < 0).map(Map.Entry::getKey).findFirst().orElse("none");
    return "first row more often on the left: " + onlyLeft + "; on the right: " + onlyRight;
  }

  /**
   * An order-free digest of a table: its row count and the sum (modulo 2<sup>128</sup>, as two longs)
   * of the first 16 bytes of each canonical row's SHA-256. Equal multisets of rows give equal digests;
   * a row more, less or changed gives another one (barring a 128-bit collision).
   */
  record Digest(long rows, long high, long low) {
    /** With a SHA-256 instance of the caller's, used again for every row of a table. */
    Digest plus(String canonicalRow, MessageDigest sha256) {
      ByteBuffer h = ByteBuffer.wrap(sha256.digest(canonicalRow.getBytes(StandardCharsets.UTF_8)));
      long hi = h.getLong();
      long lo = h.getLong();
      long sumLow = low + lo;
      long carry = Long.compareUnsigned(sumLow, low) < 0 ? 1 : 0;
      return new Digest(rows + 1, high + hi + carry, sumLow);
    }
  }

  static Digest digest(MartReader reader, String mart) {
    return digest(sink -> reader.forEach(mart, sink));
  }

  static Digest digest(List<Map<String, Object>> rows) {
    return digest(rows::forEach);
  }

  /** The digest of the rows {@code rows} passes, one at a time, to the consumer it is given. */
  private static Digest digest(java.util.function.Consumer<java.util.function.Consumer<Map<String, Object>>> rows) {
    Digest[] d = {new Digest(0, 0, 0)};
    MessageDigest sha256 = sha256();
    rows.accept(row -> d[0] = d[0].plus(canonical(row), sha256));
    return d[0];
  }

  static List<String> canonical(List<Map<String, Object>> rows) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      out.add(canonical(row));
    }
    out.sort(null);
    return out;
  }

  /**
   * One row as text: each column's name and value; a finite decimal to 12 significant digits, a text in
   * quotes with its quotes and backslashes escaped (so that an empty cell, {@code null}, is not the text
   * "null", and a text holding {@code |} or {@code =} cannot run into the next column).
   */
  static String canonical(Map<String, Object> row) {
    StringBuilder s = new StringBuilder();
    row.forEach((k, v) -> s.append(k).append('=').append(v instanceof Double d && Double.isFinite(d)
        ? new BigDecimal(d).round(new MathContext(12)).stripTrailingZeros().toPlainString()
        : v instanceof String text ? '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : v).append('|'));
    return s.toString();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: CompareMarts OUT_A OUT_B");
      System.exit(2);
    }
    List<String> differ = differences(args[0], args[1]);
    if (differ.isEmpty()) {
      System.out.println("marts equal: " + MartDocs.ALL.size() + " marts of " + args[0] + " and " + args[1]);
      System.exit(0);
    }
    differ.forEach(d -> System.out.println("differs: " + d));
    System.exit(1);
  }
}
