package dev.heddle.status;

import dev.heddle.html.HtmlText;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code GET /} page: the figures of {@code GET /status} in tables, for a person. One
 * self-contained document (inline CSS, no script, no external asset, so it works on a machine with
 * no internet access) that the browser reloads every {@value #REFRESH_SECONDS} seconds.
 */
final class StatusPage {

    /** How often the browser reloads the page. */
    static final int REFRESH_SECONDS = 5;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private static final String STYLE = """
            :root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --band: #f5f7fa; --ok: #1b7f4b; --warn: #b7791f; --bad: #c53030; }
            * { box-sizing: border-box; }
            body { margin: 0; padding: 24px 32px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
            header { display: flex; align-items: baseline; gap: 16px; border-bottom: 2px solid var(--ink); padding-bottom: 8px; }
            h1 { font-size: 22px; margin: 0; letter-spacing: 0.02em; }
            h2 { font-size: 15px; margin: 28px 0 8px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
            .muted { color: var(--muted); }
            .cards { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 12px; margin-top: 16px; }
            .card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; background: var(--band); min-width: 0; }
            .card .label { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
            .card .value { font-size: 18px; font-weight: 600; margin-top: 2px; overflow-wrap: anywhere; }
            .card .detail { font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
            table { border-collapse: collapse; width: 100%; }
            th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
            th { font-size: 12px; color: var(--muted); font-weight: 600; background: var(--band); }
            th:first-child, td:first-child, td.text, th.text { text-align: left; }
            td.text { white-space: normal; overflow-wrap: anywhere; }
            tbody tr:hover { background: var(--band); }
            code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
            .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; }
            .ok { background: var(--ok); } .warn { background: var(--warn); } .bad { background: var(--bad); } .none { background: var(--muted); }
            .kind { font-size: 11px; color: var(--muted); margin-left: 6px; }
            ul.problems { margin: 6px 0 0; padding-left: 18px; color: var(--bad); }
            footer { margin-top: 28px; font-size: 12px; color: var(--muted); }
            """;

    private StatusPage() {
    }

    /**
     * @param report what to show
     * @return the HTML document
     */
    static String render(StatusReport report) {
        StringBuilder html = new StringBuilder(8_192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Heddle status</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<header><h1>Heddle status</h1><span class=\"muted\">").append(escape(TIME.format(report.at())))
                .append("</span></header>\n");
        cards(html, report);
        rules(html, report.rules());
        methods(html, report);
        limits(html, report.upstreamLimits());
        html.append("<footer>Refreshes every ").append(REFRESH_SECONDS).append(" s. The same figures as JSON: ")
                .append("<a href=\"status\"><code>/status</code></a>. Calls are counted at each rule's first counting step:"
                        + " its cache, else its quota, else its first attempts, else its model calls."
                        + " Cache hits include semantic ones (a similar earlier question's answer).</footer>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    private static void cards(StringBuilder html, StatusReport report) {
        long calls = 0;
        long hits = 0;
        long lookups = 0;
        double spent = 0;
        double saved = 0;
        for (RuleReport rule : report.rules()) {
            RuleStatus counters = rule.counters();
            calls += rule.calls();
            hits += counters.getCacheHits();
            lookups += counters.getCacheHits() + counters.getCacheMisses();
            spent += counters.getCostUsd();
            saved += counters.getSavedCostUsd();
        }
        html.append("<section class=\"cards\">\n");
        card(html, "Configuration", "version " + report.configVersion(), "<code>" + escape(report.configSource()) + "</code>");
        String reload = report.lastReload().applied()
                ? "<span class=\"badge ok\">applied</span>"
                : "<span class=\"badge bad\">rejected</span>";
        // the summary's instant has nanoseconds; a person reads the time as the header shows it
        StringBuilder reloadDetail = new StringBuilder(report.lastReload().applied()
                ? "version " + report.lastReload().version() + " at " + escape(TIME.format(report.lastReload().at()))
                : "at " + escape(TIME.format(report.lastReload().at())) + "; version " + report.lastReload().version()
                        + " keeps running");
        if (!report.lastReload().problems().isEmpty()) {
            reloadDetail.append("<ul class=\"problems\">");
            for (String problem : report.lastReload().problems()) {
                reloadDetail.append("<li><code>").append(escape(problem)).append("</code></li>");
            }
            reloadDetail.append("</ul>");
        }
        cardHtml(html, "Last reload", reload, reloadDetail.toString());
        cardHtml(html, "Redis", "<span class=\"badge " + redisBadge(report.redis().state()) + "\">"
                + escape(report.redis().state()) + "</span>", escape(report.redis().summary())
                + (report.redis().pendingSettles() > 0 ? "; " + report.redis().pendingSettles() + " settles waiting" : "")
                + (report.redisEntriesRejected() > 0 ? "; " + report.redisEntriesRejected()
                        + " entries rejected (changed, planted or signed with another key; never served)" : ""));
        if (report.internalErrors() > 0) {
            cardHtml(html, "Internal errors", "<span class=\"badge bad\">" + report.internalErrors() + "</span>",
                    "calls went on as without Heddle; each kind is in the app's log once");
        }
        card(html, "Calls · cache hit rate", calls + " · " + percent(hits, lookups),
                "spent " + dollars(spent) + ", saved " + dollars(saved));
        html.append("</section>\n");
    }

    private static String redisBadge(String state) {
        return switch (state) {
            case RedisState.CONNECTED -> "ok";
            case RedisState.UNREACHABLE, RedisState.UNUSABLE -> "bad";
            case RedisState.UNUSED -> "warn";
            default -> "none";
        };
    }

    private static void rules(StringBuilder html, List<RuleReport> rules) {
        html.append("<h2>Rules</h2>\n");
        if (rules.isEmpty()) {
            html.append("<p class=\"muted\">No woven method is governed by a rule or an annotation yet.</p>\n");
            return;
        }
        html.append("<table>\n<thead><tr><th>Rule</th><th>Calls</th><th>Cache hits</th><th>Semantic</th><th>Misses</th><th>Hit rate</th>")
                .append("<th>Quota admitted</th><th>Refused</th><th>Retries</th><th>Circuit</th><th>Fallbacks</th>")
                .append("<th>Tokens in / out</th><th>Spent</th><th>Saved</th></tr></thead>\n<tbody>\n");
        for (RuleReport rule : rules) {
            RuleStatus counters = rule.counters();
            html.append("<tr><td class=\"text\">").append(escape(rule.name()))
                    .append(rule.annotation() ? "<span class=\"kind\">annotation</span>" : "").append("</td>");
            cell(html, Long.toString(rule.calls()));
            cell(html, Long.toString(counters.getCacheHits()));
            cell(html, Long.toString(counters.getSemanticHits()));
            cell(html, Long.toString(counters.getCacheMisses()));
            cell(html, percent(counters.getCacheHits(), counters.getCacheHits() + counters.getCacheMisses()));
            cell(html, Long.toString(counters.getQuotaAdmitted()));
            cell(html, Long.toString(counters.getQuotaRefused()));
            cell(html, Long.toString(counters.getRetries()));
            html.append("<td>").append(circuit(rule)).append("</td>");
            cell(html, Long.toString(counters.getFallbacks()));
            cell(html, counters.getInputTokens() + " / " + counters.getOutputTokens());
            cell(html, dollars(counters.getCostUsd()));
            cell(html, dollars(counters.getSavedCostUsd()));
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static String circuit(RuleReport rule) {
        if (rule.circuitState().isEmpty()) return "<span class=\"muted\">—</span>";
        String state = rule.circuitState().get();
        String badge = switch (state) {
            case "closed" -> "ok";
            case "half-open" -> "warn";
            default -> "bad";
        };
        String title = rule.circuits().size() > 1 ? " title=\"" + escape(circuitList(rule.circuits())) + "\"" : "";
        return "<span class=\"badge " + badge + "\"" + title + ">" + escape(state) + "</span>";
    }

    private static String circuitList(Map<String, String> circuits) {
        StringBuilder list = new StringBuilder();
        circuits.forEach((key, state) -> list.append(list.isEmpty() ? "" : ", ").append(key.isEmpty() ? "rule" : key)
                .append(": ").append(state));
        return list.toString();
    }

    private static void methods(StringBuilder html, StatusReport report) {
        html.append("<h2>Woven methods</h2>\n");
        if (report.rules().isEmpty() && report.passThroughMethods().isEmpty()) {
            html.append("<p class=\"muted\">No method is woven yet.</p>\n");
            return;
        }
        html.append("<table>\n<thead><tr><th>Rule</th><th class=\"text\">Method</th></tr></thead>\n<tbody>\n");
        for (RuleReport rule : report.rules()) {
            for (String method : rule.wovenMethods()) {
                methodRow(html, escape(rule.name()), method);
            }
        }
        for (String method : report.passThroughMethods()) {
            methodRow(html, "<span class=\"muted\">none (rule switched off)</span>", method);
        }
        html.append("</tbody>\n</table>\n");
    }

    private static void methodRow(StringBuilder html, String owner, String signature) {
        html.append("<tr><td class=\"text\">").append(owner).append("</td><td class=\"text\"><code title=\"")
                .append(escape(signature)).append("\">").append(escape(MethodSignatures.readable(signature)))
                .append("</code></td></tr>\n");
    }

    private static void limits(StringBuilder html, List<UpstreamLimitStatus> limits) {
        html.append("<h2>Adaptive upstream limits</h2>\n");
        if (limits.isEmpty()) {
            html.append("<p class=\"muted\">None: no quota has <code>adaptive</code> settings, or none has been used yet.</p>\n");
            return;
        }
        html.append("<table>\n<thead><tr><th>Quota and upstream</th><th>Limit</th><th>In flight</th></tr></thead>\n<tbody>\n");
        for (UpstreamLimitStatus limit : limits) {
            html.append("<tr><td class=\"text\">").append(escape(limit.getName())).append("</td>");
            cell(html, Integer.toString(limit.getLimit()));
            cell(html, Integer.toString(limit.getInFlight()));
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static void card(StringBuilder html, String label, String value, String detailHtml) {
        cardHtml(html, label, escape(value), detailHtml);
    }

    private static void cardHtml(StringBuilder html, String label, String valueHtml, String detailHtml) {
        html.append("<div class=\"card\"><div class=\"label\">").append(escape(label)).append("</div><div class=\"value\">")
                .append(valueHtml).append("</div><div class=\"detail\">").append(detailHtml).append("</div></div>\n");
    }

    private static void cell(StringBuilder html, String text) {
        html.append("<td>").append(escape(text)).append("</td>");
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "—" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }

    private static String dollars(double amount) {
        return String.format(Locale.ROOT, amount != 0 && amount < 0.01 ? "$%.4f" : "$%.2f", amount);
    }

    static String escape(String text) {
        return HtmlText.escape(text);
    }
}
