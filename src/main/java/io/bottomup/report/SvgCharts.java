package io.bottomup.report;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Inline SVG charts for the HTML report, drawn by our code so the report needs no script and makes
 * no request. Every chart has {@code role="img"}, a {@code <title>} and a {@code <desc>}; the report
 * shows the same numbers in a table next to it. A missing value (a suppressed cell) is a gap, never
 * a zero. All text from data is XML-escaped here.
 */
public final class SvgCharts {
  /** Colours that stay distinct for colour-blind readers and in greyscale print (Okabe–Ito). */
  public static final List<String> PALETTE = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00");

  private SvgCharts() {}

  /** One line of a line chart: its name and one value per category (null = no value). */
  public record Series(String name, List<Double> values) {}

  /** A line chart over categories (months) with a y axis from 0 to the largest value. */
  public static String line(String id, String title, String description, List<String> categories, List<Series> series,
      DoubleFunction<String> format) {
    int width = 760;
    int height = 300;
    int left = 64;
    int right = 20;
    int top = 36;
    int bottom = 56;
    double max = series.stream().flatMap(s -> s.values().stream()).filter(v -> v != null).mapToDouble(Double::doubleValue)
        .max().orElse(1);
    max = niceMax(max);
    StringBuilder svg = open(id, title, description, width, height);
    double plotW = width - left - right;
    double plotH = height - top - bottom;
    for (int i = 0; i <= 4; i++) {
      double v = max * i / 4;
      double y = top + plotH - plotH * i / 4;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>", left, y, width - right, y));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%s</text>",
          left - 6, y + 4, esc(format.apply(v))));
    }
    int n = categories.size();
    double step = n > 1 ? plotW / (n - 1) : 0;
    int labelEvery = Math.max(1, (int) Math.ceil(n / 9.0));
    for (int i = 0; i < n; i++) {
      if ((n - 1 - i) % labelEvery == 0) {
        String anchor = i == n - 1 && n > 1 ? "end" : i == 0 ? "start" : "middle";
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"%s\">%s</text>",
            left + step * i, height - bottom + 18, anchor, esc(categories.get(i))));
      }
    }
    for (int s = 0; s < series.size(); s++) {
      Series line = series.get(s);
      String colour = PALETTE.get(s % PALETTE.size());
      StringBuilder path = new StringBuilder();
      boolean penDown = false;
      for (int i = 0; i < n; i++) {
        Double v = line.values().get(i);
        if (v == null) {
          penDown = false;
          continue;
        }
        double x = left + step * i;
        double y = top + plotH - plotH * v / max;
        path.append(penDown ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
        penDown = true;
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s %s: %s</title></circle>",
            x, y, colour, esc(line.name()), esc(categories.get(i)), esc(format.apply(v))));
      }
      if (path.length() > 0) {
        svg.append("<path d=\"").append(path.toString().trim()).append("\" fill=\"none\" stroke=\"").append(colour)
            .append("\" stroke-width=\"2.5\"/>");
      }
      int lx = left + s * 230;
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"10\" width=\"14\" height=\"4\" fill=\"%s\"/>", lx, colour));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" class=\"legend\">%s</text>", lx + 20, esc(line.name())));
    }
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axisline\"/>",
        left, top + (int) plotH, width - right, top + (int) plotH));
    return svg.append("</svg>").toString();
  }

  /**
   * A label that fits the space left of the plot: a long one (a department named in full) is cut after
   * {@code max} characters with an ellipsis, keeping its start, and the whole name is its tooltip.
   */
  static String label(String text, int max) {
    if (text == null || text.codePointCount(0, text.length()) <= max) {
      return esc(text);
    }
    String cut = text.substring(0, text.offsetByCodePoints(0, max - 1)).strip();
    return "<title>" + esc(text) + "</title>" + esc(cut) + "…";
  }

  /**
   * Horizontal bars, one per label; a null value is drawn as its note ({@code missingNotes}, one per
   * label: why it is missing), not as a zero-length bar.
   */
  public static String bars(String id, String title, String description, List<String> labels, List<Double> values,
      DoubleFunction<String> format, List<String> missingNotes) {
    int rowH = 26;
    int left = 190;
    int right = 90;
    int width = 760;
    int top = 10;
    int height = top + rowH * labels.size() + 10;
    double max = niceMax(values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(1));
    StringBuilder svg = open(id, title, description, width, height);
    double plotW = width - left - right;
    for (int i = 0; i < labels.size(); i++) {
      double y = top + rowH * i;
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"label\" text-anchor=\"end\">%s</text>",
          left - 8, y + 17, label(labels.get(i), 26)));
      Double v = values.get(i);
      if (v == null) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"note\">%s</text>", left + 4, y + 17, esc(missingNotes.get(i))));
        continue;
      }
      double w = Math.max(1, plotW * v / max);
      svg.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: %s</title></rect>",
          left, y + 4, w, rowH - 8, PALETTE.get(0), esc(labels.get(i)), esc(format.apply(v))));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" class=\"value\">%s</text>", left + w + 6, y + 17,
          esc(format.apply(v))));
    }
    return svg.append("</svg>").toString();
  }

  /** One estimate with its interval, for {@link #intervals}. */
  public record Interval(String label, Double estimate, Double low, Double high) {}

  /**
   * Estimates with their 95% intervals as horizontal whiskers around a zero line; a row without an
   * estimate shows a note instead.
   */
  public static String intervals(String id, String title, String description, List<Interval> rows,
      DoubleFunction<String> format, String missingNote) {
    int rowH = 28;
    int left = 230;
    int right = 30;
    int width = 760;
    int top = 24;
    int height = top + rowH * rows.size() + 24;
    double extent = 0;
    for (Interval r : rows) {
      if (r.estimate() != null) {
        extent = Math.max(extent, Math.max(Math.abs(r.low()), Math.abs(r.high())));
      }
    }
    extent = niceMax(extent);
    double plotW = width - left - right;
    double zeroX = left + plotW / 2;
    StringBuilder svg = open(id, title, description, width, height);
    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"axisline\"/>",
        zeroX, top - 6, zeroX, height - 18));
    for (double v : new double[] {-extent, 0, extent}) {
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%s</text>",
          zeroX + plotW / 2 * v / extent, height - 4, esc(format.apply(v))));
    }
    for (int i = 0; i < rows.size(); i++) {
      Interval r = rows.get(i);
      double y = top + rowH * i + rowH / 2.0;
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"label\" text-anchor=\"end\">%s</text>",
          left - 8, y + 4, label(r.label(), 32)));
      if (r.estimate() == null) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" class=\"note\">%s</text>", zeroX + 6, y + 4,
            esc(missingNote)));
        continue;
      }
      double x = zeroX + plotW / 2 * r.estimate() / extent;
      double x1 = zeroX + plotW / 2 * r.low() / extent;
      double x2 = zeroX + plotW / 2 * r.high() / extent;
      String colour = r.low() > 0 || r.high() < 0 ? PALETTE.get(0) : "#8a93a3";
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2.5\"/>", x1, y, x2, y, colour));
      svg.append(String.format(Locale.ROOT,
          "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"><title>%s: %s (95%% CI %s to %s)</title></circle>",
          x, y, colour, esc(r.label()), esc(format.apply(r.estimate())), esc(format.apply(r.low())), esc(format.apply(r.high()))));
    }
    return svg.append("</svg>").toString();
  }

  /**
   * A heat table: one row per label, one cell per column with a score from 0 to 100 coloured from
   * orange (low) through white to blue (high), the value written in the cell; an empty value is a
   * grey cell with a dash and the row's {@code note} (e.g. suppressed) beside the label.
   */
  public static String heat(String id, String title, String description, List<String> columns, List<String> labels,
      List<List<Double>> values, List<String> notes) {
    int labelW = 190;
    int cellW = 78;
    int cellH = 26;
    int top = 54;
    int width = labelW + cellW * columns.size() + 10;
    int height = top + cellH * labels.size() + 10;
    StringBuilder svg = open(id, title, description, width, height);
    // Drawn at its natural size: a heat table scaled to the page width would have huge type.
    svg.replace(0, svg.length(), svg.toString().replace("width=\"100%\"", "width=\"" + width + "\""));
    for (int c = 0; c < columns.size(); c++) {
      double x = labelW + cellW * c + cellW / 2.0;
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%s</text>",
          x, top - 10, esc(columns.get(c))));
    }
    for (int r = 0; r < labels.size(); r++) {
      int y = top + cellH * r;
      String note = notes.get(r);
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"label\">%s</text>", 4, y + 17,
          esc(shorten(labels.get(r), 26))));
      if (note != null) {
        svg.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#eceff3\"/>", labelW, y, cellW * columns.size(), cellH));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"note\">%s</text>", labelW + 8, y + 17, esc(note)));
        continue;
      }
      for (int c = 0; c < columns.size(); c++) {
        Double v = values.get(r).get(c);
        int x = labelW + cellW * c;
        svg.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"2\"/>",
            x, y, cellW, cellH, v == null ? "#eceff3" : heatColour(v)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"value\" text-anchor=\"middle\">%s</text>",
            x + cellW / 2.0, y + 17, v == null ? "–" : String.format(Locale.ROOT, "%.0f", v)));
      }
    }
    return svg.append("</svg>").toString();
  }

  /** Orange (#D55E00) at 0, white at 50, blue (#0072B2) at 100. */
  static String heatColour(double score) {
    double t = Math.max(0, Math.min(100, score)) / 100;
    int[] low = {0xD5, 0x5E, 0x00};
    int[] high = {0x00, 0x72, 0xB2};
    int[] mid = {0xFF, 0xFF, 0xFF};
    int[] from = t < 0.5 ? low : mid;
    int[] to = t < 0.5 ? mid : high;
    double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
    // Pale ends keep the dark value text readable.
    double pale = 0.45;
    StringBuilder hex = new StringBuilder("#");
    for (int i = 0; i < 3; i++) {
      double v = from[i] + (to[i] - from[i]) * u;
      v = v + (255 - v) * pale;
      hex.append(String.format(Locale.ROOT, "%02x", (int) Math.round(v)));
    }
    return hex.toString();
  }

  private static String shorten(String s, int max) {
    return s == null ? "" : s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static StringBuilder open(String id, String title, String description, int width, int height) {
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"100%%\" aria-labelledby=\"%s-t %s-d\" class=\"chart\">",
        width, height, id, id));
    svg.append("<title id=\"").append(id).append("-t\">").append(esc(title)).append("</title>");
    svg.append("<desc id=\"").append(id).append("-d\">").append(esc(description)).append("</desc>");
    return svg;
  }

  /** A round upper bound for an axis: 1, 2 or 5 times a power of ten. */
  static double niceMax(double max) {
    if (max <= 0 || Double.isNaN(max)) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
    for (double f : new double[] {1, 2, 2.5, 5, 10}) {
      if (f * magnitude >= max) {
        return f * magnitude;
      }
    }
    return 10 * magnitude;
  }

  /** Escapes text for XML content and attributes. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
