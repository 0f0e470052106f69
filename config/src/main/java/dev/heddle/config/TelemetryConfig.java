package dev.heddle.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * OpenTelemetry spans and metrics of woven calls: {@code telemetry: { exporter: otlp, endpoint: http://collector:4318 }}.
 * Without {@code telemetry:} Heddle records no spans or metrics. The standard {@code OTEL_*}
 * environment variables and {@code otel.*} system properties win over what is written here.
 *
 * @param exporter where spans and metrics go
 * @param endpoint the OTLP endpoint, such as {@code http://127.0.0.1:4318}; the SDK's default when empty
 * @param protocol the OTLP protocol
 * @param headers headers sent with every OTLP export, such as an API key
 * @param prometheusHost the address the Prometheus scrape endpoint binds to
 * @param prometheusPort the port of the Prometheus scrape endpoint
 * @param serviceName the {@code service.name} resource attribute; the SDK's default when empty
 * @param captureContent whether prompt and completion text go on spans (never by default)
 * @param metricInterval how often metrics are exported (not for Prometheus, which is scraped)
 */
public record TelemetryConfig(Exporter exporter, Optional<String> endpoint, OtlpProtocol protocol, Map<String, String> headers,
        String prometheusHost, int prometheusPort, Optional<String> serviceName, boolean captureContent,
        Duration metricInterval) {

    /** The Prometheus exporter's usual port. */
    public static final int DEFAULT_PROMETHEUS_PORT = 9464;
    /** The SDK's default metric export interval. */
    public static final Duration DEFAULT_METRIC_INTERVAL = Duration.ofSeconds(60);

    public TelemetryConfig {
        Objects.requireNonNull(exporter, "exporter");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(prometheusHost, "prometheusHost");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(metricInterval, "metricInterval");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * The settings of a section that names only its exporter.
     *
     * @param exporter where spans and metrics go
     * @return the settings, everything else at its default
     */
    public static TelemetryConfig of(Exporter exporter) {
        return new TelemetryConfig(exporter, Optional.empty(), OtlpProtocol.HTTP_PROTOBUF, Map.of(), "127.0.0.1",
                DEFAULT_PROMETHEUS_PORT, Optional.empty(), false, DEFAULT_METRIC_INTERVAL);
    }

    /** Where spans and metrics go. */
    public enum Exporter {
        /** Nowhere: spans still parent the app's, metrics are not kept. */
        NONE("none"),
        /** Standard error, through OpenTelemetry's logging exporter (the console). */
        LOGGING("logging"),
        /** An OpenTelemetry collector or vendor, over OTLP. */
        OTLP("otlp"),
        /** Metrics on a scrape endpoint; spans are not exported. */
        PROMETHEUS("prometheus");

        private final String yamlName;

        Exporter(String yamlName) {
            this.yamlName = yamlName;
        }

        /** @return the name written in YAML, and in {@code otel.*_exporter} */
        public String yamlName() {
            return yamlName;
        }
    }

    /** The OTLP transport. */
    public enum OtlpProtocol {
        /** HTTP with protobuf bodies, port 4318 by convention. */
        HTTP_PROTOBUF("http/protobuf"),
        /** gRPC, port 4317 by convention. */
        GRPC("grpc");

        private final String yamlName;

        OtlpProtocol(String yamlName) {
            this.yamlName = yamlName;
        }

        /** @return the name written in YAML, and in {@code otel.exporter.otlp.protocol} */
        public String yamlName() {
            return yamlName;
        }
    }
}
