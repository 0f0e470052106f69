package dev.heddle.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.analytics.EventJson;
import dev.heddle.bootstrap.Answer;
import dev.heddle.config.AnalyticsConfig;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.TelemetryConfig;
import dev.heddle.pipeline.CallPipeline;
import dev.heddle.pipeline.Registry;
import dev.heddle.pipeline.WovenMethod;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What tracking adds to a woven call on the caller's thread: a cache hit through the pipeline
 * without tracking, and with a span and an {@code llm_call} event. Tracking runs as in the agent:
 * Heddle's relocated OpenTelemetry SDK exporting over OTLP (to a collector on loopback that
 * accepts and drops everything) and the real event writer with its JSON Lines store, both on
 * their own threads. The peer is what a team would write by hand around a Caffeine cache: a span
 * of the same OpenTelemetry SDK version exporting to the same collector, and the same event
 * written as a JSON line to a buffered file on the caller's thread, as a logger would write it.
 * Both therefore do the same work in the end; the difference is which thread pays for it.
 *
 * <p>The pipeline is driven directly (no agent), as the woven advice drives it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TrackedCallBenchmark {

    private static final String METHOD = "dev.heddle.benchmarks.Bot:answer(Ljava/lang/String;)Ljava/lang/String;";
    private static final String PROMPT = "What is a heddle, and how does it lift the warp threads?";
    private static final String RULES = """
            rules:
              - name: bot
                match: { type: dev.heddle.benchmarks.Bot, method: answer }
                cache: { ttl: 1h }
            """;

    private Path events;
    private HttpServer collector;
    private OpenTelemetrySdk sdk;
    private Registry untracked;
    private Registry tracked;
    private Registry spansOnly;
    private Registry eventsOnly;
    private CallPipeline untrackedPipeline;
    private CallPipeline trackedPipeline;
    private CallPipeline spansOnlyPipeline;
    private CallPipeline eventsOnlyPipeline;
    private final Object[] arguments = {PROMPT};
    private final Cache<String, String> caffeine = Caffeine.newBuilder().maximumSize(10_000).build();
    private BufferedWriter handWrittenEvents;
    private Tracer handTracer;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        events = Files.createTempDirectory("heddle-bench-events");
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(BatchSpanProcessor.builder(
                        OtlpHttpSpanExporter.builder().setEndpoint(endpoint + "/v1/traces").build()).build()).build())
                .build();
        HeddleConfig rules = ConfigLoader.parse(RULES, "bench.yaml");
        untracked = new Registry(rules);
        TelemetryConfig otlp = new TelemetryConfig(TelemetryConfig.Exporter.OTLP, Optional.of(endpoint),
                TelemetryConfig.OtlpProtocol.HTTP_PROTOBUF, Map.of(), "127.0.0.1", TelemetryConfig.DEFAULT_PROMETHEUS_PORT,
                Optional.of("heddle-benchmark"), false, TelemetryConfig.DEFAULT_METRIC_INTERVAL);
        tracked = new Registry(new HeddleConfig(rules.source(), true, Optional.empty(), rules.rules(), rules.quotas(), Map.of(),
                Optional.empty(), Optional.of(otlp), Optional.of(AnalyticsConfig.inDirectory(events.toString())), List.of()));
        spansOnly = new Registry(new HeddleConfig(rules.source(), true, Optional.empty(), rules.rules(), rules.quotas(), Map.of(),
                Optional.empty(), Optional.of(otlp), Optional.empty(), List.of()));
        eventsOnly = new Registry(new HeddleConfig(rules.source(), true, Optional.empty(), rules.rules(), rules.quotas(), Map.of(),
                Optional.empty(), Optional.empty(), Optional.of(AnalyticsConfig.inDirectory(events.toString())), List.of()));
        for (Registry registry : List.of(untracked, tracked, spansOnly, eventsOnly)) {
            registry.register(new WovenMethod(METHOD, List.of("bot"), Optional.empty()));
        }
        untrackedPipeline = new CallPipeline(untracked);
        trackedPipeline = new CallPipeline(tracked);
        spansOnlyPipeline = new CallPipeline(spansOnly);
        eventsOnlyPipeline = new CallPipeline(eventsOnly);
        for (CallPipeline pipeline : List.of(untrackedPipeline, trackedPipeline, spansOnlyPipeline, eventsOnlyPipeline)) {
            Object token = pipeline.enter(METHOD, Object.class, null, arguments);
            pipeline.exit(token, "A heddle lifts the warp threads.", null);
        }
        caffeine.put(PROMPT, "A heddle lifts the warp threads.");
        handWrittenEvents = Files.newBufferedWriter(events.resolve("hand-written.jsonl"));
        handTracer = sdk.getTracer("hand-written");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            handWrittenEvents.close();
        } catch (IOException ignored) {
            // the file is a temporary one
        }
        tracked.closeTracking();
        spansOnly.closeTracking();
        eventsOnly.closeTracking();
        sdk.close();
        collector.stop(0);
    }

    @TearDown(Level.Iteration)
    public void truncateHandWrittenEvents() throws IOException {
        handWrittenEvents.close();
        handWrittenEvents = Files.newBufferedWriter(events.resolve("hand-written.jsonl"));
    }

    @Benchmark
    public Object heddleHitUntracked() {
        return ((Answer) untrackedPipeline.enter(METHOD, Object.class, null, arguments)).value();
    }

    @Benchmark
    public Object heddleHitTracked() {
        return ((Answer) trackedPipeline.enter(METHOD, Object.class, null, arguments)).value();
    }

    @Benchmark
    public Object heddleHitSpanOnly() {
        return ((Answer) spansOnlyPipeline.enter(METHOD, Object.class, null, arguments)).value();
    }

    @Benchmark
    public Object heddleHitEventOnly() {
        return ((Answer) eventsOnlyPipeline.enter(METHOD, Object.class, null, arguments)).value();
    }

    @Benchmark
    public Object caffeineHitWithHandWrittenSpanAndEvent() throws IOException {
        long start = System.nanoTime();
        Span span = handTracer.spanBuilder("Bot.answer").setSpanKind(SpanKind.INTERNAL).startSpan();
        String answer = caffeine.getIfPresent(PROMPT);
        span.setAttribute(AttributeKey.stringKey("heddle.cache.result"), "hit");
        span.end();
        handWrittenEvents.write(EventJson.line(new AnalyticsEvent(Instant.now(), AnalyticsEvent.LLM_CALL, null, null, "bot", null,
                Map.of(), "hit", null, 0L, 0L, 0.0, 0.0, (System.nanoTime() - start) / 1e6, "ok", null, Map.of())));
        handWrittenEvents.newLine();
        return answer;
    }
}
