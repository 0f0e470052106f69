package dev.heddle.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.heddle.demo.mock.FaultKind;
import dev.heddle.demo.mock.FaultPlan;
import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.it.app.SoakApp;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdks;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import dev.heddle.quota.RedisServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded soak: one child JVM with the agent calls through it from 16 threads at a steady rate,
 * all on loopback (the mock LLM server with a 1% rate of 5xx answers, a real redis-server, an OTLP
 * endpoint that discards what it gets, analytics files in a temporary folder), with every feature
 * that holds state switched on: the exact and semantic caches (shared through Redis) with small
 * bounds, a per-user quota over 3,000 users, retry, telemetry and analytics events. The app samples
 * its heap after a full GC, its threads and its open file descriptors (see {@link SoakApp}).
 *
 * <p>Once the warm-up (the first third) has filled every cache, nothing may grow beyond a
 * tolerance; the agent's threads are all named {@code heddle-*}, daemon, few and stable; no thread
 * of unknown owner appears; no call fails.
 *
 * <p>CI runs it for 75 seconds; {@code -Dheddle.soak.duration=PT10M} runs the full form (see
 * {@code docs/reliability/soak.md}). It runs on the JDK of the build only: the other JDKs run every
 * shorter scenario, and a soak per JDK would triple the slowest test.
 */
class SoakWithAgentTest {

    /** The system property that sets how long the app calls, as an ISO-8601 duration. */
    static final String DURATION_PROPERTY = "heddle.soak.duration";

    private static final int THREADS = 16;
    private static final int PERIOD_MILLIS = 200;
    /** Cache bounds far below the distinct arguments the app uses, so every cache is full after the warm-up. */
    private static final int MAX_ENTRIES = 300;

    private static final String CONFIG = """
            redis: %s
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 2m, maxEntries: %d, semantic: { threshold: 0.95 } }
                quota: per-user
                retry: { maxAttempts: 4, delay: 5ms, maxDelay: 20ms }
                track: true
              - name: define
                match: { type: dev.heddle.it.app.SoakLookups, method: define }
                cache: { ttl: 10m, maxEntries: %2$d }
              - name: answer
                match: { type: dev.heddle.it.app.SoakLookups, method: answer }
                cache: { ttl: 10m, maxEntries: %2$d }
              - name: summarize
                match: { type: dev.heddle.it.app.SoakLookups, method: summarize }
                cache: { ttl: 30s, maxEntries: %2$d }
            quotas:
              per-user:
                tiers:
                  free: { requests: 1000000/1h }
                default: free
            telemetry:
              exporter: otlp
              endpoint: %s
              metricInterval: 5s
            analytics:
              directory: %s
              maxFileSize: 1MB
              maxFiles: 3
            """;

    @Test
    void afterTheWarmUpNothingGrowsAndTheAgentsThreadsAreFewNamedAndDaemon(@TempDir Path dir) throws Exception {
        Duration duration = Duration.parse(System.getProperty(DURATION_PROPERTY, "PT75S"));
        Duration sampleEvery = duration.compareTo(Duration.ofMinutes(3)) > 0 ? Duration.ofSeconds(10) : Duration.ofSeconds(5);
        Path events = Files.createDirectory(dir.resolve("events"));
        MockSettings mock = MockSettings.defaults().withFaults(FaultPlan.rate(FaultKind.SERVER_ERROR, 0.01));
        try (MockLlmServer server = MockLlmServer.start(mock);
                RedisServerProcess redis = RedisServerProcess.start();
                DiscardingOtlpEndpoint otlp = DiscardingOtlpEndpoint.start()) {
            Path config = ConfigFiles.write(dir, "heddle.yaml",
                    CONFIG.formatted(redis.url(), MAX_ENTRIES, otlp.url(), events.toString().replace('\\', '/')));
            ChildJvm.Builder app = SdkApps.app(Jdks.current(), SoakApp.class, dir)
                    .args(server.baseUrl(), duration.toString(), sampleEvery.toString(), String.valueOf(THREADS),
                            String.valueOf(PERIOD_MILLIS))
                    .timeout(duration.plusMinutes(2));
            ChildResult result = TestApps.withAgent(app, TestApps.configArg(config)).run();

            Soak soak = Soak.of(result);
            System.out.println(soak.summary());
            assertThat(result.succeeded()).as(result::describe).isTrue();
            assertThat(result.value("errors")).as(result::describe).contains("0");
            assertThat(soak.after.length).as("samples after the warm-up " + result.describe()).isGreaterThanOrEqualTo(4);

            // positive controls: the sampler sees the agent's threads, the SDK's threads and its own
            assertThat(soak.values("heddleThreads")).as(result::describe).allMatch(count -> count > 0);
            assertThat(result.value("threads.seen").orElseThrow()).as(result::describe).contains("OkHttp", "soak-worker-0");
            assertThat(Long.parseLong(result.value("heddle.cacheHits").orElseThrow())).as(result::describe).isPositive();
            assertThat(Long.parseLong(result.value("lookupRuns").orElseThrow())).as("the lookups' caches were filled")
                    .isGreaterThan(3L * MAX_ENTRIES);
            assertThat(otlp.requests()).as("telemetry reached its endpoint").isPositive();
            assertThat(eventLines(events)).as("analytics events were written").isPositive();
            assertThat(result.value("analytics.dropped")).as("the event queue kept up " + result.describe()).contains("0");

            assertThat(result.value("threads.unclassified")).as(result::describe).contains("");
            assertThat(result.value("threads.agentNonDaemon")).as(result::describe).contains("");
            // the bundled libraries' threads carry heddle- names too: none is left with the library's own name
            assertThat(result.value("threads.agentLibraries")).as(result::describe).contains("");
            assertThat(result.value("threads.heddleEver").orElseThrow()).as("the positive control: the renamed ones " + result.describe())
                    .contains("heddle-otel-BatchSpanProcessor_WorkerThread-", "heddle-redis-commons-pool-evictor");
            assertThat(soak.values("heddleNonDaemon")).as(result::describe).allMatch(count -> count == 0);
            assertThat(soak.max("heddleThreads", soak.all)).as(result::describe).isLessThanOrEqualTo(16);
            assertThat(soak.max("heddleThreads", soak.after) - soak.min("heddleThreads", soak.after))
                    .as("the agent's threads are stable after the warm-up " + result.describe()).isLessThanOrEqualTo(1);
            assertThat(soak.last("threads")).as(result::describe).isLessThanOrEqualTo(soak.first("threads") + 4);
            assertThat(soak.last("fds")).as(result::describe).isLessThanOrEqualTo(soak.first("fds") + 8);
            // a full GC's floor: the last third of the samples may not stand above the first third by more than 10% (4 MB at least)
            long early = soak.max("heapUsedAfterGc", soak.firstThird());
            long late = soak.min("heapUsedAfterGc", soak.lastThird());
            assertThat(late).as(result::describe).isLessThanOrEqualTo(early + Math.max(early / 10, 4L << 20));
        }
    }

    private static long eventLines(Path events) throws IOException {
        long lines = 0;
        try (Stream<Path> files = Files.list(events)) {
            for (Path file : files.toList()) {
                try (Stream<String> content = Files.lines(file)) {
                    lines += content.count();
                }
            }
        }
        return lines;
    }

    /** The samples the app printed, split at the end of the warm-up (the first third of the run). */
    private record Soak(ChildResult result, int[] all, int[] after) {

        static Soak of(ChildResult result) {
            int samples = Integer.parseInt(result.value("samples").orElseThrow(() -> new AssertionError(result.describe())));
            int[] all = IntStream.range(0, samples).toArray();
            return new Soak(result, all, Arrays.copyOfRange(all, samples / 3, samples));
        }

        long value(int sample, String what) {
            return Long.parseLong(result.value("sample." + sample + "." + what).orElseThrow(() -> new AssertionError(result.describe())));
        }

        List<Long> values(String what) {
            return Arrays.stream(all).mapToObj(sample -> value(sample, what)).toList();
        }

        long max(String what, int[] samples) {
            return Arrays.stream(samples).mapToLong(sample -> value(sample, what)).max().orElseThrow();
        }

        long min(String what, int[] samples) {
            return Arrays.stream(samples).mapToLong(sample -> value(sample, what)).min().orElseThrow();
        }

        long first(String what) {
            return value(after[0], what);
        }

        long last(String what) {
            return value(after[after.length - 1], what);
        }

        int[] firstThird() {
            return Arrays.copyOfRange(after, 0, Math.max(1, after.length / 3));
        }

        int[] lastThird() {
            return Arrays.copyOfRange(after, after.length - Math.max(1, after.length / 3), after.length);
        }

        /** One line per sample, for the build log and docs/reliability/soak.md. */
        String summary() {
            StringBuilder text = new StringBuilder("soak samples (elapsedMs heapUsedAfterGc threads heddleThreads fds rssKb calls):\n");
            for (int sample : all) {
                for (String what : List.of("elapsedMs", "heapUsedAfterGc", "threads", "heddleThreads", "fds", "rssKb", "calls")) {
                    text.append(value(sample, what)).append(' ');
                }
                text.append('\n');
            }
            text.append("heddle threads: ").append(result.value("threads.heddleEver").orElse("?")).append('\n');
            text.append("agent library threads: ").append(result.value("threads.agentLibraries").orElse("?")).append('\n');
            result.values().forEach((key, value) -> {
                if (key.startsWith("heddle.") || key.startsWith("analytics.") || List.of("calls", "lookupRuns", "errors").contains(key)) {
                    text.append(key).append('=').append(value).append('\n');
                }
            });
            return text.toString();
        }
    }

    /** An OTLP/HTTP endpoint on loopback that answers every export with an empty success and keeps nothing. */
    private static final class DiscardingOtlpEndpoint implements AutoCloseable {

        private final HttpServer server;
        private final AtomicLong requests = new AtomicLong();

        private DiscardingOtlpEndpoint(HttpServer server) {
            this.server = server;
        }

        static DiscardingOtlpEndpoint start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            DiscardingOtlpEndpoint endpoint = new DiscardingOtlpEndpoint(server);
            server.createContext("/", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    body.transferTo(java.io.OutputStream.nullOutputStream());
                }
                endpoint.requests.incrementAndGet();
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return endpoint;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        long requests() {
            return requests.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
