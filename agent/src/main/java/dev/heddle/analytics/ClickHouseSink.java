package dev.heddle.analytics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sends events to ClickHouse over its HTTP interface: one {@code POST} per batch to
 * {@code {url}/?query=INSERT INTO {table} FORMAT JSONEachRow&date_time_input_format=best_effort}
 * (URL-encoded), the batch's {@link EventJson} lines as the body. {@code best_effort} lets ClickHouse
 * read the ISO-8601 times of the lines. The numbers and booleans of {@code properties} go into a
 * {@code Map(String, Nullable(String))} column as text, as ClickHouse's default settings
 * ({@code input_format_json_read_numbers_as_strings}, {@code input_format_json_read_bools_as_strings})
 * allow.
 *
 * <p>The user and password, when given, go in the {@code X-ClickHouse-User} and
 * {@code X-ClickHouse-Key} headers. An answer other than 2xx becomes an {@link IOException} with the
 * status and the start of ClickHouse's message. When asked to, the sink creates the table (see
 * {@link #createTableStatement}) before its first insert, and again before the next one until that
 * succeeds.
 *
 * <p>Tested against a local HTTP server that records the requests, not against a real ClickHouse.
 */
public final class ClickHouseSink implements EventSink {

    /** The table the events go to, by default. */
    public static final String DEFAULT_TABLE = "heddle_events";
    /** How long a connection or a request may take, by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** A table, or a database and a table, in ClickHouse's plain identifiers (they need no quoting). */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final int MESSAGE_CHARS = 200;

    private final String base;
    private final String table;
    private final String user;
    private final String password;
    private final Duration timeout;
    private final URI insert;
    /** Whether the table still has to be created before the next insert. */
    private boolean tableToCreate;
    /** Built at the first write, so that a sink that never writes starts no client thread. */
    private HttpClient client;

    /**
     * A sink with no credentials, a timeout of 10 seconds, and no table creation.
     *
     * @param url ClickHouse's HTTP interface, such as {@code http://localhost:8123}
     * @param table the table, such as {@code heddle_events} or {@code analytics.heddle_events}
     */
    public ClickHouseSink(URI url, String table) {
        this(url, table, null, null, DEFAULT_TIMEOUT, false);
    }

    /**
     * @param url ClickHouse's HTTP interface, such as {@code http://localhost:8123}
     * @param table the table, such as {@code heddle_events} or {@code analytics.heddle_events}
     * @param user the ClickHouse user, or null for the server's default
     * @param password the user's password, or null
     * @param timeout how long connecting, and each request, may take
     * @param createTable whether to create the table, if it does not exist, before the first insert
     * @throws IllegalArgumentException when the table is not a plain name or the URL not http(s)
     */
    public ClickHouseSink(URI url, String table, String user, String password, Duration timeout, boolean createTable) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("ClickHouse table '" + table + "': use letters, digits and '_', as"
                    + " table or database.table");
        }
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("ClickHouse URL '" + url + "': use ClickHouse's HTTP interface,"
                    + " such as http://localhost:8123");
        }
        String address = url.toString();
        this.base = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        this.table = table;
        this.user = user;
        this.password = password;
        this.timeout = timeout;
        this.tableToCreate = createTable;
        this.insert = URI.create(base + "/?query=" + encode("INSERT INTO " + table + " FORMAT JSONEachRow")
                + "&date_time_input_format=best_effort");
    }

    /**
     * The table the events fit: one column per field of {@link EventJson}'s lines, sorted by user and
     * time and partitioned by month. Text fields are plain strings (empty when absent); numbers are
     * {@code Nullable}, because an absent count or cost is not zero; property values may be null.
     *
     * @param table the table, as {@code table} or {@code database.table}
     * @return {@code CREATE TABLE IF NOT EXISTS ...}
     */
    public static String createTableStatement(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + """
                 (
                    time DateTime64(3, 'UTC'),
                    event LowCardinality(String),
                    user String,
                    session String,
                    rule LowCardinality(String),
                    model LowCardinality(String),
                    variants Map(String, String),
                    cache LowCardinality(String),
                    similarity Nullable(Float64),
                    input_tokens Nullable(Int64),
                    output_tokens Nullable(Int64),
                    cost_usd Nullable(Float64),
                    saved_usd Nullable(Float64),
                    latency_ms Nullable(Float64),
                    outcome LowCardinality(String),
                    error_type LowCardinality(String),
                    properties Map(String, Nullable(String))
                )
                ENGINE = MergeTree
                PARTITION BY toYYYYMM(time)
                ORDER BY (user, time)
                """;
    }

    @Override
    public void write(List<AnalyticsEvent> batch) throws IOException {
        if (batch.isEmpty()) return;
        if (client == null) {
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        }
        if (tableToCreate) {
            post(URI.create(base + "/"), createTableStatement(table).getBytes(StandardCharsets.UTF_8), "CREATE TABLE " + table);
            tableToCreate = false;
        }
        post(insert, lines(batch), "INSERT INTO " + table);
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close before Java 21: its threads end once it is unreachable
        client = null;
    }

    @Override
    public String toString() {
        return "ClickHouse at " + base + " (table " + table + ")";
    }

    private void post(URI uri, byte[] body, String what) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (user != null) request.header("X-ClickHouse-User", user);
        if (password != null) request.header("X-ClickHouse-Key", password);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(what + " to ClickHouse at " + base + " was interrupted");
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            String message = response.body().strip();
            if (message.length() > MESSAGE_CHARS) message = message.substring(0, MESSAGE_CHARS);
            throw new IOException("ClickHouse at " + base + " answered " + status + " to " + what + ": " + message);
        }
    }

    private static byte[] lines(List<AnalyticsEvent> batch) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(batch.size() * 256);
        try (Writer out = new OutputStreamWriter(body, StandardCharsets.UTF_8)) {
            for (AnalyticsEvent event : batch) {
                EventJson.write(event, out);
                out.write('\n');
            }
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        return body.toByteArray();
    }

    private static String encode(String text) {
        // URLEncoder writes form encoding; %20 is a space in every query string reader
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
