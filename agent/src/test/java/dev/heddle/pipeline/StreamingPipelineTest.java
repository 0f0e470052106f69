package dev.heddle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.RequestOptions;
import com.openai.core.http.StreamResponse;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.api.Heddle;
import dev.heddle.api.QuotaState;
import dev.heddle.bootstrap.Answer;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.TelemetryConfig;
import dev.heddle.preset.OpenAiStreamChunks;
import dev.heddle.preset.Presets;
import dev.heddle.preset.StreamedPreset;
import dev.heddle.telemetry.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline around a streaming method of the openai-java preset, its method a stand-in with
 * the SDK's own signature that streams real SDK chunks: what is stored, replayed, charged and traced.
 */
class StreamingPipelineTest {

    private static final String STREAMING = "dev.heddle.pipeline.StreamingPipelineTest$ChatService:createStreaming("
            + "Lcom/openai/models/chat/completions/ChatCompletionCreateParams;Lcom/openai/core/RequestOptions;)"
            + "Lcom/openai/core/http/StreamResponse;";
    private static final long TOKENS_PER_HOUR = 100_000;

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();
    private final ChatService service = new ChatService();
    private Registry registry;

    /** Streams a whole answer from real chunks; counts its calls, as the vendor would. */
    public static final class ChatService {
        private final AtomicInteger calls = new AtomicInteger();

        public StreamResponse<ChatCompletionChunk> createStreaming(ChatCompletionCreateParams params, RequestOptions options) {
            calls.incrementAndGet();
            Stream<ChatCompletionChunk> chunks = OpenAiStreamChunks.wholeAnswer().stream().map(ChatCompletionChunk.class::cast);
            return new StreamResponse<>() {
                @Override
                public Stream<ChatCompletionChunk> stream() {
                    return chunks;
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @AfterEach
    void close() {
        if (registry != null) registry.closeTracking();
        sdk.close();
    }

    private CallPipeline pipeline(String policies, boolean traced) throws Exception {
        HeddleConfig rules = ConfigLoader.parse("""
                rules:
                  - name: stream
                    preset: openai-java
                """ + policies + """
                quotas:
                  per-user:
                    tiers:
                      free: { tokens: %d/1h }
                """.formatted(TOKENS_PER_HOUR), "test.yaml");
        HeddleConfig config = traced ? new HeddleConfig(rules.source(), true, Optional.empty(), rules.rules(), rules.quotas(),
                java.util.Map.of(), Optional.empty(), Optional.of(TelemetryConfig.of(TelemetryConfig.Exporter.NONE)), Optional.empty(),
                List.of()) : rules;
        registry = new Registry(config, section -> Telemetry.over(sdk, section));
        registry.register(new WovenMethod(STREAMING, List.of("stream"), Optional.empty()));
        return new CallPipeline(registry);
    }

    private static ChatCompletionCreateParams question(String text) {
        return ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI).addUserMessage(text).build();
    }

    /** A call as the woven method makes it: the pipeline answers (it ran the method itself), or the body runs. */
    @SuppressWarnings("unchecked")
    private StreamResponse<Object> call(CallPipeline pipeline, String text) {
        Object[] arguments = {question(text), RequestOptions.none()};
        Object token = pipeline.enter(STREAMING, ChatService.class, service, arguments);
        if (token instanceof Answer answer) return (StreamResponse<Object>) answer.value();
        return (StreamResponse<Object>) pipeline.exit(token, service.createStreaming(question(text), RequestOptions.none()), null);
    }

    /** Reads at most {@code limit} chunks, then closes the stream. */
    private static List<Object> read(StreamResponse<Object> stream, int limit) {
        List<Object> read = new ArrayList<>();
        try (stream) {
            Iterator<Object> each = stream.stream().iterator();
            while (read.size() < limit && each.hasNext()) read.add(each.next());
        }
        return read;
    }

    @Test
    void aStreamReadToItsEndIsStoredAndItsRepeatIsReplayedWithoutCallingTheModel() throws Exception {
        CallPipeline pipeline = pipeline("    cache: { ttl: 1h }\n", false);

        List<Object> first = read(call(pipeline, "What is a heddle?"), Integer.MAX_VALUE);
        List<Object> second = read(call(pipeline, "What is a heddle?"), Integer.MAX_VALUE);

        assertThat(first).isEqualTo(OpenAiStreamChunks.wholeAnswer());
        assertThat(second).as("the recorded chunks, boundaries and all").isEqualTo(first);
        assertThat(service.calls).hasValue(1);
    }

    @Test
    void aStreamItsCallerStopsReadingIsNotStored() throws Exception {
        CallPipeline pipeline = pipeline("    cache: { ttl: 1h }\n", false);

        read(call(pipeline, "What is a heddle?"), 2);
        List<Object> again = read(call(pipeline, "What is a heddle?"), Integer.MAX_VALUE);

        assertThat(again).isEqualTo(OpenAiStreamChunks.wholeAnswer());
        assertThat(service.calls).hasValue(2);
    }

    @Test
    void aStoppedStreamIsChargedAgainstTheQuotaOnlyForWhatWasProduced() throws Exception {
        CallPipeline pipeline = pipeline("    quota: per-user\n", false);
        // what one more call leaves, after only its own reservation
        long afterAReservation = Heddle.runAs("probe", () -> {
            call(pipeline, "What is a heddle?");
            return Heddle.lastQuota().map(QuotaState::remaining).orElseThrow();
        });

        long afterAStopAndAReservation = Heddle.runAs("alice", () -> {
            read(call(pipeline, "What is a heddle?"), 2); // the role chunk and "A heddle": 2 tokens
            call(pipeline, "What is a heddle?");
            return Heddle.lastQuota().map(QuotaState::remaining).orElseThrow();
        });

        StreamedPreset preset = (StreamedPreset) Presets.named("openai-java").orElseThrow().forMethod(STREAMING);
        long inputEstimate = preset.inputTokensEstimate(service, new Object[] {question("What is a heddle?"), RequestOptions.none()});
        assertThat(afterAReservation - afterAStopAndAReservation).as("the request's estimate and 2 tokens of output")
                .isEqualTo(inputEstimate + 2);
    }

    @Test
    void aStreamedCallsSpanEndsWithTheStreamWithItsUsageAndItsChunkTimes() throws Exception {
        CallPipeline pipeline = pipeline("    cache: { ttl: 1h }\n", true);

        StreamResponse<Object> stream = call(pipeline, "What is a heddle?");
        assertThat(spans.getFinishedSpanItems()).as("still streaming").isEmpty();
        read(stream, Integer.MAX_VALUE);

        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).hasSize(1);
        assertThat(finished.get(0).getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(21L);
        assertThat(finished.get(0).getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(4L);
        assertThat(histogramCount("gen_ai.client.operation.time_to_first_chunk")).isEqualTo(1);
        assertThat(histogramCount("gen_ai.client.operation.time_per_output_chunk"))
                .as("each chunk after the first").isEqualTo(OpenAiStreamChunks.wholeAnswer().size() - 1);
    }

    @Test
    void aReplayedHitRecordsNoChunkTimes() throws Exception {
        CallPipeline pipeline = pipeline("    cache: { ttl: 1h }\n", true);

        read(call(pipeline, "What is a heddle?"), Integer.MAX_VALUE);
        read(call(pipeline, "What is a heddle?"), Integer.MAX_VALUE);

        assertThat(spans.getFinishedSpanItems()).extracting(span -> span.getAttributes().get(AttributeKey.stringKey("heddle.cache.result")))
                .containsExactly("miss", "hit");
        assertThat(histogramCount("gen_ai.client.operation.time_to_first_chunk")).as("only the call that reached the model").isEqualTo(1);
    }

    private long histogramCount(String name) {
        return metrics.collectAllMetrics().stream().filter(metric -> metric.getName().equals(name))
                .map(MetricData::getHistogramData).flatMap(data -> data.getPoints().stream())
                .mapToLong(HistogramPointData::getCount).sum();
    }
}
