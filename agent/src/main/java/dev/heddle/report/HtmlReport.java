package dev.heddle.report;

import dev.heddle.html.HtmlText;
import static dev.heddle.report.ReportFormat.dollars;
import static dev.heddle.report.ReportFormat.interval;
import static dev.heddle.report.ReportFormat.percent;

import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.config.Durations;
import dev.heddle.report.ExperimentResult.Variant;
import dev.heddle.report.ExperimentStatistics.Comparison;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report as one self-contained HTML file: the sections of the text report, with inline SVG
 * charts. It has no script and loads nothing (no font, stylesheet or image from the network), so it
 * opens on a machine with no internet access and can be mailed as it is. Every text that comes from
 * the events (names, ids, property values) is escaped, so that an event cannot inject markup.
 */
final class HtmlReport {

    private static final String STYLE = """
            :root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --band: #f5f7fa; --bar: #3b6fb6; --ok: #1b7f4b; --bad: #c53030; }
            * { box-sizing: border-box; }
            body { margin: 0; padding: 24px 32px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
            header { border-bottom: 2px solid var(--ink); padding-bottom: 8px; }
            h1 { font-size: 22px; margin: 0; }
            h2 { font-size: 15px; margin: 32px 0 8px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
            h3 { font-size: 14px; margin: 16px 0 6px; }
            .muted { color: var(--muted); }
            .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 12px; margin-top: 16px; }
            .card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; background: var(--band); }
            .card .label { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
            .card .value { font-size: 18px; font-weight: 600; overflow-wrap: anywhere; }
            table { border-collapse: collapse; margin: 8px 0; }
            th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
            th { font-size: 12px; color: var(--muted); font-weight: 600; background: var(--band); }
            th:first-child, td:first-child, td.text { text-align: left; }
            td.text { white-space: normal; overflow-wrap: anywhere; max-width: 720px; }
            code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
            svg.chart { display: block; margin: 8px 0; font-size: 12px; fill: var(--ink); }
            svg .bar { fill: var(--bar); }
            svg .dot { fill: var(--bar); }
            svg .whisker { stroke: var(--ink); stroke-width: 1.5; }
            svg .reference { stroke: var(--muted); stroke-dasharray: 4 3; }
            svg .axis { stroke: var(--muted); }
            svg .tick { fill: var(--muted); font-size: 11px; }
            .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; }
            .ok { background: var(--ok); } .bad { background: var(--bad); } .none { background: var(--muted); }
            footer { margin-top: 32px; font-size: 12px; color: var(--muted); }
            """;

    private final Report report;
    private final StringBuilder html = new StringBuilder(32_768);

    private HtmlReport(Report report) {
        this.report = report;
    }

    /**
     * @param report what to show
     * @return the HTML document
     */
    static String render(Report report) {
        return new HtmlReport(report).render();
    }

    static String escape(String text) {
        return HtmlText.escape(text);
    }

    private String render() {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Heddle report</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        EventLog log = report.log();
        html.append("<header><h1>Heddle report</h1><div class=\"muted\"><code>").append(escape(report.describeSource()))
                .append("</code>, ").append(log.events().size()).append(" events");
        if (!log.events().isEmpty()) {
            html.append(" from ").append(ReportFormat.minute(log.events().get(0).time())).append(" to ")
                    .append(ReportFormat.minute(log.events().get(log.events().size() - 1).time())).append(" UTC");
        }
        if (report.period() != null) html.append(" (").append(escape(report.period())).append(')');
        html.append("</div></header>\n");
        if (report.isSummary()) summary();
        if (report.journey() != null) journey(report.journey());
        if (report.funnel() != null) funnel(report.funnel());
        if (!report.experiments().isEmpty() || report.isSummary()) html.append("<h2>Experiments</h2>\n");
        if (report.isSummary() && report.experiments().isEmpty()) {
            html.append("<p class=\"muted\">None: no <code>").append(AnalyticsEvent.EXPOSURE)
                    .append("</code> events and no variants on any event.</p>\n");
        }
        for (ExperimentResult experiment : report.experiments()) experiment(experiment);
        html.append("<footer>");
        log.skippedSummary().ifPresent(skipped -> html.append(escape(skipped)).append(". "));
        html.append("Times are UTC. Chance to beat control is a normal approximation, not a Bayesian posterior;"
                + " see docs/tracking-report.md.</footer>\n</body>\n</html>\n");
        return html.toString();
    }

    private void summary() {
        EventCounts counts = report.counts();
        CostBreakdown costs = report.costs();
        html.append("<section class=\"cards\">\n");
        card("Events", Long.toString(counts.events()));
        card("Users", Long.toString(counts.users()));
        card("LLM calls", Long.toString(costs.total().calls()));
        card("Cost", "$" + dollars(costs.total().costUsd()));
        card("Cache hit rate", percent(costs.savings().hitRate()));
        card("Saved by the cache", "$" + dollars(costs.savings().savedUsd()));
        html.append("</section>\n");

        html.append("<h2>Events</h2>\n");
        Table events = new Table("event", "events", "users");
        counts.byEvent().forEach((name, count) -> events.row(name, count, counts.usersByEvent().get(name)));
        events.close();

        html.append("<h2>Cost by model</h2>\n");
        List<SvgChart.Bar> modelBars = new ArrayList<>();
        costs.byModel().forEach((model, line) -> modelBars.add(new SvgChart.Bar(model, line.costUsd(), "$" + dollars(line.costUsd()))));
        if (!modelBars.isEmpty()) html.append(SvgChart.bars("Cost by model in dollars", modelBars));
        Table byModel = costTable("model");
        costs.byModel().forEach((model, line) -> costRow(byModel, model, line));
        costRow(byModel, "total", costs.total());
        byModel.close();

        html.append("<h2>Cost by day (UTC)</h2>\n");
        List<SvgChart.Bar> dayBars = new ArrayList<>();
        costs.byDay().forEach((day, line) -> dayBars.add(new SvgChart.Bar(day.toString(), line.costUsd(), "$" + dollars(line.costUsd()))));
        if (!dayBars.isEmpty()) html.append(SvgChart.bars("Cost by day in dollars", dayBars));
        Table byDay = costTable("day");
        for (Map.Entry<LocalDate, CostBreakdown.Line> day : costs.byDay().entrySet()) costRow(byDay, day.getKey().toString(), day.getValue());
        byDay.close();

        int users = costs.byUser().size();
        html.append("<h2>Cost by user").append(users > Report.TOP_USERS ? " (top " + Report.TOP_USERS + " of " + users + ")" : "")
                .append("</h2>\n");
        Table byUser = costTable("user");
        costs.byUser().entrySet().stream().limit(Report.TOP_USERS).forEach(user -> costRow(byUser, user.getKey(), user.getValue()));
        byUser.close();

        CostBreakdown.Savings savings = costs.savings();
        html.append("<h2>Cache</h2>\n<p>").append(ReportFormat.plural(savings.lookups(), "call")).append(" through a cache: ")
                .append(ReportFormat.plural(savings.hits(), "hit")).append(", ")
                .append(ReportFormat.plural(savings.semanticHits(), "semantic hit")).append(", hit rate ").append(percent(savings.hitRate()))
                .append(", saved $").append(dollars(savings.savedUsd())).append(".</p>\n");
        Table saved = new Table("model", "hits", "saved USD");
        savings.byModel().forEach((model, line) -> saved.row(model, line.hits(), dollars(line.savedUsd())));
        saved.close();
    }

    private void card(String label, String value) {
        html.append("<div class=\"card\"><div class=\"label\">").append(escape(label)).append("</div><div class=\"value\">")
                .append(escape(value)).append("</div></div>\n");
    }

    private Table costTable(String group) {
        return new Table(group, "calls", "input tokens", "output tokens", "cost USD");
    }

    private static void costRow(Table table, String group, CostBreakdown.Line line) {
        table.row(group, line.calls(), line.inputTokens(), line.outputTokens(), dollars(line.costUsd()));
    }

    private void journey(Journey journey) {
        html.append("<h2>Journey of <code>").append(escape(journey.user())).append("</code></h2>\n<p class=\"muted\">")
                .append(journey.events().size() < journey.total()
                        ? "The last " + journey.events().size() + " of " + journey.total() + " events."
                        : journey.total() + " events.")
                .append("</p>\n");
        Table table = new Table(4, "time (UTC)", "event", "session", "details");
        for (AnalyticsEvent event : journey.events()) {
            table.row(ReportFormat.time(event.time()), event.event(), event.session() == null ? "" : event.session(),
                    String.join(" ", Journey.details(event)));
        }
        table.close();
    }

    private void funnel(Funnel funnel) {
        html.append("<h2>Funnel").append(funnel.window() == null ? "" : " (within " + Durations.format(funnel.window()) + ")")
                .append("</h2>\n");
        List<SvgChart.Bar> bars = new ArrayList<>();
        List<Funnel.Step> steps = funnel.results();
        for (int k = 0; k < steps.size(); k++) {
            Funnel.Step step = steps.get(k);
            bars.add(new SvgChart.Bar((k + 1) + ". " + step.step(), step.users(), step.users() + " users (" + percent(step.fromFirst()) + ")"));
        }
        html.append(SvgChart.bars("Users reaching each funnel step", bars));
        Table table = new Table("step", "users", "of step 1", "drop-off", "drop-off %");
        for (int k = 0; k < steps.size(); k++) {
            Funnel.Step step = steps.get(k);
            table.row((k + 1) + ". " + step.step(), step.users(), percent(step.fromFirst()), k == 0 ? "" : step.dropOff(),
                    k == 0 ? "" : percent(step.dropOffShare()));
        }
        table.close();
    }

    private void experiment(ExperimentResult result) {
        html.append("<h3>").append(escape(result.experiment())).append(" <span class=\"muted\">")
                .append(escape(result.metric().describe())).append("</span></h3>\n");
        if (result.variants().isEmpty()) {
            html.append("<p class=\"muted\">No exposures and no calls for this experiment; ")
                    .append(report.experimentsInLog().isEmpty() ? "the events name no experiment."
                            : "the events name: " + escape(String.join(", ", report.experimentsInLog())) + ".")
                    .append("</p>\n");
            return;
        }
        ExperimentMetric metric = result.metric();
        List<SvgChart.Interval> rows = new ArrayList<>();
        for (Variant variant : result.variants()) {
            boolean control = variant.name().equals(result.control());
            rows.add(new SvgChart.Interval(ReportFormat.variantName(result, variant.name()), variant.estimate().value(),
                    variant.estimate().low(), variant.estimate().high(), ReportFormat.value(metric, variant.estimate().value()), control));
        }
        html.append(SvgChart.intervals(result.experiment() + ": " + metric.describe() + ", per variant with its 95% interval", rows,
                value -> ReportFormat.value(metric, value)));
        boolean mean = metric instanceof ExperimentMetric.Mean;
        Table variants = new Table("variant", "weight", "users", mean ? "calls" : "converted", mean ? "mean" : "rate", "95% CI");
        for (Variant variant : result.variants()) {
            variants.row(ReportFormat.variantName(result, variant.name()), percent(variant.weight()),
                    variant.exposedUsers(), mean ? variant.estimate().n() : variant.converted(),
                    ReportFormat.value(metric, variant.estimate().value()),
                    interval(ReportFormat.value(metric, variant.estimate().low()), ReportFormat.value(metric, variant.estimate().high())));
        }
        variants.close();
        if (result.variants().size() > 1) {
            Table lifts = new Table("vs " + result.control(), "lift", "95% CI", "relative", "95% CI", "p-value", "chance to beat control");
            for (Variant variant : result.variants()) {
                Comparison c = variant.comparison();
                if (c == null) continue;
                lifts.row(variant.name(), ReportFormat.lift(metric, c.absoluteLift()),
                        interval(ReportFormat.lift(metric, c.absoluteLow()), ReportFormat.lift(metric, c.absoluteHigh())),
                        ReportFormat.signedPercent(c.relativeLift()),
                        interval(ReportFormat.signedPercent(c.relativeLow()), ReportFormat.signedPercent(c.relativeHigh())),
                        ReportFormat.pValue(c.pValue()), percent(c.chanceToBeatControl()));
            }
            lifts.close();
        }
        ExperimentStatistics.SampleRatio ratio = result.sampleRatio();
        String badge = !Double.isFinite(ratio.pValue()) ? "none\">n/a" : ratio.mismatch() ? "bad\">mismatch" : "ok\">ok";
        html.append("<p>Sample ratio <span class=\"badge ").append(badge).append("</span> ")
                .append(escape(ReportFormat.sampleRatio(result))).append("</p>\n");
        if (result.usersInSeveralVariants() > 0) {
            html.append("<p>").append(ReportFormat.plural(result.usersInSeveralVariants(), "user"))
                    .append(" exposed to more than one variant; each is counted in the variant of their first exposure.</p>\n");
        }
    }

    /** A table being written: its leading text columns to the left, figures to the right, every cell escaped. */
    private final class Table {

        private final int textColumns;

        Table(String... headers) {
            this(1, headers);
        }

        Table(int textColumns, String... headers) {
            this.textColumns = textColumns;
            html.append("<table>\n<thead><tr>");
            for (String header : headers) html.append("<th>").append(escape(header)).append("</th>");
            html.append("</tr></thead>\n<tbody>\n");
        }

        void row(Object... cells) {
            html.append("<tr>");
            for (int i = 0; i < cells.length; i++) {
                html.append(i < textColumns ? "<td class=\"text\">" : "<td>").append(escape(String.valueOf(cells[i]))).append("</td>");
            }
            html.append("</tr>\n");
        }

        void close() {
            html.append("</tbody>\n</table>\n");
        }
    }
}
