package dev.heddle.demo.workload;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.api.CachedAnswer;
import dev.heddle.api.FallbackAnswer;
import dev.heddle.api.Heddle;
import dev.heddle.api.QuotaExceededException;
import dev.heddle.demo.cli.CommandLine.UsageException;
import dev.heddle.demo.workload.ReplayResult.AnswerCheck;
import dev.heddle.demo.workload.ReplayResult.CacheResult;
import dev.heddle.demo.workload.ReplayResult.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Replays a workload against an OpenAI-compatible vendor through the official OpenAI Java SDK, the
 * way an app would: each request at its planned time (never earlier; later when every worker is
 * busy), from a bounded pool of worker threads, as its user ({@code Heddle.runAs} and the request's
 * {@code user} field), with the feature's system prompt and model. The app knows nothing of Heddle
 * beyond its public API, which does nothing without the agent; with the agent attached, the agent
 * decides what reaches the vendor.
 *
 * <p>The SDK's own retries are off ({@code maxRetries(0)}) in every run, with or without the
 * agent, so that a comparison is fair: with the agent, retries are Heddle's.
 *
 * <p>Writes a {@link ReplayLog}: a {@link ReplayResult} per request, then the JVM's CPU time and
 * heap and, with the agent, the agent's counters from its MBean. {@code --help} lists the flags.
 */
public final class WorkloadReplay {

    /** Printed on standard output, with {@code --await-go}, once the app is warm and waits for the start signal. */
    public static final String READY = "ready";
    /** The start signal the app reads from standard input: {@code go <epoch millis>}. */
    public static final String GO = "go";
    /** Printed on standard output when the results are written. */
    public static final String DONE = "done";

    /** The longest one SDK call may take, in every run. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    /** How long the replay waits for its last calls after the last one started. */
    static final Duration DRAIN = Duration.ofSeconds(90);
    /** The question of the warm-up call, which is in no workload. */
    static final String WARM_UP_QUESTION = "Before we start: are you there?";

    private final OpenAIClient client;
    private final AnswerFamilies families;

    WorkloadReplay(OpenAIClient client, AnswerFamilies families) {
        this.client = client;
        this.families = families;
    }

    public static void main(String[] args) throws Exception {
        ReplayOptions options;
        try {
            options = ReplayOptions.parse(args);
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.err.println(ReplayOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(ReplayOptions.USAGE);
            return;
        }
        List<PlannedRequest> workload = options.workload();
        List<PlannedRequest> mine = workload.stream().filter(options::isMine)
                .sorted(Comparator.comparingLong(PlannedRequest::atMillis)).toList();
        OpenAIClient client = client(options.baseUrl());
        WorkloadReplay replay = new WorkloadReplay(client, AnswerFamilies.of(workload));
        replay.warmUp(mine.isEmpty() ? workload.get(0) : mine.get(0));
        long startMillis = System.currentTimeMillis();
        if (options.awaitGo()) {
            System.out.println(READY + " " + mine.size());
            System.out.flush();
            startMillis = awaitGo();
        }
        long cpuAtStart = processCpuNanos();
        Map<String, Long> facts = new LinkedHashMap<>();
        List<ReplayResult> results = replay.run(mine, startMillis, options.threads(), facts);
        facts.put(ReplayLog.CPU_MILLIS_REPLAY, (processCpuNanos() - cpuAtStart) / 1_000_000);
        facts.put(ReplayLog.CPU_MILLIS_TOTAL, processCpuNanos() / 1_000_000);
        facts.put(ReplayLog.PEAK_HEAP_BYTES, peakHeapBytes());
        System.gc();
        facts.put(ReplayLog.HEAP_AFTER_GC_BYTES, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        facts.putAll(agentCounters());
        ReplayLog.write(options.out(), results, facts);
        System.out.println(DONE + " " + results.size());
        System.out.flush();
        client.close();
        // the agent's and the SDK's background threads must not keep a finished replay alive
        System.exit(0);
    }

    /**
     * @param baseUrl the vendor's base URL, without {@code /v1}
     * @return the app's client: openai-java with its own retries off, in every run (with the agent,
     *     retries are Heddle's), and a {@link #CALL_TIMEOUT} per call
     */
    static OpenAIClient client(String baseUrl) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl + "/v1")
                .apiKey("macro-benchmark")
                .maxRetries(0)
                .timeout(CALL_TIMEOUT)
                .build();
    }

    /** One call that loads what the first real call would (the SDK, and with the agent its cache and embedder). */
    void warmUp(PlannedRequest like) {
        try {
            Heddle.runAs("warm-up", () -> client.chat().completions().create(params(like.model(), like.systemPrompt(),
                    WARM_UP_QUESTION, "warm-up")));
        } catch (Exception e) {
            System.err.println("warm-up call failed: " + e);
        }
    }

    /**
     * Replays requests: each starts at {@code startMillis + atMillis}, never earlier.
     *
     * @param requests the requests, by planned time
     * @param startMillis the start, epoch milliseconds
     * @param threads the worker threads
     * @param facts where the wall time and the unfinished count go
     * @return a result per request that ended, in the order of {@code requests}
     */
    List<ReplayResult> run(List<PlannedRequest> requests, long startMillis, int threads, Map<String, Long> facts)
            throws InterruptedException {
        AtomicInteger names = new AtomicInteger();
        ExecutorService workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "replay-" + names.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        ReplayResult[] results = new ReplayResult[requests.size()];
        CountDownLatch ended = new CountDownLatch(requests.size());
        AtomicLong lastEnd = new AtomicLong(startMillis);
        for (int i = 0; i < requests.size(); i++) {
            PlannedRequest request = requests.get(i);
            long due = startMillis + request.atMillis();
            for (long wait = due - System.currentTimeMillis(); wait > 0; wait = due - System.currentTimeMillis()) {
                Thread.sleep(wait);
            }
            int slot = i;
            workers.execute(() -> {
                try {
                    results[slot] = call(request, due);
                } finally {
                    lastEnd.accumulateAndGet(System.currentTimeMillis(), Math::max);
                    ended.countDown();
                }
            });
        }
        boolean all = ended.await(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        workers.shutdownNow();
        facts.put(ReplayLog.WALL_MILLIS, lastEnd.get() - startMillis);
        facts.put(ReplayLog.UNFINISHED, all ? 0 : ended.getCount());
        List<ReplayResult> finished = new ArrayList<>(results.length);
        for (ReplayResult result : results) {
            if (result != null) finished.add(result);
        }
        return finished;
    }

    /** Makes one call and says how it went. */
    ReplayResult call(PlannedRequest request, long dueMillis) {
        long lag = System.currentTimeMillis() - dueMillis;
        long start = System.nanoTime();
        Outcome outcome;
        CacheResult cache = CacheResult.NONE;
        double similarity = 0;
        AnswerCheck check = AnswerCheck.UNCHECKED;
        String detail = "-";
        try {
            ChatCompletion completion = Heddle.runAs(request.user(), () -> client.chat().completions().create(
                    params(request.model(), request.systemPrompt(), request.question(), request.user())));
            Optional<FallbackAnswer> fallback = Heddle.lastFallback();
            Optional<CachedAnswer> cached = Heddle.lastCachedAnswer();
            outcome = fallback.map(used -> used.kind().equals("stale-cache") ? Outcome.STALE : Outcome.FALLBACK)
                    .orElse(Outcome.OK);
            if (fallback.isPresent()) detail = fallback.get().kind();
            if (cached.isPresent() && outcome == Outcome.OK) {
                CachedAnswer answer = cached.get();
                cache = !answer.hit() ? CacheResult.STORED : answer.semantic() ? CacheResult.SEMANTIC : CacheResult.EXACT;
                similarity = answer.similarity();
            }
            String text = completion.choices().isEmpty() ? "" : completion.choices().get(0).message().content().orElse("");
            check = families.check(request, text);
        } catch (QuotaExceededException refused) {
            outcome = Outcome.QUOTA_REJECTED;
            detail = refused.getClass().getSimpleName();
        } catch (Exception failed) {
            outcome = Outcome.ERROR;
            detail = failed.getClass().getSimpleName();
        }
        long micros = (System.nanoTime() - start) / 1_000;
        return new ReplayResult(request.index(), request.atMillis(), request.user(), request.tier(), request.model(),
                request.kind(), request.family(), lag, micros, outcome, cache, similarity, check, detail);
    }

    @SuppressWarnings("deprecation") // user(): OpenAI now prefers safety_identifier; both reach the server
    private static ChatCompletionCreateParams params(String model, String systemPrompt, String question, String user) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addSystemMessage(systemPrompt)
                .addUserMessage(question)
                .user(user)
                .build();
    }

    private static long awaitGo() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.trim().split("\\s+");
            if (words.length == 2 && words[0].equals(GO)) return Long.parseLong(words[1]);
        }
        throw new IOException("standard input ended before the start signal '" + GO + " <epoch millis>'");
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) peak += pool.getPeakUsage().getUsed();
        }
        return peak;
    }

    /** The agent's counters per rule, as any JMX client reads them; none without the agent. */
    static Map<String, Long> agentCounters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("dev.heddle:type=Heddle");
            if (!server.isRegistered(name)) return counters;
            for (CompositeData rule : (CompositeData[]) server.getAttribute(name, "Rules")) {
                for (String key : rule.getCompositeType().keySet()) {
                    if (rule.get(key) instanceof Number number && !(number instanceof Double || number instanceof Float)) {
                        counters.put(ReplayLog.HEDDLE_PREFIX + rule.get("name") + "." + key, number.longValue());
                    }
                }
            }
        } catch (JMException | RuntimeException e) {
            System.err.println("could not read the agent's MBean: " + e);
        }
        return counters;
    }
}
