package dev.heddle.report;

import static dev.heddle.report.HtmlReport.escape;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * The report's charts as inline SVG, drawn here rather than by a script library so that the page
 * needs nothing from the network. Every label is escaped: labels come from events.
 */
final class SvgChart {

    private static final int WIDTH = 760;
    private static final int LABEL_WIDTH = 250;
    private static final int PLOT_WIDTH = 360;
    private static final int ROW = 26;
    private static final int LABEL_CHARACTERS = 36;

    private SvgChart() {
    }

    /**
     * One horizontal bar.
     *
     * @param label what it is, on the left
     * @param value its length, against the largest of the chart
     * @param caption the figure written after the bar
     */
    record Bar(String label, double value, String caption) {
    }

    /**
     * One value with its 95% interval.
     *
     * @param label the variant
     * @param value the dot
     * @param low the whisker's left end (NaN for none)
     * @param high the whisker's right end (NaN for none)
     * @param caption the figure written on the right
     * @param reference whether a dashed line marks this value across the chart (the control)
     */
    record Interval(String label, double value, double low, double high, String caption, boolean reference) {
    }

    /**
     * @param title what the chart shows, for screen readers
     * @param bars the bars, top to bottom
     * @return the SVG element
     */
    static String bars(String title, List<Bar> bars) {
        double max = bars.stream().mapToDouble(Bar::value).filter(Double::isFinite).max().orElse(0);
        int height = bars.size() * ROW + 8;
        StringBuilder svg = open(title, height);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = 4 + i * ROW;
            label(svg, bar.label(), y);
            double share = max > 0 && Double.isFinite(bar.value()) ? Math.max(0, bar.value() / max) : 0;
            double length = share * PLOT_WIDTH;
            svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"2\"/>",
                    LABEL_WIDTH, y + 3, length, ROW - 8));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", LABEL_WIDTH + length + 6, y + ROW / 2 + 4,
                    escape(bar.caption())));
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * @param title what the chart shows, for screen readers
     * @param rows the values, top to bottom
     * @param axis how to write a value on the axis
     * @return the SVG element
     */
    static String intervals(String title, List<Interval> rows, DoubleFunction<String> axis) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Interval row : rows) {
            for (double v : new double[] {row.value(), row.low(), row.high()}) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min > max) {
            min = 0;
            max = 1;
        }
        double pad = max > min ? (max - min) * 0.08 : Math.max(Math.abs(max) * 0.1, 1e-9);
        // a rate, a latency or a cost is never negative: the axis need not suggest it could be
        double from = min >= 0 ? Math.max(0, min - pad) : min - pad;
        double to = max + pad;
        int axisY = rows.size() * ROW + 8;
        StringBuilder svg = open(title, axisY + 24);
        for (Interval row : rows) {
            if (row.reference() && Double.isFinite(row.value())) {
                double x = x(row.value(), from, to);
                svg.append(String.format(Locale.ROOT, "<line class=\"reference\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\"/>%n",
                        x, x, axisY));
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            Interval row = rows.get(i);
            int y = 4 + i * ROW;
            int middle = y + ROW / 2;
            label(svg, row.label(), y);
            if (Double.isFinite(row.low()) && Double.isFinite(row.high())) {
                double left = x(row.low(), from, to);
                double right = x(row.high(), from, to);
                svg.append(String.format(Locale.ROOT, "<line class=\"whisker\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
                        left, middle, right, middle));
                svg.append(String.format(Locale.ROOT, "<line class=\"whisker\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
                        left, middle - 5, left, middle + 5));
                svg.append(String.format(Locale.ROOT, "<line class=\"whisker\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
                        right, middle - 5, right, middle + 5));
            }
            if (Double.isFinite(row.value())) {
                svg.append(String.format(Locale.ROOT, "<circle class=\"dot\" cx=\"%.1f\" cy=\"%d\" r=\"5\"/>",
                        x(row.value(), from, to), middle));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LABEL_WIDTH + PLOT_WIDTH + 12, middle + 4,
                    escape(row.caption())));
        }
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                LABEL_WIDTH, axisY, LABEL_WIDTH + PLOT_WIDTH, axisY));
        for (double tick : new double[] {from, (from + to) / 2, to}) {
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    x(tick, from, to), axisY + 16, escape(axis.apply(tick))));
        }
        return svg.append("\n</svg>\n").toString();
    }

    private static double x(double value, double from, double to) {
        return LABEL_WIDTH + (value - from) / (to - from) * PLOT_WIDTH;
    }

    private static StringBuilder open(String title, int height) {
        StringBuilder svg = new StringBuilder(2_048);
        svg.append(String.format(Locale.ROOT,
                "<svg class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">",
                WIDTH, height, WIDTH, height));
        svg.append("<title>").append(escape(title)).append("</title>\n");
        return svg;
    }

    /** A row's label, shortened to fit the label column; the whole text is its tooltip. */
    private static void label(StringBuilder svg, String label, int y) {
        String shown = label;
        if (label.length() > LABEL_CHARACTERS) {
            int cut = LABEL_CHARACTERS - 1;
            if (Character.isHighSurrogate(label.charAt(cut - 1))) cut--;
            shown = label.substring(0, cut) + "…";
        }
        svg.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\"><title>%s</title>%s</text>",
                LABEL_WIDTH - 8, y + ROW / 2 + 4, escape(label), escape(shown)));
    }
}
