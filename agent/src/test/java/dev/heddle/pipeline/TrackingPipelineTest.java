package dev.heddle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.ObjectMappers;
import com.openai.core.RequestOptions;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.analytics.WrittenEvents;
import dev.heddle.api.Heddle;
import dev.heddle.bootstrap.Answer;
import dev.heddle.config.AnalyticsConfig;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.ExperimentConfig;
import dev.heddle.config.ExperimentConfig.VariantConfig;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.Location;
import dev.heddle.config.RuleConfig;
import dev.heddle.config.TelemetryConfig;
import dev.heddle.config.TrackConfig;
import dev.heddle.experiment.VariantAssigner;
import dev.heddle.resilience.ResilienceSettings;
import dev.heddle.telemetry.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackingPipelineTest {

    private static final String ANSWER = "com.example.Bot:answer(Ljava/lang/String;)Ljava/lang/String;";
    private static final String VISIT = "com.example.Shop:visit(Ljava/lang/String;)Ljava/lang/String;";
    private static final String CREATE = "com.openai.services.blocking.chat.ChatCompletionServiceImpl:create("
            + "Lcom/openai/models/chat/completions/ChatCompletionCreateParams;Lcom/openai/core/RequestOptions;)"
            + "Lcom/openai/models/chat/completions/ChatCompletion;";
    private static final String CHAT_COMPLETION_JSON = """
            {"id":"chatcmpl-7","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"A heddle lifts warp threads.","refusal":null},
                         "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17},"system_fingerprint":"fp"}
            """;
    private static final String RULES = """
            rules:
              - name: bot
                match: { type: com.example.Bot, method: answer }
                cache: { ttl: 1h }
            """;

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();

    @TempDir
    Path events;

    private Registry registry;

    @AfterEach
    void closeTracking() {
        if (registry != null) registry.closeTracking();
        sdk.close();
    }

    private CallPipeline pipeline(List<ExperimentConfig> experiments, WovenMethod... methods) throws Exception {
        return pipeline(RULES, TelemetryConfig.of(TelemetryConfig.Exporter.NONE), experiments, methods);
    }

    private CallPipeline pipeline(String yaml, TelemetryConfig telemetry, List<ExperimentConfig> experiments, WovenMethod... methods)
            throws Exception {
        HeddleConfig rules = ConfigLoader.parse(yaml, "test.yaml");
        HeddleConfig config = new HeddleConfig(rules.source(), true, Optional.empty(), rules.rules(), rules.quotas(), Map.of(),
                Optional.empty(), Optional.of(telemetry), Optional.of(AnalyticsConfig.inDirectory(events.toString())), experiments);
        registry = new Registry(config, section -> Telemetry.over(sdk, section));
        for (WovenMethod method : methods) registry.register(method);
        return new CallPipeline(registry);
    }

    private static WovenMethod bot() {
        return new WovenMethod(ANSWER, List.of("bot"), Optional.empty());
    }

    private static Object call(CallPipeline pipeline, String method, Object returned, Object... arguments) {
        Object token = pipeline.enter(method, Object.class, null, arguments);
        if (token instanceof Answer answer) return answer.value();
        return pipeline.exit(token, returned, null);
    }

    private List<AnalyticsEvent> writtenEvents() throws IOException {
        registry.flushTracking();
        return WrittenEvents.in(events);
    }

    @Test
    void everyCallHasASpanThatSaysWhetherTheCacheAnswered() throws Exception {
        CallPipeline pipeline = pipeline(List.of(), bot());

        Heddle.runAs("alice", () -> call(pipeline, ANSWER, "Paris", "capital of France?"));
        Heddle.runAs("alice", () -> call(pipeline, ANSWER, "not asked", "capital of France?"));

        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).hasSize(2);
        assertThat(finished).extracting(SpanData::getName).containsOnly("Object.answer");
        assertThat(finished).extracting(SpanData::getKind).containsOnly(SpanKind.INTERNAL);
        assertThat(finished).extracting(span -> span.getAttributes().get(AttributeKey.stringKey("heddle.cache.result")))
                .containsExactly("miss", "hit");
        assertThat(finished).extracting(span -> span.getAttributes().get(AttributeKey.stringKey("heddle.rule")))
                .containsOnly("bot");
        assertThat(finished).extracting(span -> span.getAttributes().get(AttributeKey.stringKey("user.id")))
                .containsOnly("alice");
    }

    @Test
    void everyCallIsAnAnalyticsEventWithItsUserCacheResultAndOutcome() throws Exception {
        CallPipeline pipeline = pipeline(List.of(), bot());

        Heddle.runAs("alice", () -> call(pipeline, ANSWER, "Paris", "capital of France?"));
        Heddle.runAs("bob", () -> call(pipeline, ANSWER, "not asked", "capital of France?"));

        List<AnalyticsEvent> written = writtenEvents();
        assertThat(written).extracting(AnalyticsEvent::event).containsExactly("llm_call", "llm_call");
        assertThat(written).extracting(AnalyticsEvent::user).containsExactly("alice", "bob");
        assertThat(written).extracting(AnalyticsEvent::cache).containsExactly("miss", "hit");
        assertThat(written).extracting(AnalyticsEvent::outcome).containsExactly("ok", "ok");
        assertThat(written).extracting(AnalyticsEvent::rule).containsOnly("bot");
        assertThat(written).allSatisfy(event -> assertThat(event.latencyMs()).isNotNull().isNotNegative());
    }

    @Test
    void aPresetCallIsAGenAiClientSpanWithTheResponsesFactsAndTheContentOnlyWhenAskedFor() throws Exception {
        String openAi = """
                rules:
                  - name: openai
                    preset: openai-java
                    cache: { ttl: 1h }
                """;
        TelemetryConfig capturing = new TelemetryConfig(TelemetryConfig.Exporter.NONE, Optional.empty(),
                TelemetryConfig.OtlpProtocol.HTTP_PROTOBUF, Map.of(), "127.0.0.1", 9464, Optional.empty(), true,
                TelemetryConfig.DEFAULT_METRIC_INTERVAL);
        CallPipeline pipeline = pipeline(openAi, capturing, List.of(), new WovenMethod(CREATE, List.of("openai"), Optional.empty()));
        ChatCompletionCreateParams request = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
                .addUserMessage("What is a heddle?").build();
        ChatCompletion answer = ObjectMappers.jsonMapper().readValue(CHAT_COMPLETION_JSON, ChatCompletion.class);

        Object token = pipeline.enter(CREATE, Object.class, null, new Object[] {request, RequestOptions.none()});
        pipeline.exit(token, answer, null);

        SpanData span = spans.getFinishedSpanItems().get(0);
        assertThat(span.getName()).isEqualTo("chat gpt-4o-mini");
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.response.id"))).isEqualTo("chatcmpl-7");
        assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"))).containsExactly("stop");
        assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(12);
        assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(5);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages"))).contains("What is a heddle?");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages"))).contains("A heddle lifts warp threads.");
        AnalyticsEvent event = writtenEvents().get(0);
        assertThat(event.model()).isEqualTo("gpt-4o-mini");
        assertThat(event.inputTokens()).isEqualTo(12);
        assertThat(event.costUsd()).isPositive();
    }

    @Test
    void withoutContentCaptureNoPromptOrAnswerIsOnTheSpan() throws Exception {
        String openAi = """
                rules:
                  - name: openai
                    preset: openai-java
                """;
        CallPipeline pipeline = pipeline(openAi, TelemetryConfig.of(TelemetryConfig.Exporter.NONE), List.of(),
                new WovenMethod(CREATE, List.of("openai"), Optional.empty()));
        ChatCompletionCreateParams request = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
                .addUserMessage("What is a heddle?").build();
        ChatCompletion answer = ObjectMappers.jsonMapper().readValue(CHAT_COMPLETION_JSON, ChatCompletion.class);

        Object token = pipeline.enter(CREATE, Object.class, null, new Object[] {request, RequestOptions.none()});
        pipeline.exit(token, answer, null);

        SpanData span = spans.getFinishedSpanItems().get(0);
        assertThat(span.getAttributes().asMap().values()).noneSatisfy(value ->
                assertThat(value.toString()).contains("heddle?"));
        assertThat(span.getAttributes().asMap().values()).noneSatisfy(value ->
                assertThat(value.toString()).contains("lifts warp"));
    }

    @Test
    void aFailedCallIsAnErrorOnItsSpanAndItsEvent() throws Exception {
        CallPipeline pipeline = pipeline(List.of(), bot());

        Object token = pipeline.enter(ANSWER, Object.class, null, new Object[] {"boom?"});
        pipeline.exit(token, null, new IllegalStateException("vendor down"));

        SpanData span = spans.getFinishedSpanItems().get(0);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("java.lang.IllegalStateException");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
        AnalyticsEvent event = writtenEvents().get(0);
        assertThat(event.outcome()).isEqualTo("error");
        assertThat(event.errorType()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void heddlesSpanIsAChildOfTheAppsCurrentSpan() throws Exception {
        CallPipeline pipeline = pipeline(List.of(), bot());
        SdkTracerProvider appTracing = SdkTracerProvider.builder().build();
        Span appSpan = appTracing.get("app").spanBuilder("GET /ask").startSpan();

        try (Scope ignored = appSpan.makeCurrent()) {
            call(pipeline, ANSWER, "Paris", "capital of France?");
        } finally {
            appSpan.end();
            appTracing.close();
        }

        SpanData heddle = spans.getFinishedSpanItems().get(0);
        assertThat(heddle.getTraceId()).isEqualTo(appSpan.getSpanContext().getTraceId());
        assertThat(heddle.getParentSpanId()).isEqualTo(appSpan.getSpanContext().getSpanId());
    }

    @Test
    void aNestedWovenCallIsAChildOfTheOuterOne() throws Exception {
        WovenMethod visit = new WovenMethod(VISIT, List.of(), Optional.empty(), ResilienceSettings.NONE, -1,
                Optional.of(new TrackConfig(Optional.of("page_view"))));
        CallPipeline pipeline = pipeline(List.of(), bot(), visit);

        Object outer = pipeline.enter(VISIT, Object.class, null, new Object[] {"/ask"});
        call(pipeline, ANSWER, "Paris", "capital of France?");
        pipeline.exit(outer, "page", null);

        List<SpanData> finished = spans.getFinishedSpanItems();
        SpanData inner = finished.get(0);
        SpanData page = finished.get(1);
        assertThat(inner.getParentSpanId()).isEqualTo(page.getSpanId());
        assertThat(page.getName()).isEqualTo("Object.visit");
    }

    @Test
    void aTrackedMethodWritesItsAppEventAndNoModelCall() throws Exception {
        WovenMethod visit = new WovenMethod(VISIT, List.of(), Optional.empty(), ResilienceSettings.NONE, -1,
                Optional.of(new TrackConfig(Optional.of("page_view"))));
        CallPipeline pipeline = pipeline(List.of(), visit);

        Heddle.runAs("carol", () -> call(pipeline, VISIT, "page", "/pricing"));

        List<AnalyticsEvent> written = writtenEvents();
        assertThat(written).extracting(AnalyticsEvent::event).containsExactly("page_view");
        assertThat(written.get(0).user()).isEqualTo("carol");
        assertThat(written.get(0).cache()).isNull();
    }

    @Test
    void usersInAnExperimentAreExposedOnceAndTheirCallsCarryTheirVariant() throws Exception {
        ExperimentConfig experiment = new ExperimentConfig("prompt-test", "prompt-test", 1.0, List.of(), List.of("bot"),
                List.of(new VariantConfig("control", 0.5, Optional.empty(), Optional.empty(), Map.of()),
                        new VariantConfig("short", 0.5, Optional.empty(), Optional.empty(), Map.of())),
                true, Location.NONE);
        CallPipeline pipeline = pipeline(List.of(experiment), bot());
        TrackingApi.install(registry);
        String expected = new VariantAssigner("prompt-test", new double[] {0.5, 0.5}, 1.0).assign("dave") == 0 ? "control" : "short";

        Heddle.runAs("dave", () -> call(pipeline, ANSWER, "A", "first?"));
        Heddle.runAs("dave", () -> call(pipeline, ANSWER, "B", "second?"));

        List<AnalyticsEvent> written = writtenEvents();
        assertThat(written).extracting(AnalyticsEvent::event)
                .containsExactly("feature_flag.evaluation", "llm_call", "llm_call");
        assertThat(written.get(0).properties()).containsEntry("feature_flag.key", "prompt-test")
                .containsEntry("feature_flag.result.variant", expected);
        assertThat(written).allSatisfy(event -> assertThat(event.variants()).containsEntry("prompt-test", expected));
        assertThat(spans.getFinishedSpanItems()).allSatisfy(span ->
                assertThat(span.getAttributes().get(AttributeKey.stringKey("heddle.experiment.prompt-test"))).isEqualTo(expected));
        assertThat(Heddle.variant("prompt-test", "dave")).contains(expected);
    }

    @Test
    void aVariantThatSwitchesTheCacheOffChangesOnlyItsUsersCalls() throws Exception {
        RuleConfig uncached = ConfigLoader.parse("""
                rules:
                  - name: bot
                    match: { type: com.example.Bot, method: answer }
                """, "variant.yaml").rules().get(0);
        ExperimentConfig experiment = new ExperimentConfig("cache-test", "cache-test", 1.0, List.of(), List.of("bot"),
                List.of(new VariantConfig("control", 0.5, Optional.empty(), Optional.empty(), Map.of()),
                        new VariantConfig("uncached", 0.5, Optional.empty(), Optional.empty(), Map.of("bot", uncached))),
                true, Location.NONE);
        CallPipeline pipeline = pipeline(List.of(experiment), bot());
        VariantAssigner assigner = new VariantAssigner("cache-test", new double[] {0.5, 0.5}, 1.0);
        String control = firstUserIn(assigner, 0);
        String treated = firstUserIn(assigner, 1);

        for (String user : List.of(control, control, treated, treated)) {
            Heddle.runAs(user, () -> call(pipeline, ANSWER, "answer for " + user, "question of " + user));
        }

        List<AnalyticsEvent> calls = writtenEvents().stream().filter(event -> event.event().equals("llm_call")).toList();
        assertThat(calls).extracting(AnalyticsEvent::cache).containsExactly("miss", "hit", "none", "none");
        assertThat(calls).extracting(event -> event.variants().get("cache-test"))
                .containsExactly("control", "control", "uncached", "uncached");
    }

    @Test
    void aVariantsQuotaTierAppliesToItsUsersOnly() throws Exception {
        HeddleConfig config = ConfigLoader.parse("""
                analytics: { directory: "%s" }
                quotas:
                  per-user:
                    tiers:
                      free: { requests: 1/1h }
                      pro: { requests: 100/1h }
                    default: free
                rules:
                  - name: bot
                    match: { type: com.example.Bot, method: answer }
                    quota: per-user
                experiments:
                  - name: generous
                    variants:
                      - { name: control }
                      - { name: upgraded, quotaTier: pro }
                """.formatted(events.toString().replace("\\", "/")), "quota-experiment.yaml");
        registry = new Registry(config, section -> Telemetry.over(sdk, section));
        registry.register(bot());
        CallPipeline pipeline = new CallPipeline(registry);
        VariantAssigner assigner = new VariantAssigner("generous", new double[] {0.5, 0.5}, 1.0);
        String control = firstUserIn(assigner, 0);
        String upgraded = firstUserIn(assigner, 1);

        List<String> outcomes = new ArrayList<>();
        for (String user : List.of(control, control, upgraded, upgraded, upgraded)) {
            Heddle.runAs(user, () -> {
                Object token = pipeline.enter(ANSWER, Object.class, null, new Object[] {"question " + outcomes.size()});
                outcomes.add(token instanceof Answer answer && answer.failure() != null ? "refused" : "answered");
                if (!(token instanceof Answer)) pipeline.exit(token, "an answer", null);
                return null;
            });
        }

        assertThat(outcomes).containsExactly("answered", "refused", "answered", "answered", "answered");
        assertThat(writtenEvents()).filteredOn(event -> event.event().equals("llm_call")).extracting(AnalyticsEvent::outcome)
                .containsExactly("ok", "rejected", "ok", "ok", "ok");
    }

    private static String firstUserIn(VariantAssigner assigner, int variant) {
        for (int i = 0; ; i++) {
            if (assigner.assign("user-" + i) == variant) return "user-" + i;
        }
    }

    @Test
    void aCallWithoutAUserTakesPartInNoExperiment() throws Exception {
        ExperimentConfig experiment = new ExperimentConfig("prompt-test", "prompt-test", 1.0, List.of(), List.of(),
                List.of(new VariantConfig("control", 0.5, Optional.empty(), Optional.empty(), Map.of()),
                        new VariantConfig("short", 0.5, Optional.empty(), Optional.empty(), Map.of())),
                true, Location.NONE);
        CallPipeline pipeline = pipeline(List.of(experiment), bot());

        call(pipeline, ANSWER, "A", "first?");

        List<AnalyticsEvent> written = writtenEvents();
        assertThat(written).extracting(AnalyticsEvent::event).containsExactly("llm_call");
        assertThat(written.get(0).variants()).isEmpty();
        assertThat(written.get(0).user()).isNull();
    }

    @Test
    void heddlesCountersAreMetricsByRuleWithoutUsers() throws Exception {
        CallPipeline pipeline = pipeline(List.of(), bot());

        Heddle.runAs("alice", () -> call(pipeline, ANSWER, "Paris", "capital of France?"));
        Heddle.runAs("alice", () -> call(pipeline, ANSWER, "Paris", "capital of France?"));

        MetricData requests = metrics.collectAllMetrics().stream().filter(metric -> metric.getName().equals("heddle.cache.requests"))
                .findFirst().orElseThrow();
        assertThat(requests.getLongSumData().getPoints()).anySatisfy(point -> {
            assertThat(point.getAttributes().get(AttributeKey.stringKey("heddle.cache.result"))).isEqualTo("hit");
            assertThat(point.getValue()).isEqualTo(1);
        });
        assertThat(requests.getLongSumData().getPoints()).allSatisfy(point ->
                assertThat(point.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
                        .containsOnly("heddle.rule", "heddle.cache.result"));
    }

    @Test
    void aReloadWithoutTrackingSectionsStopsTrackingWhileTheCacheGoesOn() throws Exception {
        CallPipeline pipeline = pipeline(List.of(), bot());
        call(pipeline, ANSWER, "Paris", "capital of France?");
        assertThat(writtenEvents()).hasSize(1);

        registry.apply(ConfigLoader.parse(RULES, "test.yaml"));
        Object second = pipeline.enter(ANSWER, Object.class, null, new Object[] {"capital of France?"});

        assertThat(second).as("still a cache hit").isInstanceOf(Answer.class);
        assertThat(writtenEvents()).hasSize(1);
        assertThat(registry.analyticsEventsWritten()).isZero();
    }

    @Test
    void heddleTrackWritesAnAppEventOfTheCurrentUser() throws Exception {
        pipeline(List.of(), bot());
        TrackingApi.install(registry);

        Heddle.runAs("erin", () -> Heddle.track("query_submitted", Map.of("length", 12)));
        Heddle.runAs("erin", () -> Heddle.feedback("user_rating", 1.0, "positive"));

        List<AnalyticsEvent> written = writtenEvents();
        assertThat(written).extracting(AnalyticsEvent::event).containsExactly("query_submitted", "gen_ai.evaluation.result");
        assertThat(written.get(0).properties()).containsEntry("length", 12L);
        assertThat(written.get(1).properties()).containsEntry("gen_ai.evaluation.name", "user_rating")
                .containsEntry("gen_ai.evaluation.score.label", "positive").containsEntry("gen_ai.evaluation.score.value", 1.0);
        assertThat(written).extracting(AnalyticsEvent::user).containsOnly("erin");
    }
}
