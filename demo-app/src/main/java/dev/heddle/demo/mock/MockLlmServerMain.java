package dev.heddle.demo.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link MockLlmServer} on its own until the process is killed.
 *
 * <pre>
 * mvn -q -pl demo-app compile dependency:build-classpath -Dmdep.outputFile=target/runtime-classpath.txt -DincludeScope=runtime
 * java -cp demo-app/target/classes:$(cat demo-app/target/runtime-classpath.txt) \
 *      dev.heddle.demo.mock.MockLlmServerMain --port 8089 --latency-ms 200 --capacity 4
 * </pre>
 * (The server itself needs only Jackson.) Or, once the module is packaged:
 * {@code java -cp demo-app/target/heddle-demo-app.jar dev.heddle.demo.mock.MockLlmServerMain --port 8089}.
 * See {@code docs/mock-llm-server.md}.
 *
 * <p>Prints {@code mock LLM server listening on http://127.0.0.1:PORT} once it accepts requests.
 * A bad flag prints the usage on stderr and exits with status 2; a port that cannot be bound exits
 * with status 1.
 */
public final class MockLlmServerMain {

    /** The port when {@code --port} is not given. */
    public static final int DEFAULT_PORT = 8089;

    static final String USAGE = String.join("\n",
            "usage: MockLlmServerMain [flags]",
            "  --port N               port on 127.0.0.1 (default " + DEFAULT_PORT + "; 0 picks a free one)",
            "  --latency-ms N         fixed latency of every answer, ms (default 0)",
            "  --jitter-ms N          extra uniform random latency in [0, N] ms (default 0)",
            "  --latency MODEL        latency model instead of --latency-ms/--jitter-ms: fixed:MS[:JITTER_MS]",
            "                         or lognormal:MEDIAN_MS:SIGMA:MAX_MS, e.g. lognormal:700:0.6:20000",
            "  --seed N               seed of the latency and of the fault draws (default " + MockSettings.DEFAULT_SEED + ")",
            "  --threads N            serving threads (default " + MockSettings.DEFAULT_THREADS + ")",
            "  --capacity N           at most N API requests served at once, more get 429 (default 0: no limit)",
            "  --error-rate P         probability of HTTP 500 per request, 0..1 (default 0)",
            "  --rate-limit-rate P    probability of HTTP 429 per request, 0..1 (default 0)",
            "  --unavailable-rate P   probability of HTTP 503 per request, 0..1 (default 0)",
            "  --slow-rate P          probability of an extra slow delay per request, 0..1 (default 0)",
            "  --drop-rate P          probability of closing the connection unanswered, 0..1 (default 0)",
            "  --slow-ms N            the extra delay of a slow request, ms (default " + FaultPlan.DEFAULT_SLOW_MILLIS + ")",
            "  --retry-after-s N      Retry-After of a 429, seconds (default " + FaultPlan.DEFAULT_RETRY_AFTER_SECONDS + ")",
            "  --schedule JSON|@FILE  fault schedule over time, timed from the start (see docs/mock-llm-server.md);",
            "                         without a \"background\", the fault flags above make its background",
            "  --help                 this text");

    private MockLlmServerMain() {
    }

    /** A flag the command line got wrong; the message says which. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Reads the flags ({@code --flag value} or {@code --flag=value}) into settings.
     *
     * @param args the command line
     * @return the settings, or {@code null} for {@code --help}
     * @throws UsageException if a flag is unknown, lacks its value, or has a bad one
     */
    static MockSettings parse(String... args) throws UsageException {
        MockSettings settings = MockSettings.defaults().withPort(DEFAULT_PORT);
        FaultPlan.Builder faults = FaultPlan.builder();
        String latencyFlag = null;
        String fixedLatencyFlag = null;
        String faultFlag = null;
        JsonNode schedule = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return null;
            }
            String value;
            int equals = flag.indexOf('=');
            if (flag.startsWith("--") && equals > 0) {
                value = flag.substring(equals + 1);
                flag = flag.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(knownFlag(flag) ? "missing value for " + flag : "unknown flag " + flag);
            }
            try {
                switch (flag) {
                    case "--port" -> settings = settings.withPort(integer(flag, value));
                    case "--latency-ms" -> settings = settings.withLatencyMillis(integer(flag, value));
                    case "--jitter-ms" -> settings = settings.withJitterMillis(integer(flag, value));
                    case "--latency" -> settings = settings.withLatency(LatencyModel.parse(value));
                    case "--schedule" -> schedule = scheduleJson(value);
                    case "--seed" -> settings = settings.withSeed(longValue(flag, value));
                    case "--threads" -> settings = settings.withThreads(integer(flag, value));
                    case "--capacity" -> settings = settings.withCapacity(integer(flag, value));
                    case "--error-rate" -> faults.rate(FaultKind.SERVER_ERROR, probability(flag, value));
                    case "--rate-limit-rate" -> faults.rate(FaultKind.RATE_LIMIT, probability(flag, value));
                    case "--unavailable-rate" -> faults.rate(FaultKind.UNAVAILABLE, probability(flag, value));
                    case "--slow-rate" -> faults.rate(FaultKind.SLOW, probability(flag, value));
                    case "--drop-rate" -> faults.rate(FaultKind.DROP, probability(flag, value));
                    case "--slow-ms" -> faults.slowMillis(integer(flag, value));
                    case "--retry-after-s" -> faults.retryAfterSeconds(integer(flag, value));
                    default -> throw new UsageException("unknown flag " + flag);
                }
                settings = settings.withFaults(faults.build());
            } catch (IllegalArgumentException e) {
                throw new UsageException(flag + ": " + e.getMessage());
            }
            switch (flag) {
                case "--latency" -> latencyFlag = flag;
                case "--latency-ms", "--jitter-ms" -> fixedLatencyFlag = flag;
                case "--port", "--seed", "--threads", "--capacity", "--schedule" -> { }
                default -> faultFlag = flag;
            }
        }
        if (latencyFlag != null && fixedLatencyFlag != null) {
            throw new UsageException("give either --latency or " + fixedLatencyFlag + ", not both");
        }
        return schedule == null ? settings : withSchedule(settings, schedule, faultFlag);
    }

    /** The JSON of {@code --schedule}: the value itself, or with {@code @}, the file it names. */
    private static JsonNode scheduleJson(String value) throws UsageException {
        String text = value;
        if (value.startsWith("@")) {
            try {
                text = Files.readString(Path.of(value.substring(1)));
            } catch (IOException | RuntimeException e) {
                throw new UsageException("--schedule: cannot read " + value.substring(1) + ": " + e);
            }
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UsageException("--schedule needs a fault schedule as JSON (or @FILE): "
                    + e.getOriginalMessage());
        }
    }

    /**
     * The schedule of {@code --schedule}; without a {@code "background"}, the plan of the fault flags
     * is its background, and with one, a fault flag is a usage error.
     */
    private static MockSettings withSchedule(MockSettings settings, JsonNode json, String faultFlag)
            throws UsageException {
        FaultSchedule schedule;
        try {
            schedule = FaultSchedule.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--schedule: " + e.getMessage());
        }
        if (!json.has("background")) {
            return settings.withSchedule(schedule.toBuilder().background(settings.faults()).build());
        }
        if (faultFlag != null) {
            throw new UsageException("--schedule has a \"background\"; give the background faults there or with "
                    + faultFlag + ", not both");
        }
        return settings.withSchedule(schedule);
    }

    private static boolean knownFlag(String flag) {
        return USAGE.contains("  " + flag + " ");
    }

    private static int integer(String flag, String value) throws UsageException {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs an integer, got '" + value + "'");
        }
    }

    private static long longValue(String flag, String value) throws UsageException {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs an integer, got '" + value + "'");
        }
    }

    private static double probability(String flag, String value) throws UsageException {
        double p;
        try {
            p = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a number from 0 to 1, got '" + value + "'");
        }
        if (!(p >= 0 && p <= 1)) {
            throw new UsageException(flag + " needs a number from 0 to 1, got '" + value + "'");
        }
        return p;
    }

    /**
     * Parses the flags and starts the server, or says why not.
     *
     * @param args the command line
     * @param out where the listening line (or the help) goes
     * @param err where a usage or start error goes
     * @return the running server, or {@code null} with {@code exitCode[0]} set when there is none
     */
    static MockLlmServer launch(String[] args, PrintStream out, PrintStream err, int[] exitCode) {
        MockSettings settings;
        try {
            settings = parse(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            exitCode[0] = 2;
            return null;
        }
        if (settings == null) {
            out.println(USAGE);
            exitCode[0] = 0;
            return null;
        }
        MockLlmServer server;
        try {
            server = MockLlmServer.start(settings);
        } catch (UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            exitCode[0] = 1;
            return null;
        }
        out.println("mock LLM server listening on " + server.baseUrl());
        out.flush();
        return server;
    }

    /**
     * Runs the server until the process is killed.
     *
     * @param args the flags; see {@code --help}
     * @throws InterruptedException never in practice
     */
    public static void main(String[] args) throws InterruptedException {
        int[] exitCode = {0};
        MockLlmServer server = launch(args, System.out, System.err, exitCode);
        if (server == null) {
            System.exit(exitCode[0]);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "mock-llm-shutdown"));
        stopped.await();
    }
}
