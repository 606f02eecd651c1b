package io.bottomup.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartsTest {
  @Test
  void escapesLabelsAndDrawsAMissingValueAsANoteNotAZeroBar() {
    String svg = SvgCharts.bars("d", "Title", "Desc", List.of("<script>alert(1)</script>", "Small"),
        Arrays.asList(0.5, null), v -> v * 100 + "%", List.of("unused: it has a bar", "fewer than 5 people"));
    assertFalse(svg.contains("<script>"));
    assertTrue(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(svg.contains("role=\"img\""));
    assertTrue(svg.contains("<title id=\"d-t\">Title</title>"));
    assertEquals(1, svg.split("<rect ").length - 1, "one bar: the suppressed value has none");
    assertTrue(svg.contains("fewer than 5 people"));
    assertFalse(svg.contains("unused"), "a row with a value shows no note");
  }

  @Test
  void aLineBreaksAtAMissingValue() {
    String svg = SvgCharts.line("m", "T", "D", List.of("2025-01", "2025-02", "2025-03", "2025-04"),
        List.of(new SvgCharts.Series("s", Arrays.asList(0.1, 0.2, null, 0.4))), v -> String.valueOf(v));
    String path = svg.substring(svg.indexOf("<path d=\"") + 9, svg.indexOf("\" fill=\"none\""));
    assertEquals(2, path.split("M").length - 1, "two segments: before and after the gap");
    assertEquals(3, svg.split("<circle ").length - 1);
  }

  @Test
  void axisMaximaAreRound() {
    assertEquals(1.0, SvgCharts.niceMax(0.87));
    assertEquals(250.0, SvgCharts.niceMax(212));
    assertEquals(1.0, SvgCharts.niceMax(0));
  }

  @Test
  void formulaLikeTextIsRecognised() {
    for (String s : List.of("=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx")) {
      assertTrue(FormulaGuard.looksLikeFormula(s), s);
    }
    assertFalse(FormulaGuard.looksLikeFormula("Sales"));
    assertFalse(FormulaGuard.looksLikeFormula(""));
  }
  /** A department named at length keeps its start, cut with an ellipsis, and its whole name as a tooltip. */
  @Test
  void aLongLabelKeepsItsStartAndItsWholeNameAsATooltip() {
    assertEquals("Sales", SvgCharts.label("Sales", 26));
    String name = "Ingénierie & Développement de Produits Numériques 🚀 <Intl>";
    assertEquals("<title>Ingénierie &amp; Développement de Produits Numériques 🚀 &lt;Intl&gt;</title>Ingénierie &amp; Développemen…",
        SvgCharts.label(name, 26));
  }
}
