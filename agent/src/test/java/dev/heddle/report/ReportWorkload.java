package dev.heddle.report;

import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.analytics.EventJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A small, fully known workload: ten users who visit, query, get answers and give feedback, in an
 * experiment {@value #EXPERIMENT} with variants {@code control} and {@code concise}, over two days.
 * The figures every report test expects are worked out here, once.
 *
 * <pre>
 * user  day-1 and day-2 (d2) events, in time order                        variant  funnel  converts
 * u01   page_view, exposure, query, call c1, positive; d2 call c7         control     3    yes
 * u02   query and page_view at the same instant, exposure, call c2, pos.  concise     3    yes
 * u03   page_view, exposure, query, call c3 (hit); d2 positive            control     3    yes (d2)
 * u04   page_view, exposure, query, negative; d2 call c4 (semantic hit)   concise     2    no
 * u05   positive BEFORE page_view, exposure, query; d2 call c5            control     2    no (before exposure)
 * u06   page_view, exposure; d2 page_view, query, call c6 (no cache)      concise     2    no
 * u07   query BEFORE page_view, exposure, positive                        control     1    yes
 * u08   page_view with a script in its path, exposure                     concise     1    no
 * u09   page_view, exposure; d2 exposure to concise (a second variant)    control     1    no
 * u10   page_view, exposure                                               concise     1    no
 * none  page_view; an event whose name is markup
 * </pre>
 *
 * Funnel page_view → query_submitted → positive feedback: 10, 6, 3 users; within 1h: 10, 6, 2 (u03's
 * feedback comes the next day; u06 reaches step 2 from its second visit). Experiment on positive
 * feedback: control 3 of 5, concise 1 of 5; on query_submitted: control 3 of 5 (u07 queried before
 * exposure), concise 2 of 5 (u02's query came one second before its exposure).
 *
 * <pre>
 * call user day model        cache         in    out   cost    saved   latency variant
 * c1   u01  1   gpt-4o       miss          1000  200   0.0045          800     control
 * c2   u02  1   gpt-4o-mini  miss           500  100   0.0002          300     concise
 * c3   u03  1   gpt-4o       hit              0    0   0       0.0045    5     control
 * c4   u04  2   gpt-4o       semantic_hit     0    0   0       0.0040   20     concise
 * c5   u05  2   gpt-4o-mini  miss           800  150   0.0003          400     control
 * c6   u06  2   gpt-4o       none          1200  300   0.0060          900     concise
 * c7   u01  2   gpt-4o       miss (error)  1000    0   0.0025        30000     control
 * </pre>
 */
final class ReportWorkload {

    static final String EXPERIMENT = "prompt-style";
    static final String SCRIPT_PATH = "<script>alert('x')</script>";
    static final String MARKUP_EVENT = "<svg onload=alert(1)>";
    static final String DAY_1_FILE = "events-2026-12-01.jsonl";
    static final String DAY_2_FILE = "events-2026-12-02.jsonl.gz";
    /** The funnel of the table above. */
    static final String FUNNEL = "page_view,query_submitted,gen_ai.evaluation.result[gen_ai.evaluation.score.label=positive]";

    private ReportWorkload() {
    }

    /**
     * Writes day 1 as plain JSON Lines with two bad lines (3 and 8) and a blank one, day 2 gzipped,
     * and a file that is not an event file.
     *
     * @param directory where to
     */
    static void write(Path directory) {
        try {
            List<String> day1 = new ArrayList<>();
            List<String> day2 = new ArrayList<>();
            for (AnalyticsEvent event : events()) {
                (event.time().isBefore(Instant.parse("2026-12-02T00:00:00Z")) ? day1 : day2).add(EventJson.line(event));
            }
            day1.add(2, "{\"time\":\"not a time\",\"event\":\"page_view\"}");
            day1.add(5, "");
            day1.add(7, "this is not json");
            Files.write(directory.resolve(DAY_1_FILE), day1, StandardCharsets.UTF_8);
            try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(directory.resolve(DAY_2_FILE)))) {
                gzip.write((String.join("\n", day2) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            Files.writeString(directory.resolve("notes.txt"), "not events\n");
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** @return the workload's events, in no particular order (by user, as the table lists them) */
    static List<AnalyticsEvent> events() {
        List<AnalyticsEvent> events = new ArrayList<>();
        // u01
        events.add(page(1, "09:00:00", "u01", "/home"));
        events.add(exposure(1, "09:00:01", "u01", "control"));
        events.add(query(1, "09:01:00", "u01"));
        events.add(call(1, "09:01:05", "u01", "gpt-4o", "miss", null, 1000, 200, 0.0045, null, 800, "ok", null, "control"));
        events.add(feedback(1, "09:02:00", "u01", true));
        events.add(call(2, "10:00:00", "u01", "gpt-4o", "miss", null, 1000, 0, 0.0025, null, 30000, "error",
                "java.net.SocketTimeoutException", "control"));
        // u02: the query is written before the page view of the same instant
        events.add(query(1, "09:10:00", "u02"));
        events.add(page(1, "09:10:00", "u02", "/home"));
        events.add(exposure(1, "09:10:01", "u02", "concise"));
        events.add(call(1, "09:10:30", "u02", "gpt-4o-mini", "miss", null, 500, 100, 0.0002, null, 300, "ok", null, "concise"));
        events.add(feedback(1, "09:12:00", "u02", true));
        // u03
        events.add(page(1, "09:20:00", "u03", "/home"));
        events.add(exposure(1, "09:20:01", "u03", "control"));
        events.add(query(1, "09:21:00", "u03"));
        events.add(call(1, "09:21:02", "u03", "gpt-4o", "hit", null, 0, 0, 0.0, 0.0045, 5, "ok", null, "control"));
        events.add(feedback(2, "08:00:00", "u03", true));
        // u04
        events.add(page(1, "09:30:00", "u04", "/pricing"));
        events.add(exposure(1, "09:30:01", "u04", "concise"));
        events.add(query(1, "09:31:00", "u04"));
        events.add(feedback(1, "09:35:00", "u04", false));
        events.add(call(2, "09:31:00", "u04", "gpt-4o", "semantic_hit", 0.95, 0, 0, 0.0, 0.0040, 20, "ok", null, "concise"));
        // u05: positive feedback before anything else
        events.add(feedback(1, "09:39:00", "u05", true));
        events.add(page(1, "09:40:00", "u05", "/home"));
        events.add(exposure(1, "09:40:01", "u05", "control"));
        events.add(query(1, "09:41:00", "u05"));
        events.add(call(2, "09:41:00", "u05", "gpt-4o-mini", "miss", null, 800, 150, 0.0003, null, 400, "ok", null, "control"));
        // u06: a second visit the next day
        events.add(page(1, "09:50:00", "u06", "/home"));
        events.add(exposure(1, "09:50:01", "u06", "concise"));
        events.add(AnalyticsEvent.app(at(2, "09:00:00"), "page_view", "u06", "s-u06b", Map.of(), Map.of("path", "/home")));
        events.add(AnalyticsEvent.app(at(2, "09:10:00"), "query_submitted", "u06", "s-u06b", Map.of(), Map.of("query_length", 17L)));
        events.add(new AnalyticsEvent(at(2, "09:10:05"), AnalyticsEvent.LLM_CALL, "u06", "s-u06b", "support-bot", "gpt-4o",
                Map.of(EXPERIMENT, "concise"), "none", null, 1200L, 300L, 0.0060, null, 900.0, "ok", null, Map.of()));
        // u07: a query before the page view
        events.add(query(1, "08:55:00", "u07"));
        events.add(page(1, "10:00:00", "u07", "/home"));
        events.add(exposure(1, "10:00:01", "u07", "control"));
        events.add(feedback(1, "10:05:00", "u07", true));
        // u08..u10: visit only
        events.add(page(1, "10:10:00", "u08", SCRIPT_PATH));
        events.add(exposure(1, "10:10:01", "u08", "concise"));
        events.add(page(1, "10:20:00", "u09", "/home"));
        events.add(exposure(1, "10:20:01", "u09", "control"));
        events.add(exposure(2, "10:20:00", "u09", "concise"));
        events.add(page(1, "10:30:00", "u10", "/home"));
        events.add(exposure(1, "10:30:01", "u10", "concise"));
        // no user
        events.add(AnalyticsEvent.app(at(1, "11:00:00"), "page_view", null, null, Map.of(), Map.of("path", "/home")));
        events.add(AnalyticsEvent.app(at(1, "11:05:00"), MARKUP_EVENT, null, null, Map.of(), Map.of("x", "\"><b>bold</b>")));
        return events;
    }

    static Instant at(int day, String time) {
        return Instant.parse("2026-12-0" + day + "T" + time + "Z");
    }

    private static AnalyticsEvent page(int day, String time, String user, String path) {
        return AnalyticsEvent.app(at(day, time), "page_view", user, "s-" + user, Map.of(), Map.of("path", path));
    }

    private static AnalyticsEvent query(int day, String time, String user) {
        return AnalyticsEvent.app(at(day, time), "query_submitted", user, "s-" + user, Map.of(), Map.of("query_length", 42L));
    }

    private static AnalyticsEvent exposure(int day, String time, String user, String variant) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(ExperimentResult.KEY, EXPERIMENT);
        properties.put(ExperimentResult.VARIANT, variant);
        return AnalyticsEvent.app(at(day, time), AnalyticsEvent.EXPOSURE, user, "s-" + user, Map.of(EXPERIMENT, variant), properties);
    }

    private static AnalyticsEvent feedback(int day, String time, String user, boolean positive) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("gen_ai.evaluation.name", "user_feedback");
        properties.put("gen_ai.evaluation.score.value", positive ? 1.0 : 0.0);
        properties.put("gen_ai.evaluation.score.label", positive ? "positive" : "negative");
        return AnalyticsEvent.app(at(day, time), AnalyticsEvent.EVALUATION, user, "s-" + user, Map.of(), properties);
    }

    private static AnalyticsEvent call(int day, String time, String user, String model, String cache, Double similarity,
            long input, long output, double cost, Double saved, double latency, String outcome, String errorType, String variant) {
        return new AnalyticsEvent(at(day, time), AnalyticsEvent.LLM_CALL, user, "s-" + user, "support-bot", model,
                Map.of(EXPERIMENT, variant), cache, similarity, input, output, cost, saved, latency, outcome, errorType, Map.of());
    }
}
