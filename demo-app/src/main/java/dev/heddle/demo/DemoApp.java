package dev.heddle.demo;

import java.io.PrintStream;
import java.util.List;

/**
 * Asks a slow stand-in LLM a seeded list of questions with many repeats, and prints the latency of
 * each ask and a summary with the number of real model calls.
 *
 * <pre>
 * java -jar demo-app/target/heddle-demo-app.jar [--asks N]
 * java -javaagent:agent/target/heddle-agent.jar=config=demo-app/heddle.yaml \
 *      -jar demo-app/target/heddle-demo-app.jar
 * </pre>
 *
 * <p>Without the agent every ask is a real model call; with it, only the first ask of each distinct
 * question is.
 */
public final class DemoApp {

    /** How many questions a run asks when {@code --asks} is not given. */
    public static final int DEFAULT_ASKS = 30;

    private static final String MODEL = "local-small";
    private static final long SEED = 42;

    private DemoApp() {
    }

    /**
     * Runs the demo.
     *
     * @param args {@code --asks N} optionally
     */
    public static void main(String[] args) {
        int asks;
        try {
            asks = parseAsks(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: java -jar heddle-demo-app.jar [--asks N]");
            System.exit(2);
            return;
        }
        run(asks, new LocalLlm(SEED), System.out);
    }

    /**
     * Asks {@code asks} questions of {@code llm} and prints one line per ask and a summary.
     *
     * @param asks how many questions to ask
     * @param llm the model to ask
     * @param out where to print
     */
    static void run(int asks, LocalLlm llm, PrintStream out) {
        List<String> schedule = Questions.schedule(asks, SEED);
        long[] latencies = new long[schedule.size()];
        out.printf("Asking %d questions (%d distinct) of %s%n", schedule.size(),
                schedule.stream().distinct().count(), MODEL);
        for (int i = 0; i < schedule.size(); i++) {
            String question = schedule.get(i);
            long start = System.nanoTime();
            llm.complete(MODEL, question);
            latencies[i] = (System.nanoTime() - start) / 1_000_000;
            out.printf("ask %2d  %4d ms  %s%n", i + 1, latencies[i], question);
        }
        printSummary(out, schedule.size(), llm.calls(), new LatencySummary(latencies));
    }

    private static void printSummary(PrintStream out, int asks, int realCalls, LatencySummary latency) {
        out.println();
        out.println("Summary");
        out.printf("  asks:             %d%n", asks);
        out.printf("  real model calls: %d%n", realCalls);
        out.printf("  total latency:    %d ms%n", latency.totalMillis());
        out.printf("  p50 latency:      %d ms%n", latency.percentileMillis(50));
        out.printf("  p95 latency:      %d ms%n", latency.percentileMillis(95));
    }

    /**
     * Reads {@code --asks N} or {@code --asks=N}.
     *
     * @param args the command line
     * @return the number of asks, {@link #DEFAULT_ASKS} when not given
     * @throws IllegalArgumentException for anything else on the command line
     */
    static int parseAsks(String[] args) {
        int asks = DEFAULT_ASKS;
        for (int i = 0; i < args.length; i++) {
            String value;
            if (args[i].equals("--asks") && i + 1 < args.length) {
                value = args[++i];
            } else if (args[i].startsWith("--asks=")) {
                value = args[i].substring("--asks=".length());
            } else {
                throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
            asks = parsePositive(value);
        }
        return asks;
    }

    private static int parsePositive(String value) {
        try {
            int asks = Integer.parseInt(value);
            if (asks > 0) {
                return asks;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--asks needs a positive whole number, got: " + value);
    }
}
