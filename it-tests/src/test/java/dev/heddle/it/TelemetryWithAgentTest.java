package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static dev.heddle.it.harness.ChildAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockStats;
import dev.heddle.it.app.sdk.TracedOpenAiApp;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.OtlpReceiver;
import dev.heddle.it.harness.OtlpReceiver.ReceivedMetric;
import dev.heddle.it.harness.OtlpReceiver.ReceivedSpan;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unmodified app calls the official OpenAI Java SDK against the mock LLM server, with the agent,
 * {@code preset: openai-java} and {@code telemetry: { exporter: otlp }} pointed at an OTLP receiver
 * in the test JVM. It asks one question twice for user {@code alice} (a miss, then a cache hit),
 * then another question inside a span of its own OpenTelemetry SDK. What the receiver got is what
 * any OpenTelemetry backend would show.
 */
class TelemetryWithAgentTest {

    private static final String CONFIG = """
            telemetry:
              exporter: otlp
              endpoint: %s
              protocol: http/protobuf
              metricInterval: 1s
              captureContent: false
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 10m }
            """;

    /** The child's {@code OTEL_SERVICE_NAME}; the YAML names no service. */
    private static final String SERVICE = "telemetry-it-app";
    private static final String HEDDLE_SCOPE = "dev.heddle";
    private static final String MODEL = "gpt-4o-mini";
    /** The bucket boundaries the GenAI semantic conventions give for gen_ai.client.operation.duration, in seconds. */
    private static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12,
            10.24, 20.48, 40.96, 81.92);
    /** Generous: the exports arrive before the child exits (its shutdown hook flushes them); this only bounds a failure. */
    private static final Duration EXPORTS = Duration.ofSeconds(30);

    /** What one run left: the child's output, the mock server's counts, and what the receiver got. */
    record Run(ChildResult result, MockStats stats, List<ReceivedSpan> heddleSpans, List<ReceivedMetric> metrics,
            String received) {

        String describe() {
            return result.describe() + "\n" + received;
        }

        String printed(String key) {
            return result.value(key).orElseThrow(() -> new AssertionError("no " + key + "\n" + describe()));
        }

        long number(String key) {
            return Long.parseLong(printed(key));
        }

        ReceivedSpan alice1() {
            return heddleSpans.get(0);
        }

        ReceivedSpan alice2() {
            return heddleSpans.get(1);
        }

        ReceivedSpan traced() {
            return heddleSpans.get(2);
        }
    }

    @TempDir
    static Path workDir;

    private static final Map<Jdk, Run> RUNS = new ConcurrentHashMap<>();

    private static Run run(Jdk jdk) {
        return RUNS.computeIfAbsent(jdk, TelemetryWithAgentTest::runOn);
    }

    private static Run runOn(Jdk jdk) {
        Path dir = folderFor(jdk);
        try (MockLlmServer server = MockLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.start()) {
            Path config = ConfigFiles.write(dir, "telemetry.yaml", CONFIG.formatted(receiver.endpoint()));
            ChildResult result = TestApps.withAgent(SdkApps.app(jdk, TracedOpenAiApp.class, dir)
                    .args(server.baseUrl(), "users")
                    .env("OTEL_SERVICE_NAME", SERVICE), TestApps.configArg(config)).run();
            assertPrinted(result, "done=true");
            try {
                List<ReceivedSpan> spans = receiver.awaitSpans(3, span -> span.scopeName().equals(HEDDLE_SCOPE), EXPORTS);
                receiver.awaitMetric("gen_ai.client.token.usage", EXPORTS);
                receiver.awaitMetric("heddle.cache.requests", EXPORTS);
                List<ReceivedSpan> byStart = spans.stream()
                        .sorted(Comparator.comparingLong(span -> span.span().getStartTimeUnixNano())).toList();
                return new Run(result, server.stats(), byStart, receiver.metrics(), receiver.describe());
            } catch (AssertionError missing) {
                throw new AssertionError(missing.getMessage() + "\n" + result.describe(), missing);
            }
        }
    }

    @OnEveryJdk
    void eachSdkCallIsAGenAiClientSpanNamedForTheModel(Jdk jdk) {
        Run run = run(jdk);

        assertThat(run.heddleSpans()).as(run::describe).hasSize(3)
                .allSatisfy(span -> {
                    assertThat(span.name()).isEqualTo("chat " + MODEL);
                    assertThat(span.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
                    assertThat(span.attributes())
                            .containsEntry("gen_ai.operation.name", "chat")
                            .containsEntry("gen_ai.provider.name", "openai")
                            .containsEntry("gen_ai.request.model", MODEL)
                            .containsEntry("heddle.rule", "openai");
                });
    }

    @OnEveryJdk
    void aCallThatReachedTheServerCarriesWhatTheServerAnswered(Jdk jdk) {
        Run run = run(jdk);

        assertThat(run.alice1().attributes()).as(run::describe)
                .containsEntry("gen_ai.response.id", run.printed("alice1.id"))
                .containsEntry("gen_ai.response.model", run.printed("alice1.model"))
                .containsEntry("gen_ai.response.finish_reasons", List.of(run.printed("alice1.finishReason")))
                .containsEntry("gen_ai.usage.input_tokens", run.number("alice1.promptTokens"))
                .containsEntry("gen_ai.usage.output_tokens", run.number("alice1.completionTokens"))
                .containsEntry("heddle.cache.result", "miss")
                .containsEntry("user.id", "alice");
        assertThat(run.traced().attributes()).as(run::describe)
                .containsEntry("gen_ai.response.id", run.printed("traced.id"))
                .containsEntry("gen_ai.usage.input_tokens", run.number("traced.promptTokens"))
                .containsEntry("gen_ai.usage.output_tokens", run.number("traced.completionTokens"))
                .containsEntry("heddle.cache.result", "miss")
                .doesNotContainKey("user.id");
        assertThat(run.number("alice1.promptTokens") + run.number("traced.promptTokens")).as(run::describe)
                .isEqualTo(run.stats().promptTokens(MODEL));
    }

    @OnEveryJdk
    void aCacheHitIsASpanOfItsUserWithoutTokenUsage(Jdk jdk) {
        Run run = run(jdk);

        assertThat(run.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(run::describe).isEqualTo(2);
        assertThat(run.alice2().attributes()).as(run::describe)
                .containsEntry("heddle.cache.result", "hit")
                .containsEntry("user.id", "alice")
                .doesNotContainKeys("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens");
    }

    @OnEveryJdk
    void aCallInsideTheAppsOwnSpanIsItsChildInItsTrace(Jdk jdk) {
        Run run = run(jdk);

        assertThat(run.traced().traceId()).as(run::describe).isEqualTo(run.printed("app.traceId"));
        assertThat(run.traced().parentSpanId()).as(run::describe).isEqualTo(run.printed("app.spanId"));
        assertThat(List.of(run.alice1(), run.alice2())).as(run::describe)
                .allSatisfy(root -> assertThat(root.parentSpanId()).isEmpty())
                .noneSatisfy(root -> assertThat(root.traceId()).isEqualTo(run.printed("app.traceId")));
    }

    @OnEveryJdk
    void durationAndTokenUsageCountOnlyTheCallsThatReachedTheServer(Jdk jdk) {
        Run run = run(jdk);
        long reachedServer = run.stats().requests(MockLlmServer.CHAT_COMPLETIONS);

        Metric duration = latest(run, HEDDLE_SCOPE, "gen_ai.client.operation.duration");
        assertThat(duration.getUnit()).isEqualTo("s");
        assertThat(duration.getHistogram().getDataPointsList()).as(run::describe).singleElement().satisfies(point -> {
            assertThat(point.getExplicitBoundsList()).isEqualTo(DURATION_BUCKETS);
            assertThat(point.getCount()).isEqualTo(reachedServer);
            assertThat(attributesOf(point.getAttributesList()))
                    .containsEntry("gen_ai.operation.name", "chat")
                    .containsEntry("gen_ai.provider.name", "openai")
                    .containsEntry("gen_ai.request.model", MODEL);
        });

        Metric tokens = latest(run, HEDDLE_SCOPE, "gen_ai.client.token.usage");
        assertThat(tokens.getUnit()).isEqualTo("{token}");
        Map<Object, HistogramDataPoint> byType = byAttribute(tokens.getHistogram().getDataPointsList(),
                point -> attributesOf(point.getAttributesList()).get("gen_ai.token.type"));
        assertThat(byType).as(run::describe).containsOnlyKeys("input", "output");
        assertThat(byType.get("input").getCount()).as(run::describe).isEqualTo(reachedServer);
        assertThat(byType.get("output").getCount()).as(run::describe).isEqualTo(reachedServer);
        assertThat((long) byType.get("input").getSum()).as(run::describe).isEqualTo(run.stats().promptTokens(MODEL));
        assertThat((long) byType.get("output").getSum()).as(run::describe).isEqualTo(run.stats().completionTokens(MODEL));
    }

    @OnEveryJdk
    void cacheRequestsAreCountedByRuleAndResult(Jdk jdk) {
        Run run = run(jdk);

        Metric requests = latest(run, HEDDLE_SCOPE, "heddle.cache.requests");
        assertThat(requests.getSum().getIsMonotonic()).isTrue();
        Map<Object, NumberDataPoint> byResult = byAttribute(requests.getSum().getDataPointsList(),
                point -> attributesOf(point.getAttributesList()).get("heddle.cache.result"));
        assertThat(byResult).as(run::describe).containsKeys("hit", "miss");
        assertThat(byResult.values()).extracting(point -> attributesOf(point.getAttributesList()).get("heddle.rule"))
                .containsOnly("openai");
        assertThat(byResult.get("miss").getAsInt()).as(run::describe).isEqualTo(2);
        assertThat(byResult.get("hit").getAsInt()).as(run::describe).isEqualTo(1);
    }

    @OnEveryJdk
    void noMetricPointCarriesTheUser(Jdk jdk) {
        Run run = run(jdk);

        assertThat(run.alice1().attributes()).as("the spans do name the user").containsEntry("user.id", "alice");
        assertThat(run.metrics()).as(run::describe).isNotEmpty()
                .flatExtracting(metric -> pointAttributes(metric.metric()))
                .allSatisfy(attributes -> assertThat(attributes).doesNotContainKey("user.id"));
    }

    @OnEveryJdk
    void onlyHeddlesOwnMetricsAreExportedNotItsSdksReportsOnItself(Jdk jdk) {
        Run run = run(jdk);

        assertThat(run.metrics()).as(run::describe).isNotEmpty()
                .allSatisfy(metric -> assertThat(metric.scopeName()).isEqualTo(HEDDLE_SCOPE));
    }

    @OnEveryJdk
    void theServiceNameComesFromOtelServiceName(Jdk jdk) {
        Run run = run(jdk);

        assertThat(run.heddleSpans()).as(run::describe)
                .allSatisfy(span -> assertThat(span.resourceAttributes()).containsEntry("service.name", SERVICE));
        assertThat(run.metrics()).as(run::describe)
                .allSatisfy(metric -> assertThat(metric.resourceAttributes()).containsEntry("service.name", SERVICE));
    }

    @OnEveryJdk
    void withoutCaptureContentNoSpanHoldsThePrompt(Jdk jdk) {
        Run run = run(jdk);

        assertThat(run.heddleSpans()).as(run::describe)
                .flatExtracting(span -> span.attributes().values())
                .allSatisfy(value -> assertThat(String.valueOf(value))
                        .doesNotContain(TracedOpenAiApp.QUESTION)
                        .doesNotContain(TracedOpenAiApp.TRACED_QUESTION));
        assertThat(run.heddleSpans()).as(run::describe)
                .allSatisfy(span -> assertThat(span.attributes()).doesNotContainKeys("gen_ai.input.messages",
                        "gen_ai.output.messages"));
    }

    @OnEveryJdk
    void withoutTheAgentTheAppRunsAndNothingIsExported(Jdk jdk) {
        try (MockLlmServer server = MockLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.start()) {
            ChildResult result = SdkApps.app(jdk, TracedOpenAiApp.class, folderFor(jdk))
                    .args(server.baseUrl(), "users")
                    .env("OTEL_SERVICE_NAME", SERVICE)
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                    .run();

            assertSucceeded(result);
            assertThat(server.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(result::describe).isEqualTo(3);
            assertThat(receiver.spans()).as(receiver::describe).isEmpty();
            assertThat(receiver.metrics()).as(receiver::describe).isEmpty();
        }
    }

    /** The metric as the last export from that scope held it: cumulative, so its final values. */
    private static Metric latest(Run run, String scope, String name) {
        return run.metrics().stream()
                .filter(metric -> metric.scopeName().equals(scope) && metric.metric().getName().equals(name))
                .reduce((earlier, later) -> later)
                .map(ReceivedMetric::metric)
                .orElseThrow(() -> new AssertionError("no " + name + " from " + scope + "\n" + run.describe()));
    }

    private static <P> Map<Object, P> byAttribute(List<P> points, Function<P, Object> key) {
        Map<Object, P> byKey = new LinkedHashMap<>();
        points.forEach(point -> byKey.put(key.apply(point), point));
        return byKey;
    }

    private static Map<String, Object> attributesOf(List<KeyValue> attributes) {
        return OtlpReceiver.attributes(attributes);
    }

    /** The attributes of every data point of a metric, whatever its type. */
    private static List<Map<String, Object>> pointAttributes(Metric metric) {
        Stream<List<KeyValue>> points = switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsList().stream().map(NumberDataPoint::getAttributesList);
            case SUM -> metric.getSum().getDataPointsList().stream().map(NumberDataPoint::getAttributesList);
            case HISTOGRAM -> metric.getHistogram().getDataPointsList().stream().map(HistogramDataPoint::getAttributesList);
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsList().stream()
                    .map(point -> point.getAttributesList());
            case SUMMARY -> metric.getSummary().getDataPointsList().stream().map(point -> point.getAttributesList());
            default -> Stream.empty();
        };
        return points.map(OtlpReceiver::attributes).toList();
    }

    private static Path folderFor(Jdk jdk) {
        try {
            return Files.createTempDirectory(workDir, "jdk" + jdk.major() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
