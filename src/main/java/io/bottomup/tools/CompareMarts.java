package io.bottomup.tools;

import io.bottomup.marts.MartDocs;
import io.bottomup.report.MartReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Compares the marts of two output folders row for row (order-free; decimals to 12 significant
 * digits, since sums over differently partitioned data may differ in the last bits). Used to show
 * that a run on a Spark cluster gives the marts of a local run.
 *
 * <p>{@code java -cp "target/dist/lib/*" io.bottomup.tools.CompareMarts OUT_A OUT_B}: exit 0 when
 * every mart is equal, 1 otherwise, listing what differs.
 */
public final class CompareMarts {
  private CompareMarts() {}

  /** The marts that differ, with a short reason each; empty when all are equal. */
  public static List<String> differences(String a, String b) {
    MartReader left = new MartReader(new Configuration(), m -> a + "/marts/" + m);
    MartReader right = new MartReader(new Configuration(), m -> b + "/marts/" + m);
    List<String> differ = new ArrayList<>();
    for (String mart : MartDocs.ALL) {
      List<String> x = canonical(left.read(mart));
      List<String> y = canonical(right.read(mart));
      if (!x.equals(y)) {
        List<String> onlyLeft = new ArrayList<>(x);
        onlyLeft.removeAll(y);
        differ.add(mart + ": " + x.size() + " vs " + y.size() + " rows; first differing row: "
            + (onlyLeft.isEmpty() ? "(counts differ)" : onlyLeft.get(0)));
      }
    }
    return differ;
  }

  static List<String> canonical(List<Map<String, Object>> rows) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      StringBuilder s = new StringBuilder();
      row.forEach((k, v) -> s.append(k).append('=').append(v instanceof Double d
          ? new BigDecimal(d).round(new MathContext(12)).stripTrailingZeros().toPlainString() : v).append('|'));
      out.add(s.toString());
    }
    out.sort(null);
    return out;
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
