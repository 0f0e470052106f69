package dev.heddle.config;

import dev.heddle.config.AnalyticsConfig.ClickHouseConfig;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads {@code analytics:}: {@code true}, {@code false}, or {@code { directory, maxFileSize, maxFiles,
 * queueSize, clickhouse, otlpLogs }}.
 */
final class AnalyticsReader {

    private static final List<String> KEYS = List.of("directory", "maxFileSize", "maxFiles", "queueSize", "clickhouse", "otlpLogs");
    private static final List<String> CLICKHOUSE_KEYS = List.of("url", "table", "user", "password", "createTable");
    /** A ClickHouse table, unquoted, with or without its database. */
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final String EXPECTED_ANALYTICS = "true, false or a mapping such as { directory: heddle-events }";
    private static final String EXPECTED_DIRECTORY = "a directory such as heddle-events, or false for no files";
    private static final String EXPECTED_CLICKHOUSE = "a mapping such as { url: http://127.0.0.1:8123, table: heddle_events }";
    private static final String EXPECTED_TABLE = "a table name such as heddle_events or analytics.heddle_events";

    private final Problems problems;
    private final Scalars scalars;

    AnalyticsReader(Problems problems, Scalars scalars) {
        this.problems = problems;
        this.scalars = scalars;
    }

    /**
     * @param telemetry whether the configuration has {@code telemetry:}, which {@code otlpLogs} sends through
     * @return the analytics settings; empty for {@code analytics: false} and for settings with problems, which are reported
     */
    Optional<AnalyticsConfig> read(Node node, String path, boolean telemetry) {
        if (node instanceof ScalarNode && !Nodes.isNull(node)) {
            return scalars.bool(node, path, EXPECTED_ANALYTICS).filter(enabled -> enabled)
                    .map(enabled -> AnalyticsConfig.inDirectory(AnalyticsConfig.DEFAULT_DIRECTORY));
        }
        return YamlMapping.read(node, path, EXPECTED_ANALYTICS, problems).flatMap(analytics -> {
            analytics.allowOnly(KEYS, problems);
            Optional<String> directory = analytics.get("directory").isEmpty() ? Optional.of(AnalyticsConfig.DEFAULT_DIRECTORY)
                    : directory(analytics.get("directory").get(), analytics.pathOf("directory"));
            long maxFileBytes = analytics.get("maxFileSize")
                    .flatMap(value -> scalars.byteSize(value, analytics.pathOf("maxFileSize")))
                    .orElse(AnalyticsConfig.DEFAULT_MAX_FILE_BYTES);
            int maxFiles = analytics.get("maxFiles").flatMap(value -> scalars.positiveInt(value, analytics.pathOf("maxFiles")))
                    .orElse(AnalyticsConfig.DEFAULT_MAX_FILES);
            int queueSize = analytics.get("queueSize").flatMap(value -> scalars.positiveInt(value, analytics.pathOf("queueSize")))
                    .orElse(AnalyticsConfig.DEFAULT_QUEUE_SIZE);
            Optional<ClickHouseConfig> clickhouse = analytics.get("clickhouse")
                    .flatMap(value -> clickhouse(value, analytics.pathOf("clickhouse")));
            boolean otlpLogs = analytics.get("otlpLogs").flatMap(value -> scalars.bool(value, analytics.pathOf("otlpLogs")))
                    .orElse(false);
            if (otlpLogs && !telemetry) {
                problems.report(analytics.get("otlpLogs").orElseThrow(), analytics.pathOf("otlpLogs"),
                        "'otlpLogs' sends events through 'telemetry:', but there is none; add telemetry: { exporter: otlp }");
            }
            if (directory.isEmpty() && analytics.get("clickhouse").isEmpty() && !otlpLogs) {
                problems.report(analytics.get("directory").orElseThrow(), analytics.pathOf("directory"),
                        "without a directory, events would go nowhere; add clickhouse: { url, table } or otlpLogs: true,"
                                + " or write analytics: false for no events");
                return Optional.empty();
            }
            return Optional.of(new AnalyticsConfig(directory, maxFileBytes, maxFiles, queueSize, clickhouse, otlpLogs));
        });
    }

    /**
     * @return the directory; empty for {@code false} or no value. After a problem, which is reported,
     *     the default, like every other key, so that no second problem follows from the first
     */
    private Optional<String> directory(Node node, String path) {
        if (Nodes.isNull(node)) return Optional.empty();
        Optional<String> written = scalars.name(node, path, EXPECTED_DIRECTORY);
        if (written.isEmpty()) return Optional.of(AnalyticsConfig.DEFAULT_DIRECTORY);
        return switch (written.get()) {
            case "false", "False", "FALSE" -> Optional.empty();
            case "true", "True", "TRUE" -> {
                // a directory named true is far less likely than a guess at the syntax
                problems.report(node, path, "expected " + EXPECTED_DIRECTORY + ", but found '" + written.get()
                        + "'; leave 'directory' out for the default, " + AnalyticsConfig.DEFAULT_DIRECTORY);
                yield Optional.of(AnalyticsConfig.DEFAULT_DIRECTORY);
            }
            default -> written;
        };
    }

    private Optional<ClickHouseConfig> clickhouse(Node node, String path) {
        return YamlMapping.read(node, path, EXPECTED_CLICKHOUSE, problems).flatMap(clickhouse -> {
            clickhouse.allowOnly(CLICKHOUSE_KEYS, problems);
            Optional<String> url = required(clickhouse, "url", "an http or https URL such as http://127.0.0.1:8123")
                    .flatMap(value -> scalars.httpUrl(value, clickhouse.pathOf("url"), "http://127.0.0.1:8123"));
            Optional<String> table = required(clickhouse, "table", EXPECTED_TABLE)
                    .flatMap(value -> table(value, clickhouse.pathOf("table")));
            // an empty user or password, as ${CH_PASSWORD:} gives when the variable is unset, means none
            Optional<String> user = clickhouse.get("user").flatMap(value -> scalars.text(value, clickhouse.pathOf("user"), "a user name"))
                    .map(String::strip).filter(name -> !name.isEmpty());
            Optional<String> password = clickhouse.get("password")
                    .flatMap(value -> scalars.text(value, clickhouse.pathOf("password"), "a password such as \"${CH_PASSWORD}\""))
                    .filter(secret -> !secret.isEmpty());
            boolean createTable = clickhouse.get("createTable")
                    .flatMap(value -> scalars.bool(value, clickhouse.pathOf("createTable"))).orElse(true);
            return url.flatMap(http -> table.map(name -> new ClickHouseConfig(http, name, user, password, createTable)));
        });
    }

    private Optional<Node> required(YamlMapping mapping, String key, String expected) {
        Optional<Node> value = mapping.get(key);
        if (value.isEmpty()) problems.report(mapping.node(), mapping.path(), "'" + key + "' is required: " + expected);
        return value;
    }

    private Optional<String> table(Node node, String path) {
        return scalars.name(node, path, EXPECTED_TABLE).filter(table -> {
            if (TABLE.matcher(table).matches()) return true;
            problems.report(node, path, "expected " + EXPECTED_TABLE + " (letters, digits and _, a database before a dot),"
                    + " but found '" + table + "'");
            return false;
        });
    }
}
