package io.bottomup.stats;

/**
 * Two groups compared on their means: Welch's difference with its 95% interval (Welch–Satterthwaite
 * degrees of freedom), Cohen's d (difference / pooled standard deviation), and the number per group
 * a two-sided 5% test needs for 80% power to detect that d: n = 2 (z₀.₉₇₅ + z₀.₈)² / d².
 */
public record CohortComparison(
    int nHigh, double meanHigh, int nLow, double meanLow, double difference, double stdError, double df,
    double ciLow, double ciHigh, double pValue, double cohensD, double nFor80PercentPower) {

  public static CohortComparison of(double[] high, double[] low) {
    if (high.length < 2 || low.length < 2) {
      throw new IllegalArgumentException("each group needs at least 2 values, got " + high.length + " and " + low.length);
    }
    double m1 = mean(high);
    double m2 = mean(low);
    double v1 = variance(high, m1);
    double v2 = variance(low, m2);
    int n1 = high.length;
    int n2 = low.length;
    double se = Math.sqrt(v1 / n1 + v2 / n2);
    double df = Math.pow(v1 / n1 + v2 / n2, 2)
        / (Math.pow(v1 / n1, 2) / (n1 - 1) + Math.pow(v2 / n2, 2) / (n2 - 1));
    double diff = m1 - m2;
    double t = Distributions.tQuantile(0.975, df);
    double pooled = Math.sqrt(((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2));
    double d = pooled == 0 ? 0 : diff / pooled;
    double z = Distributions.normalQuantile(0.975) + Distributions.normalQuantile(0.8);
    double nPower = d == 0 ? Double.POSITIVE_INFINITY : Math.ceil(2 * z * z / (d * d));
    double p = se == 0 ? (diff == 0 ? 1 : 0) : Distributions.tTwoSidedP(diff / se, df);
    return new CohortComparison(n1, m1, n2, m2, diff, se, df, diff - t * se, diff + t * se, p, d, nPower);
  }

  static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  static double variance(double[] x, double mean) {
    double s = 0;
    for (double v : x) {
      s += (v - mean) * (v - mean);
    }
    return s / (x.length - 1);
  }
}
