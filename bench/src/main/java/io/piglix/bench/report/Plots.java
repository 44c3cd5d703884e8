package io.piglix.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Draws the grouped bar charts that bench/report.py describes in plots.tsv, one PNG per chart.
 *
 * <p>Usage: {@code Plots PLOTS_TSV OUTPUT_FOLDER}. Each line of the file is tab-separated:
 * {@code chart ID TITLE Y_AXIS_TITLE log|linear} declares a chart, and
 * {@code bar ID SERIES CATEGORY VALUE} adds one bar to it. A chart keeps only the categories
 * that every one of its series has, because XChart draws a grouped bar chart only when all its
 * series have the same categories.
 */
public final class Plots {

  private Plots() {
  }

  /** Reads the plot file and writes ID.png for every chart with at least one bar. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: Plots PLOTS_TSV OUTPUT_FOLDER");
      System.exit(2);
    }
    Map<String, ChartData> charts = read(Path.of(args[0]));
    Path folder = Path.of(args[1]);
    Files.createDirectories(folder);
    for (Map.Entry<String, ChartData> entry : charts.entrySet()) {
      CategoryChart chart = entry.getValue().draw();
      if (chart != null) {
        BitmapEncoder.saveBitmap(chart, folder.resolve(entry.getKey() + ".png").toString(),
            BitmapFormat.PNG);
      }
    }
  }

  private static Map<String, ChartData> read(Path file) throws IOException {
    Map<String, ChartData> charts = new LinkedHashMap<>();
    int lineNumber = 0;
    for (String line : Files.readAllLines(file)) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t");
      if (fields[0].equals("chart") && fields.length == 5) {
        charts.put(fields[1], new ChartData(fields[2], fields[3], fields[4].equals("log")));
      } else if (fields[0].equals("bar") && fields.length == 5 && charts.containsKey(fields[1])) {
        charts.get(fields[1]).add(fields[2], fields[3], Double.parseDouble(fields[4]));
      } else {
        throw new IllegalArgumentException(file + " line " + lineNumber + " is invalid: '"
            + line + "'; expected 'chart ID TITLE Y_TITLE log|linear' or"
            + " 'bar ID SERIES CATEGORY VALUE' for a declared chart, separated by tabs");
      }
    }
    return charts;
  }

  /** The title, axis and bars of one chart. */
  private static final class ChartData {

    private final String title;
    private final String yAxisTitle;
    private final boolean logarithmic;
    private final Map<String, Map<String, Double>> series = new LinkedHashMap<>();

    ChartData(String title, String yAxisTitle, boolean logarithmic) {
      this.title = title;
      this.yAxisTitle = yAxisTitle;
      this.logarithmic = logarithmic;
    }

    void add(String seriesName, String category, double value) {
      series.computeIfAbsent(seriesName, name -> new LinkedHashMap<>()).put(category, value);
    }

    /** Returns the categories that every series has, in the order of the first series. */
    private Set<String> commonCategories() {
      Set<String> categories = null;
      for (Map<String, Double> bars : series.values()) {
        if (categories == null) {
          categories = new LinkedHashSet<>(bars.keySet());
        } else {
          categories.retainAll(bars.keySet());
        }
      }
      return categories == null ? Set.of() : categories;
    }

    /** Returns the chart, or null when no category is common to all series. */
    CategoryChart draw() {
      Set<String> categories = commonCategories();
      if (categories.isEmpty()) {
        return null;
      }

      CategoryChart chart = new CategoryChartBuilder().width(1000).height(520).title(title)
          .yAxisTitle(yAxisTitle).build();
      chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
      chart.getStyler().setChartBackgroundColor(Color.WHITE);
      chart.getStyler().setYAxisDecimalPattern("#,###.##");

      List<String> labels = new ArrayList<>(categories);
      double minimum = Double.MAX_VALUE;
      for (Map.Entry<String, Map<String, Double>> entry : series.entrySet()) {
        List<Double> values = new ArrayList<>();
        for (String category : labels) {
          double value = entry.getValue().get(category);
          values.add(value);
          minimum = Math.min(minimum, value);
        }
        chart.addSeries(entry.getKey(), labels, values);
      }

      // XChart starts bars at 0 unless the axis has a minimum, and a logarithmic axis rejects 0,
      // so the axis starts at the power of 10 below the smallest bar.
      if (logarithmic && minimum > 0) {
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(minimum))));
      }
      return chart;
    }
  }
}
