package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockStats;
import dev.heddle.it.app.sdk.TracedOpenAiApp;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.ItFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.OtlpReceiver;
import dev.heddle.it.harness.OtlpReceiver.ReceivedMetric;
import dev.heddle.it.harness.OtlpReceiver.ReceivedSpan;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app of {@link TelemetryWithAgentTest}, asking one question twice for no user, runs with the
 * OpenTelemetry Java agent and Heddle both attached, both exporting over OTLP to one receiver in the
 * test JVM. Heddle sees the Java agent and leaves the GenAI record to it: its span of the SDK call is
 * {@code INTERNAL} with only its own {@code heddle.*} attributes, and it records no
 * {@code gen_ai.client.*} metric, so that no call and no token is counted twice.
 */
class TelemetryBesideOpenTelemetryAgentTest {

    private static final String CONFIG = """
            telemetry:
              exporter: otlp
              protocol: http/protobuf
              metricInterval: 1s
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 10m }
            """;

    private static final String SERVICE = "telemetry-beside-otel-agent";
    private static final String HEDDLE_SCOPE = "dev.heddle";
    /** The Java agent's instrumentation of openai-java, named for the oldest version it supports (1.1). */
    private static final String OPENAI_INSTRUMENTATION = "io.opentelemetry.openai-java";
    private static final Duration EXPORTS = Duration.ofSeconds(30);
    /** The Java agent starts slowly on a small machine: more than the default 60 s for the child. */
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);

    /** What one run left: the child's output, the mock server's counts, and what the receiver got. */
    record Run(ChildResult result, MockStats stats, List<ReceivedSpan> spans, List<ReceivedMetric> metrics, String received) {

        String describe() {
            return result.describe() + "\n" + received;
        }

        List<ReceivedSpan> heddleSpans() {
            return spans.stream().filter(span -> span.scopeName().equals(HEDDLE_SCOPE))
                    .sorted(Comparator.comparingLong(span -> span.span().getStartTimeUnixNano())).toList();
        }

        /** The Java agent's spans of the SDK calls, in the order the app made them. */
        List<ReceivedSpan> javaAgentChatSpans() {
            return spans.stream().filter(span -> span.scopeName().startsWith(OPENAI_INSTRUMENTATION))
                    .sorted(Comparator.comparingLong(span -> span.span().getStartTimeUnixNano())).toList();
        }

        long number(String key) {
            return Long.parseLong(result.value(key).orElseThrow(() -> new AssertionError("no " + key + "\n" + describe())));
        }

        /** The metric as the last export from that scope held it: cumulative, so its final values. */
        Metric latest(String scopePrefix, String name) {
            return metrics.stream()
                    .filter(metric -> metric.scopeName().startsWith(scopePrefix) && metric.metric().getName().equals(name))
                    .reduce((earlier, later) -> later)
                    .map(ReceivedMetric::metric)
                    .orElseThrow(() -> new AssertionError("no " + name + " from " + scopePrefix + "\n" + describe()));
        }

        List<String> metricNames(String scope) {
            return metrics.stream().filter(metric -> metric.scopeName().equals(scope)).map(metric -> metric.metric().getName())
                    .distinct().toList();
        }
    }

    @TempDir
    static Path workDir;

    private static final Map<Jdk, Run> RUNS = new ConcurrentHashMap<>();

    private static Run run(Jdk jdk) {
        return RUNS.computeIfAbsent(jdk, TelemetryBesideOpenTelemetryAgentTest::runOn);
    }

    private static Run runOn(Jdk jdk) {
        Path dir = folderFor(jdk);
        try (MockLlmServer server = MockLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.start()) {
            Path config = ConfigFiles.write(dir, "telemetry.yaml", CONFIG);
            ChildResult result = SdkApps.app(jdk, TracedOpenAiApp.class, dir)
                    .jvmFlags("-javaagent:" + ItFiles.openTelemetryJavaAgent(),
                            "-javaagent:" + ItFiles.agentJar() + "=" + TestApps.configArg(config))
                    .env("OTEL_SERVICE_NAME", SERVICE)
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                    .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                    .env("OTEL_LOGS_EXPORTER", "none")
                    .timeout(CHILD_TIMEOUT)
                    .args(server.baseUrl(), "repeat")
                    .run();
            assertPrinted(result, "done=true");
            try {
                receiver.awaitSpans(2, span -> span.scopeName().equals(HEDDLE_SCOPE), EXPORTS);
                receiver.awaitSpans(2, span -> span.scopeName().startsWith(OPENAI_INSTRUMENTATION), EXPORTS);
                receiver.awaitMetric("heddle.cache.requests", EXPORTS);
                receiver.awaitMetric("gen_ai.client.token.usage", EXPORTS);
                return new Run(result, server.stats(), receiver.spans(), receiver.metrics(), receiver.describe());
            } catch (AssertionError missing) {
                throw new AssertionError(missing.getMessage() + "\n" + result.describe(), missing);
            }
        }
    }

    @OnEveryJdk
    void heddlesSpanOfTheSdkCallIsInternalWithOnlyHeddlesAttributes(Jdk jdk) {
        Run run = run(jdk);

        assertThat(run.heddleSpans()).as(run::describe).hasSize(2)
                .allSatisfy(span -> {
                    assertThat(span.kind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
                    assertThat(span.attributes()).containsEntry("heddle.rule", "openai");
                    assertThat(span.attributes().keySet()).allSatisfy(key -> assertThat(key).startsWith("heddle."));
                })
                .extracting(span -> span.attributes().get("heddle.cache.result"))
                .containsExactly("miss", "hit");
    }

    @OnEveryJdk
    void heddleRecordsNoGenAiMetricsOnlyItsOwnCounters(Jdk jdk) {
        Run run = run(jdk);

        assertThat(run.metricNames(HEDDLE_SCOPE)).as(run::describe)
                .contains("heddle.cache.requests")
                .noneSatisfy(name -> assertThat(name).startsWith("gen_ai."));
    }

    @OnEveryJdk
    void heddlesSpanIsAChildOfTheJavaAgentsChatSpan(Jdk jdk) {
        Run run = run(jdk);
        List<ReceivedSpan> chats = run.javaAgentChatSpans();

        assertThat(chats).as(run::describe).hasSize(2);
        for (int call = 0; call < 2; call++) {
            ReceivedSpan heddle = run.heddleSpans().get(call);
            assertThat(heddle.traceId()).as(run::describe).isEqualTo(chats.get(call).traceId());
            assertThat(heddle.parentSpanId()).as(run::describe).isEqualTo(chats.get(call).spanId());
        }
    }

    /**
     * What the OpenTelemetry Java agent records of the same calls (its openai-java instrumentation,
     * which wraps the client the app builds): a {@code CLIENT} chat span for every call the app
     * makes, a cache hit included, with the usage of the answer the app got (for a hit, the cached
     * answer's), while only the miss is an HTTP request. Heddle's {@code heddle.cache.result} on the
     * child span is what tells a hit apart; {@code docs/tracking.md} says so.
     */
    @OnEveryJdk
    void theJavaAgentRecordsEveryCallOfTheAppAHitWithTheCachedAnswersUsage(Jdk jdk) {
        Run run = run(jdk);

        assertThat(run.stats().requests(MockLlmServer.CHAT_COMPLETIONS)).as(run::describe).isEqualTo(1);
        assertThat(run.spans()).as(run::describe)
                .filteredOn(span -> span.scopeName().startsWith("io.opentelemetry.okhttp")).hasSize(1);
        assertThat(run.javaAgentChatSpans()).as(run::describe)
                .allSatisfy(span -> {
                    assertThat(span.name()).isEqualTo("chat " + TracedOpenAiApp.MODEL);
                    assertThat(span.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
                    assertThat(span.attributes())
                            .containsEntry("gen_ai.provider.name", "openai")
                            .containsEntry("gen_ai.usage.input_tokens", run.number("first.promptTokens"))
                            .containsEntry("gen_ai.usage.output_tokens", run.number("first.completionTokens"));
                });
        assertThat(run.latest(OPENAI_INSTRUMENTATION, "gen_ai.client.token.usage").getHistogram().getDataPointsList())
                .as(run::describe).hasSize(2)
                .allSatisfy(point -> assertThat(point.getCount()).as("calls counted per token type").isEqualTo(2));
    }

    private static Path folderFor(Jdk jdk) {
        try {
            return Files.createTempDirectory(workDir, "jdk" + jdk.major() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
