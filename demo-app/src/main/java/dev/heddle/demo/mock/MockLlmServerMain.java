package dev.heddle.demo.mock;

import java.io.PrintStream;
import java.io.UncheckedIOException;
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
            "  --seed N               seed of the jitter and of the fault draws (default " + MockSettings.DEFAULT_SEED + ")",
            "  --threads N            serving threads (default " + MockSettings.DEFAULT_THREADS + ")",
            "  --capacity N           at most N API requests served at once, more get 429 (default 0: no limit)",
            "  --error-rate P         probability of HTTP 500 per request, 0..1 (default 0)",
            "  --rate-limit-rate P    probability of HTTP 429 per request, 0..1 (default 0)",
            "  --unavailable-rate P   probability of HTTP 503 per request, 0..1 (default 0)",
            "  --slow-rate P          probability of an extra slow delay per request, 0..1 (default 0)",
            "  --drop-rate P          probability of closing the connection unanswered, 0..1 (default 0)",
            "  --slow-ms N            the extra delay of a slow request, ms (default " + FaultPlan.DEFAULT_SLOW_MILLIS + ")",
            "  --retry-after-s N      Retry-After of a 429, seconds (default " + FaultPlan.DEFAULT_RETRY_AFTER_SECONDS + ")",
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
        }
        return settings;
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
