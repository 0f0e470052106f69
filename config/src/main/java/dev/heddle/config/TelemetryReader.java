package dev.heddle.config;

import dev.heddle.config.TelemetryConfig.Exporter;
import dev.heddle.config.TelemetryConfig.OtlpProtocol;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code telemetry:}: {@code { exporter, endpoint, protocol, headers, prometheus, serviceName,
 * captureContent, metricInterval }}.
 */
final class TelemetryReader {

    private static final List<String> KEYS = List.of("exporter", "endpoint", "protocol", "headers", "prometheus", "serviceName",
            "captureContent", "metricInterval");
    private static final List<String> PROMETHEUS_KEYS = List.of("host", "port");
    private static final List<String> OTLP_ONLY_KEYS = List.of("endpoint", "protocol", "headers");
    /** The exporter names; console is the OpenTelemetry SDK's older name of the logging exporter. */
    private static final Map<String, Exporter> EXPORTERS = Map.of("none", Exporter.NONE, "logging", Exporter.LOGGING,
            "console", Exporter.LOGGING, "otlp", Exporter.OTLP, "prometheus", Exporter.PROMETHEUS);
    private static final List<String> EXPORTER_NAMES = List.of("none", "logging", "console", "otlp", "prometheus");
    /** An HTTP header name, a token in RFC 9110's words. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final String DEFAULT_PROMETHEUS_HOST = "127.0.0.1";
    private static final String EXPECTED_TELEMETRY = "a mapping such as { exporter: otlp, endpoint: http://127.0.0.1:4318 }";
    private static final String EXPECTED_EXPORTER = "one of " + String.join(", ", EXPORTER_NAMES);
    private static final String EXPECTED_HEADERS = "a mapping of header names to values, such as { x-api-key: \"${OTEL_KEY}\" }";
    private static final String EXPECTED_PROMETHEUS = "a mapping such as { host: 127.0.0.1, port: 9464 }";

    private final Problems problems;
    private final Scalars scalars;

    TelemetryReader(Problems problems, Scalars scalars) {
        this.problems = problems;
        this.scalars = scalars;
    }

    /** @return the telemetry settings; empty when they have problems, which are reported */
    Optional<TelemetryConfig> read(Node node, String path) {
        return YamlMapping.read(node, path, EXPECTED_TELEMETRY, problems).flatMap(telemetry -> {
            telemetry.allowOnly(KEYS, problems);
            Optional<Node> exporterNode = telemetry.get("exporter");
            if (exporterNode.isEmpty()) {
                problems.report(telemetry.node(), path, "'exporter' is required: " + EXPECTED_EXPORTER + ", such as { exporter: otlp }");
            }
            Optional<Exporter> exporter = exporterNode.flatMap(value -> exporter(value, telemetry.pathOf("exporter")));
            exporter.ifPresent(chosen -> reportKeysOtherExportersUse(telemetry, chosen));
            Optional<String> endpoint = telemetry.get("endpoint")
                    .flatMap(value -> scalars.httpUrl(value, telemetry.pathOf("endpoint"), "http://127.0.0.1:4318"));
            Optional<OtlpProtocol> protocol = telemetry.get("protocol").isEmpty() ? Optional.of(OtlpProtocol.HTTP_PROTOBUF)
                    : protocol(telemetry.get("protocol").get(), telemetry.pathOf("protocol"));
            Map<String, String> headers = telemetry.get("headers")
                    .flatMap(value -> YamlMapping.read(value, telemetry.pathOf("headers"), EXPECTED_HEADERS, problems))
                    .map(this::headers).orElse(Map.of());
            Optional<YamlMapping> prometheus = telemetry.get("prometheus")
                    .flatMap(value -> YamlMapping.read(value, telemetry.pathOf("prometheus"), EXPECTED_PROMETHEUS, problems))
                    .map(mapping -> mapping.allowOnly(PROMETHEUS_KEYS, problems));
            String host = prometheus.flatMap(mapping -> mapping.get("host")
                    .flatMap(value -> scalars.name(value, mapping.pathOf("host"), "a host name or address such as 127.0.0.1")))
                    .orElse(DEFAULT_PROMETHEUS_HOST);
            int port = prometheus.flatMap(mapping -> mapping.get("port").flatMap(value -> scalars.port(value, mapping.pathOf("port"))))
                    .orElse(TelemetryConfig.DEFAULT_PROMETHEUS_PORT);
            Optional<String> serviceName = telemetry.get("serviceName")
                    .flatMap(value -> scalars.name(value, telemetry.pathOf("serviceName"), "a service name such as support-app"));
            boolean captureContent = telemetry.get("captureContent")
                    .flatMap(value -> scalars.bool(value, telemetry.pathOf("captureContent"))).orElse(false);
            Duration metricInterval = telemetry.get("metricInterval")
                    .flatMap(value -> scalars.positiveDuration(value, telemetry.pathOf("metricInterval")))
                    .orElse(TelemetryConfig.DEFAULT_METRIC_INTERVAL);
            return exporter.flatMap(chosen -> protocol.map(otlpProtocol -> new TelemetryConfig(chosen, endpoint, otlpProtocol,
                    headers, host, port, serviceName, captureContent, metricInterval)));
        });
    }

    /**
     * A key that another exporter reads is more likely a mistake than a wish; {@code none} is the
     * exception, since switching telemetry off should not mean deleting its settings.
     */
    private void reportKeysOtherExportersUse(YamlMapping telemetry, Exporter exporter) {
        if (exporter == Exporter.NONE) return;
        if (exporter != Exporter.OTLP) {
            for (String key : OTLP_ONLY_KEYS) {
                telemetry.get(key).ifPresent(value -> problems.report(value, telemetry.pathOf(key),
                        "'" + key + "' applies only to exporter: otlp"));
            }
        }
        if (exporter != Exporter.PROMETHEUS) {
            telemetry.get("prometheus").ifPresent(value -> problems.report(value, telemetry.pathOf("prometheus"),
                    "'prometheus' applies only to exporter: prometheus"));
        } else {
            telemetry.get("metricInterval").ifPresent(value -> problems.report(value, telemetry.pathOf("metricInterval"),
                    "'metricInterval' does not apply to exporter: prometheus, which is scraped when the scraper asks"));
        }
    }

    private Optional<Exporter> exporter(Node node, String path) {
        return scalars.name(node, path, EXPECTED_EXPORTER).flatMap(name -> {
            Optional<Exporter> exporter = Optional.ofNullable(EXPORTERS.get(name));
            if (exporter.isEmpty()) {
                problems.report(node, path, "unknown exporter '" + name + "'; " + Suggestions.hint(name, EXPORTER_NAMES));
            }
            return exporter;
        });
    }

    private Optional<OtlpProtocol> protocol(Node node, String path) {
        List<String> names = Arrays.stream(OtlpProtocol.values()).map(OtlpProtocol::yamlName).toList();
        return scalars.name(node, path, "one of " + String.join(", ", names)).flatMap(name -> {
            Optional<OtlpProtocol> protocol = Arrays.stream(OtlpProtocol.values())
                    .filter(candidate -> candidate.yamlName().equals(name)).findFirst();
            if (protocol.isEmpty()) problems.report(node, path, "unknown protocol '" + name + "'; " + Suggestions.hint(name, names));
            return protocol;
        });
    }

    private Map<String, String> headers(YamlMapping headers) {
        Map<String, String> read = new LinkedHashMap<>();
        for (YamlMapping.Entry header : headers.entries()) {
            String path = headers.pathOf(header.key());
            if (!HEADER_NAME.matcher(header.key()).matches()) {
                problems.report(header.keyNode(), path, "expected an HTTP header name such as x-api-key, but found '"
                        + header.key() + "'");
                continue;
            }
            // a header's value is often a secret: no message repeats it
            scalars.text(header.value(), path, "the header's value, such as \"${OTEL_KEY}\"")
                    .ifPresent(value -> read.put(header.key(), value));
        }
        return read;
    }
}
