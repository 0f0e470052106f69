package dev.heddle.demo.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local stand-in for the OpenAI and Anthropic HTTP APIs, close enough that the vendors' own Java
 * SDKs, LangChain4j and Spring AI talk to it unchanged. It binds to 127.0.0.1 only.
 *
 * <p>Endpoints:
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: OpenAI chat completions, plain or streamed
 *       ({@code "stream": true}, with {@code stream_options.include_usage}).</li>
 *   <li>{@code POST /v1/embeddings}: OpenAI embeddings ({@link MockEmbeddings}).</li>
 *   <li>{@code POST /v1/messages}: Anthropic messages, plain or streamed.</li>
 *   <li>{@code GET /admin/stats}, {@code POST /admin/reset}: the {@link MockStats}, and zeroing them.</li>
 *   <li>{@code GET /admin/faults}, {@code POST /admin/faults}: the {@link FaultPlan} in force, and
 *       replacing it (with a schedule of only that background).</li>
 *   <li>{@code GET /admin/schedule}, {@code POST /admin/schedule}: the {@link FaultSchedule} in
 *       force with its active phase and its elapsed time, and replacing it (its clock starts
 *       then).</li>
 *   <li>{@code GET /admin/capacity}, {@code POST /admin/capacity}: the capacity in force
 *       ({@code {"capacity":4,"inFlight":1}}), and changing it ({@code {"capacity":4}}).</li>
 *   <li>{@code GET /admin/health}: {@code {"status":"ok"}}.</li>
 * </ul>
 * Answers and token counts are deterministic ({@link MockAnswers}). An unknown path is answered
 * 404, a wrong method 405, and a body that is not valid JSON, or lacks a field the vendor requires,
 * 400 with the vendor's error shape.
 *
 * <p>The order of work for an API request: read the body; count it in the stats; take a slot of
 * the {@linkplain #capacity(int) capacity} or answer 429 at once; draw its fault, if any (a fault
 * other than {@link FaultKind#SLOW} is answered at once, whatever the body); reject an invalid
 * body; compute the answer; wait the {@linkplain MockSettings#latency() latency} (plus the slow
 * delay); send. The fault is drawn from the plan that the {@linkplain #schedule(FaultSchedule)
 * fault schedule} has in force at that moment.
 *
 * <p>Loading this class sets the system property {@code sun.net.httpserver.nodelay=true} unless it
 * is set already (see the static initializer): without it every small response waits ~40 ms for a
 * delayed ACK. See {@code docs/mock-llm-server.md}.
 */
public final class MockLlmServer implements AutoCloseable {

    /** The OpenAI chat completions path. */
    public static final String CHAT_COMPLETIONS = "/v1/chat/completions";
    /** The OpenAI embeddings path. */
    public static final String EMBEDDINGS = "/v1/embeddings";
    /** The Anthropic messages path. */
    public static final String MESSAGES = "/v1/messages";

    private static final String LOOPBACK = "127.0.0.1";
    private static final Runnable NOTHING = () -> { };

    static {
        // The JDK server writes the status line and headers, then the body, as two TCP segments; with
        // Nagle's algorithm on, the body waits for the client's delayed ACK (~40 ms a request on
        // Linux). The JDK reads this once, when the first HttpServer of the JVM starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final MockSettings settings;
    private final HttpServer http;
    private final ExecutorService executor;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final MockStats stats = new MockStats(inFlight::get);
    private volatile int capacity;
    private final Random latencyRandom;
    private final AtomicReference<ActiveSchedule> activeSchedule = new AtomicReference<>();
    private final AtomicLong chatIds = new AtomicLong();
    private final AtomicLong messageIds = new AtomicLong();
    private final AtomicLong requestIds = new AtomicLong();

    private MockLlmServer(MockSettings settings) throws IOException {
        this.settings = settings;
        this.latencyRandom = new Random(settings.seed());
        schedule(settings.schedule());
        this.capacity = settings.capacity();
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(LOOPBACK), settings.port()), 256);
        this.executor = Executors.newFixedThreadPool(settings.threads(), new ServerThreads());
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
    }

    /**
     * Starts a server.
     *
     * @param settings port, latency, seed, threads, first faults, capacity and clock
     * @return the running server; close it to stop it
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static MockLlmServer start(MockSettings settings) {
        Objects.requireNonNull(settings, "settings");
        try {
            return new MockLlmServer(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the mock LLM server on " + LOOPBACK + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
    }

    /** @return a server with {@link MockSettings#defaults()}: an ephemeral port, no latency, no faults */
    public static MockLlmServer start() {
        return start(MockSettings.defaults());
    }

    /** @return the port it listens on */
    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * The base URL, without a path. The OpenAI SDK and LangChain4j want {@code baseUrl() + "/v1"};
     * the Anthropic SDK and Spring AI want {@code baseUrl()} as it is.
     *
     * @return {@code http://127.0.0.1:<port>}
     */
    public String baseUrl() {
        return "http://" + LOOPBACK + ":" + port();
    }

    /** @return the socket address the server is bound to: always 127.0.0.1 */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** @return the settings it was started with */
    public MockSettings settings() {
        return settings;
    }

    /** @return the live counters */
    public MockStats stats() {
        return stats;
    }

    /**
     * Replaces the faults in force with one plan for all time: a schedule of only that background
     * ({@link FaultSchedule#of(FaultPlan)}). Request numbers of the new plan's schedule count from
     * the next request, and its random draws start again from the server's seed.
     *
     * @param plan the new plan; {@link FaultPlan#none()} stops all faults
     */
    public void faults(FaultPlan plan) {
        schedule(FaultSchedule.of(Objects.requireNonNull(plan, "plan")));
    }

    /** @return the fault plan in force now: the active phase's, or the background */
    public FaultPlan faults() {
        return activeSchedule.get().current().plan();
    }

    /**
     * Replaces the fault schedule in force and starts its clock now: its phases are timed from this
     * call, by the {@linkplain MockSettings#nanoClock() clock} of the settings
     * ({@link System#nanoTime()} by default). Every plan of the schedule numbers its requests from
     * 1 and draws from the server's seed afresh.
     *
     * @param newSchedule the schedule; {@link FaultSchedule#none()} stops all faults
     */
    public void schedule(FaultSchedule newSchedule) {
        activeSchedule.set(new ActiveSchedule(Objects.requireNonNull(newSchedule, "schedule"), settings.seed(),
                settings.nanoClock()));
    }

    /** @return the fault schedule in force */
    public FaultSchedule schedule() {
        return activeSchedule.get().schedule();
    }

    /** @return the time since the schedule in force was installed */
    public Duration scheduleElapsed() {
        return activeSchedule.get().elapsed();
    }

    /**
     * @return the name of the part of the schedule in force now: a phase's
     *         {@linkplain FaultSchedule.Phase#name() name}, or {@value FaultSchedule#BACKGROUND}
     */
    public String activePhase() {
        return activeSchedule.get().current().name();
    }

    /**
     * Changes the capacity: the vendor's concurrency limit. At most {@code maxConcurrent} API
     * requests ({@code /v1/chat/completions}, plain or streamed, {@code /v1/messages}, plain or
     * streamed, and {@code /v1/embeddings}) are served at once; a request that arrives while that
     * many are in flight is answered 429 at once, in the vendor's shape, with the
     * {@code Retry-After} of the fault plan in force ({@link FaultPlan#retryAfterSeconds()}), and
     * counted in {@link MockStats#overCapacity()}.
     *
     * <p>A request holds its slot from when it is admitted (after its body is read) until just
     * before the last bytes of its response are written (the body of a plain answer, the last
     * event of a stream), and frees it on any error too. So a client cannot see a response end
     * before its slot is free: a client that keeps at most {@code maxConcurrent} requests open never
     * gets a 429 from the capacity. The new value applies to the requests that arrive from now on;
     * requests already in flight go on even when they are more than the new capacity.
     *
     * @param maxConcurrent 1 or more, or {@link MockSettings#UNLIMITED} (0) for no limit
     * @throws IllegalArgumentException if negative
     */
    public void capacity(int maxConcurrent) {
        this.capacity = MockSettings.checkCapacity(maxConcurrent);
    }

    /** @return the capacity in force; {@link MockSettings#UNLIMITED} (0) for no limit */
    public int capacity() {
        return capacity;
    }

    /** @return the API requests being served now: admitted under the capacity and not yet answered */
    public int inFlight() {
        return inFlight.get();
    }

    /** Stops at once: open connections are closed and waiting requests are interrupted. */
    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case CHAT_COMPLETIONS -> api(exchange, path, Vendor.OPENAI);
                case EMBEDDINGS -> api(exchange, path, Vendor.OPENAI);
                case MESSAGES -> api(exchange, path, Vendor.ANTHROPIC);
                case "/admin/stats" -> admin(exchange, "GET", () -> stats.toJson());
                case "/admin/reset" -> admin(exchange, "POST", () -> {
                    stats.reset();
                    return stats.toJson();
                });
                case "/admin/health" -> admin(exchange, "GET",
                        () -> Json.MAPPER.createObjectNode().put("status", "ok"));
                case "/admin/faults" -> adminFaults(exchange);
                case "/admin/schedule" -> adminSchedule(exchange);
                case "/admin/capacity" -> adminCapacity(exchange);
                default -> {
                    exchange.getRequestBody().readAllBytes();
                    Vendor vendor = path.startsWith(MESSAGES) ? Vendor.ANTHROPIC : Vendor.OPENAI;
                    sendJson(exchange, vendor, 404, vendor.errorBody(404,
                            "Unknown request URL: " + exchange.getRequestMethod() + " " + path + "."), Map.of());
                }
            }
        } catch (AnswerCut cut) {
            // escapes to the JDK's server, the only one that can drop the connection mid-body
            throw cut;
        } catch (IOException | RuntimeException e) {
            // the client went away, or a bug: answer 500 if nothing was sent yet
            if (exchange.getResponseCode() == -1) {
                try {
                    sendJson(exchange, Vendor.OPENAI, 500, Vendor.OPENAI.errorBody(500,
                            "mock server error: " + e), Map.of());
                } catch (IOException | RuntimeException ignored) {
                    // nothing more to do
                }
            }
        } finally {
            exchange.close();
        }
    }

    private void api(HttpExchange exchange, String endpoint, Vendor vendor) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getRequestBody().readAllBytes();
            stats.recordRequest(endpoint, null, null);
            stats.recordRejected();
            sendJson(exchange, vendor, 405, vendor.errorBody(405, "Use POST for " + endpoint + "."),
                    Map.of("Allow", "POST"));
            return;
        }
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        JsonNode body = null;
        String problem = null;
        try {
            body = Json.MAPPER.readTree(bytes);
            if (body == null || !body.isObject()) {
                problem = "The request body must be a JSON object.";
                body = null;
            }
        } catch (JsonProcessingException e) {
            problem = "We could not parse the JSON body of your request: " + e.getOriginalMessage();
        }
        stats.recordRequest(endpoint, body == null ? null : body.path("model").textValue(),
                body == null ? null : user(body, vendor));

        int refusingCapacity = admit();
        if (refusingCapacity > 0) {
            stats.recordOverCapacity();
            rateLimit(exchange, vendor, faults().retryAfterSeconds(),
                    "Rate limit reached: the mock serves at most " + refusingCapacity
                            + " concurrent requests (capacity).", NOTHING);
            return;
        }
        Slot slot = new Slot();
        try {
            serve(exchange, endpoint, vendor, body, problem, slot);
        } finally {
            slot.release();
        }
    }

    /**
     * Takes a slot of the capacity: 0 when the request is admitted (and counted in
     * {@link #inFlight}), or else the capacity that refused it.
     */
    private int admit() {
        while (true) {
            int limit = capacity;
            int current = inFlight.get();
            if (limit > 0 && current >= limit) {
                return limit;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                stats.recordAdmitted(current + 1);
                return 0;
            }
        }
    }

    /** One admitted request's place in {@link #inFlight}; freed once, however often it is released. */
    private final class Slot {
        private boolean held = true;

        void release() {
            if (held) {
                held = false;
                inFlight.decrementAndGet();
            }
        }
    }

    /** An admitted request: every response frees the slot just before its last bytes go out. */
    private void serve(HttpExchange exchange, String endpoint, Vendor vendor, JsonNode body, String problem,
            Slot slot) throws IOException {
        ActiveSchedule.ActivePlan active = activeSchedule.get().current();
        FaultKind fault = active.next();
        stats.recordDraw(active.name(), fault);
        long extraMillis = 0;
        if (fault != null) {
            switch (fault) {
                case DROP -> {
                    slot.release();
                    drop(exchange);
                    return;
                }
                case SLOW -> extraMillis = active.plan().slowMillis();
                case CUT -> { }
                case RATE_LIMIT -> {
                    rateLimit(exchange, vendor, active.plan().retryAfterSeconds(),
                            "Rate limit reached (mock fault).", slot::release);
                    return;
                }
                default -> {
                    sendJson(exchange, vendor, fault.status(), vendor.errorBody(fault.status(),
                            fault == FaultKind.UNAVAILABLE ? "The server is overloaded (mock fault)."
                                    : "The server had an error while processing your request (mock fault)."),
                            Map.of(), slot::release);
                    return;
                }
            }
        }
        if (body == null) {
            stats.recordRejected(active.name());
            sendJson(exchange, vendor, 400, vendor.errorBody(400, problem), Map.of(), slot::release);
            return;
        }
        Reply reply;
        try {
            reply = switch (endpoint) {
                case CHAT_COMPLETIONS -> OpenAiEndpoints.chatCompletion(body,
                        "chatcmpl-" + chatIds.incrementAndGet(), Instant.now().getEpochSecond());
                case EMBEDDINGS -> OpenAiEndpoints.embeddings(body);
                default -> AnthropicEndpoints.messages(body, "msg_" + messageIds.incrementAndGet());
            };
        } catch (Conversation.BadRequest e) {
            stats.recordRejected(active.name());
            sendJson(exchange, vendor, 400, vendor.errorBody(400, e.getMessage()), Map.of(), slot::release);
            return;
        }
        stats.recordAnswer(active.name(), reply.model(), reply.promptTokens(), reply.completionTokens());
        if (!pause(extraMillis + settings.latency().nextMillis(latencyRandom))) {
            return;
        }
        if (fault == FaultKind.CUT) {
            slot.release();
            sendCut(exchange, vendor, reply);
        } else if (reply.json() != null) {
            sendJson(exchange, vendor, 200, reply.json(), Map.of(), slot::release);
        } else {
            sendEvents(exchange, vendor, reply, slot::release);
        }
    }

    /**
     * A 429 in the vendor's shape with {@code Retry-After}: a {@link FaultKind#RATE_LIMIT} fault and
     * a request over the capacity both answer with it.
     */
    private void rateLimit(HttpExchange exchange, Vendor vendor, int retryAfterSeconds, String reason,
            Runnable beforeBody) throws IOException {
        sendJson(exchange, vendor, 429, vendor.errorBody(429,
                reason + " Please try again in " + retryAfterSeconds + "s."),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)), beforeBody);
    }

    private static String user(JsonNode body, Vendor vendor) {
        JsonNode user = vendor == Vendor.ANTHROPIC ? body.path("metadata").path("user_id")
                : body.hasNonNull("user") ? body.path("user") : body.path("safety_identifier");
        return user.isTextual() ? user.asText() : null;
    }

    /** Sleeps; false if the server is closing. */
    private static boolean pause(long millis) {
        if (millis <= 0) {
            return true;
        }
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Closes the connection with no response at all. {@link HttpExchange#close()} before
     * {@code sendResponseHeaders} makes the JDK server close the socket, so the client reads end of
     * stream where it expected a status line.
     */
    private static void drop(HttpExchange exchange) {
        exchange.close();
    }

    private interface AdminAction {
        ObjectNode run() throws IOException;
    }

    private void admin(HttpExchange exchange, String method, AdminAction action) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (!method.equals(exchange.getRequestMethod())) {
            sendJson(exchange, Vendor.OPENAI, 405, Vendor.OPENAI.errorBody(405,
                    "Use " + method + " for " + exchange.getRequestURI().getPath() + "."), Map.of("Allow", method));
            return;
        }
        sendJson(exchange, Vendor.OPENAI, 200, action.run(), Map.of());
    }

    private void adminFaults(HttpExchange exchange) throws IOException {
        adminSetting(exchange, () -> faults().toJson(), json -> {
            FaultPlan plan = FaultPlan.fromJson(json);
            faults(plan);
            return plan.toJson();
        });
    }

    /**
     * {@code GET /admin/schedule} shows the schedule in force, its active phase and its elapsed
     * time; {@code POST /admin/schedule} with a schedule's JSON ({@link FaultSchedule#fromJson})
     * replaces it and starts its clock ({@code {}} or an empty body means no faults).
     */
    private void adminSchedule(HttpExchange exchange) throws IOException {
        adminSetting(exchange, this::scheduleJson, json -> {
            schedule(FaultSchedule.fromJson(json));
            return scheduleJson();
        });
    }

    private ObjectNode scheduleJson() {
        ActiveSchedule active = activeSchedule.get();
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.set("schedule", active.schedule().toJson());
        json.put("activePhase", active.current().name());
        json.put("elapsedMillis", active.elapsed().toMillis());
        return json;
    }

    private ObjectNode capacityJson() {
        return Json.MAPPER.createObjectNode().put("capacity", capacity()).put("inFlight", inFlight());
    }

    /**
     * {@code GET /admin/capacity} shows the capacity and the requests in flight;
     * {@code POST /admin/capacity} with {@code {"capacity": N}} changes it ({@code {}}, an empty
     * body or {@code "capacity": 0} mean no limit).
     */
    private void adminCapacity(HttpExchange exchange) throws IOException {
        adminSetting(exchange, this::capacityJson, json -> {
            capacity(capacityFromJson(json));
            return capacityJson();
        });
    }

    /** A setting changed at run time: {@code GET} shows it; {@code POST} with a JSON body (or none) changes it. */
    private interface SettingChange {
        /**
         * @param json the request's JSON, or null for an empty body
         * @return the setting as it is now
         * @throws IllegalArgumentException when the value is not valid; the old value stays
         */
        ObjectNode apply(JsonNode json);
    }

    private void adminSetting(HttpExchange exchange, AdminAction current, SettingChange change) throws IOException {
        String method = exchange.getRequestMethod();
        if ("GET".equals(method)) {
            admin(exchange, "GET", current);
            return;
        }
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        if (!"POST".equals(method)) {
            sendJson(exchange, Vendor.OPENAI, 405, Vendor.OPENAI.errorBody(405,
                    "Use GET or POST for " + exchange.getRequestURI().getPath() + "."), Map.of("Allow", "GET, POST"));
            return;
        }
        ObjectNode now;
        try {
            String text = new String(bytes, StandardCharsets.UTF_8);
            now = change.apply(text.isBlank() ? null : Json.MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            sendJson(exchange, Vendor.OPENAI, 400, Vendor.OPENAI.errorBody(400,
                    "invalid JSON: " + e.getOriginalMessage()), Map.of());
            return;
        } catch (IllegalArgumentException e) {
            sendJson(exchange, Vendor.OPENAI, 400, Vendor.OPENAI.errorBody(400, e.getMessage()), Map.of());
            return;
        }
        sendJson(exchange, Vendor.OPENAI, 200, now, Map.of());
    }

    /** {@code {"capacity": N}}; absent, null or 0 is no limit. */
    private static int capacityFromJson(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return MockSettings.UNLIMITED;
        }
        if (!json.isObject()) {
            throw new IllegalArgumentException("the capacity is a JSON object such as {\"capacity\": 4}");
        }
        for (var names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("capacity")) {
                throw new IllegalArgumentException("unknown field '" + name + "'; known: capacity");
            }
        }
        JsonNode value = json.path("capacity");
        if (value.isMissingNode() || value.isNull()) {
            return MockSettings.UNLIMITED;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("'capacity' must be an integer, 0 for no limit");
        }
        return MockSettings.checkCapacity(value.intValue());
    }

    private void sendJson(HttpExchange exchange, Vendor vendor, int status, ObjectNode json,
            Map<String, String> headers) throws IOException {
        sendJson(exchange, vendor, status, json, headers, NOTHING);
    }

    /** Sends a JSON response; runs {@code beforeBody} after the headers, before the body. */
    private void sendJson(HttpExchange exchange, Vendor vendor, int status, ObjectNode json,
            Map<String, String> headers, Runnable beforeBody) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(json);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set(vendor.requestIdHeader(), "req_mock_" + requestIds.incrementAndGet());
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, bytes.length);
        beforeBody.run();
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Sends a stream of events; runs {@code beforeLastEvent} before the last one goes out. */
    private void sendEvents(HttpExchange exchange, Vendor vendor, Reply reply, Runnable beforeLastEvent)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set(vendor.requestIdHeader(), "req_mock_" + requestIds.incrementAndGet());
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            int left = reply.events().size();
            boolean first = true;
            for (Reply.Event event : reply.events()) {
                if (!first && !pause(settings.chunkMillis())) {
                    return;
                }
                first = false;
                if (--left == 0) {
                    beforeLastEvent.run();
                }
                out.write(event.wire().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    /**
     * A {@link FaultKind#CUT}: promises the whole answer's length, sends half of it, then throws
     * {@link AnswerCut} out of the handler, on which the JDK's server drops the connection: the client
     * reads an unfinished body.
     */
    private void sendCut(HttpExchange exchange, Vendor vendor, Reply reply) throws IOException {
        byte[][] parts;
        if (reply.json() != null) {
            byte[] body = Json.MAPPER.writeValueAsBytes(reply.json());
            parts = new byte[][] {java.util.Arrays.copyOf(body, body.length / 2), new byte[body.length - body.length / 2]};
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        } else {
            parts = new byte[reply.events().size()][];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = reply.events().get(i).wire().getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        }
        long whole = 0;
        for (byte[] part : parts) {
            whole += part.length;
        }
        exchange.getResponseHeaders().set(vendor.requestIdHeader(), "req_mock_" + requestIds.incrementAndGet());
        exchange.sendResponseHeaders(200, whole);
        // a stream keeps its opening (role, first words) so the client has started reading when it breaks
        int sent = reply.json() != null ? 1 : Math.max(3, parts.length / 2);
        OutputStream out = exchange.getResponseBody();
        for (int i = 0; i < Math.min(sent, parts.length - 1); i++) {
            if (i > 0 && !pause(settings.chunkMillis())) {
                return;
            }
            out.write(parts[i]);
            out.flush();
        }
        throw new AnswerCut();
    }

    /** Thrown out of a handler to make the JDK's server drop the connection of an unfinished answer. */
    private static final class AnswerCut extends RuntimeException {
        AnswerCut() {
            super("mock fault: the answer was cut off", null, false, false);
        }
    }

    /** Daemon threads with readable names, so that a forgotten server never keeps a JVM alive. */
    private static final class ServerThreads implements ThreadFactory {
        private static final AtomicInteger SERVERS = new AtomicInteger();
        private final int server = SERVERS.incrementAndGet();
        private final AtomicInteger threads = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "mock-llm-" + server + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
