package dev.heddle.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.sun.net.httpserver.HttpServer;
import dev.heddle.config.TelemetryConfig;
import io.opentelemetry.api.common.Attributes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TelemetryTest {

    @Test
    void theYamlBecomesTheSdksStandardProperties() {
        TelemetryConfig config = new TelemetryConfig(TelemetryConfig.Exporter.OTLP, Optional.of("http://collector:4318"),
                TelemetryConfig.OtlpProtocol.GRPC, headers(), "127.0.0.1", 9464,
                Optional.of("support-app"), false, Duration.ofSeconds(10));

        Map<String, String> properties = Telemetry.properties(config);

        assertThat(properties).containsEntry("otel.traces.exporter", "otlp").containsEntry("otel.metrics.exporter", "otlp")
                .containsEntry("otel.exporter.otlp.endpoint", "http://collector:4318")
                .containsEntry("otel.exporter.otlp.protocol", "grpc")
                .containsEntry("otel.exporter.otlp.headers", "x-api-key=secret,tenant=a%2Cb")
                .containsEntry("otel.service.name", "support-app")
                .containsEntry("otel.metric.export.interval", "10000");
    }

    @Test
    void prometheusExportsMetricsOnlyAndServesThemOnItsScrapeEndpoint() throws Exception {
        int port = freePort();
        TelemetryConfig config = new TelemetryConfig(TelemetryConfig.Exporter.PROMETHEUS, Optional.empty(),
                TelemetryConfig.OtlpProtocol.HTTP_PROTOBUF, Map.of(), "127.0.0.1", port, Optional.empty(), false,
                TelemetryConfig.DEFAULT_METRIC_INTERVAL);
        assertThat(Telemetry.properties(config)).containsEntry("otel.traces.exporter", "none")
                .containsEntry("otel.metrics.exporter", "prometheus");
        Telemetry telemetry = Telemetry.start(config);
        try {
            telemetry.duration().record(0.5, Attributes.of(GenAiAttributes.OPERATION_NAME, "chat"));

            HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("gen_ai_client_operation_duration_seconds_bucket")
                    .contains("gen_ai_operation_name=\"chat\"");
        } finally {
            telemetry.close();
        }
    }

    @Test
    void otlpOverHttpPostsProtobufSpansToTheEndpoint() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            received.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        TelemetryConfig config = new TelemetryConfig(TelemetryConfig.Exporter.OTLP,
                Optional.of("http://127.0.0.1:" + collector.getAddress().getPort()), TelemetryConfig.OtlpProtocol.HTTP_PROTOBUF,
                Map.of(), "127.0.0.1", 9464, Optional.empty(), false, TelemetryConfig.DEFAULT_METRIC_INTERVAL);
        Telemetry telemetry = Telemetry.start(config);
        try {
            telemetry.tracer().spanBuilder("chat gpt-4o-mini").startSpan().end();
            telemetry.flush();

            assertThat(received).contains("/v1/traces application/x-protobuf");
        } finally {
            telemetry.close();
            collector.stop(0);
        }
    }

    @Test
    void theSdksAndTheSendersThreadsCarryHeddleNames() throws Exception {
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        TelemetryConfig config = new TelemetryConfig(TelemetryConfig.Exporter.OTLP,
                Optional.of("http://127.0.0.1:" + collector.getAddress().getPort()), TelemetryConfig.OtlpProtocol.HTTP_PROTOBUF,
                Map.of(), "127.0.0.1", 9464, Optional.empty(), false, TelemetryConfig.DEFAULT_METRIC_INTERVAL);
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Telemetry telemetry = Telemetry.start(config);
        try {
            telemetry.tracer().spanBuilder("chat gpt-4o-mini").startSpan().end();
            telemetry.flush();

            List<String> started = Thread.getAllStackTraces().keySet().stream().filter(thread -> !before.contains(thread))
                    .map(Thread::getName).toList();
            assertThat(started).as("the SDK's own threads, renamed").contains("heddle-otel-BatchSpanProcessor_WorkerThread-1")
                    .anyMatch(name -> name.startsWith("heddle-otel-PeriodicMetricReader-"));
            // the export pool is shared and keeps an idle thread a minute: one may come from an earlier export
            assertThat(Thread.getAllStackTraces().keySet()).as("the export ran on Heddle's own pool")
                    .anyMatch(thread -> thread.getName().startsWith("heddle-otlp-export-") && thread.isDaemon());
            assertThat(started).as("no thread keeps the SDK's or the sender's own name")
                    .noneMatch(name -> name.startsWith("BatchSpanProcessor_") || name.startsWith("PeriodicMetricReader-")
                            || name.startsWith("BatchLogRecordProcessor_") || name.startsWith("okhttp-dispatch"));
        } finally {
            telemetry.close();
            collector.stop(0);
        }
    }

    @Test
    void otlpOverGrpcHasASenderInsideTheAgent() {
        TelemetryConfig config = new TelemetryConfig(TelemetryConfig.Exporter.OTLP, Optional.of("http://127.0.0.1:4317"),
                TelemetryConfig.OtlpProtocol.GRPC, Map.of(), "127.0.0.1", 9464, Optional.empty(), false,
                TelemetryConfig.DEFAULT_METRIC_INTERVAL);

        // without a gRPC sender on the class path the SDK refuses to build the exporter: "No GrpcSenderProvider found"
        assertThatCode(() -> Telemetry.start(config).close()).doesNotThrowAnyException();
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", "secret");
        headers.put("tenant", "a,b");
        return headers;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
