package io.bottomup.stats;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ordinary least squares with standard errors clustered by a group (here: the person, who
 * contributes several rating transitions). β = (XᵀX)⁻¹Xᵀy; the cluster-robust (CR1) covariance is
 * (XᵀX)⁻¹ (Σ_g X_gᵀ u_g u_gᵀ X_g) (XᵀX)⁻¹ · G/(G−1) · (N−1)/(N−K), with t on G−1 degrees of freedom.
 * The design matrix must hold the intercept column if one is wanted.
 */
public record LinearRegression(double[] coefficients, double[] stdErrors, double[] tValues, double[] pValues,
    double[] ciLow, double[] ciHigh, int n, int clusters, double rSquared) {

  public static LinearRegression fit(double[][] x, double[] y, List<String> cluster) {
    int n = y.length;
    int k = x[0].length;
    if (n <= k) {
      throw new IllegalArgumentException("more observations than coefficients are needed: n=" + n + ", k=" + k);
    }
    double[][] xtx = new double[k][k];
    double[] xty = new double[k];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < k; a++) {
        xty[a] += x[i][a] * y[i];
        for (int b = 0; b < k; b++) {
          xtx[a][b] += x[i][a] * x[i][b];
        }
      }
    }
    double[][] inv = invert(xtx);
    double[] beta = multiply(inv, xty);
    double[] residual = new double[n];
    double mean = 0;
    for (double v : y) {
      mean += v / n;
    }
    double ssr = 0;
    double sst = 0;
    for (int i = 0; i < n; i++) {
      double fitted = 0;
      for (int a = 0; a < k; a++) {
        fitted += x[i][a] * beta[a];
      }
      residual[i] = y[i] - fitted;
      ssr += residual[i] * residual[i];
      sst += (y[i] - mean) * (y[i] - mean);
    }
    Map<String, double[]> scores = new HashMap<>();
    for (int i = 0; i < n; i++) {
      double[] s = scores.computeIfAbsent(cluster.get(i), c -> new double[k]);
      for (int a = 0; a < k; a++) {
        s[a] += x[i][a] * residual[i];
      }
    }
    int g = scores.size();
    double[][] meat = new double[k][k];
    for (double[] s : scores.values()) {
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          meat[a][b] += s[a] * s[b];
        }
      }
    }
    double correction = g > 1 ? (double) g / (g - 1) * (n - 1) / (n - k) : Double.NaN;
    double[][] cov = multiply(multiply(inv, meat), inv);
    double tCrit = Distributions.tQuantile(0.975, Math.max(1, g - 1));
    double[] se = new double[k];
    double[] t = new double[k];
    double[] p = new double[k];
    double[] lo = new double[k];
    double[] hi = new double[k];
    for (int a = 0; a < k; a++) {
      se[a] = Math.sqrt(cov[a][a] * correction);
      t[a] = beta[a] / se[a];
      p[a] = Distributions.tTwoSidedP(t[a], Math.max(1, g - 1));
      lo[a] = beta[a] - tCrit * se[a];
      hi[a] = beta[a] + tCrit * se[a];
    }
    return new LinearRegression(beta, se, t, p, lo, hi, n, g, sst == 0 ? 0 : 1 - ssr / sst);
  }

  /** Gauss–Jordan inversion with partial pivoting; a singular matrix is an error naming the column. */
  static double[][] invert(double[][] m) {
    int k = m.length;
    double[][] a = new double[k][2 * k];
    for (int i = 0; i < k; i++) {
      System.arraycopy(m[i], 0, a[i], 0, k);
      a[i][k + i] = 1;
    }
    for (int col = 0; col < k; col++) {
      int pivot = col;
      for (int r = col + 1; r < k; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      if (Math.abs(a[pivot][col]) < 1e-10) {
        throw new IllegalArgumentException("the design is singular at column " + col + " (a constant or duplicated control)");
      }
      double[] tmp = a[col];
      a[col] = a[pivot];
      a[pivot] = tmp;
      double div = a[col][col];
      for (int c = 0; c < 2 * k; c++) {
        a[col][c] /= div;
      }
      for (int r = 0; r < k; r++) {
        if (r != col && a[r][col] != 0) {
          double f = a[r][col];
          for (int c = 0; c < 2 * k; c++) {
            a[r][c] -= f * a[col][c];
          }
        }
      }
    }
    double[][] inv = new double[k][k];
    for (int i = 0; i < k; i++) {
      System.arraycopy(a[i], k, inv[i], 0, k);
    }
    return inv;
  }

  private static double[] multiply(double[][] m, double[] v) {
    double[] r = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < v.length; j++) {
        r[i] += m[i][j] * v[j];
      }
    }
    return r;
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    int n = a.length;
    int m = b[0].length;
    double[][] r = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < b.length; k++) {
        for (int j = 0; j < m; j++) {
          r[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return r;
  }
}
