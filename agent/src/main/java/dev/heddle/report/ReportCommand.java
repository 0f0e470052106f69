package dev.heddle.report;

import dev.heddle.config.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar heddle-agent.jar report <events>}: reads the analytics events Heddle wrote and
 * prints a summary, a user's journey, a funnel or an A/B experiment as plain-text tables, and with
 * {@code --html} writes the same as one self-contained HTML page with charts. See
 * {@code docs/tracking-report.md}.
 */
public final class ReportCommand {

    /** The report was printed. */
    public static final int DONE = 0;
    /** The command line is wrong; what is wrong and the usage text are printed. */
    public static final int USAGE = 2;
    /** The report itself failed, such as on a file that cannot be read or written. */
    public static final int FAILED = 3;

    /** The conversion an experiment is judged on when none is given: positive user feedback. */
    public static final String DEFAULT_CONVERSION = "gen_ai.evaluation.result[gen_ai.evaluation.score.label=positive]";

    private static final String USAGE_TEXT = """
            usage: java -jar heddle-agent.jar report <events> [--from DATE] [--to DATE] [--html FILE]
                     [--user ID [--last N]]
                     [--funnel STEPS [--window DURATION]]
                     [--experiment NAME [--conversion EVENT | --metric FIELD] [--control VARIANT] [--weights W1,W2,...]]

            Reads the analytics events Heddle wrote (a directory of *.jsonl and *.jsonl.gz files, or one
            file) and prints a report. With none of --user, --funnel and --experiment: a summary of events,
            users, cost, cache savings and every experiment, each judged on conversion to
            gen_ai.evaluation.result[gen_ai.evaluation.score.label=positive].

              --user ID            the user's journey: their events in time order
              --last N             only the user's last N events
              --funnel STEPS       an ordered funnel; steps are event names separated by commas, each with
                                   optional [property=value,...] filters, such as
                                   page_view,query_submitted,gen_ai.evaluation.result[gen_ai.evaluation.score.label=positive]
              --window DURATION    every step within this long of the first, such as 30m, 24h or 7d (default: no limit)
              --experiment NAME    an A/B experiment: each variant against the control
              --conversion EVENT   the share of exposed users who did EVENT at or after their exposure
                                   (the default metric, on the event above)
              --metric FIELD       instead, the mean per call of latency_ms, input_tokens, output_tokens,
                                   tokens or cost_usd
              --control VARIANT    the variant to compare against (default: 'control', else the first by name)
              --weights W1,W2,...  the configured split, in variant-name order, for the sample-ratio check
                                   (default: equal)
              --from DATE          only events from this UTC day on (2026-12-01, or an instant: 2026-12-01T10:00:00Z)
              --to DATE            only events up to this UTC day, the day included (or up to an instant)
              --html FILE          also write the report as one self-contained HTML page with charts

            exit status: 0 done, 2 bad usage, 3 the report itself failed (a file that cannot be read or written)""";

    /** The options that take a value. */
    private static final Set<String> OPTIONS = Set.of("--user", "--last", "--funnel", "--window", "--experiment", "--conversion",
            "--metric", "--control", "--weights", "--from", "--to", "--html");

    /** What the command line asks for. */
    private record Arguments(Path events, String user, int last, List<EventSelector> funnel, Duration window, String experiment,
            ExperimentMetric metric, String control, List<Double> weights, Instant from, Instant until, String period, Path html) {
    }

    private ReportCommand() {
    }

    /**
     * Runs the command. Called reflectively by {@code dev.heddle.agent.HeddleCli}, inside Heddle's own class loader.
     *
     * @param args the command line after {@code java -jar heddle-agent.jar}, starting with {@code report}
     * @param out where the report goes
     * @param err where usage errors and failures go
     * @return the exit status: {@link #DONE}, {@link #USAGE} or {@link #FAILED}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> words = new ArrayList<>(List.of(args));
        if (!words.isEmpty() && words.get(0).equals("report")) words.remove(0);
        if (words.contains("--help") || words.contains("-h")) {
            out.println(USAGE_TEXT);
            return DONE;
        }
        Arguments arguments;
        try {
            arguments = parse(words);
        } catch (IllegalArgumentException wrong) {
            return usage(err, wrong.getMessage());
        }
        EventLog log;
        try {
            log = EventLog.read(arguments.events());
        } catch (NoSuchFileException missing) {
            return usage(err, arguments.events() + ": no such file or directory");
        } catch (IOException | RuntimeException unreadable) {
            err.println("heddle report: cannot read " + arguments.events() + ": " + unreadable);
            return FAILED;
        }
        if (log.files().isEmpty()) {
            return usage(err, arguments.events() + " holds no *.jsonl or *.jsonl.gz files");
        }
        Report report;
        try {
            report = report(arguments, log.between(arguments.from(), arguments.until()));
        } catch (IllegalArgumentException wrong) {
            return usage(err, wrong.getMessage());
        } catch (RuntimeException failure) {
            err.println("heddle report: the report failed: " + failure);
            return FAILED;
        }
        TextReport.print(report, out);
        if (arguments.html() != null) {
            try {
                Files.writeString(arguments.html(), HtmlReport.render(report), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException unwritable) {
                err.println("heddle report: cannot write " + arguments.html() + ": " + unwritable);
                return FAILED;
            }
            out.println();
            out.println("HTML report: " + arguments.html());
        }
        return DONE;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("heddle report: " + problem);
        err.println(USAGE_TEXT);
        return USAGE;
    }

    private static Report report(Arguments arguments, EventLog log) {
        List<String> experimentsInLog = ExperimentResult.experimentsIn(log.events());
        boolean summary = arguments.user() == null && arguments.funnel() == null && arguments.experiment() == null;
        List<ExperimentResult> experiments = new ArrayList<>();
        if (arguments.experiment() != null) {
            ExperimentMetric metric = arguments.metric() != null ? arguments.metric()
                    : new ExperimentMetric.Conversion(EventSelector.parse(DEFAULT_CONVERSION));
            experiments.add(ExperimentResult.compute(log.events(), arguments.experiment(), metric, arguments.control(),
                    arguments.weights()));
        } else if (summary) {
            ExperimentMetric metric = new ExperimentMetric.Conversion(EventSelector.parse(DEFAULT_CONVERSION));
            for (String name : experimentsInLog) experiments.add(ExperimentResult.compute(log.events(), name, metric, null, null));
        }
        return new Report(arguments.events(), log, arguments.period(),
                summary ? EventCounts.of(log.events()) : null,
                summary ? CostBreakdown.of(log.events()) : null,
                arguments.user() == null ? null : Journey.of(log.events(), arguments.user(), arguments.last()),
                arguments.funnel() == null ? null : Funnel.compute(log.events(), arguments.funnel(), arguments.window()),
                experiments, experimentsInLog);
    }

    private static Arguments parse(List<String> words) {
        Path events = null;
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String option = word;
            String value = null;
            int equals = word.indexOf('=');
            if (word.startsWith("--") && equals > 0) {
                option = word.substring(0, equals);
                value = word.substring(equals + 1);
            }
            if (OPTIONS.contains(option)) {
                if (value == null) {
                    if (i + 1 == words.size()) throw new IllegalArgumentException(option + " needs a value");
                    value = words.get(++i);
                }
                if (options.put(option, value) != null) throw new IllegalArgumentException(option + " is given twice");
            } else if (word.startsWith("-")) {
                throw new IllegalArgumentException("unknown option '" + word + "'");
            } else if (events == null) {
                events = Path.of(word);
            } else {
                throw new IllegalArgumentException("one events directory or file at a time, but found '" + events + "' and '" + word + "'");
            }
        }
        if (events == null) throw new IllegalArgumentException("which events? such as: report /var/log/heddle/events");
        requires(options, "--last", "--user");
        requires(options, "--window", "--funnel");
        for (String option : List.of("--conversion", "--metric", "--control", "--weights")) requires(options, option, "--experiment");
        if (options.containsKey("--conversion") && options.containsKey("--metric")) {
            throw new IllegalArgumentException("--conversion and --metric are two different metrics; give one");
        }
        Instant from = options.containsKey("--from") ? instant(options.get("--from"), "--from", false) : null;
        Instant until = options.containsKey("--to") ? instant(options.get("--to"), "--to", true) : null;
        if (from != null && until != null && !from.isBefore(until)) {
            throw new IllegalArgumentException("--from " + options.get("--from") + " is after --to " + options.get("--to"));
        }
        String period = from == null && until == null ? null
                : (from == null ? "" : "from " + options.get("--from")) + (from != null && until != null ? " " : "")
                        + (until == null ? "" : "to " + options.get("--to"));
        return new Arguments(events, options.get("--user"), last(options.get("--last")),
                options.containsKey("--funnel") ? EventSelector.parseList(options.get("--funnel")) : null,
                window(options.get("--window")), options.get("--experiment"), metric(options),
                options.get("--control"), weights(options.get("--weights")), from, until, period,
                options.containsKey("--html") ? Path.of(options.get("--html")) : null);
    }

    private static void requires(Map<String, String> options, String option, String needed) {
        if (options.containsKey(option) && !options.containsKey(needed)) {
            throw new IllegalArgumentException(option + " goes with " + needed);
        }
    }

    private static int last(String text) {
        if (text == null) return 0;
        try {
            int last = Integer.parseInt(text);
            if (last > 0) return last;
        } catch (NumberFormatException notANumber) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("--last takes a number of events above 0, but found '" + text + "'");
    }

    private static Duration window(String text) {
        if (text == null) return null;
        try {
            Duration window = Durations.parse(text);
            if (!window.isZero()) return window;
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException("--window: " + malformed.getMessage());
        }
        throw new IllegalArgumentException("--window must be longer than 0");
    }

    private static ExperimentMetric metric(Map<String, String> options) {
        if (options.containsKey("--metric")) return new ExperimentMetric.Mean(options.get("--metric"));
        if (options.containsKey("--conversion")) return new ExperimentMetric.Conversion(EventSelector.parse(options.get("--conversion")));
        return null;
    }

    private static List<Double> weights(String text) {
        if (text == null) return null;
        List<Double> weights = new ArrayList<>();
        for (String weight : text.split(",", -1)) {
            try {
                double value = Double.parseDouble(weight.trim());
                if (value > 0 && Double.isFinite(value)) {
                    weights.add(value);
                    continue;
                }
            } catch (NumberFormatException notANumber) {
                // the message below says what is expected
            }
            throw new IllegalArgumentException("--weights takes positive numbers separated by commas, such as 0.5,0.5,"
                    + " but found '" + text + "'");
        }
        if (weights.size() < 2) throw new IllegalArgumentException("--weights needs one weight per variant, two at least");
        return weights;
    }

    /** A day (UTC) or an instant; the end of a period includes the whole day, or the instant itself. */
    private static Instant instant(String text, String option, boolean end) {
        try {
            if (text.contains("T")) {
                Instant instant = Instant.parse(text);
                return end ? instant.plusNanos(1) : instant;
            }
            LocalDate day = LocalDate.parse(text);
            return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException malformed) {
            throw new IllegalArgumentException(option + " takes a day such as 2026-12-01 or an instant such as 2026-12-01T10:00:00Z,"
                    + " but found '" + text + "'");
        }
    }
}
