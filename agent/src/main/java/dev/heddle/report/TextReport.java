package dev.heddle.report;

import static dev.heddle.report.ReportFormat.dollars;
import static dev.heddle.report.ReportFormat.interval;
import static dev.heddle.report.ReportFormat.percent;
import static dev.heddle.report.ReportFormat.plain;

import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.config.Durations;
import dev.heddle.report.ExperimentResult.Variant;
import dev.heddle.report.ExperimentStatistics.Comparison;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The report as aligned plain-text tables, for a terminal. */
final class TextReport {

    private final Report report;
    private final PrintStream out;

    private TextReport(Report report, PrintStream out) {
        this.report = report;
        this.out = out;
    }

    /**
     * @param report what to show
     * @param out where to
     */
    static void print(Report report, PrintStream out) {
        new TextReport(report, out).print();
    }

    private void print() {
        EventLog log = report.log();
        out.println("Heddle report: " + plain(report.describeSource()) + ", " + log.events().size() + " events"
                + (log.events().isEmpty() ? "" : " from " + ReportFormat.minute(log.events().get(0).time()) + " to "
                        + ReportFormat.minute(log.events().get(log.events().size() - 1).time()) + " UTC")
                + (report.period() == null ? "" : " (" + report.period() + ")"));
        if (report.isSummary()) {
            events(report.counts());
            costs(report.costs());
            savings(report.costs().savings());
        }
        if (report.journey() != null) journey(report.journey());
        if (report.funnel() != null) funnel(report.funnel());
        for (ExperimentResult experiment : report.experiments()) experiment(experiment);
        if (report.isSummary() && report.experiments().isEmpty()) {
            heading("EXPERIMENTS");
            out.println("none: no " + AnalyticsEvent.EXPOSURE + " events and no variants on any event");
        }
        log.skippedSummary().ifPresent(skipped -> {
            out.println();
            out.println(plain(skipped));
        });
    }

    private void heading(String title) {
        out.println();
        out.println(title);
    }

    private void events(EventCounts counts) {
        heading("EVENTS");
        TextTable table = new TextTable().left("event").right("events").right("users");
        counts.byEvent().forEach((name, count) -> table.row(plain(name), count, counts.usersByEvent().get(name)));
        if (!table.isEmpty()) table.print(out);
        out.println(ReportFormat.plural(counts.events(), "event") + ", " + ReportFormat.plural(counts.users(), "user") + ", "
                + ReportFormat.plural(counts.sessions(), "session"));
    }

    private void costs(CostBreakdown costs) {
        heading("COST BY MODEL");
        TextTable byModel = costTable("model");
        costs.byModel().forEach((model, line) -> costRow(byModel, plain(model), line));
        costRow(byModel, "total", costs.total());
        byModel.print(out);

        heading("COST BY DAY (UTC)");
        TextTable byDay = costTable("day");
        for (Map.Entry<LocalDate, CostBreakdown.Line> day : costs.byDay().entrySet()) costRow(byDay, day.getKey(), day.getValue());
        if (byDay.isEmpty()) {
            out.println("no " + AnalyticsEvent.LLM_CALL + " events");
        } else {
            byDay.print(out);
        }

        int users = costs.byUser().size();
        heading(users > Report.TOP_USERS ? "COST BY USER (top " + Report.TOP_USERS + " of " + users + ")" : "COST BY USER");
        TextTable byUser = costTable("user");
        costs.byUser().entrySet().stream().limit(Report.TOP_USERS)
                .forEach(user -> costRow(byUser, plain(user.getKey()), user.getValue()));
        if (byUser.isEmpty()) {
            out.println("no " + AnalyticsEvent.LLM_CALL + " events");
        } else {
            byUser.print(out);
        }
    }

    private static TextTable costTable(String group) {
        return new TextTable().left(group).right("calls").right("input tokens").right("output tokens").right("cost USD");
    }

    private static void costRow(TextTable table, Object group, CostBreakdown.Line line) {
        table.row(group, line.calls(), line.inputTokens(), line.outputTokens(), dollars(line.costUsd()));
    }

    private void savings(CostBreakdown.Savings savings) {
        heading("CACHE");
        out.println(ReportFormat.plural(savings.lookups(), "call") + " through a cache: " + ReportFormat.plural(savings.hits(), "hit")
                + ", " + ReportFormat.plural(savings.semanticHits(), "semantic hit") + ", hit rate " + percent(savings.hitRate()) + ", saved $" + dollars(savings.savedUsd()));
        if (savings.byModel().isEmpty()) return;
        TextTable table = new TextTable().left("model").right("hits").right("saved USD");
        savings.byModel().forEach((model, saved) -> table.row(plain(model), saved.hits(), dollars(saved.savedUsd())));
        table.print(out);
    }

    private void journey(Journey journey) {
        heading("JOURNEY of " + plain(journey.user()) + (journey.events().size() < journey.total()
                ? " (last " + journey.events().size() + " of " + journey.total() + " events)"
                : " (" + journey.total() + " events)"));
        if (journey.events().isEmpty()) {
            out.println("no events for this user");
            return;
        }
        TextTable table = new TextTable().left("time (UTC)").left("event").left("session").left("details");
        for (AnalyticsEvent event : journey.events()) {
            table.row(ReportFormat.time(event.time()), plain(event.event()), event.session() == null ? "" : plain(event.session()),
                    plain(String.join(" ", Journey.details(event))));
        }
        table.print(out);
    }

    private void funnel(Funnel funnel) {
        heading("FUNNEL" + (funnel.window() == null ? "" : " (within " + Durations.format(funnel.window())
                + " of the first step)"));
        TextTable table = new TextTable().left("step").right("users").right("of step 1").right("drop-off").right("drop-off %");
        List<Funnel.Step> steps = funnel.results();
        for (int k = 0; k < steps.size(); k++) {
            Funnel.Step step = steps.get(k);
            table.row((k + 1) + ". " + plain(step.step().toString()), step.users(), percent(step.fromFirst()),
                    k == 0 ? "" : step.dropOff(), k == 0 ? "" : percent(step.dropOffShare()));
        }
        table.print(out);
    }

    private void experiment(ExperimentResult result) {
        heading("EXPERIMENT " + plain(result.experiment()) + ": " + plain(result.metric().describe()));
        if (result.variants().isEmpty()) {
            out.println("no exposures and no calls for this experiment; "
                    + (report.experimentsInLog().isEmpty() ? "the events name no experiment"
                            : "the events name: " + plain(String.join(", ", report.experimentsInLog()))));
            return;
        }
        boolean mean = result.metric() instanceof ExperimentMetric.Mean;
        TextTable variants = new TextTable().left("variant").right("weight").right("users")
                .right(mean ? "calls" : "converted").right(mean ? "mean" : "rate").right("95% CI");
        for (Variant variant : result.variants()) {
            variants.row(plain(ReportFormat.variantName(result, variant.name())),
                    percent(variant.weight()), variant.exposedUsers(), mean ? variant.estimate().n() : variant.converted(),
                    ReportFormat.value(result.metric(), variant.estimate().value()),
                    interval(ReportFormat.value(result.metric(), variant.estimate().low()),
                            ReportFormat.value(result.metric(), variant.estimate().high())));
        }
        variants.print(out);
        if (result.variants().size() > 1) {
            out.println();
            TextTable lifts = new TextTable().left("vs " + plain(result.control())).right("lift").right("95% CI")
                    .right("relative").right("95% CI").right("p-value").right("chance to beat control");
            for (Variant variant : result.variants()) {
                Comparison c = variant.comparison();
                if (c == null) continue;
                lifts.row(plain(variant.name()), ReportFormat.lift(result.metric(), c.absoluteLift()),
                        interval(ReportFormat.lift(result.metric(), c.absoluteLow()), ReportFormat.lift(result.metric(), c.absoluteHigh())),
                        ReportFormat.signedPercent(c.relativeLift()),
                        interval(ReportFormat.signedPercent(c.relativeLow()), ReportFormat.signedPercent(c.relativeHigh())),
                        ReportFormat.pValue(c.pValue()), percent(c.chanceToBeatControl()));
            }
            lifts.print(out);
        }
        out.println("sample ratio: " + ReportFormat.sampleRatio(result));
        if (result.usersInSeveralVariants() > 0) {
            out.println(ReportFormat.plural(result.usersInSeveralVariants(), "user") + " exposed to more than one variant;"
                    + " each is counted in the variant of their first exposure");
        }
    }
}
