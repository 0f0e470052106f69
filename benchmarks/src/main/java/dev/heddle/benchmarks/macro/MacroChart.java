package dev.heddle.benchmarks.macro;

import dev.heddle.demo.workload.RunSummary;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The report's chart, {@code docs/benchmarks/macro.svg}: three panels of bars, one bar per run in
 * each group: the cost, the p50 and p95 latency, and the share of calls answered by the model or
 * the cache. Plain SVG written by hand, so that no charting library is needed and the file diffs.
 */
public final class MacroChart {

    private static final String[] COLOURS = {"#9e9e9e", "#1f77b4", "#2ca02c", "#ff7f0e"};
    private static final int PANEL_WIDTH = 300;
    private static final int PANEL_HEIGHT = 220;
    private static final int TOP = 60;
    private static final int LEFT = 20;
    private static final int BAR_AREA = 160;

    private record Group(String label, ToDoubleFunction<RunSummary> value) {
    }

    private record Panel(String title, String unit, double max, List<Group> groups) {
    }

    private MacroChart() {
    }

    /**
     * @param runs the runs, the one without the agent first
     * @return the SVG document
     */
    public static String svg(List<RunSummary> runs) {
        double maxCost = runs.stream().mapToDouble(RunSummary::costUsd).max().orElse(1);
        double maxLatency = runs.stream().mapToDouble(run -> run.latencyMillis(95)).max().orElse(1);
        List<Panel> panels = List.of(
                new Panel("Cost at list price", "$", maxCost, List.of(new Group("", RunSummary::costUsd))),
                new Panel("Latency of answered calls", "ms", maxLatency, List.of(
                        new Group("p50", run -> run.latencyMillis(50)), new Group("p95", run -> run.latencyMillis(95)))),
                new Panel("Answered by the model or the cache", "%", 100, List.of(
                        new Group("", run -> run.succeededShare() * 100))));
        int width = LEFT * 2 + PANEL_WIDTH * panels.size();
        int height = TOP + PANEL_HEIGHT + 30 + 20 * runs.size();
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "  <rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append("  <text x=\"").append(LEFT).append("\" y=\"24\" font-size=\"16\" font-weight=\"bold\">")
                .append("Macro benchmark: the same workload without and with Heddle</text>\n");
        for (int p = 0; p < panels.size(); p++) {
            panel(svg, panels.get(p), runs, LEFT + p * PANEL_WIDTH);
        }
        int legendTop = TOP + PANEL_HEIGHT + 20;
        for (int r = 0; r < runs.size(); r++) {
            int y = legendTop + 20 * r;
            svg.append(String.format(Locale.ROOT, "  <rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", LEFT, y,
                    colour(r)));
            svg.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\">(%s) %s</text>%n", LEFT + 18, y + 11,
                    escape(runs.get(r).id()), escape(runs.get(r).title())));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void panel(StringBuilder svg, Panel panel, List<RunSummary> runs, int x) {
        int baseline = TOP + 20 + BAR_AREA;
        svg.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s (%s)</text>%n", x, TOP,
                escape(panel.title()), escape(panel.unit())));
        svg.append(String.format(Locale.ROOT, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", x, baseline,
                x + PANEL_WIDTH - 30, baseline));
        int groupWidth = (PANEL_WIDTH - 40) / panel.groups().size();
        int barWidth = Math.min(40, (groupWidth - 20) / runs.size());
        for (int g = 0; g < panel.groups().size(); g++) {
            Group group = panel.groups().get(g);
            int groupX = x + 10 + g * groupWidth;
            for (int r = 0; r < runs.size(); r++) {
                double value = group.value().applyAsDouble(runs.get(r));
                double height = panel.max() > 0 && !Double.isNaN(value) ? BAR_AREA * value / panel.max() : 0;
                int barX = groupX + r * barWidth;
                svg.append(String.format(Locale.ROOT,
                        "  <rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"/>%n", barX, baseline - height,
                        barWidth - 4, height, colour(r)));
                svg.append(String.format(Locale.ROOT,
                        "  <text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\">%s</text>%n",
                        barX + (barWidth - 4) / 2.0, baseline - height - 4, escape(label(panel.unit(), value))));
            }
            if (!group.label().isEmpty()) {
                svg.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                        groupX + runs.size() * barWidth / 2.0, baseline + 16, escape(group.label())));
            }
        }
    }

    private static String label(String unit, double value) {
        if (Double.isNaN(value)) return "–";
        return switch (unit) {
            case "$" -> String.format(Locale.ROOT, "$%.3f", value);
            case "%" -> String.format(Locale.ROOT, "%.1f%%", value);
            default -> String.format(Locale.ROOT, value < 10 ? "%.1f" : "%.0f", value);
        };
    }

    private static String colour(int run) {
        return COLOURS[run % COLOURS.length];
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
