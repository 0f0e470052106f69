package dev.heddle.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.StatusConfig;
import dev.heddle.pipeline.Registry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The local status endpoint of {@code status: { port: ... }}: {@code GET /status} (JSON),
 * {@code GET /} (an HTML page) and {@code GET /healthz}, on 127.0.0.1 only, read-only, without
 * authentication. It runs on daemon threads, so it never keeps the app alive, and a port it cannot
 * bind costs one warning and no endpoint, never the app.
 */
public final class StatusServer implements AutoCloseable {

    /** Only loopback: the endpoint has no authentication, so it must not be reachable from another machine. */
    private static final byte[] LOOPBACK = {127, 0, 0, 1};
    /**
     * The host names a request may carry. A page on another site that makes its name resolve to
     * 127.0.0.1 (DNS rebinding) sends its own name, and is refused.
     */
    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final String JSON = "application/json; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService handlers;

    private StatusServer(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /**
     * Starts the endpoint when the configuration asks for one; the port is read once, so a change of
     * {@code status:} needs a restart.
     *
     * @param registry what to report
     * @return the running endpoint; empty without {@code status:} or when it could not start, which is logged
     */
    public static Optional<StatusServer> start(Registry registry) {
        Optional<StatusConfig> settings = registry.config().status();
        if (settings.isEmpty()) return Optional.empty();
        int port = settings.get().port();
        try {
            StatusServer server = start(port, () -> StatusReport.of(registry, Instant.now()));
            AgentLog.info("status page at " + server.url() + " (JSON at " + server.url() + "status)");
            return Optional.of(server);
        } catch (IOException | RuntimeException | LinkageError failure) {
            // LinkageError: a runtime image without the jdk.httpserver module
            AgentLog.warn("the status endpoint could not start on 127.0.0.1:" + port + " (" + failure
                    + "); the app runs on without it. Choose another port in status: { port: ... }, or 0 for any free port");
            return Optional.empty();
        }
    }

    /**
     * @param port the port on 127.0.0.1, or 0 for any free port
     * @param reports a report per request
     * @return the running endpoint
     * @throws IOException when the port cannot be bound
     */
    static StatusServer start(int port, Supplier<StatusReport> reports) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(LOOPBACK), port), 0);
        // one thread serves every request: a report takes microseconds, and the endpoint must not compete with the app
        ExecutorService handlers = Executors.newSingleThreadExecutor(task -> daemon(task, "heddle-status-http"));
        server.setExecutor(handlers);
        server.createContext("/", exchange -> respond(exchange, reports));
        // the server's dispatcher thread inherits the daemon flag of the thread that starts it
        Thread starter = daemon(server::start, "heddle-status-start");
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new StatusServer(server, handlers);
    }

    /** @return the port it listens on, useful after asking for port 0 */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the address and port it is bound to */
    InetSocketAddress address() {
        return server.getAddress();
    }

    /** @return {@code http://127.0.0.1:<port>/} */
    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    /** Stops listening at once; a request being answered is cut off. */
    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void respond(HttpExchange exchange, Supplier<StatusReport> reports) {
        try (exchange) {
            try {
                route(exchange, reports);
            } catch (RuntimeException internalError) {
                AgentLog.internalError("status endpoint", internalError);
                send(exchange, 500, TEXT, "internal error; see the app's log\n");
            }
        } catch (IOException clientWentAway) {
            // nothing to do: the client closed the connection
        }
    }

    private static void route(HttpExchange exchange, Supplier<StatusReport> reports) throws IOException {
        if (!isLocalHost(exchange.getRequestHeaders().getFirst("Host"))) {
            send(exchange, 403, TEXT, "forbidden: the status endpoint answers requests for 127.0.0.1 or localhost only\n");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/") && !path.equals("/status") && !path.equals("/healthz")) {
            send(exchange, 404, TEXT, "not found: try /, /status or /healthz\n");
            return;
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            send(exchange, 405, TEXT, "method not allowed: the status endpoint is read-only; use GET\n");
            return;
        }
        switch (path) {
            case "/status" -> send(exchange, 200, JSON, StatusJson.render(reports.get()));
            case "/healthz" -> send(exchange, 200, TEXT, "ok\n");
            default -> send(exchange, 200, HTML, StatusPage.render(reports.get()));
        }
    }

    /** A missing Host (HTTP/1.0) cannot come from a browser page, so it is accepted. */
    private static boolean isLocalHost(String host) {
        if (host == null) return true;
        String name = host.toLowerCase(Locale.ROOT);
        int portSeparator = name.lastIndexOf(':');
        if (portSeparator > name.lastIndexOf(']')) name = name.substring(0, portSeparator);
        return LOCAL_HOSTS.contains(name);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (exchange.getRequestMethod().equals("HEAD")) {
            // a HEAD answer has no body, and says so with -1
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
