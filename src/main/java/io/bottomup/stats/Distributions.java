package io.bottomup.stats;

/**
 * Student's t distribution, from the regularised incomplete beta function (continued fraction, as in
 * Numerical Recipes §6.4). Enough for two-sided p-values and 95% intervals; no library needed.
 */
public final class Distributions {
  private Distributions() {}

  /** P(T ≤ t) for Student's t with {@code df} degrees of freedom. */
  public static double tCdf(double t, double df) {
    double x = df / (df + t * t);
    double tail = 0.5 * regularizedBeta(x, df / 2, 0.5);
    return t >= 0 ? 1 - tail : tail;
  }

  /** Two-sided p-value of a t statistic. */
  public static double tTwoSidedP(double t, double df) {
    return Math.min(1, 2 * (1 - tCdf(Math.abs(t), df)));
  }

  /** The p-quantile of Student's t (bisection on the CDF, to 1e-10). */
  public static double tQuantile(double p, double df) {
    double lo = -1e3;
    double hi = 1e3;
    for (int i = 0; i < 200 && hi - lo > 1e-10; i++) {
      double mid = (lo + hi) / 2;
      if (tCdf(mid, df) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /** The p-quantile of the standard normal (t with very many degrees of freedom). */
  public static double normalQuantile(double p) {
    return tQuantile(p, 1e9);
  }

  static double regularizedBeta(double x, double a, double b) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
    return x < (a + 1) / (a + b + 2)
        ? front * betaContinuedFraction(x, a, b) / a
        : 1 - front * betaContinuedFraction(1 - x, b, a) / b;
  }

  private static double betaContinuedFraction(double x, double a, double b) {
    double tiny = 1e-300;
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    double h = d;
    for (int m = 1; m <= 300; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
      d = 1 + aa * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + aa / c;
      c = Math.abs(c) < tiny ? tiny : c;
      h *= d * c;
      aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
      d = 1 + aa * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + aa / c;
      c = Math.abs(c) < tiny ? tiny : c;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-15) {
        break;
      }
    }
    return h;
  }

  /** ln Γ(x), Lanczos approximation (g = 7, n = 9), accurate to about 1e-15. */
  static double logGamma(double x) {
    double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    x -= 1;
    double sum = g[0];
    for (int i = 1; i < 9; i++) {
      sum += g[i] / (x + i);
    }
    double t = x + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
