package dev.heddle.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.analytics.WrittenEvents;
import dev.heddle.bootstrap.Answer;
import dev.heddle.bootstrap.EdgeDispatcher;
import dev.heddle.config.AnalyticsConfig;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.TelemetryConfig;
import dev.heddle.pipeline.CallPipeline;
import dev.heddle.pipeline.Registry;
import dev.heddle.pipeline.WovenMethod;
import dev.heddle.telemetry.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request on a route is the parent span of the LLM calls made while serving it, and its route's analytics event. */
class HttpEdgeTrackingTest {

    private static final String ANSWER = "com.example.Bot:answer(Ljava/lang/String;)Ljava/lang/String;";
    private static final String YAML = """
            rules:
              - name: bot
                match: { type: com.example.Bot, method: answer }
            http:
              user: [ { header: X-User-Id } ]
              routes:
                - path: /api/ask
                  methods: [POST]
                  event: query_submitted
                - path: /articles/*
                  cache: { ttl: 1m }
                  event: page_view
            """;

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();

    @TempDir
    Path events;

    private Registry registry;
    private HttpEdge edge;
    private CallPipeline pipeline;

    private void start() throws Exception {
        HeddleConfig parsed = ConfigLoader.parse(YAML, "test.yaml");
        HeddleConfig config = new HeddleConfig(parsed.source(), true, Optional.empty(), parsed.rules(), parsed.quotas(), Map.of(),
                Optional.empty(), Optional.of(TelemetryConfig.of(TelemetryConfig.Exporter.NONE)),
                Optional.of(AnalyticsConfig.inDirectory(events.toString())), List.of(), parsed.http());
        registry = new Registry(config, section -> Telemetry.over(sdk, section));
        registry.register(new WovenMethod(ANSWER, List.of("bot"), Optional.empty()));
        pipeline = new CallPipeline(registry);
        edge = new HttpEdge(registry);
    }

    @AfterEach
    void closeTracking() {
        if (registry != null) registry.closeTracking();
        sdk.close();
    }

    /** A servlet that makes one woven LLM call, as the woven method would run it. */
    private void serveAskingTheModel(FakeExchange exchange) {
        Object token = edge.enter(HttpServlet.class, exchange.request, exchange.response);
        assertThat(token).isNotNull().isNotSameAs(EdgeDispatcher.ANSWERED);
        Object call = pipeline.enter(ANSWER, Object.class, null, new Object[] {"what is a heddle?"});
        if (!(call instanceof Answer)) pipeline.exit(call, "a loom part", null);
        edge.exit(token, null);
    }

    private List<AnalyticsEvent> writtenEvents() throws IOException {
        registry.flushTracking();
        return WrittenEvents.in(events);
    }

    @Test
    void theRequestIsTheParentSpanOfTheLlmCallsItMadeAndTheirUserIsTheRequests() throws Exception {
        start();

        serveAskingTheModel(new FakeExchange("POST", "/api/ask", null).header("X-User-Id", "alice"));

        List<SpanData> finished = spans.getFinishedSpanItems();
        SpanData request = finished.stream().filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        SpanData call = finished.stream().filter(span -> span.getKind() != SpanKind.SERVER).findFirst().orElseThrow();
        assertThat(request.getName()).isEqualTo("POST /api/ask");
        assertThat(request.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(request.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/api/ask");
        assertThat(call.getParentSpanId()).isEqualTo(request.getSpanId());
        assertThat(call.getTraceId()).isEqualTo(request.getTraceId());
        assertThat(call.getAttributes().get(AttributeKey.stringKey("user.id"))).isEqualTo("alice");
    }

    @Test
    void eachServedRequestWritesItsRoutesEventForFunnelsWithoutCode() throws Exception {
        start();

        for (int i = 0; i < 2; i++) {
            FakeExchange page = new FakeExchange("GET", "/articles/7", null).header("X-User-Id", "bob");
            Object token = edge.enter(HttpServlet.class, page.request, page.response);
            if (token != EdgeDispatcher.ANSWERED) {
                ((jakarta.servlet.http.HttpServletResponse) edge.response(token, page.response)).getOutputStream().write('x');
                edge.exit(token, null);
            }
        }
        serveAskingTheModel(new FakeExchange("POST", "/api/ask", null).header("X-User-Id", "bob"));

        List<AnalyticsEvent> written = writtenEvents();
        assertThat(written).extracting(AnalyticsEvent::event).containsExactly("page_view", "page_view", "llm_call", "query_submitted");
        assertThat(written).extracting(AnalyticsEvent::user).containsOnly("bob");
        assertThat(written.get(0).properties()).containsEntry("heddle.http.cache", "miss").containsEntry("url.path", "/articles/7");
        assertThat(written.get(1).properties()).containsEntry("heddle.http.cache", "hit");
        assertThat(written.get(3).properties()).containsEntry("http.request.method", "POST").containsEntry("http.route", "/api/ask");
        assertThat(((Number) written.get(3).properties().get("http.response.status_code")).intValue()).isEqualTo(200);
    }
}
