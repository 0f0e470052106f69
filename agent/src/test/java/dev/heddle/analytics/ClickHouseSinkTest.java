package dev.heddle.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a local HTTP server that records what it receives and answers as told: no real ClickHouse. */
class ClickHouseSinkTest {

    /** One request as the server saw it. */
    record Received(String method, String path, String rawQuery, Headers headers, String body) {
        List<String> lines() {
            return body.lines().toList();
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "";
    private HttpServer server;
    private URI url;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body));
            byte[] reply = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static AnalyticsEvent event(String user) {
        return AnalyticsEvent.app(Instant.parse("2026-03-01T12:00:00.250Z"), "signup", user, null, Map.of("exp", "b"),
                Map.of("plan", "pro"));
    }

    @Test
    void aBatchIsOnePostOfItsJsonLinesToTheInsertQuery() throws IOException {
        ClickHouseSink sink = new ClickHouseSink(url, "heddle_events");
        List<AnalyticsEvent> batch = List.of(EventJsonTest.fullCall(), event("bob"));

        sink.write(batch);

        assertThat(received).hasSize(1);
        Received request = received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/");
        assertThat(request.rawQuery()).isEqualTo(
                "query=INSERT%20INTO%20heddle_events%20FORMAT%20JSONEachRow&date_time_input_format=best_effort");
        assertThat(request.lines()).containsExactly(EventJson.line(batch.get(0)), EventJson.line(batch.get(1)));
        assertThat(request.body()).endsWith("}\n");
        assertThat(request.headers().containsKey("X-ClickHouse-User")).isFalse();
        assertThat(request.headers().containsKey("X-ClickHouse-Key")).isFalse();
    }

    @Test
    void theUserAndPasswordGoInClickHousesHeadersAndATrailingSlashIsNotDoubled() throws IOException {
        ClickHouseSink sink = new ClickHouseSink(URI.create(url + "/"), "analytics.events", "heddle", "s3cret",
                Duration.ofSeconds(5), false);

        sink.write(List.of(event("alice")));

        Received request = received.get(0);
        assertThat(request.path()).isEqualTo("/");
        assertThat(request.rawQuery()).startsWith("query=INSERT%20INTO%20analytics.events%20FORMAT%20JSONEachRow&");
        assertThat(request.headers().getFirst("X-ClickHouse-User")).isEqualTo("heddle");
        assertThat(request.headers().getFirst("X-ClickHouse-Key")).isEqualTo("s3cret");
        assertThat(sink.toString()).doesNotContain("s3cret");
    }

    @Test
    void anErrorAnswerBecomesAnIOExceptionWithTheStatusAndTheStartOfTheMessage() {
        status = 404;
        answer = "Code: 60. DB::Exception: Table default.heddle_events does not exist. " + "x".repeat(500);
        ClickHouseSink sink = new ClickHouseSink(url, "heddle_events");

        assertThatThrownBy(() -> sink.write(List.of(event("alice"))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("answered 404 to INSERT INTO heddle_events")
                .hasMessageContaining("Code: 60. DB::Exception: Table default.heddle_events does not exist.")
                .hasMessageEndingWith(answer.substring(0, 200));
    }

    @Test
    void whenAskedTheTableIsCreatedOnceBeforeTheFirstInsert() throws IOException {
        ClickHouseSink sink = new ClickHouseSink(url, "heddle_events", "heddle", null, Duration.ofSeconds(5), true);

        sink.write(List.of(event("alice")));
        sink.write(List.of(event("bob")));

        assertThat(received).hasSize(3);
        Received create = received.get(0);
        assertThat(create.rawQuery()).isNull();
        assertThat(create.body()).isEqualTo(ClickHouseSink.createTableStatement("heddle_events"));
        assertThat(create.headers().getFirst("X-ClickHouse-User")).isEqualTo("heddle");
        assertThat(received.get(1).rawQuery()).startsWith("query=INSERT");
        assertThat(received.get(2).rawQuery()).startsWith("query=INSERT");
    }

    @Test
    void aFailedCreateIsTriedAgainBeforeTheNextInsert() throws IOException {
        status = 500;
        ClickHouseSink sink = new ClickHouseSink(url, "heddle_events", null, null, Duration.ofSeconds(5), true);
        assertThatThrownBy(() -> sink.write(List.of(event("alice")))).hasMessageContaining("to CREATE TABLE heddle_events");

        status = 200;
        sink.write(List.of(event("bob")));

        assertThat(received).extracting(Received::rawQuery).containsExactly(null, null,
                "query=INSERT%20INTO%20heddle_events%20FORMAT%20JSONEachRow&date_time_input_format=best_effort");
        assertThat(received.get(2).lines()).containsExactly(EventJson.line(event("bob")));
    }

    @Test
    void theTableHasAColumnForEveryFieldOfTheLinesSortedByUserAndTime() {
        String statement = ClickHouseSink.createTableStatement("heddle_events");

        assertThat(statement).startsWith("CREATE TABLE IF NOT EXISTS heddle_events (\n")
                .contains("    time DateTime64(3, 'UTC'),\n", "    event LowCardinality(String),\n", "    user String,\n",
                        "    variants Map(String, String),\n", "    input_tokens Nullable(Int64),\n",
                        "    properties Map(String, Nullable(String))\n")
                .contains("ENGINE = MergeTree", "ORDER BY (user, time)");
        for (String field : List.of("time", "event", "user", "session", "rule", "model", "variants", "cache",
                "similarity", "input_tokens", "output_tokens", "cost_usd", "saved_usd", "latency_ms", "outcome",
                "error_type", "properties")) {
            assertThat(statement).contains("\n    " + field + " ");
            assertThat(EventJson.line(EventJsonTest.fullCall())).contains("\"" + field + "\":");
        }
    }

    @Test
    void aTableNameThatWouldNeedQuotingIsRefused() {
        assertThatThrownBy(() -> new ClickHouseSink(url, "events; DROP TABLE users"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("letters, digits and '_'");
    }
}
