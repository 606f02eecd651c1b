package io.bottomup.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompareMartsTest {
  private static Map<String, Object> row(String department, Object share) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("department", department);
    m.put("share", share);
    return m;
  }

  private static Map<String, Object> texts(String d, String t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("d", d);
    m.put("t", t);
    return m;
  }

  @Test
  void rowOrderAndLastBitsOfSumsDoNotMatterButValuesDo() {
    List<String> a = CompareMarts.canonical(List.of(row("Eng", 0.1 + 0.2), row("Ops", 0.5)));
    List<String> b = CompareMarts.canonical(List.of(row("Ops", 0.5), row("Eng", 0.3)));
    assertEquals(a, b, "0.1 + 0.2 and 0.3 differ only in the 17th digit; the order of rows is free");
    assertNotEquals(a, CompareMarts.canonical(List.of(row("Ops", 0.5), row("Eng", 0.3001))));
    assertNotEquals(a, CompareMarts.canonical(List.of(row("Ops", 0.5), row("Eng", null))), "an empty cell is not a value");
  }

  @Test
  void theDigestIsOrderFreeAndCountsEveryRow() {
    var eng = row("Eng", 0.1 + 0.2);
    var ops = row("Ops", 0.5);
    assertEquals(CompareMarts.digest(List.of(eng, ops)), CompareMarts.digest(List.of(ops, row("Eng", 0.3))),
        "the order of rows and the 17th digit do not matter");
    assertEquals(2, CompareMarts.digest(List.of(eng, ops)).rows());
    assertNotEquals(CompareMarts.digest(List.of(eng, ops)), CompareMarts.digest(List.of(ops, row("Eng", 0.3001))), "a value");
    assertNotEquals(CompareMarts.digest(List.of(eng, eng, ops)), CompareMarts.digest(List.of(eng, ops, ops)),
        "the same three rows' distinct values, repeated differently");
    assertNotEquals(CompareMarts.digest(List.of(eng, ops)), CompareMarts.digest(List.of(eng, ops, eng)), "a row more");
    assertEquals("department=\"Eng\"|share=NaN|", CompareMarts.canonical(row("Eng", Double.NaN)), "NaN is written as it is");
    assertNotEquals(CompareMarts.canonical(row(null, 0.5)), CompareMarts.canonical(row("null", 0.5)), "an empty cell is not the text null");
    // Unquoted, both would read d=a|t=b|t=c|.
    assertNotEquals(CompareMarts.canonical(texts("a|t=b", "c")), CompareMarts.canonical(texts("a", "b|t=c")),
        "a text holding | and = does not run into the next column");
  }

  @Test
  void theFirstDifferencesNameARowRepeatedADifferentNumberOfTimes() {
    List<String> left = List.of("e", "e", "o");
    List<String> right = List.of("e", "o", "o");
    assertEquals("first row more often on the left: e; on the right: o", CompareMarts.firstDifferences(left, right));
    assertEquals("first row more often on the left: none; on the right: x",
        CompareMarts.firstDifferences(List.of("e"), List.of("e", "x")));
  }

  /** The sum of the rows' hashes carries from the low long into the high one, as a 128-bit sum does. */
  @Test
  void theDigestsSumCarriesAcrossItsTwoHalves() {
    CompareMarts.Digest nearlyFull = new CompareMarts.Digest(1, 0, -1L);
    CompareMarts.Digest next = nearlyFull.plus("x", CompareMarts.sha256());
    java.math.BigInteger expected = java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.ONE)
        .add(new java.math.BigInteger(1, java.util.Arrays.copyOf(sha256("x"), 16)))
        .mod(java.math.BigInteger.ONE.shiftLeft(128));
    assertEquals(expected, java.math.BigInteger.valueOf(next.high()).shiftLeft(64)
        .add(new java.math.BigInteger(Long.toUnsignedString(next.low()))).mod(java.math.BigInteger.ONE.shiftLeft(128)));
    assertEquals(2, next.rows());
  }

  private static byte[] sha256(String text) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
