package dev.heddle.config;

import static dev.heddle.config.ParseFailures.at;
import static dev.heddle.config.ParseFailures.onlyProblem;
import static dev.heddle.config.ParseFailures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.config.TelemetryConfig.Exporter;
import dev.heddle.config.TelemetryConfig.OtlpProtocol;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TelemetryConfigTest {

    private static TelemetryConfig telemetry(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "heddle.yaml", Map.of("OTEL_KEY", "secret-key")::get).telemetry().orElseThrow();
    }

    @Test
    void withoutTelemetryThereAreNoSpansOrMetrics() throws ConfigException {
        assertThat(ConfigLoader.parse("rules: []", "heddle.yaml").telemetry()).isEmpty();
    }

    @Test
    void everyTelemetryKeyIsRead() throws ConfigException {
        TelemetryConfig telemetry = telemetry("""
                telemetry:
                  exporter: otlp
                  endpoint: http://127.0.0.1:4318
                  protocol: grpc
                  headers: { x-api-key: "${OTEL_KEY}", X-Tenant: support }
                  serviceName: support-app
                  captureContent: true
                  metricInterval: 15s
                """);

        assertThat(telemetry).isEqualTo(new TelemetryConfig(Exporter.OTLP, Optional.of("http://127.0.0.1:4318"), OtlpProtocol.GRPC,
                Map.of("x-api-key", "secret-key", "X-Tenant", "support"), "127.0.0.1", 9464, Optional.of("support-app"), true,
                Duration.ofSeconds(15)));
        assertThat(telemetry.headers().keySet()).as("file order").containsExactly("x-api-key", "X-Tenant");
    }

    @Test
    void theExporterAloneTakesEveryDefault() throws ConfigException {
        assertThat(telemetry("telemetry: { exporter: otlp }")).isEqualTo(TelemetryConfig.of(Exporter.OTLP));
        assertThat(TelemetryConfig.of(Exporter.OTLP)).isEqualTo(new TelemetryConfig(Exporter.OTLP, Optional.empty(),
                OtlpProtocol.HTTP_PROTOBUF, Map.of(), "127.0.0.1", 9464, Optional.empty(), false, Duration.ofSeconds(60)));
    }

    @ParameterizedTest
    @CsvSource({"none, NONE", "logging, LOGGING", "console, LOGGING", "otlp, OTLP", "prometheus, PROMETHEUS"})
    void eachExporterIsNamedAsInOpenTelemetry(String written, Exporter exporter) throws ConfigException {
        assertThat(telemetry("telemetry: { exporter: " + written + " }").exporter()).isEqualTo(exporter);
    }

    @Test
    void thePrometheusEndpointReadsItsHostAndPort() throws ConfigException {
        TelemetryConfig telemetry = telemetry("telemetry: { exporter: prometheus, prometheus: { host: 0.0.0.0, port: 9100 } }");

        assertThat(telemetry.prometheusHost()).isEqualTo("0.0.0.0");
        assertThat(telemetry.prometheusPort()).isEqualTo(9100);
        assertThat(telemetry("telemetry: { exporter: prometheus, prometheus: { port: 0 } }").prometheusPort())
                .as("0 asks for any free port").isZero();
    }

    @Test
    void exporterNoneKeepsTheSettingsOfTheOthers() throws ConfigException {
        TelemetryConfig telemetry = telemetry("telemetry: { exporter: none, endpoint: http://collector:4318, prometheus: { port: 9100 } }");

        assertThat(telemetry.exporter()).isEqualTo(Exporter.NONE);
        assertThat(telemetry.endpoint()).contains("http://collector:4318");
    }

    @Test
    void theExporterIsRequired() {
        ConfigProblem problem = onlyProblem("telemetry:\n  endpoint: http://127.0.0.1:4318\n");

        assertThat(problem.location()).isEqualTo(at(2, 3));
        assertThat(problem.message()).isEqualTo("telemetry: 'exporter' is required: one of none, logging, console, otlp, prometheus,"
                + " such as { exporter: otlp }");
    }

    @Test
    void anUnknownExporterIsAnErrorWithASuggestion() {
        ConfigProblem problem = onlyProblem("telemetry:\n  exporter: otpl\n");

        assertThat(problem.location()).isEqualTo(at(2, 13));
        assertThat(problem.message()).isEqualTo("telemetry.exporter: unknown exporter 'otpl'; did you mean 'otlp'?");
    }

    @Test
    void anUnknownProtocolIsAnErrorWithTheChoices() {
        ConfigProblem problem = onlyProblem("telemetry: { exporter: otlp, protocol: http }\n");

        assertThat(problem.location()).isEqualTo(at(1, 40));
        assertThat(problem.message()).isEqualTo("telemetry.protocol: unknown protocol 'http'; expected one of: http/protobuf, grpc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:4318", "ftp://collector", "http://", "not a url"})
    void theEndpointMustBeAnHttpUrl(String endpoint) {
        ConfigProblem problem = onlyProblem("telemetry: { exporter: otlp, endpoint: '" + endpoint + "' }\n");

        assertThat(problem.location()).isEqualTo(at(1, 40));
        assertThat(problem.message()).isEqualTo("telemetry.endpoint: expected an http or https URL such as http://127.0.0.1:4318,"
                + " but found '" + endpoint + "'");
    }

    @Test
    void aPasswordInTheEndpointIsNeverRepeated() {
        ConfigProblem problem = onlyProblem("telemetry: { exporter: otlp, endpoint: 'collector://user:hunter2@host' }\n");

        assertThat(problem.message()).doesNotContain("hunter2").contains("'collector://****@host'");
    }

    @Test
    void theMetricIntervalMustBeAPositiveDuration() {
        ConfigProblem problem = onlyProblem("telemetry:\n  exporter: otlp\n  metricInterval: 0s\n");

        assertThat(problem.location()).isEqualTo(at(3, 19));
        assertThat(problem.message()).isEqualTo("telemetry.metricInterval: expected a positive duration such as 30s, but found 0s");
    }

    @Test
    void aPrometheusPortOutsideTheTcpRangeIsAnError() {
        ConfigProblem problem = onlyProblem("telemetry:\n  exporter: prometheus\n  prometheus: { port: 65536 }\n");

        assertThat(problem.location()).isEqualTo(at(3, 23));
        assertThat(problem.message()).isEqualTo("telemetry.prometheus.port: expected a port from 1 to 65535, or 0 for any free port,"
                + " but found '65536'");
    }

    @Test
    void aHeaderNameMustBeAnHttpToken() {
        ConfigProblem problem = onlyProblem("telemetry:\n  exporter: otlp\n  headers: { 'x api key': abc }\n");

        assertThat(problem.location()).isEqualTo(at(3, 14));
        assertThat(problem.message()).isEqualTo("telemetry.headers.x api key: expected an HTTP header name such as x-api-key,"
                + " but found 'x api key'");
    }

    @Test
    void headersThatAreNotAMappingAreAnError() {
        ConfigProblem problem = onlyProblem("telemetry:\n  exporter: otlp\n  headers: [x-api-key]\n");

        assertThat(problem.location()).isEqualTo(at(3, 12));
        assertThat(problem.message()).startsWith("telemetry.headers: expected a mapping of header names to values").endsWith("but found a list");
    }

    @Test
    void keysOfAnotherExporterAreErrorsWhereTheyAre() {
        assertThat(problems("""
                telemetry:
                  exporter: prometheus
                  endpoint: http://127.0.0.1:4318
                  protocol: grpc
                  metricInterval: 10s
                """)).containsExactly(
                new ConfigProblem(at(3, 13), "telemetry.endpoint: 'endpoint' applies only to exporter: otlp"),
                new ConfigProblem(at(4, 13), "telemetry.protocol: 'protocol' applies only to exporter: otlp"),
                new ConfigProblem(at(5, 19), "telemetry.metricInterval: 'metricInterval' does not apply to exporter: prometheus,"
                        + " which is scraped when the scraper asks"));
        assertThat(onlyProblem("telemetry: { exporter: logging, prometheus: { port: 1 } }\n").message())
                .isEqualTo("telemetry.prometheus: 'prometheus' applies only to exporter: prometheus");
    }

    @Test
    void anUnknownTelemetryKeyIsAnErrorWithASuggestion() {
        ConfigProblem problem = onlyProblem("telemetry:\n  exporter: otlp\n  servicename: app\n");

        assertThat(problem.location()).isEqualTo(at(3, 3));
        assertThat(problem.message()).isEqualTo("telemetry: unknown key 'servicename'; did you mean 'serviceName'?");
    }

    @Test
    void anUnknownPrometheusKeyIsAnErrorWithASuggestion() {
        ConfigProblem problem = onlyProblem("telemetry: { exporter: prometheus, prometheus: { prot: 9100 } }\n");

        assertThat(problem.location()).isEqualTo(at(1, 50));
        assertThat(problem.message()).isEqualTo("telemetry.prometheus: unknown key 'prot'; did you mean 'port'?");
    }

    @Test
    void telemetryThatIsNotAMappingIsAnError() {
        ConfigProblem problem = onlyProblem("telemetry: otlp\n");

        assertThat(problem.location()).isEqualTo(at(1, 12));
        assertThat(problem.message()).isEqualTo("telemetry: expected a mapping such as { exporter: otlp, endpoint: http://127.0.0.1:4318 },"
                + " but found 'otlp'");
    }

    @Test
    void captureContentMustBeABoolean() {
        ConfigProblem problem = onlyProblem("telemetry:\n  exporter: otlp\n  captureContent: yes\n");

        assertThat(problem.location()).isEqualTo(at(3, 19));
        assertThat(problem.message()).isEqualTo("telemetry.captureContent: expected true or false, but found 'yes'");
    }
}
