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

  @Test
  void rowOrderAndLastBitsOfSumsDoNotMatterButValuesDo() {
    List<String> a = CompareMarts.canonical(List.of(row("Eng", 0.1 + 0.2), row("Ops", 0.5)));
    List<String> b = CompareMarts.canonical(List.of(row("Ops", 0.5), row("Eng", 0.3)));
    assertEquals(a, b, "0.1 + 0.2 and 0.3 differ only in the 17th digit; the order of rows is free");
    assertNotEquals(a, CompareMarts.canonical(List.of(row("Ops", 0.5), row("Eng", 0.3001))));
    assertNotEquals(a, CompareMarts.canonical(List.of(row("Ops", 0.5), row("Eng", null))), "an empty cell is not a value");
  }
}
