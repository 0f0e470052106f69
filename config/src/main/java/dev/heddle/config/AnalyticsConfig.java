package dev.heddle.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Analytics events: {@code analytics: { directory: /var/log/heddle-events }}. Without
 * {@code analytics:} no event is written.
 *
 * @param directory the directory of the rotating JSON Lines files; null when only other sinks are wanted
 * @param maxFileBytes the size at which a file is rotated
 * @param maxFiles the most files kept in the directory (per writer); the oldest is deleted
 * @param queueSize the most events waiting to be written; past it, events are dropped and counted
 * @param clickhouse a ClickHouse table that receives every event too, when set
 * @param otlpLogs whether every event also goes out as an OpenTelemetry log record (through {@code telemetry:})
 */
public record AnalyticsConfig(Optional<String> directory, long maxFileBytes, int maxFiles, int queueSize,
        Optional<ClickHouseConfig> clickhouse, boolean otlpLogs) {

    /** The directory when none is named, relative to the app's working directory. */
    public static final String DEFAULT_DIRECTORY = "heddle-events";
    /** 64 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;
    /** A month of daily files. */
    public static final int DEFAULT_MAX_FILES = 30;
    /** Events waiting to be written at most. */
    public static final int DEFAULT_QUEUE_SIZE = 65_536;

    public AnalyticsConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(clickhouse, "clickhouse");
        if (maxFileBytes <= 0 || maxFiles <= 0 || queueSize <= 0) {
            throw new IllegalArgumentException("maxFileBytes, maxFiles and queueSize must be positive");
        }
    }

    /**
     * @param directory where the JSON Lines files go
     * @return the settings of a section that names only its directory
     */
    public static AnalyticsConfig inDirectory(String directory) {
        return new AnalyticsConfig(Optional.of(directory), DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_FILES, DEFAULT_QUEUE_SIZE,
                Optional.empty(), false);
    }

    /**
     * A ClickHouse table that receives events over its HTTP interface, as {@code JSONEachRow}.
     *
     * @param url the HTTP interface, such as {@code http://127.0.0.1:8123}
     * @param table the table, such as {@code heddle_events} or {@code analytics.heddle_events}
     * @param user the user, when the server asks for one
     * @param password the password, when the server asks for one (write {@code ${CLICKHOUSE_PASSWORD}}); never logged
     * @param createTable whether Heddle creates the table when it does not exist
     */
    public record ClickHouseConfig(String url, String table, Optional<String> user, Optional<String> password,
            boolean createTable) {

        public ClickHouseConfig {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "ClickHouseConfig[url=" + url + ", table=" + table + ", user=" + user.orElse("<none>")
                    + (password.isPresent() ? ", password=<hidden>" : "") + ", createTable=" + createTable + "]";
        }
    }
}
