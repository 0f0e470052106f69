package dev.heddle.it.harness;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector in the test JVM, as far as a test needs one: it accepts OTLP over HTTP
 * with protobuf bodies (gzipped or not) on {@code 127.0.0.1} at a free port, at {@code /v1/traces},
 * {@code /v1/metrics} and {@code /v1/logs}, keeps every span, metric and log record it is sent, with
 * its resource and instrumentation scope, and answers each export with {@code 200} and an empty
 * response message. A body it cannot read is answered {@code 400} and named in every failure
 * message.
 *
 * <pre>{@code
 * try (OtlpReceiver receiver = OtlpReceiver.start()) {
 *     // child with OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint()
 *     List<OtlpReceiver.ReceivedSpan> spans = receiver.awaitSpans(3, span -> true, Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class OtlpReceiver implements AutoCloseable {

    /** The OTLP/HTTP paths, relative to the endpoint. */
    public static final String TRACES = "/v1/traces";
    public static final String METRICS = "/v1/metrics";
    public static final String LOGS = "/v1/logs";

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new ArrayList<>();
    private final List<ReceivedMetric> metrics = new ArrayList<>();
    private final List<ReceivedLog> logs = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts a receiver on {@code 127.0.0.1} at a free port.
     *
     * @return the running receiver; close it to stop it
     */
    public static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            OtlpReceiver receiver = new OtlpReceiver(server);
            server.createContext("/", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the OTLP receiver", e);
        }
    }

    /**
     * The base URL to give an OTLP/HTTP exporter, which appends {@code /v1/traces} and the others.
     *
     * @return {@code http://127.0.0.1:<port>}
     */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return every span received so far, in order of arrival */
    public synchronized List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /**
     * Every metric received so far, once per export that held it, in order of arrival: with
     * cumulative temporality a later export of a metric repeats its earlier points with newer values.
     *
     * @return the metrics
     */
    public synchronized List<ReceivedMetric> metrics() {
        return List.copyOf(metrics);
    }

    /** @return every log record received so far, in order of arrival */
    public synchronized List<ReceivedLog> logs() {
        return List.copyOf(logs);
    }

    /**
     * Waits until at least {@code count} received spans satisfy {@code which}.
     *
     * @param count how many
     * @param which which spans count
     * @param timeout how long to wait at most
     * @return the matching spans, in order of arrival (possibly more than {@code count})
     * @throws AssertionError if they have not all arrived within the timeout; the message lists what did
     */
    public List<ReceivedSpan> awaitSpans(int count, Predicate<ReceivedSpan> which, Duration timeout) {
        return await(() -> spans.stream().filter(which).toList(), found -> found.size() >= count, timeout,
                () -> "expected at least " + count + " matching spans");
    }

    /**
     * Waits until a metric of this name arrived (from any instrumentation scope).
     *
     * @param name the metric's name, such as {@code gen_ai.client.token.usage}
     * @param timeout how long to wait at most
     * @return every received export of that metric, in order of arrival
     * @throws AssertionError if none arrived within the timeout; the message lists what did
     */
    public List<ReceivedMetric> awaitMetric(String name, Duration timeout) {
        return await(() -> metrics.stream().filter(metric -> metric.metric().getName().equals(name)).toList(),
                found -> !found.isEmpty(), timeout, () -> "expected metric " + name);
    }

    private synchronized <T> List<T> await(Supplier<List<T>> query, Predicate<List<T>> done,
            Duration timeout, Supplier<String> expectation) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<T> found = query.get();
        while (!done.test(found)) {
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                throw new AssertionError(expectation.get() + " within " + timeout + "\n" + describe());
            }
            try {
                wait(leftMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for OTLP exports", e);
            }
            found = query.get();
        }
        return found;
    }

    /**
     * What arrived, for failure messages: each span with its scope, kind, ids and attributes, each
     * metric name with its scope, the number of log records, and every export that was refused.
     *
     * @return a multi-line description
     */
    public synchronized String describe() {
        StringBuilder text = new StringBuilder("--- OTLP receiver " + endpoint() + " ---\n");
        text.append("spans (").append(spans.size()).append("):\n");
        spans.forEach(span -> text.append("  ").append(span).append('\n'));
        Map<String, Long> metricNames = metrics.stream().collect(Collectors.groupingBy(
                metric -> metric.scopeName() + " " + metric.metric().getName(), LinkedHashMap::new, Collectors.counting()));
        text.append("metrics (scope name: exports):\n");
        metricNames.forEach((name, exports) -> text.append("  ").append(name).append(": ").append(exports).append('\n'));
        text.append("log records: ").append(logs.size()).append('\n');
        rejected.forEach(reason -> text.append("REJECTED ").append(reason).append('\n'));
        return text.append("--------------").toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod())) {
                refuse(exchange, 405, exchange.getRequestMethod() + " " + path);
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.startsWith("application/x-protobuf")) {
                refuse(exchange, 415, path + " with Content-Type " + contentType + " (only http/protobuf is understood)");
                return;
            }
            byte[] body;
            try (InputStream in = bodyOf(exchange)) {
                body = in.readAllBytes();
            }
            byte[] response;
            try {
                response = switch (path) {
                    case TRACES -> traces(ExportTraceServiceRequest.parseFrom(body));
                    case METRICS -> metrics(ExportMetricsServiceRequest.parseFrom(body));
                    case LOGS -> logs(ExportLogsServiceRequest.parseFrom(body));
                    default -> null;
                };
            } catch (InvalidProtocolBufferException unreadable) {
                refuse(exchange, 400, path + ": " + unreadable.getMessage());
                return;
            }
            if (response == null) {
                refuse(exchange, 404, "POST " + path);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
            if (response.length > 0) exchange.getResponseBody().write(response);
        }
    }

    private static InputStream bodyOf(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody();
    }

    private void refuse(HttpExchange exchange, int status, String reason) throws IOException {
        synchronized (this) {
            rejected.add(status + " " + reason);
            notifyAll();
        }
        exchange.sendResponseHeaders(status, -1);
    }

    private synchronized byte[] traces(ExportTraceServiceRequest request) {
        request.getResourceSpansList().forEach(resource -> resource.getScopeSpansList().forEach(scope ->
                scope.getSpansList().forEach(span -> spans.add(new ReceivedSpan(resource.getResource(), scope.getScope(), span)))));
        notifyAll();
        return ExportTraceServiceResponse.getDefaultInstance().toByteArray();
    }

    private synchronized byte[] metrics(ExportMetricsServiceRequest request) {
        request.getResourceMetricsList().forEach(resource -> resource.getScopeMetricsList().forEach(scope ->
                scope.getMetricsList().forEach(metric -> metrics.add(new ReceivedMetric(resource.getResource(), scope.getScope(),
                        metric)))));
        notifyAll();
        return ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
    }

    private synchronized byte[] logs(ExportLogsServiceRequest request) {
        request.getResourceLogsList().forEach(resource -> resource.getScopeLogsList().forEach(scope ->
                scope.getLogRecordsList().forEach(log -> logs.add(new ReceivedLog(resource.getResource(), scope.getScope(), log)))));
        notifyAll();
        return ExportLogsServiceResponse.getDefaultInstance().toByteArray();
    }

    /**
     * OTLP attributes as plain Java values: strings, {@code Long}s, {@code Double}s, {@code Boolean}s,
     * and lists of those for arrays.
     *
     * @param attributes the key-values of a span, data point, resource or log record
     * @return the values by key, in the order sent
     */
    public static Map<String, Object> attributes(List<KeyValue> attributes) {
        Map<String, Object> values = new LinkedHashMap<>();
        attributes.forEach(attribute -> values.put(attribute.getKey(), valueOf(attribute.getValue())));
        return values;
    }

    private static Object valueOf(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BOOL_VALUE -> value.getBoolValue();
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpReceiver::valueOf).toList();
            case BYTES_VALUE -> hex(value.getBytesValue());
            default -> value.toString();
        };
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    /**
     * One received span.
     *
     * @param resource the resource of the process that sent it
     * @param scope the instrumentation scope that recorded it
     * @param span the span
     */
    public record ReceivedSpan(Resource resource, InstrumentationScope scope, Span span) {

        /** @return the span's name */
        public String name() {
            return span.getName();
        }

        /** @return the name of the instrumentation scope that recorded it, such as {@code dev.heddle} */
        public String scopeName() {
            return scope.getName();
        }

        /** @return the span's kind, such as {@code SPAN_KIND_CLIENT} */
        public Span.SpanKind kind() {
            return span.getKind();
        }

        /** @return the trace id, 32 lower-case hex digits */
        public String traceId() {
            return hex(span.getTraceId());
        }

        /** @return the span id, 16 lower-case hex digits */
        public String spanId() {
            return hex(span.getSpanId());
        }

        /** @return the parent's span id, 16 lower-case hex digits, or empty for a root span */
        public String parentSpanId() {
            return hex(span.getParentSpanId());
        }

        /** @return the span's attributes as plain values */
        public Map<String, Object> attributes() {
            return OtlpReceiver.attributes(span.getAttributesList());
        }

        /** @return the resource's attributes, such as {@code service.name} */
        public Map<String, Object> resourceAttributes() {
            return OtlpReceiver.attributes(resource.getAttributesList());
        }

        @Override
        public String toString() {
            return scopeName() + " \"" + name() + "\" " + kind() + " trace=" + traceId() + " span=" + spanId() + " parent="
                    + parentSpanId() + " " + attributes();
        }
    }

    /**
     * One metric as one export held it.
     *
     * @param resource the resource of the process that sent it
     * @param scope the instrumentation scope that recorded it
     * @param metric the metric with the data points of that export
     */
    public record ReceivedMetric(Resource resource, InstrumentationScope scope, Metric metric) {

        /** @return the name of the instrumentation scope that recorded it */
        public String scopeName() {
            return scope.getName();
        }

        /** @return the resource's attributes, such as {@code service.name} */
        public Map<String, Object> resourceAttributes() {
            return OtlpReceiver.attributes(resource.getAttributesList());
        }
    }

    /**
     * One received log record.
     *
     * @param resource the resource of the process that sent it
     * @param scope the instrumentation scope that recorded it
     * @param log the record
     */
    public record ReceivedLog(Resource resource, InstrumentationScope scope, LogRecord log) {
    }
}
