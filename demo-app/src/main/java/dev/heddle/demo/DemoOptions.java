package dev.heddle.demo;

import dev.heddle.demo.cli.CommandLine;
import dev.heddle.demo.cli.CommandLine.Flag;
import dev.heddle.demo.cli.CommandLine.UsageException;
import dev.heddle.demo.workload.WorkloadDemo;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The demo's command line. The demo has two modes: by default the workload demo
 * ({@link WorkloadDemo}: a one-minute version of the macro benchmark's workload, then its table);
 * with {@code --questions} or {@code --asks N}, the tracked-questions demo these options describe.
 *
 * @param asks how many questions the users ask
 * @param seed the seed of the workload, of the vendor's latency and of its errors
 * @param latencyMillis the vendor's mean latency; each answer takes between a third of it and five
 *     thirds of it (300 ms: 100 to 500 ms)
 * @param errorRate the probability that the vendor fails a request, half with 429, half with 500
 * @param concurrency how many asks run at once; 1 asks one after the other
 */
public record DemoOptions(int asks, long seed, long latencyMillis, double errorRate, int concurrency) {

    /** Asks when {@code --asks} is not given. */
    public static final int DEFAULT_ASKS = 40;
    /** The seed when {@code --seed} is not given. */
    public static final long DEFAULT_SEED = 42;
    /** The mean latency when {@code --latency-ms} is not given. */
    public static final long DEFAULT_LATENCY_MILLIS = 300;

    /** The usage text. */
    public static final String USAGE = String.join("\n",
            "usage: java [-javaagent:agent/target/heddle-agent.jar=config=demo-app/heddle.yaml] \\",
            "            -jar demo-app/target/heddle-demo-app.jar [flags]",
            "Two modes. By default, the workload demo: a one-minute version of the macro benchmark's workload",
            "(docs/benchmarks/macro.md) against the in-process mock vendor, with its faults, then a table of the run;",
            "run it with and without the agent to compare.",
            "  --duration D      the workload's length, such as 60s, 2m or 10000ms (default 60s; the rate stays 10/s)",
            "  --seed N          seed of the workload and the vendor (default " + DEFAULT_SEED + ")",
            "With --questions or --asks N, the tracked-questions demo: a line per question, the vendor's counts,",
            "and what the app tracked (page views, ratings, the answer-style experiment).",
            "  --questions       run the tracked-questions demo with its defaults",
            "  --asks N          questions the users ask (default " + DEFAULT_ASKS + ")",
            "  --seed N          seed of the questions, the latency and the errors (default " + DEFAULT_SEED + ")",
            "  --latency-ms N    the mock vendor's mean latency; each answer takes N/3 to 5N/3 ms (default "
                    + DEFAULT_LATENCY_MILLIS + ")",
            "  --error-rate P    probability, 0..1, that the vendor fails a request with 429 or 500 (default 0)",
            "  --concurrency N   asks in flight at once (default 1)",
            "  --help            this text");

    private static final Set<String> FLAGS =
            Set.of("--asks", "--seed", "--latency-ms", "--error-rate", "--concurrency");
    private static final Set<String> WORKLOAD_FLAGS = Set.of("--duration", "--seed");

    /** Checks the values. */
    public DemoOptions {
        if (asks < 1) {
            throw new IllegalArgumentException("asks must be 1 or more, got " + asks);
        }
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latency must be 0 or more, got " + latencyMillis);
        }
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("error rate must be from 0 to 1, got " + errorRate);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be 1 or more, got " + concurrency);
        }
    }

    /**
     * The options with every default.
     *
     * @return 40 asks, seed 42, 300 ms, no errors, one at a time
     */
    public static DemoOptions defaults() {
        return new DemoOptions(DEFAULT_ASKS, DEFAULT_SEED, DEFAULT_LATENCY_MILLIS, 0, 1);
    }

    /**
     * Reads the flags, {@code --flag value} or {@code --flag=value}.
     *
     * @param args the command line
     * @return the options, or {@code null} for {@code --help}
     * @throws UsageException if a flag is unknown, lacks its value, or has a bad one
     */
    public static DemoOptions parse(String... args) throws UsageException {
        int asks = DEFAULT_ASKS;
        long seed = DEFAULT_SEED;
        long latency = DEFAULT_LATENCY_MILLIS;
        double errorRate = 0;
        int concurrency = 1;
        List<Flag> flags = CommandLine.read(args, FLAGS);
        if (flags == null) return null;
        for (Flag given : flags) {
            String flag = given.name();
            String value = given.value();
            switch (flag) {
                case "--asks" -> asks = (int) CommandLine.whole(flag, value, 1, 1_000_000);
                case "--seed" -> seed = CommandLine.whole(flag, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--latency-ms" -> latency = CommandLine.whole(flag, value, 0, 60_000);
                case "--error-rate" -> errorRate = probability(flag, value);
                case "--concurrency" -> concurrency = (int) CommandLine.whole(flag, value, 1, 256);
                default -> throw new UsageException("unknown flag " + flag);
            }
        }
        return new DemoOptions(asks, seed, latency, errorRate, concurrency);
    }

    /**
     * @param args the command line
     * @return whether it asks for the tracked-questions demo: {@code --questions} or {@code --asks}
     */
    public static boolean questionsMode(String... args) {
        return Arrays.stream(args).anyMatch(arg -> arg.equals("--questions") || arg.equals("--asks") || arg.startsWith("--asks="));
    }

    /**
     * Reads the tracked-questions demo's flags, {@code --questions} among them.
     *
     * @param args the command line
     * @return the options, or {@code null} for {@code --help}
     * @throws UsageException if a flag is unknown, lacks its value, or has a bad one
     */
    public static DemoOptions parseQuestions(String... args) throws UsageException {
        return parse(Arrays.stream(args).filter(arg -> !arg.equals("--questions")).toArray(String[]::new));
    }

    /**
     * Reads the workload demo's flags: {@code --duration} and {@code --seed}.
     *
     * @param args the command line
     * @return the options, or {@code null} for {@code --help}
     * @throws UsageException if a flag is unknown, lacks its value, or has a bad one
     */
    public static WorkloadDemo.Options parseWorkload(String... args) throws UsageException {
        WorkloadDemo.Options defaults = WorkloadDemo.Options.defaults();
        Duration duration = defaults.duration();
        long seed = defaults.seed();
        List<Flag> flags = CommandLine.read(args, WORKLOAD_FLAGS);
        if (flags == null) return null;
        for (Flag given : flags) {
            String flag = given.name();
            String value = given.value();
            switch (flag) {
                case "--duration" -> duration = CommandLine.duration(flag, value);
                case "--seed" -> seed = CommandLine.whole(flag, value, Long.MIN_VALUE, Long.MAX_VALUE);
                default -> throw new UsageException(FLAGS.contains(flag)
                        ? flag + " is a flag of the tracked-questions demo: add --questions"
                        : "unknown flag " + flag);
            }
        }
        return new WorkloadDemo.Options(duration, seed);
    }

    private static double probability(String flag, String value) throws UsageException {
        double p;
        try {
            p = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            p = Double.NaN;
        }
        if (!(p >= 0 && p <= 1)) {
            throw new UsageException(flag + " needs a number from 0 to 1, got '" + value + "'");
        }
        return p;
    }

    /** @return the fixed part of the vendor's latency: a third of the mean */
    long baseLatencyMillis() {
        return latencyMillis / 3;
    }

    /** @return the random part of the vendor's latency, uniform in [0, this]: four thirds of the mean */
    long jitterMillis() {
        return 2 * (latencyMillis - baseLatencyMillis());
    }
}
