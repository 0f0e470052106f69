package dev.heddle.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An OpenAI-compatible embeddings endpoint served by a JDK HTTP server on the loopback interface. */
class OpenAiEmbedderTest {

    private static final String MODEL = "text-embedding-3-small";
    private static final String KEY_VARIABLE = "HEDDLE_TEST_EMBEDDING_KEY";
    private static final Function<String, String> ENVIRONMENT = name -> name.equals(KEY_VARIABLE) ? "sk-test-123" : null;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** What one request brought. */
    private record Received(String method, String path, String authorization, String contentType, String body) {
    }

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = embeddingAnswer("[3, 4]");
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean hold;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/embeddings", this::serve);
        server.start();
    }

    @AfterEach
    void stopServer() {
        released.countDown();
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        if (hold) {
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException clientGone) {
            // the client timed out
        }
    }

    private static String embeddingAnswer(String vector) {
        return """
                {"object": "list",
                 "data": [{"object": "embedding", "index": 0, "embedding": %s}],
                 "model": "text-embedding-3-small",
                 "usage": {"prompt_tokens": 8, "total_tokens": 8}}
                """.formatted(vector);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private OpenAiEmbedder embedder() {
        return new OpenAiEmbedder(MODEL, baseUrl(), KEY_VARIABLE, TIMEOUT, ENVIRONMENT);
    }

    private static Map<String, String> stringFields(String json) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                fields.put(name, parser.getText());
            }
        }
        return fields;
    }

    @Test
    void postsTheModelAndTheTextWithTheBearerKey() throws IOException {
        String text = "Is \"heddle\" a word? Yes: ☃\nline two";

        embedder().embed(text);

        assertThat(received).hasSize(1);
        Received request = received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/embeddings");
        assertThat(request.authorization()).isEqualTo("Bearer sk-test-123");
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(stringFields(request.body())).containsExactlyInAnyOrderEntriesOf(Map.of("model", MODEL, "input", text));
    }

    @Test
    void theFirstEmbeddingComesBackScaledToUnitLength() {
        float[] vector = embedder().embed("hello");

        assertThat(vector).containsExactly(new float[] {0.6f, 0.8f}, within(1e-6f));
    }

    @Test
    void fieldsAroundTheEmbeddingAreSkippedInAnyOrder() {
        answer = """
                {"usage": {"prompt_tokens": 1}, "data": [{"index": 0, "extra": {"nested": [1, 2]}, "embedding": [0, -2.5e0, 0]},
                 {"index": 1, "embedding": [1, 0, 0]}], "object": "list"}
                """;

        assertThat(embedder().embed("hello")).containsExactly(0f, -1f, 0f);
    }

    @Test
    void idNamesTheProviderTheModelAndTheEndpointsHost() {
        assertThat(new OpenAiEmbedder(MODEL, "https://api.openai.com/v1", KEY_VARIABLE, TIMEOUT, ENVIRONMENT).id())
                .isEqualTo("openai:text-embedding-3-small@api.openai.com");
        assertThat(embedder().id()).isEqualTo("openai:text-embedding-3-small@127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void aTrailingSlashOnTheBaseUrlIsAllowed() {
        new OpenAiEmbedder(MODEL, baseUrl() + "/", KEY_VARIABLE, TIMEOUT, ENVIRONMENT).embed("hello");

        assertThat(received).extracting(Received::path).containsExactly("/v1/embeddings");
    }

    @Test
    void anErrorStatusFailsWithTheStatusAndTheStartOfTheBody() {
        status = 401;
        answer = "{\"error\": {\"message\": \"Incorrect API key provided: sk-test***123.\", \"type\": \"invalid_request_error\"}}"
                + " ".repeat(50) + "x".repeat(1_000);

        assertThatThrownBy(() -> embedder().embed("hello"))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("answered 401")
                .hasMessageContaining("Incorrect API key provided")
                .hasMessageNotContaining("x".repeat(300));
    }

    @Test
    void aMissingApiKeyVariableIsNamedAtTheFirstCallAndNothingIsSent() {
        OpenAiEmbedder withoutKey = new OpenAiEmbedder(MODEL, baseUrl(), "NO_SUCH_KEY_VARIABLE", TIMEOUT, ENVIRONMENT);

        assertThatThrownBy(() -> withoutKey.embed("hello"))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("NO_SUCH_KEY_VARIABLE")
                .hasMessageContaining("not set");
        assertThat(received).isEmpty();
    }

    @Test
    void anAnswerWithoutAnEmbeddingFailsClearly() {
        answer = "{\"object\": \"list\", \"data\": []}";

        assertThatThrownBy(() -> embedder().embed("hello"))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("something else than an embedding")
                .hasMessageContaining("data is empty");
    }

    @Test
    void anAnswerThatIsNotJsonFailsClearly() {
        answer = "<html>Bad gateway</html>";

        assertThatThrownBy(() -> embedder().embed("hello"))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("not JSON");
    }

    @Test
    void aZeroVectorHasNoDirectionAndFails() {
        answer = embeddingAnswer("[0, 0, 0]");

        assertThatThrownBy(() -> embedder().embed("hello"))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("no direction");
    }

    @Test
    void anUnreachableEndpointFailsClearly() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        OpenAiEmbedder unreachable = new OpenAiEmbedder(MODEL, "http://127.0.0.1:" + closedPort + "/v1", KEY_VARIABLE,
                TIMEOUT, ENVIRONMENT);

        assertThatThrownBy(() -> unreachable.embed("hello"))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("cannot reach the embeddings endpoint http://127.0.0.1:" + closedPort + "/v1/embeddings");
    }

    @Test
    void anEndpointSlowerThanTheTimeoutFailsWithTheTimeout() {
        hold = true;
        OpenAiEmbedder impatient = new OpenAiEmbedder(MODEL, baseUrl(), KEY_VARIABLE, Duration.ofMillis(200), ENVIRONMENT);

        assertThatThrownBy(() -> impatient.embed("hello"))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("did not answer within PT0.2S");
    }

    @Test
    void aBaseUrlThatIsNotHttpIsRefusedAtOnce() {
        assertThatThrownBy(() -> new OpenAiEmbedder(MODEL, "ftp://example.com/v1", KEY_VARIABLE, TIMEOUT, ENVIRONMENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http or https");
    }
}
