package dev.heddle.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Child JVMs for the two real web apps of the HTTP edge tests, built by the modules
 * {@code it-apps/spring-boot-web} (Spring MVC on embedded Tomcat) and {@code it-apps/jetty-web}
 * (plain servlets on Jetty 12 ee10). Both take {@code <port> <llmBaseUrl>}, serve the same endpoints
 * on 127.0.0.1, print {@code listening on <port>} when ready and exit on {@code quit} or at the end of
 * their standard input; see their main classes for the endpoints.
 *
 * <p>A child's class path is {@code <module>/target/classes} plus every jar of {@code <module>/target/lib},
 * never the agent: add it with {@link TestApps#withAgent} or {@link ChildJvm.Builder#javaagent}.
 *
 * <pre>{@code
 * try (MockLlmServer llm = MockLlmServer.start();
 *      WebApps.Running app = WebApps.start(TestApps.withAgent(WebApps.jetty(jdk, dir), configArg), llm.baseUrl())) {
 *     HttpResponse<String> page = app.get("/api/articles/1", "X-User-Id", "alice");
 * }
 * }</pre>
 */
public final class WebApps {

    /** The Spring Boot app's main class (not on the test class path: named, never referenced). */
    public static final String SPRING_BOOT_MAIN_CLASS = "dev.heddle.it.web.spring.SpringBootWebApp";

    /** The Jetty app's main class (not on the test class path: named, never referenced). */
    public static final String JETTY_MAIN_CLASS = "dev.heddle.it.web.jetty.JettyWebApp";

    /**
     * How long a web app child may live: longer than {@link ChildJvm#DEFAULT_TIMEOUT}, because one
     * serves many requests of a test; a test may set another with {@link ChildJvm.Builder#timeout}.
     */
    public static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);

    /** How long {@link #start} waits for {@code listening on}: Spring Boot starts in seconds even on a small machine. */
    public static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(60);

    /** The line a web app prints once it accepts connections, before the port. */
    public static final String LISTENING_PREFIX = "listening on ";

    /**
     * HTTP/1.1 only: the JDK client's default HTTP/2 would add {@code Upgrade: h2c} headers to every
     * plain-text request, which neither app needs and which only blur what a servlet receives.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private WebApps() {
    }

    /**
     * A working folder of its own for one app on one JDK, under a test's folder.
     *
     * @param parent the test's folder
     * @param app the app
     * @param jdk the JDK
     * @return the folder, created
     */
    public static Path folderFor(Path parent, App app, Jdk jdk) {
        try {
            return Files.createDirectories(parent.resolve(app.name() + "-" + jdk.toString().replaceAll("[^A-Za-z0-9]", "_")));
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
    }

    /** The two web apps, for a test that runs on both. */
    public enum App {
        /** Spring MVC's {@code DispatcherServlet} on embedded Tomcat, Spring Boot 3. */
        SPRING_BOOT("Spring Boot"),
        /** Plain {@code HttpServlet}s in a Jetty 12 ee10 {@code ServletContextHandler}. */
        JETTY("Jetty");

        private final String displayName;

        App(String displayName) {
            this.displayName = displayName;
        }

        /**
         * A child that runs this app, without the agent and without program arguments yet.
         *
         * @param jdk the JDK to run on
         * @param workingDirectory the child's working directory
         * @return the builder
         */
        public ChildJvm.Builder child(Jdk jdk, Path workingDirectory) {
            return this == SPRING_BOOT ? springBoot(jdk, workingDirectory) : jetty(jdk, workingDirectory);
        }

        @Override
        public String toString() {
            return displayName;
        }
    }

    /**
     * The Spring Boot app on a JDK, without the agent; {@link #start} adds its arguments.
     *
     * @param jdk the JDK to run on
     * @param workingDirectory the child's working directory
     * @return a builder with the app's class path, main class and {@link #CHILD_TIMEOUT}
     * @throws AssertionError if the module has not been packaged
     */
    public static ChildJvm.Builder springBoot(Jdk jdk, Path workingDirectory) {
        return app(jdk, workingDirectory, moduleTarget("heddle.it.web.spring", "it-apps/spring-boot-web"),
                SPRING_BOOT_MAIN_CLASS);
    }

    /**
     * The Jetty app on a JDK, without the agent; {@link #start} adds its arguments.
     *
     * @param jdk the JDK to run on
     * @param workingDirectory the child's working directory
     * @return a builder with the app's class path, main class and {@link #CHILD_TIMEOUT}
     * @throws AssertionError if the module has not been packaged
     */
    public static ChildJvm.Builder jetty(Jdk jdk, Path workingDirectory) {
        return app(jdk, workingDirectory, moduleTarget("heddle.it.web.jetty", "it-apps/jetty-web"), JETTY_MAIN_CLASS);
    }

    /**
     * Starts a web app on any free port of 127.0.0.1 and waits until it listens.
     *
     * @param app a builder from {@link #springBoot}, {@link #jetty} or {@link App#child}, with or
     *        without the agent, and with no program arguments
     * @param llmBaseUrl the base URL of the LLM server the app's {@code POST /api/ask} calls, such as
     *        {@code MockLlmServer#baseUrl()}
     * @return the running app; close it (try-with-resources) so that it never outlives the test
     * @throws AssertionError if it exits or does not listen within {@link #LISTEN_TIMEOUT}; the
     *         message holds its command line, standard output and standard error
     */
    public static Running start(ChildJvm.Builder app, String llmBaseUrl) {
        ChildJvm child = app.args("0", llmBaseUrl).start();
        try {
            String line = awaitListening(child);
            int port = Integer.parseInt(line.substring(LISTENING_PREFIX.length()).trim());
            return new Running(child, port, URI.create("http://127.0.0.1:" + port));
        } catch (RuntimeException | AssertionError e) {
            child.close();
            throw e;
        }
    }

    private static String awaitListening(ChildJvm child) {
        // awaitStdoutLine returns when the line comes or the child exits; a child that hangs half
        // started would hold it until the child's timeout, so the wait has its own, shorter limit.
        CompletableFuture<String> line = CompletableFuture.supplyAsync(
                () -> child.awaitStdoutLine(text -> text.startsWith(LISTENING_PREFIX)));
        try {
            return line.get(LISTEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError exited) {
                throw new AssertionError("the web app never listened: " + exited.getMessage(), exited);
            }
            throw new AssertionError("the web app never listened: " + e.getCause() + "\n" + describe(child), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the web app did not listen within " + LISTEN_TIMEOUT + "\n" + describe(child));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the web app to listen\n" + describe(child), e);
        }
    }

    private static String describe(ChildJvm child) {
        return child + "\n--- stdout ---\n" + child.stdoutSoFar() + "--- stderr ---\n" + child.stderrSoFar();
    }

    private static ChildJvm.Builder app(Jdk jdk, Path workingDirectory, Path target, String mainClass) {
        return TestApps.light(jdk, workingDirectory)
                .classpath(classPath(target))
                .mainClass(mainClass)
                .timeout(CHILD_TIMEOUT);
    }

    /** {@code target/classes} first, then the jars of {@code target/lib} in name order (a stable command line). */
    static List<Path> classPath(Path target) {
        Path classes = target.resolve("classes");
        Path lib = target.resolve("lib");
        if (!Files.isDirectory(classes) || !Files.isDirectory(lib)) {
            throw new AssertionError("missing " + classes + " or " + lib
                    + ": package the web app first, e.g. mvn -q package -pl " + target.getParent().getFileName());
        }
        List<Path> entries = new ArrayList<>();
        entries.add(classes);
        try (Stream<Path> jars = Files.list(lib)) {
            jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().forEach(entries::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static Path moduleTarget(String property, String moduleFolder) {
        String value = System.getProperty(property);
        Path target = value == null || value.isBlank() ? ItFiles.repoRoot().resolve(moduleFolder).resolve("target") : Path.of(value);
        return target.toAbsolutePath().normalize();
    }

    /**
     * A web app that listens.
     *
     * @param child the child JVM
     * @param port the port it listens on, on 127.0.0.1
     * @param base {@code http://127.0.0.1:<port>}
     */
    public record Running(ChildJvm child, int port, URI base) implements AutoCloseable {

        /**
         * @param pathAndQuery such as {@code /api/articles/1?lang=de}
         * @return the absolute URI on this app
         */
        public URI uri(String pathAndQuery) {
            return base.resolve(pathAndQuery);
        }

        /**
         * A GET over HTTP/1.1.
         *
         * @param pathAndQuery such as {@code /api/articles/1?lang=de}
         * @param headers request header names and values, alternating
         * @return the response, its body decoded as UTF-8
         */
        public HttpResponse<String> get(String pathAndQuery, String... headers) {
            return send(request(pathAndQuery, headers).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }

        /**
         * A POST of a UTF-8 text body over HTTP/1.1.
         *
         * @param pathAndQuery such as {@code /api/ask}
         * @param body the request body
         * @param headers request header names and values, alternating
         * @return the response, its body decoded as UTF-8
         */
        public HttpResponse<String> post(String pathAndQuery, String body, String... headers) {
            HttpRequest request = request(pathAndQuery, headers)
                    .header("Content-Type", "text/plain; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            return send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }

        /**
         * Sends any request with the harness's HTTP/1.1 client.
         *
         * @param request the request, for example from {@link #request}
         * @param bodyHandler how to read the body
         * @param <T> the body type
         * @return the response
         */
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> bodyHandler) {
            try {
                return HTTP.send(request, bodyHandler);
            } catch (IOException e) {
                throw new UncheckedIOException("request " + request.method() + " " + request.uri() + " failed\n"
                        + describe(child), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted during " + request.method() + " " + request.uri(), e);
            }
        }

        /**
         * A request builder for this app, with a timeout.
         *
         * @param pathAndQuery such as {@code /api/articles/1}
         * @param headers request header names and values, alternating
         * @return the builder; set the method and build it
         */
        public HttpRequest.Builder request(String pathAndQuery, String... headers) {
            if (headers.length % 2 != 0) {
                throw new IllegalArgumentException("headers come in name, value pairs: " + List.of(headers));
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(REQUEST_TIMEOUT);
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return request;
        }

        /**
         * How often the app's endpoints ran so far, by its own count ({@code GET /internal/runs}).
         *
         * @return the count
         * @throws AssertionError if the app does not answer 200 with a number
         */
        public long runs() {
            HttpResponse<String> response = get("/internal/runs");
            if (response.statusCode() != 200) {
                throw new AssertionError("GET /internal/runs answered " + response.statusCode() + ": "
                        + response.body() + "\n" + describe(child));
            }
            return Long.parseLong(response.body().trim());
        }

        /**
         * Asks the app to quit (a line {@code quit} on its standard input) and waits for it to exit.
         *
         * @return what it left; killed only if it outlives its timeout
         */
        public ChildResult stop() {
            child.writeLine("quit");
            return child.waitFor();
        }

        /** Kills the app if it still runs. */
        @Override
        public void close() {
            child.close();
        }
    }
}
