package dev.heddle.it.app;

import dev.heddle.api.Heddle;
import dev.heddle.api.QuotaExceededException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Calls {@link HelpDesk}, on which a YAML rule puts a quota, and reports what it saw as a web layer
 * would: an answer, or a {@link QuotaExceededException} and what it says.
 *
 * <ul>
 *   <li>{@code QuotaApp userId <user> <n> [<user> <n>]...}: n calls of {@link HelpDesk#answer} per
 *       user, the user passed as its {@code @UserId} argument;</li>
 *   <li>{@code QuotaApp runAs <user> <n> [<user> <n>]...}: n calls of
 *       {@link HelpDesk#answerCurrentUser} per user, each inside {@code Heddle.runAs(user, ...)};</li>
 *   <li>{@code QuotaApp hammer <user> <threads> <attempts>}: starts the threads, prints
 *       {@link #READY}, waits for {@code GO <epoch millis>} on stdin (see {@link #goAt}) and for that
 *       instant, so that several JVMs start together, then each thread calls {@link HelpDesk#answer}
 *       for the user {@code attempts} times; prints {@code admitted}, {@code refused}, {@code failed}
 *       (any other exception, the first one's class in {@code firstFailure}) and
 *       {@code slowestMillis}, the longest single call, {@code medianMillis} and {@code p99Millis};
 *       before it says it is ready, each thread warms up with {@code warmUpCalls} calls of a user of
 *       its own;</li>
 *   <li>{@code QuotaApp phases <user> <sleepMillis> <n1> <n2>...}: {@code n1} calls of
 *       {@link HelpDesk#answer} for the user, then for each further phase: {@link #PAUSED}, wait for
 *       {@link #GO}, sleep {@code sleepMillis}, and {@code n<k>} calls. The calls are
 *       {@code phase<k>.<i>}; each phase ends with {@code phase<k>.admitted} and
 *       {@code phase<k>.refused}.</li>
 * </ul>
 *
 * <p>Per call it prints {@code <key>=ok} or the exception's class name, and for a refusal the
 * exception's {@code .tier}, {@code .limit}, {@code .remaining} and {@code .retryAfterMillis}. At the end:
 * {@code answerCalls} and {@code currentUserCalls}, the calls that really ran, and {@code done=true}.
 */
public final class QuotaApp {

    /** Printed by {@code hammer} once its threads wait for {@link #GO}. */
    public static final String READY = "READY";
    /** Printed by {@code phases} between two phases; it then waits for {@link #GO}. */
    public static final String PAUSED = "PAUSED";
    /** What the test writes to stdin to let the app go on. */
    public static final String GO = "GO";
    private static final String GO_AT = GO + " ";

    private static final HelpDesk DESK = new HelpDesk();
    private static final BufferedReader STDIN = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    private static int questions;

    private QuotaApp() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "userId" -> {
                for (int i = 1; i + 1 < args.length; i += 2) {
                    String user = args[i];
                    calls(user, Integer.parseInt(args[i + 1]), () -> DESK.answer(user, nextQuestion()));
                }
            }
            case "runAs" -> {
                for (int i = 1; i + 1 < args.length; i += 2) {
                    String user = args[i];
                    calls(user, Integer.parseInt(args[i + 1]), () -> Heddle.runAs(user, () -> DESK.answerCurrentUser(nextQuestion())));
                }
            }
            case "hammer" -> hammer(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "phases" -> phases(args);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        Out.print("answerCalls", HelpDesk.ANSWER_CALLS.get());
        Out.print("currentUserCalls", HelpDesk.CURRENT_USER_CALLS.get());
        Out.print("done", true);
    }

    private static void phases(String[] args) throws IOException, InterruptedException {
        String user = args[1];
        long sleepMillis = Long.parseLong(args[2]);
        for (int phase = 1; phase + 2 < args.length; phase++) {
            if (phase > 1) {
                awaitGo(PAUSED);
                Thread.sleep(sleepMillis);
            }
            calls("phase" + phase, Integer.parseInt(args[phase + 2]), () -> DESK.answer(user, nextQuestion()));
        }
    }

    private static void hammer(String user, int threads, int attempts) throws IOException, InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>("none");
        AtomicLong slowestNanos = new AtomicLong();
        java.util.Queue<Long> latencies = new java.util.concurrent.ConcurrentLinkedQueue<>();
        CountDownLatch warmedUp = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String question = "question of thread " + t;
            // each thread first warms the JVM up (class loading, the JIT, Redis connections) as a user of its own
            String warmUpUser = user + "-warm-up-" + ProcessHandle.current().pid() + "-" + t;
            Thread worker = new Thread(() -> {
                for (int i = 0; i < WARM_UP_CALLS; i++) {
                    try {
                        DESK.answer(warmUpUser, question);
                    } catch (RuntimeException refusedOrFailed) {
                        // the warm-up counts nothing
                    }
                }
                warmedUp.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < attempts; i++) {
                    long start = System.nanoTime();
                    try {
                        DESK.answer(user, question);
                        admitted.incrementAndGet();
                    } catch (QuotaExceededException e) {
                        refused.incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet("none", e.toString());
                    }
                    long took = System.nanoTime() - start;
                    slowestNanos.accumulateAndGet(took, Math::max);
                    latencies.add(took);
                }
            }, "hammer-" + t);
            worker.start();
            workers.add(worker);
        }
        warmedUp.await();
        String line = awaitLine(READY);
        if (!line.startsWith(GO_AT)) throw new IllegalStateException("expected " + GO_AT + "<epoch millis>, but read " + line);
        Thread.sleep(Math.max(0, Long.parseLong(line.substring(GO_AT.length())) - System.currentTimeMillis()));
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        Out.print("admitted", admitted.get());
        Out.print("refused", refused.get());
        Out.print("failed", failed.get());
        Out.print("firstFailure", firstFailure.get());
        Out.print("slowestMillis", slowestNanos.get() / 1_000_000.0);
        List<Long> sorted = latencies.stream().sorted().toList();
        Out.print("medianMillis", sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1_000_000.0);
        Out.print("p99Millis", sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * 99 / 100)) / 1_000_000.0);
        Out.print("warmUpCalls", (long) threads * WARM_UP_CALLS);
    }

    /** Calls each hammer thread makes before the test says go; fewer than a warm-up user's limit. */
    private static final int WARM_UP_CALLS = 40;

    /** A call that the app makes; it may throw whatever the method throws. */
    private interface Call {
        String run() throws Exception;
    }

    private static void calls(String prefix, int count, Call call) {
        int admitted = 0;
        for (int i = 1; i <= count; i++) {
            String key = prefix + "." + i;
            try {
                call.run();
                Out.print(key, "ok");
                admitted++;
            } catch (QuotaExceededException refused) {
                Out.print(key, refused.getClass().getName());
                Out.print(key + ".tier", refused.tier());
                Out.print(key + ".limit", refused.limit());
                Out.print(key + ".remaining", refused.remaining());
                Out.print(key + ".retryAfterMillis", refused.retryAfter().toMillis());
            } catch (Exception e) {
                Out.print(key, e.getClass().getName());
                Out.print(key + ".message", e.getMessage());
            }
        }
        Out.print(prefix + ".admitted", admitted);
        Out.print(prefix + ".refused", count - admitted);
    }

    /**
     * What the test writes to a {@code hammer} app's stdin to start it at an instant.
     *
     * @param epochMillis when to start, on the wall clock that every JVM of the machine shares
     * @return {@code GO <epochMillis>}
     */
    public static String goAt(long epochMillis) {
        return GO_AT + epochMillis;
    }

    private static void awaitGo(String announcement) throws IOException {
        String line = awaitLine(announcement);
        if (!GO.equals(line)) {
            throw new IllegalStateException("expected " + GO + " on stdin, but read " + line);
        }
    }

    /** Prints the announcement, and reads the test's answer from stdin. */
    private static String awaitLine(String announcement) throws IOException {
        System.out.println(announcement);
        System.out.flush();
        String line = STDIN.readLine();
        if (line == null) throw new IllegalStateException("stdin closed after " + announcement);
        return line;
    }

    private static String nextQuestion() {
        questions++;
        return "question " + questions;
    }
}
