package dev.heddle.it.app;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.api.Heddle;
import dev.heddle.it.app.sdk.HeddleCounters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * A long-running app that calls through the agent from many threads at a steady rate, and samples
 * what a leak would make grow: {@code SoakApp <baseUrl> <duration> <sampleEvery> <threads> <periodMillis>}
 * (durations in ISO-8601, such as {@code PT75S}).
 *
 * <p>Each worker thread makes one call every {@code periodMillis}: half are chat completions through
 * the official OpenAI SDK (its own retries off) for one of 1,500 questions as one of 3,000 users
 * ({@code Heddle.runAs}), the other half go to the three {@link SoakLookups} methods, each with tens
 * of thousands of distinct arguments. Every {@code sampleEvery} the sampler thread runs a full GC
 * and prints {@code sample.<n>.<what>=<value>} for {@code elapsedMs}, {@code heapUsedAfterGc},
 * {@code threads}, {@code heddleThreads}, {@code heddleNonDaemon}, {@code fds} (entries of
 * {@code /proc/self/fd}), {@code rssKb} and {@code calls}.
 *
 * <p>Threads: {@code threads.atStart} lists every thread before the first call (the agent's
 * start-up threads among them), {@code threads.atEnd} every thread after the run; every thread ever
 * seen whose name fits none of the known owners (the JDK, this app's {@code soak-*} threads, the
 * SDK's OkHttp threads, the agent's {@code heddle-*} and its libraries' threads) is listed in
 * {@code threads.unclassified}; {@code threads.seen} lists them all, {@code threads.agentLibraries} the latter, and
 * {@code threads.agentNonDaemon} every thread of the agent that is not a daemon.
 * At the end: {@code calls}, {@code errors} (with {@code error.<type>} for each kind), the agent's
 * counters for rule {@code openai}, {@code analytics.written} and {@code analytics.dropped}, and
 * {@code done=true}.
 */
public final class SoakApp {

    private static final int QUESTIONS = 1_500;
    private static final int USERS = 3_000;
    private static final int WORDS = 50_000;

    /** Threads the JDK itself runs, by exact name. */
    private static final List<String> JDK_THREADS = List.of("main", "Reference Handler", "Finalizer", "Signal Dispatcher",
            "Common-Cleaner", "Notification Thread", "Attach Listener", "process reaper", "Service Thread",
            "Monitor Deflation Thread", "Sweeper thread", "DestroyJavaVM", "Cleaner-0");
    /**
     * Threads by name prefix: the JDK's shared pools; OkHttp's shared names (the SDK's OkHttp and the
     * agent's relocated copy, which the OTLP exporter uses, both name their threads so); the SDK's
     * retry timer ({@code DefaultSleeper}, openai-java's); this app.
     */
    private static final List<String> APP_PREFIXES = List.of("C1 CompilerThread", "C2 CompilerThread",
            "ForkJoinPool.commonPool-worker-", "OkHttp", "Okio", "DefaultSleeper", "soak-");
    /**
     * The names the agent's bundled libraries give their own threads: the OpenTelemetry SDK's span,
     * log and metric exporters, its OTLP sender's dispatcher, and the Redis connection pool's
     * idle-connection evictor (commons-pool2). The agent renames them {@code heddle-*}, so a thread
     * seen under one of these names is a regression (docs/reliability.md).
     */
    private static final List<String> AGENT_LIBRARY_PREFIXES = List.of("BatchSpanProcessor_WorkerThread-",
            "BatchLogRecordProcessor_WorkerThread-", "PeriodicMetricReader-", "okhttp-dispatch-", "commons-pool-evictor");

    private static final AtomicLong CALLS = new AtomicLong();
    private static final AtomicLong ERRORS = new AtomicLong();
    private static final Map<String, String> ERROR_KINDS = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> SEEN_THREADS = new ConcurrentHashMap<>();

    private SoakApp() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        Duration duration = Duration.parse(args[1]);
        Duration sampleEvery = Duration.parse(args[2]);
        int threads = Integer.parseInt(args[3]);
        long periodNanos = Duration.ofMillis(Long.parseLong(args[4])).toNanos();

        Out.print("threads.atStart", threadNames());
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey("test-key").maxRetries(0).build();
        SoakLookups lookups = new SoakLookups();
        long start = System.nanoTime();
        long end = start + duration.toNanos();

        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long firstCall = start + periodNanos * t / threads;
            Thread worker = new Thread(() -> work(client, lookups, firstCall, periodNanos, end), "soak-worker-" + t);
            worker.start();
            workers.add(worker);
        }
        Thread sampler = new Thread(() -> sample(start, end, sampleEvery.toNanos()), "soak-sampler");
        sampler.start();
        for (Thread worker : workers) worker.join();
        sampler.join();

        noteThreads();
        Out.print("threads.atEnd", threadNames());
        Out.print("threads.seen", String.join(",", new TreeSet<>(SEEN_THREADS.keySet())));
        Out.print("threads.unclassified", String.join(",", new TreeSet<>(
                SEEN_THREADS.keySet().stream().filter(name -> !isKnown(name)).toList())));
        Out.print("threads.heddleEver", String.join(",", new TreeSet<>(
                SEEN_THREADS.keySet().stream().filter(name -> name.startsWith("heddle-")).toList())));
        Out.print("threads.agentLibraries", String.join(",", new TreeSet<>(
                SEEN_THREADS.keySet().stream().filter(SoakApp::isAgentLibraryThread).toList())));
        Out.print("threads.agentNonDaemon", String.join(",", new TreeSet<>(SEEN_THREADS.entrySet().stream()
                .filter(thread -> !thread.getValue())
                .filter(thread -> thread.getKey().startsWith("heddle-") || isAgentLibraryThread(thread.getKey()))
                .map(Map.Entry::getKey).toList())));
        Out.print("calls", CALLS.get());
        Out.print("lookupRuns", SoakLookups.RUNS.get());
        Out.print("errors", ERRORS.get());
        ERROR_KINDS.forEach((type, message) -> Out.print("error." + type, message));
        HeddleCounters.print("openai");
        printAnalyticsCounts();
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    private static void work(OpenAIClient client, SoakLookups lookups, long firstCall, long periodNanos, long end) {
        long next = firstCall;
        long n = 0;
        while (next < end) {
            LockSupport.parkNanos(next - System.nanoTime());
            call(client, lookups, n++);
            // a steady rate: a late call is not made up for with a burst
            next = Math.max(next + periodNanos, System.nanoTime());
        }
    }

    private static void call(OpenAIClient client, SoakLookups lookups, long n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            switch ((int) (n % 6)) {
                case 0, 1, 2 -> Heddle.runAs("user-" + random.nextInt(USERS), () -> client.chat().completions().create(
                        ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                                .addSystemMessage("You are a helpful tutor.")
                                .addUserMessage("Question " + random.nextInt(QUESTIONS) + ": what is a heddle for?")
                                .build()));
                case 3 -> lookups.define("word-" + random.nextInt(WORDS));
                case 4 -> lookups.answer(new Question("question " + random.nextInt(WORDS), random.nextInt(5)));
                default -> lookups.summarize(List.of("w" + random.nextInt(200), "w" + random.nextInt(200), "w" + random.nextInt(5)));
            }
            CALLS.incrementAndGet();
        } catch (Exception e) {
            ERRORS.incrementAndGet();
            ERROR_KINDS.putIfAbsent(e.getClass().getName(), String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private static void sample(long start, long end, long everyNanos) {
        int n = 0;
        for (long next = start + everyNanos; next <= end; next += everyNanos) {
            LockSupport.parkNanos(next - System.nanoTime());
            System.gc();
            System.gc();
            noteThreads();
            List<Thread> all = List.copyOf(Thread.getAllStackTraces().keySet());
            List<Thread> heddle = all.stream().filter(thread -> thread.getName().startsWith("heddle-")).toList();
            String prefix = "sample." + n++ + ".";
            Out.print(prefix + "elapsedMs", (System.nanoTime() - start) / 1_000_000);
            Out.print(prefix + "heapUsedAfterGc", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            Out.print(prefix + "threads", ManagementFactory.getThreadMXBean().getThreadCount());
            Out.print(prefix + "heddleThreads", heddle.size());
            Out.print(prefix + "heddleNonDaemon", heddle.stream().filter(thread -> !thread.isDaemon()).count());
            Out.print(prefix + "fds", openFileDescriptors());
            Out.print(prefix + "rssKb", residentKilobytes());
            Out.print(prefix + "calls", CALLS.get());
        }
        Out.print("samples", n);
    }

    /** {@code analytics.written} and {@code analytics.dropped}, from the agent's MBean. */
    private static void printAnalyticsCounts() {
        try {
            ObjectName name = new ObjectName("dev.heddle:type=Heddle");
            Out.print("analytics.written", ManagementFactory.getPlatformMBeanServer().getAttribute(name, "AnalyticsEventsWritten"));
            Out.print("analytics.dropped", ManagementFactory.getPlatformMBeanServer().getAttribute(name, "AnalyticsEventsDropped"));
        } catch (JMException e) {
            Out.print("analytics.error", e);
        }
    }

    private static void noteThreads() {
        Thread.getAllStackTraces().keySet().forEach(thread -> SEEN_THREADS.put(thread.getName(), thread.isDaemon()));
    }

    private static boolean isKnown(String name) {
        return name.startsWith("heddle-") || JDK_THREADS.contains(name) || APP_PREFIXES.stream().anyMatch(name::startsWith)
                || isAgentLibraryThread(name);
    }

    private static boolean isAgentLibraryThread(String name) {
        return AGENT_LIBRARY_PREFIXES.stream().anyMatch(name::startsWith);
    }

    private static String threadNames() {
        return String.join(",", new TreeSet<>(Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList()));
    }

    private static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long residentKilobytes() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst().orElse(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
