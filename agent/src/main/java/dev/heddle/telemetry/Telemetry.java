package dev.heddle.telemetry;

import dev.heddle.config.TelemetryConfig;
import dev.heddle.threads.LibraryThreads;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.View;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Heddle's own OpenTelemetry SDK, built from the YAML's {@code telemetry:} section with the
 * standard {@code OTEL_*} environment variables and {@code otel.*} system properties winning over
 * it. It is never registered as the app's {@code GlobalOpenTelemetry}: the app's telemetry, or the
 * OpenTelemetry Java agent's, stays as it is.
 */
public final class Telemetry {

    /** The instrumentation scope of everything Heddle records. */
    static final String SCOPE = "dev.heddle";
    /** The bucket boundaries the GenAI conventions give for {@code gen_ai.client.operation.duration}, in seconds. */
    static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24,
            20.48, 40.96, 81.92);
    /**
     * The bucket boundaries of {@code gen_ai.client.operation.time_per_output_chunk}, in seconds: the
     * conventions' advice for the server's time per output token, since a chunk is a token or a few.
     */
    static final List<Double> CHUNK_BUCKETS = List.of(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5);
    /** The bucket boundaries the GenAI conventions give for {@code gen_ai.client.token.usage}. */
    static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L,
            4194304L, 16777216L, 67108864L);

    /**
     * The SDK's reports on itself (its batch queues, its exporters), by instrument name. Inside the
     * agent they would reach the user's backend under relocated scope names such as
     * {@code dev.heddle.shaded.io.opentelemetry.sdk.trace}, beside the app's own SDK's, so they are
     * dropped: Heddle exports only what it records itself.
     */
    /** The names the SDK gives the threads of its span and log batch processors and of its metric reader. */
    private static final List<String> SDK_THREADS = List.of("BatchSpanProcessor_WorkerThread-",
            "BatchLogRecordProcessor_WorkerThread-", "PeriodicMetricReader-");
    static final List<String> SDK_SELF_METRICS = List.of("queueSize", "processedSpans", "processedLogs", "otlp.exporter.*",
            "otel.sdk.*");

    private final OpenTelemetrySdk sdk;
    private final TelemetryConfig config;
    private final Tracer tracer;
    private final Meter meter;
    private final Logger events;
    private final DoubleHistogram duration;
    private final LongHistogram tokens;
    private final DoubleHistogram timeToFirstChunk;
    private final DoubleHistogram timePerOutputChunk;

    private Telemetry(OpenTelemetrySdk sdk, TelemetryConfig config) {
        this.sdk = sdk;
        this.config = config;
        String version = Telemetry.class.getPackage().getImplementationVersion();
        this.tracer = version == null ? sdk.getTracer(SCOPE) : sdk.getTracer(SCOPE, version);
        this.meter = sdk.getMeter(SCOPE);
        this.events = sdk.getLogsBridge().get(SCOPE);
        this.duration = meter.histogramBuilder("gen_ai.client.operation.duration").setUnit("s")
                .setDescription("GenAI operation duration").setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
        this.tokens = meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}")
                .setDescription("Number of input and output tokens used").setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS).build();
        this.timeToFirstChunk = meter.histogramBuilder("gen_ai.client.operation.time_to_first_chunk").setUnit("s")
                .setDescription("Time to receive the first chunk of a streamed answer")
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
        this.timePerOutputChunk = meter.histogramBuilder("gen_ai.client.operation.time_per_output_chunk").setUnit("s")
                .setDescription("Time between two chunks of a streamed answer, for each chunk after the first")
                .setExplicitBucketBoundariesAdvice(CHUNK_BUCKETS).build();
    }

    /**
     * Builds the SDK: exporters, resource and intervals from {@code config}, unless an
     * {@code OTEL_*} variable or {@code otel.*} property says otherwise.
     *
     * @param config the {@code telemetry:} section
     * @return the started telemetry
     * @throws RuntimeException when the SDK cannot be configured (the message says why)
     */
    public static Telemetry start(TelemetryConfig config) {
        // the SDK's batch processors and metric reader start their threads as it is built
        OpenTelemetrySdk sdk = LibraryThreads.adopt("otel", SDK_THREADS, () -> AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> properties(config))
                .addSpanExporterCustomizer((exporter, properties) -> OtlpSenderThreads.spans(exporter))
                .addMetricExporterCustomizer((exporter, properties) -> OtlpSenderThreads.metrics(exporter))
                .addLogRecordExporterCustomizer((exporter, properties) -> OtlpSenderThreads.logs(exporter))
                .addMeterProviderCustomizer((meters, properties) -> {
                    for (String name : SDK_SELF_METRICS) {
                        meters.registerView(InstrumentSelector.builder().setName(name).build(),
                                View.builder().setAggregation(Aggregation.drop()).build());
                    }
                    return meters;
                })
                .setServiceClassLoader(Telemetry.class.getClassLoader())
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk());
        return new Telemetry(sdk, config);
    }

    /**
     * Telemetry over an SDK built elsewhere, such as one with in-memory exporters in a test.
     *
     * @param sdk the SDK
     * @param config the section it stands for
     * @return the telemetry
     */
    public static Telemetry over(OpenTelemetrySdk sdk, TelemetryConfig config) {
        return new Telemetry(sdk, config);
    }

    /** The {@code otel.*} properties the YAML stands for: the lowest-precedence defaults of the autoconfigured SDK. */
    static Map<String, String> properties(TelemetryConfig config) {
        Map<String, String> properties = new LinkedHashMap<>();
        String exporter = config.exporter().yamlName();
        boolean prometheus = config.exporter() == TelemetryConfig.Exporter.PROMETHEUS;
        properties.put("otel.traces.exporter", prometheus ? "none" : exporter);
        properties.put("otel.metrics.exporter", exporter);
        properties.put("otel.logs.exporter", prometheus ? "none" : exporter);
        config.endpoint().ifPresent(endpoint -> properties.put("otel.exporter.otlp.endpoint", endpoint));
        properties.put("otel.exporter.otlp.protocol", config.protocol().yamlName());
        if (!config.headers().isEmpty()) {
            properties.put("otel.exporter.otlp.headers", config.headers().entrySet().stream()
                    // the standard form is W3C baggage: values percent-encoded, so a comma in a key never splits it
                    .map(header -> header.getKey() + "=" + URLEncoder.encode(header.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining(",")));
        }
        properties.put("otel.exporter.prometheus.host", config.prometheusHost());
        properties.put("otel.exporter.prometheus.port", Integer.toString(config.prometheusPort()));
        config.serviceName().ifPresent(name -> properties.put("otel.service.name", name));
        properties.put("otel.metric.export.interval", Long.toString(config.metricInterval().toMillis()));
        return properties;
    }

    /** @return the section this was built from */
    public TelemetryConfig config() {
        return config;
    }

    Tracer tracer() {
        return tracer;
    }

    /** @return the meter of Heddle's own counters */
    public Meter meter() {
        return meter;
    }

    /** @return where analytics events go as OpenTelemetry log records */
    public Logger events() {
        return events;
    }

    DoubleHistogram timeToFirstChunk() {
        return timeToFirstChunk;
    }

    DoubleHistogram timePerOutputChunk() {
        return timePerOutputChunk;
    }

    DoubleHistogram duration() {
        return duration;
    }

    LongHistogram tokens() {
        return tokens;
    }

    /** Exports what is pending and stops the SDK, waiting a few seconds at most. */
    public void close() {
        sdk.shutdown().join(5, TimeUnit.SECONDS);
    }

    /** Exports what is pending now, waiting a few seconds at most; for tests and shutdown. */
    public void flush() {
        sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
        sdk.getSdkMeterProvider().forceFlush().join(5, TimeUnit.SECONDS);
        sdk.getSdkLoggerProvider().forceFlush().join(5, TimeUnit.SECONDS);
    }
}
