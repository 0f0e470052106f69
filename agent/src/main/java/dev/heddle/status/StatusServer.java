package dev.heddle.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.StatusConfig;
import dev.heddle.pipeline.Registry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The status endpoint of {@code status: { port: ..., bind: ..., token: ... }}: {@code GET /status}
 * (JSON), {@code GET /} (an HTML page) and {@code GET /healthz}, read-only. It listens on 127.0.0.1
 * unless told otherwise; with a token, {@code /} and {@code /status} need
 * {@code Authorization: Bearer <token>} (the configuration requires one for any address but a
 * loopback one). It runs on daemon threads, so it never keeps the app alive, and a port it cannot
 * bind costs one warning and no endpoint, never the app.
 */
public final class StatusServer implements AutoCloseable {

    private static final String JSON = "application/json; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    /** Requests that wait for the one handler thread; more are refused. */
    static final int MAX_QUEUED_REQUESTS = 64;

    private final HttpServer server;
    private final ExecutorService handlers;
    /** As configured: a socket bound to 0.0.0.0 on a dual-stack machine reports ::, which would confuse the log line. */
    private final InetAddress bind;

    private StatusServer(HttpServer server, ExecutorService handlers, InetAddress bind) {
        this.server = server;
        this.handlers = handlers;
        this.bind = bind;
    }

    /**
     * Starts the endpoint when the configuration asks for one; it is read once, so a change of
     * {@code status:} needs a restart.
     *
     * @param registry what to report
     * @return the running endpoint; empty without {@code status:} or when it could not start, which is logged
     */
    public static Optional<StatusServer> start(Registry registry) {
        Optional<StatusConfig> settings = registry.config().status();
        if (settings.isEmpty()) return Optional.empty();
        StatusConfig status = settings.get();
        try {
            StatusServer server = start(status.bind(), status.port(), status.token(), () -> StatusReport.of(registry, Instant.now()));
            AgentLog.info("status page at " + server.url() + " (JSON at " + server.url() + "status)" + access(status));
            return Optional.of(server);
        } catch (IOException | RuntimeException | LinkageError failure) {
            // LinkageError: a runtime image without the jdk.httpserver module
            AgentLog.warn("the status endpoint could not start on " + hostPort(status.bind(), status.port()) + " (" + failure
                    + "); the app runs on without it. Choose another port in status: { port: ... }, or 0 for any free port");
            return Optional.empty();
        }
    }

    private static String access(StatusConfig status) {
        if (status.token().isEmpty()) return "";
        return status.bind().isAnyLocalAddress()
                ? "; listening on every address of this machine, / and /status need the bearer token"
                : "; / and /status need the bearer token";
    }

    /**
     * An endpoint on 127.0.0.1 without a token.
     *
     * @param port the port on 127.0.0.1, or 0 for any free port
     * @param reports a report per request
     * @return the running endpoint
     * @throws IOException when the port cannot be bound
     */
    static StatusServer start(int port, Supplier<StatusReport> reports) throws IOException {
        return start(StatusConfig.IPV4_LOOPBACK, port, Optional.empty(), reports);
    }

    /**
     * @param bind the address to listen on
     * @param port the port, or 0 for any free port
     * @param token the bearer token that {@code /} and {@code /status} require, if any
     * @param reports a report per request
     * @return the running endpoint
     * @throws IOException when the port cannot be bound
     */
    static StatusServer start(InetAddress bind, int port, Optional<String> token, Supplier<StatusReport> reports) throws IOException {
        StatusAccess access = StatusAccess.of(bind.isLoopbackAddress(), token);
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        // one thread serves every request: a report takes microseconds, and the endpoint must not compete with the app;
        // a flood beyond the queue is turned away (the server closes those connections) instead of held in memory
        ExecutorService handlers = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_REQUESTS), task -> daemon(task, "heddle-status-http"));
        server.setExecutor(handlers);
        server.createContext("/", exchange -> respond(exchange, access, reports));
        // the server's dispatcher thread inherits the daemon flag of the thread that starts it
        Thread starter = daemon(server::start, "heddle-status-start");
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new StatusServer(server, handlers, bind);
    }

    /** @return the port it listens on, useful after asking for port 0 */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the address and port it is bound to */
    InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * @return {@code http://<bound address>:<bound port>/}, such as {@code http://127.0.0.1:9464/} or
     *     {@code http://0.0.0.0:9464/} (every address of the machine)
     */
    public String url() {
        return "http://" + hostPort(bind, port()) + "/";
    }

    private static String hostPort(InetAddress address, int port) {
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
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

    private static void respond(HttpExchange exchange, StatusAccess access, Supplier<StatusReport> reports) {
        try (exchange) {
            try {
                route(exchange, access, reports);
            } catch (RuntimeException internalError) {
                AgentLog.internalError("status endpoint", internalError);
                send(exchange, 500, TEXT, "internal error; see the app's log\n");
            }
        } catch (IOException clientWentAway) {
            // nothing to do: the client closed the connection
        }
    }

    private static void route(HttpExchange exchange, StatusAccess access, Supplier<StatusReport> reports) throws IOException {
        String path = exchange.getRequestURI().getPath();
        switch (access.judge(exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestHeaders().getFirst("Authorization"), path)) {
            case WRONG_HOST -> {
                send(exchange, 403, TEXT, "forbidden: the status endpoint answers requests for 127.0.0.1 or localhost only\n");
                return;
            }
            case UNAUTHORIZED -> {
                // nothing about why: a wrong token and a missing one look the same
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"heddle\"");
                send(exchange, 401, TEXT, "unauthorized\n");
                return;
            }
            case ALLOWED -> {
                // served below
            }
        }
        if (!path.equals("/") && !path.equals("/status") && !path.equals(StatusAccess.HEALTH)) {
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
            case StatusAccess.HEALTH -> send(exchange, 200, TEXT, "ok\n");
            default -> send(exchange, 200, HTML, StatusPage.render(reports.get()));
        }
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
