package dev.heddle.demo.mock;

import static dev.heddle.demo.mock.RawHttp.chat;
import static dev.heddle.demo.mock.RawHttp.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The capacity: at most that many API requests are served at once, one more is answered 429 at
 * once. Requests are made to overlap by a latency (or a {@code SLOW} fault) that keeps them in
 * flight; the tests wait until the server reports them in flight rather than guessing how long
 * that takes, and assert no durations.
 */
class CapacityTest {

    /**
     * How long a request that holds a slot stays in flight: long enough that the requests a test
     * sends once the slots are taken reach the server before it ends, however loaded the machine.
     */
    private static final long HOLD_MILLIS = 1_500;

    private static final String EMBEDDING = "{\"model\":\"text-embedding-3-small\",\"input\":\"heddle\"}";
    private static final String CHAT = chat("gpt-4o-mini", "What is a heddle?", "");
    private static final String CHAT_STREAM = chat("gpt-4o-mini", "What is a heddle?",
            "\"stream\":true,\"stream_options\":{\"include_usage\":true}");
    private static final String MESSAGE = message("claude-haiku", "What is a heddle?", "");
    private static final String MESSAGE_STREAM = message("claude-haiku", "What is a heddle?", "\"stream\":true");

    private final ExecutorService clients = Executors.newFixedThreadPool(16);
    private MockLlmServer server;
    private RawHttp http;

    private void start(MockSettings settings) {
        server = MockLlmServer.start(settings);
        http = new RawHttp(server);
    }

    @AfterEach
    void stop() {
        clients.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    /** Sends on a client thread. */
    private Future<HttpResponse<String>> send(String path, String body) {
        return clients.submit(() -> http.post(path, body));
    }

    /**
     * Installs a plan under which the next {@code count} admitted requests are slow, sends them from
     * client threads, and returns once the server has them all in flight.
     */
    private List<Future<HttpResponse<String>>> holdSlots(int count, String path, String body) {
        server.faults(FaultPlan.builder().next(count, FaultKind.SLOW).slowMillis(HOLD_MILLIS).build());
        List<Future<HttpResponse<String>>> holders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            holders.add(send(path, body));
        }
        awaitUntil(() -> server.inFlight(), count);
        return holders;
    }

    /** Polls until the value is reached; the deadline only guards against a hang. */
    private static void awaitUntil(IntSupplier value, int expected) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (value.getAsInt() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still " + value.getAsInt() + ", expected " + expected);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    private static List<Integer> statuses(List<Future<HttpResponse<String>>> calls) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (Future<HttpResponse<String>> call : calls) {
            statuses.add(call.get().statusCode());
        }
        return statuses;
    }

    private static void assertOpenAiRateLimit(HttpResponse<String> response, String retryAfter) {
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains(retryAfter);
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        JsonNode error = RawHttp.json(response).get("error");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("message").asText()).contains("capacity");
    }

    @Test
    void requestsBeyondTheCapacityAreAnsweredWith429AndCounted() throws Exception {
        start(MockSettings.defaults().withCapacity(2).withLatencyMillis(HOLD_MILLIS));
        List<Future<HttpResponse<String>>> holders = List.of(
                send(MockLlmServer.CHAT_COMPLETIONS, CHAT), send(MockLlmServer.CHAT_COMPLETIONS, CHAT));
        awaitUntil(server::inFlight, 2);

        List<Future<HttpResponse<String>>> extra = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            extra.add(send(MockLlmServer.CHAT_COMPLETIONS, CHAT));
        }
        for (Future<HttpResponse<String>> call : extra) {
            assertOpenAiRateLimit(call.get(), "1");
        }

        assertThat(statuses(holders)).containsExactly(200, 200);
        MockStats stats = server.stats();
        assertThat(stats.requests()).isEqualTo(6);
        assertThat(stats.answered()).isEqualTo(2);
        assertThat(stats.overCapacity()).isEqualTo(4);
        assertThat(stats.rateLimited()).isEqualTo(4);
        assertThat(stats.faulted()).isZero();
        assertThat(stats.faults(FaultKind.RATE_LIMIT)).isZero();
        assertThat(stats.peakInFlight()).isEqualTo(2);
        assertThat(stats.inFlight()).isZero();
        assertThat(stats.requestsForModel("gpt-4o-mini")).isEqualTo(6);
        assertThat(stats.promptTokens("gpt-4o-mini")).isEqualTo(2 * 5);
    }

    @Test
    void everyModelEndpointTakesASlotAndIsRefusedInItsVendorsShapeWithTheRetryAfterOfTheFaultPlan()
            throws Exception {
        start(MockSettings.defaults().withCapacity(1));
        List<Future<HttpResponse<String>>> holder = holdSlots(1, MockLlmServer.EMBEDDINGS, EMBEDDING);
        server.faults(FaultPlan.builder().retryAfterSeconds(5).build());

        HttpResponse<String> chat = http.post(MockLlmServer.CHAT_COMPLETIONS, CHAT);
        HttpResponse<String> chatStream = http.post(MockLlmServer.CHAT_COMPLETIONS, CHAT_STREAM);
        HttpResponse<String> embeddings = http.post(MockLlmServer.EMBEDDINGS, EMBEDDING);
        HttpResponse<String> anthropic = http.post(MockLlmServer.MESSAGES, MESSAGE);
        HttpResponse<String> anthropicStream = http.post(MockLlmServer.MESSAGES, MESSAGE_STREAM);
        HttpResponse<String> badBody = http.post(MockLlmServer.CHAT_COMPLETIONS, "{not json");
        HttpResponse<String> admin = http.get("/admin/stats");

        assertOpenAiRateLimit(chat, "5");
        assertOpenAiRateLimit(chatStream, "5");
        assertThat(chatStream.headers().firstValue("content-type")).contains("application/json");
        assertOpenAiRateLimit(embeddings, "5");
        assertOpenAiRateLimit(badBody, "5");
        for (HttpResponse<String> response : List.of(anthropic, anthropicStream)) {
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("retry-after")).contains("5");
            assertThat(response.headers().firstValue("request-id")).isPresent();
            JsonNode body = RawHttp.json(response);
            assertThat(body.get("type").asText()).isEqualTo("error");
            assertThat(body.at("/error/type").asText()).isEqualTo("rate_limit_error");
            assertThat(body.at("/error/message").asText()).contains("capacity");
        }
        assertThat(admin.statusCode()).as("admin requests take no slot").isEqualTo(200);
        assertThat(RawHttp.json(admin).get("inFlight").asInt()).isEqualTo(1);
        assertThat(statuses(holder)).containsExactly(200);
        assertThat(server.stats().overCapacity()).isEqualTo(6);
        assertThat(server.stats().rejected()).as("the capacity is checked before the body").isZero();
    }

    @Test
    void aCapacityChangedAtRunTimeAppliesToTheNextRequests() throws Exception {
        start(MockSettings.defaults());
        assertThat(server.capacity()).isEqualTo(MockSettings.UNLIMITED);
        List<Future<HttpResponse<String>>> holders = holdSlots(3, MockLlmServer.MESSAGES, MESSAGE);

        server.capacity(2);
        HttpResponse<String> belowTheRequestsInFlight = http.post(MockLlmServer.MESSAGES, MESSAGE);
        server.capacity(4);
        HttpResponse<String> underTheRaisedCapacity = http.post(MockLlmServer.MESSAGES, MESSAGE);
        HttpResponse<String> atTheRaisedCapacity;
        List<Future<HttpResponse<String>>> more = holdSlotsOnTopOf(3, MockLlmServer.MESSAGES, MESSAGE);
        atTheRaisedCapacity = http.post(MockLlmServer.MESSAGES, MESSAGE);

        assertThat(belowTheRequestsInFlight.statusCode()).as("3 in flight, capacity 2").isEqualTo(429);
        assertThat(underTheRaisedCapacity.statusCode()).as("3 in flight, capacity 4").isEqualTo(200);
        assertThat(atTheRaisedCapacity.statusCode()).as("4 in flight, capacity 4").isEqualTo(429);
        assertThat(statuses(holders)).containsOnly(200);
        assertThat(statuses(more)).containsOnly(200);
        assertThat(server.stats().peakInFlight()).isEqualTo(4);

        server.capacity(0);
        List<Future<HttpResponse<String>>> unlimited = holdSlots(6, MockLlmServer.MESSAGES, MESSAGE);
        assertThat(http.post(MockLlmServer.MESSAGES, MESSAGE).statusCode()).isEqualTo(200);
        assertThat(statuses(unlimited)).containsOnly(200);
        assertThat(server.stats().overCapacity()).isEqualTo(2);
    }

    /** Like {@link #holdSlots} while {@code already} requests are in flight. */
    private List<Future<HttpResponse<String>>> holdSlotsOnTopOf(int already, String path, String body) {
        server.faults(FaultPlan.builder().next(1, FaultKind.SLOW).slowMillis(HOLD_MILLIS).build());
        List<Future<HttpResponse<String>>> holder = List.of(send(path, body));
        awaitUntil(server::inFlight, already + 1);
        return holder;
    }

    @Test
    void theCapacityIsFreedWhenAStreamEnds() throws Exception {
        start(MockSettings.defaults().withCapacity(1));
        List<Future<HttpResponse<String>>> stream = holdSlots(1, MockLlmServer.CHAT_COMPLETIONS, CHAT_STREAM);

        assertThat(http.post(MockLlmServer.CHAT_COMPLETIONS, CHAT).statusCode())
                .as("while the stream is served").isEqualTo(429);
        List<RawHttp.Event> events = RawHttp.events(stream.get(0).get().body());
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");

        // One request at a time, each sent as soon as the previous stream has been read to its end.
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> openAi = http.post(MockLlmServer.CHAT_COMPLETIONS, CHAT_STREAM);
            HttpResponse<String> anthropic = http.post(MockLlmServer.MESSAGES, MESSAGE_STREAM);

            assertThat(openAi.statusCode()).isEqualTo(200);
            assertThat(RawHttp.events(openAi.body())).last().extracting(RawHttp.Event::data).isEqualTo("[DONE]");
            assertThat(anthropic.statusCode()).isEqualTo(200);
            assertThat(RawHttp.events(anthropic.body())).last().extracting(RawHttp.Event::name)
                    .isEqualTo("message_stop");
        }
        assertThat(server.stats().overCapacity()).isEqualTo(1);
        assertThat(server.inFlight()).isZero();
    }

    @Test
    void aClientThatKeepsAtMostCapacityRequestsOpenNeverGetsA429() throws Exception {
        start(MockSettings.defaults().withCapacity(4));
        List<String[]> requests = List.of(new String[] {MockLlmServer.CHAT_COMPLETIONS, CHAT},
                new String[] {MockLlmServer.CHAT_COMPLETIONS, CHAT_STREAM},
                new String[] {MockLlmServer.MESSAGES, MESSAGE}, new String[] {MockLlmServer.MESSAGES, MESSAGE_STREAM},
                new String[] {MockLlmServer.EMBEDDINGS, EMBEDDING},
                new String[] {MockLlmServer.CHAT_COMPLETIONS, "{\"model\":\"no messages\"}"});
        List<Future<List<Integer>>> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(clients.submit(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    String[] request = requests.get(i % requests.size());
                    statuses.add(http.post(request[0], request[1]).statusCode());
                }
                return statuses;
            }));
        }

        for (Future<List<Integer>> thread : threads) {
            assertThat(thread.get()).containsOnly(200, 400);
        }
        assertThat(server.stats().overCapacity()).isZero();
        assertThat(server.stats().requests()).isEqualTo(240);
        assertThat(server.stats().peakInFlight()).isBetween(1, 4);
        assertThat(server.inFlight()).isZero();
    }

    @Test
    void theInFlightCountStaysExactUnderABurstOfConcurrentRequests() throws Exception {
        start(MockSettings.defaults().withCapacity(3).withLatencyMillis(100).withJitterMillis(100));
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String path = i % 2 == 0 ? MockLlmServer.CHAT_COMPLETIONS : MockLlmServer.MESSAGES;
            String body = i % 2 == 0 ? (i % 4 == 0 ? CHAT : CHAT_STREAM) : (i % 4 == 1 ? MESSAGE : MESSAGE_STREAM);
            calls.add(() -> {
                go.await();
                return http.post(path, body);
            });
        }
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        for (Callable<HttpResponse<String>> call : calls) {
            responses.add(clients.submit(call));
        }
        go.countDown();

        List<Integer> statuses = statuses(responses);
        MockStats stats = server.stats();
        assertThat(statuses).containsOnly(200, 429).hasSize(64);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(stats.answered());
        assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(stats.overCapacity());
        assertThat(stats.peakInFlight()).isBetween(1, 3);
        assertThat(stats.inFlight()).isZero();
        JsonNode json = RawHttp.json(http.get("/admin/stats"));
        assertThat(json.get("overCapacity").asLong()).isEqualTo(stats.overCapacity());
        assertThat(json.get("rateLimited").asLong()).isEqualTo(stats.overCapacity());
        assertThat(json.get("peakInFlight").asInt()).isEqualTo(stats.peakInFlight());
        assertThat(json.get("inFlight").asInt()).isZero();
    }

    @Test
    void failedRejectedAndDroppedRequestsFreeTheirSlots() throws Exception {
        start(MockSettings.defaults().withCapacity(1));
        server.faults(FaultPlan.builder().requests(3, 3, FaultKind.DROP).requests(4, 4, FaultKind.SERVER_ERROR)
                .requests(5, 5, FaultKind.UNAVAILABLE).requests(6, 6, FaultKind.RATE_LIMIT).build());

        assertThat(http.post(MockLlmServer.CHAT_COMPLETIONS, "{not json").statusCode()).isEqualTo(400);
        assertThat(http.post(MockLlmServer.MESSAGES, "{\"model\":\"c\"}").statusCode()).isEqualTo(400);
        assertThatThrownBy(() -> http.post(MockLlmServer.CHAT_COMPLETIONS, CHAT)).isInstanceOf(IOException.class);
        assertThat(http.post(MockLlmServer.CHAT_COMPLETIONS, CHAT).statusCode()).isEqualTo(500);
        assertThat(http.post(MockLlmServer.MESSAGES, MESSAGE).statusCode()).isEqualTo(503);
        HttpResponse<String> faultRateLimit = http.post(MockLlmServer.CHAT_COMPLETIONS, CHAT);
        assertThat(http.post(MockLlmServer.EMBEDDINGS, EMBEDDING).statusCode()).isEqualTo(200);

        assertThat(faultRateLimit.statusCode()).isEqualTo(429);
        assertThat(RawHttp.json(faultRateLimit).at("/error/message").asText()).contains("mock fault");
        MockStats stats = server.stats();
        assertThat(stats.overCapacity()).isZero();
        assertThat(stats.faults(FaultKind.RATE_LIMIT)).isEqualTo(1);
        assertThat(stats.rateLimited()).isEqualTo(1);
        assertThat(stats.inFlight()).isZero();
    }

    @Test
    void aClientThatHangsUpFreesItsSlot() throws Exception {
        start(MockSettings.defaults().withCapacity(1));
        server.faults(FaultPlan.builder().next(1, FaultKind.SLOW).slowMillis(HOLD_MILLIS).build());
        byte[] body = CHAT.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + MockLlmServer.CHAT_COMPLETIONS + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            awaitUntil(server::inFlight, 1);
            assertThat(http.post(MockLlmServer.CHAT_COMPLETIONS, CHAT).statusCode()).isEqualTo(429);
        }

        awaitUntil(server::inFlight, 0);
        assertThat(http.post(MockLlmServer.CHAT_COMPLETIONS, CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void requestsOverTheCapacityTakeNoNumberOfTheFaultSchedule() throws Exception {
        start(MockSettings.defaults().withCapacity(1));
        server.faults(FaultPlan.builder().next(1, FaultKind.SLOW).slowMillis(HOLD_MILLIS)
                .requests(2, 2, FaultKind.SERVER_ERROR).build());
        Future<HttpResponse<String>> first = send(MockLlmServer.CHAT_COMPLETIONS, CHAT);
        awaitUntil(server::inFlight, 1);

        HttpResponse<String> overCapacity = http.post(MockLlmServer.CHAT_COMPLETIONS, CHAT);
        int firstStatus = first.get().statusCode();
        HttpResponse<String> second = http.post(MockLlmServer.CHAT_COMPLETIONS, CHAT);
        HttpResponse<String> third = http.post(MockLlmServer.CHAT_COMPLETIONS, CHAT);

        assertThat(List.of(firstStatus, overCapacity.statusCode(), second.statusCode(), third.statusCode()))
                .containsExactly(200, 429, 500, 200);
        MockStats stats = server.stats();
        assertThat(stats.faultsByKind()).containsOnlyKeys(FaultKind.SLOW, FaultKind.SERVER_ERROR);
        assertThat(stats.overCapacity()).isEqualTo(1);
        assertThat(stats.requests()).isEqualTo(4);
    }

    @Test
    void adminCapacityShowsAndChangesTheCapacityAndRefusesBadValues() throws Exception {
        start(MockSettings.defaults().withCapacity(3));
        JsonNode shown = RawHttp.json(http.get("/admin/capacity"));
        assertThat(shown.get("capacity").asInt()).isEqualTo(3);
        assertThat(shown.get("inFlight").asInt()).isZero();

        HttpResponse<String> changed = http.post("/admin/capacity", "{\"capacity\":1}");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(RawHttp.json(changed).get("capacity").asInt()).isEqualTo(1);
        assertThat(server.capacity()).isEqualTo(1);
        List<Future<HttpResponse<String>>> holder = holdSlots(1, MockLlmServer.CHAT_COMPLETIONS, CHAT);
        assertThat(http.post(MockLlmServer.CHAT_COMPLETIONS, CHAT).statusCode()).isEqualTo(429);
        assertThat(RawHttp.json(http.get("/admin/capacity")).get("inFlight").asInt()).isEqualTo(1);
        assertThat(statuses(holder)).containsExactly(200);

        for (String bad : List.of("{\"capacity\":-1}", "{\"capacity\":\"two\"}", "{\"capacity\":1.5}",
                "{\"limit\":2}", "[2]", "capacity: 2")) {
            HttpResponse<String> refused = http.post("/admin/capacity", bad);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(RawHttp.json(refused).at("/error/message").asText()).as(bad).isNotBlank();
        }
        assertThat(server.capacity()).isEqualTo(1);
        assertThat(http.request("PUT", "/admin/capacity", "{}").statusCode()).isEqualTo(405);

        assertThat(http.post("/admin/capacity", "{}").statusCode()).isEqualTo(200);
        assertThat(server.capacity()).isEqualTo(MockSettings.UNLIMITED);
        http.post("/admin/capacity", "{\"capacity\":2}");
        assertThat(server.capacity()).isEqualTo(2);
        assertThat(http.post("/admin/capacity", "").statusCode()).isEqualTo(200);
        assertThat(server.capacity()).isEqualTo(MockSettings.UNLIMITED);
    }

    @Test
    void theCapacityIsTakenFromTheSettingsAndANegativeOneIsRefused() {
        start(MockSettings.defaults().withCapacity(4));

        assertThat(server.capacity()).isEqualTo(4);
        assertThat(server.settings().capacity()).isEqualTo(4);
        assertThatThrownBy(() -> server.capacity(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.capacity()).isEqualTo(4);
    }

    @Test
    void resetZeroesOverCapacityAndRestartsThePeakFromTheRequestsInFlight() throws Exception {
        start(MockSettings.defaults().withCapacity(1));
        List<Future<HttpResponse<String>>> holder = holdSlots(1, MockLlmServer.CHAT_COMPLETIONS, CHAT);
        assertThat(http.post(MockLlmServer.CHAT_COMPLETIONS, CHAT).statusCode()).isEqualTo(429);

        JsonNode reset = RawHttp.json(http.post("/admin/reset", ""));

        assertThat(reset.get("overCapacity").asLong()).isZero();
        assertThat(reset.get("rateLimited").asLong()).isZero();
        assertThat(reset.get("peakInFlight").asInt()).isEqualTo(1);
        assertThat(statuses(holder)).containsExactly(200);
        server.stats().reset();
        assertThat(server.stats().peakInFlight()).isZero();
    }
}
