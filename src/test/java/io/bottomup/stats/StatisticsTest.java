package io.bottomup.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reference values from scipy 1.17 (stats.t, stats.ttest_ind(equal_var=False)) and numpy. */
class StatisticsTest {
  @Test
  void studentsTMatchesTheReference() {
    assertEquals(2.228138851986274, Distributions.tQuantile(0.975, 10), 1e-8);
    assertEquals(0.911350756505015, Distributions.tCdf(1.5, 7), 1e-10);
    assertEquals(1.959963984540054, Distributions.normalQuantile(0.975), 1e-6);
    assertEquals(0.5, Distributions.tCdf(0, 3), 1e-12);
  }

  @Test
  void welchComparisonMatchesTheReference() {
    CohortComparison c = CohortComparison.of(new double[] {3, 4, 5, 6, 8}, new double[] {1, 2, 2, 3});
    assertEquals(3.2, c.difference(), 1e-12);
    assertEquals(0.9521904571390466, c.stdError(), 1e-12);
    assertEquals(5.6243063122418455, c.df(), 1e-9);
    assertEquals(0.8318224229067233, c.ciLow(), 1e-6);
    assertEquals(5.568177577093277, c.ciHigh(), 1e-6);
    assertEquals(0.016787140479773175, c.pValue(), 1e-7);
    assertEquals(2.0655911179772892, c.cohensD(), 1e-12);
    assertEquals(4.0, c.nFor80PercentPower());
    assertThrows(IllegalArgumentException.class, () -> CohortComparison.of(new double[] {1}, new double[] {1, 2}));
  }

  @Test
  void olsWithPersonClusteredErrorsMatchesTheReference() {
    double[][] x = {{1, 0, 1}, {1, 1, 0}, {1, 2, 1}, {1, 3, 0}, {1, 4, 1}, {1, 5, 1}, {1, 6, 0}, {1, 7, 1}};
    double[] y = {1.0, 1.9, 3.2, 3.8, 5.1, 6.3, 6.8, 8.2};
    LinearRegression r = LinearRegression.fit(x, y, List.of("a", "a", "b", "b", "c", "c", "d", "d"));
    assertEquals(1.01401274, r.coefficients()[1], 1e-7);
    assertEquals(0.01036323, r.stdErrors()[1], 1e-7);
    assertEquals(2.35321867e-06, r.pValues()[1], 1e-9);
    assertEquals(0.9810323249710009, r.ciLow()[1], 1e-6);
    assertEquals(0.08962977, r.stdErrors()[2], 1e-7);
    assertEquals(0.9988471823378727, r.rSquared(), 1e-12);
    assertEquals(4, r.clusters());
  }

  @Test
  void aSingularDesignIsAnErrorNotANumber() {
    double[][] x = {{1, 2}, {1, 2}, {1, 2}};
    assertThrows(IllegalArgumentException.class, () -> LinearRegression.fit(x, new double[] {1, 2, 3}, List.of("a", "b", "c")));
  }
}
