package dev.heddle.config;

import static dev.heddle.config.ParseFailures.at;
import static dev.heddle.config.ParseFailures.onlyProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.config.AnalyticsConfig.ClickHouseConfig;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AnalyticsConfigTest {

    private static Optional<AnalyticsConfig> analytics(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "heddle.yaml", Map.of("CH_PASSWORD", "s3cret")::get).analytics();
    }

    @Test
    void withoutAnalyticsNoEventIsWritten() throws ConfigException {
        assertThat(analytics("rules: []")).isEmpty();
    }

    @Test
    void everyAnalyticsKeyIsRead() throws ConfigException {
        AnalyticsConfig analytics = analytics("""
                telemetry: { exporter: otlp }
                analytics:
                  directory: /var/log/heddle-events
                  maxFileSize: 512KB
                  maxFiles: 7
                  queueSize: 1024
                  clickhouse:
                    url: http://127.0.0.1:8123
                    table: analytics.heddle_events
                    user: default
                    password: "${CH_PASSWORD}"
                    createTable: false
                  otlpLogs: true
                """).orElseThrow();

        assertThat(analytics).isEqualTo(new AnalyticsConfig(Optional.of("/var/log/heddle-events"), 512L * 1024, 7, 1024,
                Optional.of(new ClickHouseConfig("http://127.0.0.1:8123", "analytics.heddle_events", Optional.of("default"),
                        Optional.of("s3cret"), false)), true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"analytics: true", "analytics:", "analytics: {}"})
    void analyticsTrueOrEmptyTakesEveryDefault(String yaml) throws ConfigException {
        assertThat(analytics(yaml)).contains(AnalyticsConfig.inDirectory(AnalyticsConfig.DEFAULT_DIRECTORY));
        assertThat(AnalyticsConfig.inDirectory("heddle-events")).isEqualTo(new AnalyticsConfig(Optional.of("heddle-events"),
                64L << 20, 30, 65_536, Optional.empty(), false));
    }

    @Test
    void analyticsFalseWritesNoEvent() throws ConfigException {
        assertThat(analytics("analytics: false")).isEmpty();
    }

    @Test
    void clickhouseKeysLeftOutTakeTheirDefaults() throws ConfigException {
        ClickHouseConfig clickhouse = analytics("analytics: { clickhouse: { url: 'https://ch.internal:8443', table: events } }")
                .orElseThrow().clickhouse().orElseThrow();

        assertThat(clickhouse).isEqualTo(new ClickHouseConfig("https://ch.internal:8443", "events", Optional.empty(),
                Optional.empty(), true));
    }

    @Test
    void anEmptyPasswordFromAnUnsetVariableMeansNone() throws ConfigException {
        ClickHouseConfig clickhouse = analytics("analytics: { clickhouse: { url: 'http://ch:8123', table: t, password: '${NOPE:}' } }")
                .orElseThrow().clickhouse().orElseThrow();

        assertThat(clickhouse.password()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "FALSE", "", "~"})
    void directoryFalseOrEmptyWritesNoFilesWhenEventsGoElsewhere(String directory) throws ConfigException {
        AnalyticsConfig analytics = analytics("analytics:\n  directory: " + directory
                + "\n  clickhouse: { url: 'http://ch:8123', table: t }\n").orElseThrow();

        assertThat(analytics.directory()).isEmpty();
        assertThat(analytics.clickhouse()).isPresent();
    }

    @Test
    void directoryFalseWithOnlyOtlpLogsIsValid() throws ConfigException {
        AnalyticsConfig analytics = analytics("telemetry: { exporter: otlp }\nanalytics: { directory: false, otlpLogs: true }\n")
                .orElseThrow();

        assertThat(analytics.directory()).isEmpty();
        assertThat(analytics.otlpLogs()).isTrue();
    }

    @Test
    void directoryFalseWithNowhereElseForEventsIsAnError() {
        ConfigProblem problem = onlyProblem("analytics:\n  directory: false\n");

        assertThat(problem.location()).isEqualTo(at(2, 14));
        assertThat(problem.message()).isEqualTo("analytics.directory: without a directory, events would go nowhere;"
                + " add clickhouse: { url, table } or otlpLogs: true, or write analytics: false for no events");
    }

    @Test
    void directoryTrueIsAnErrorThatNamesTheDefault() {
        ConfigProblem problem = onlyProblem("analytics:\n  directory: true\n");

        assertThat(problem.location()).isEqualTo(at(2, 14));
        assertThat(problem.message()).isEqualTo("analytics.directory: expected a directory such as heddle-events, or false for no"
                + " files, but found 'true'; leave 'directory' out for the default, heddle-events");
    }

    @Test
    void otlpLogsWithoutTelemetryIsAnError() {
        ConfigProblem problem = onlyProblem("analytics:\n  otlpLogs: true\n");

        assertThat(problem.location()).isEqualTo(at(2, 13));
        assertThat(problem.message()).isEqualTo("analytics.otlpLogs: 'otlpLogs' sends events through 'telemetry:', but there is"
                + " none; add telemetry: { exporter: otlp }");
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "64, 64", "512KB, 524288", "64MB, 67108864", "1GB, 1073741824", "'2 GB', 2147483648"})
    void aFileSizeIsBytesOrDigitsWithA1024BasedUnit(String written, long bytes) throws ConfigException {
        assertThat(analytics("analytics: { maxFileSize: '" + written + "' }").orElseThrow().maxFileBytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({"64mb, 'expected a size such as 512KB, 64MB or 1GB, but found ''64mb'''",
            "1.5GB, 'expected a size such as 512KB, 64MB or 1GB, but found ''1.5GB'''",
            "0MB, 'expected a size of at least 1 byte, such as 64MB, but found ''0MB'''",
            "8589934592GB, 'expected a size of at most 8589934591GB, but found ''8589934592GB'''"})
    void aFileSizeThatIsNotAPositiveSizeIsAnErrorAtTheValue(String written, String message) {
        ConfigProblem problem = onlyProblem("analytics: { maxFileSize: " + written + " }\n");

        assertThat(problem.location()).isEqualTo(at(1, 27));
        assertThat(problem.message()).isEqualTo("analytics.maxFileSize: " + message);
    }

    @Test
    void maxFilesAndQueueSizeMustBePositiveWholeNumbers() {
        assertThat(ParseFailures.problems("analytics:\n  maxFiles: 0\n  queueSize: -5\n")).containsExactly(
                new ConfigProblem(at(2, 13), "analytics.maxFiles: expected a whole number of at least 1, but found '0'"),
                new ConfigProblem(at(3, 14), "analytics.queueSize: expected a whole number of at least 1, but found '-5'"));
    }

    @Test
    void clickhouseNeedsAUrlAndATable() {
        assertThat(ParseFailures.problems("analytics:\n  clickhouse: { user: default }\n")).containsExactly(
                new ConfigProblem(at(2, 15), "analytics.clickhouse: 'url' is required: an http or https URL such as http://127.0.0.1:8123"),
                new ConfigProblem(at(2, 15), "analytics.clickhouse: 'table' is required: a table name such as heddle_events or"
                        + " analytics.heddle_events"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"heddle-events", "a.b.c", "1events", "db."})
    void aTableIsAnIdentifierOrDatabaseDotIdentifier(String table) {
        ConfigProblem problem = onlyProblem("analytics:\n  clickhouse:\n    url: http://ch:8123\n    table: '" + table + "'\n");

        assertThat(problem.location()).isEqualTo(at(4, 12));
        assertThat(problem.message()).isEqualTo("analytics.clickhouse.table: expected a table name such as heddle_events or"
                + " analytics.heddle_events (letters, digits and _, a database before a dot), but found '" + table + "'");
    }

    @Test
    void theClickhouseUrlMustBeAnHttpUrlAndItsPasswordIsNeverRepeated() {
        ConfigProblem problem = onlyProblem("analytics:\n  clickhouse: { url: 'tcp://default:hunter2@ch:9000', table: t }\n");

        assertThat(problem.location()).isEqualTo(at(2, 22));
        assertThat(problem.message()).isEqualTo("analytics.clickhouse.url: expected an http or https URL such as"
                + " http://127.0.0.1:8123, but found 'tcp://****@ch:9000'");
    }

    @Test
    void theClickhousePasswordIsHiddenInTheRecordsText() throws ConfigException {
        String text = analytics("analytics: { clickhouse: { url: 'http://ch:8123', table: t, password: hunter2 } }").orElseThrow()
                .toString();

        assertThat(text).doesNotContain("hunter2").contains("password=<hidden>");
    }

    @Test
    void anUnknownAnalyticsKeyIsAnErrorWithASuggestion() {
        ConfigProblem problem = onlyProblem("analytics:\n  maxFileSise: 1MB\n");

        assertThat(problem.location()).isEqualTo(at(2, 3));
        assertThat(problem.message()).isEqualTo("analytics: unknown key 'maxFileSise'; did you mean 'maxFileSize'?");
    }

    @Test
    void anUnknownClickhouseKeyIsAnErrorWithASuggestion() {
        ConfigProblem problem = onlyProblem("analytics:\n  clickhouse: { url: 'http://ch:8123', table: t, createTables: true }\n");

        assertThat(problem.location()).isEqualTo(at(2, 50));
        assertThat(problem.message()).isEqualTo("analytics.clickhouse: unknown key 'createTables'; did you mean 'createTable'?");
    }

    @Test
    void analyticsThatIsNeitherABooleanNorAMappingIsAnError() {
        ConfigProblem problem = onlyProblem("analytics: [files]\n");

        assertThat(problem.location()).isEqualTo(at(1, 12));
        assertThat(problem.message()).isEqualTo("analytics: expected true, false or a mapping such as { directory: heddle-events },"
                + " but found a list");
    }
}
