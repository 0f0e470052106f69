package dev.heddle.embed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * An OpenAI-compatible embeddings endpoint: {@code POST <baseUrl>/embeddings} with
 * {@code {"model": ..., "input": text}} and {@code Authorization: Bearer <key>}, the key read from
 * an environment variable at the first call. Works with OpenAI, Azure-style proxies, vLLM, Ollama's
 * OpenAI API and the like. The vector is scaled to length one whatever the endpoint sends.
 *
 * <p>The request runs on the caller's thread and takes at most the timeout to connect and the
 * timeout for the whole answer. Nothing is retried: a semantic cache that cannot embed a text
 * treats the call as a miss, which costs less than waiting.
 */
public final class OpenAiEmbedder implements Embedder {

    private static final int BODY_EXCERPT_CHARS = 200;

    private final String model;
    private final URI endpoint;
    private final String apiKeyEnv;
    private final Duration timeout;
    private final Function<String, String> environment;
    private final String id;
    private final HttpClient http;

    /**
     * @param model the embedding model, such as {@code text-embedding-3-small}
     * @param baseUrl the API's base URL, such as {@code https://api.openai.com/v1}
     * @param apiKeyEnv the environment variable that holds the API key
     * @param timeout the longest wait to connect, and for the whole answer
     */
    public OpenAiEmbedder(String model, String baseUrl, String apiKeyEnv, Duration timeout) {
        this(model, baseUrl, apiKeyEnv, timeout, System::getenv);
    }

    /**
     * @param environment looks an environment variable up; tests cannot set the real ones
     */
    OpenAiEmbedder(String model, String baseUrl, String apiKeyEnv, Duration timeout, Function<String, String> environment) {
        this.model = Objects.requireNonNull(model, "model");
        this.apiKeyEnv = Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.endpoint = endpoint(Objects.requireNonNull(baseUrl, "baseUrl"));
        this.id = "openai:" + model + "@" + endpoint.getHost() + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort());
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                // over plain http, HTTP/2 would first ask for an upgrade, which some local servers refuse
                .version("https".equals(endpoint.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .build();
    }

    private static URI endpoint(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        URI uri;
        try {
            uri = URI.create(base + "/embeddings");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the embedder's baseUrl " + baseUrl + " is not a URL: " + e.getMessage(), e);
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("the embedder's baseUrl must be an http or https URL with a host, such as"
                    + " https://api.openai.com/v1, but was " + baseUrl);
        }
        return uri;
    }

    /**
     * @return {@code openai:<model>@<host>}, with {@code :<port>} when the base URL names one, such as
     *     {@code openai:text-embedding-3-small@api.openai.com}: another endpoint may serve another
     *     model under the same name
     */
    @Override
    public String id() {
        return id;
    }

    /**
     * @throws EmbeddingException when the API key variable is unset (naming it), the endpoint is
     *     unreachable or slower than the timeout, answers with a status other than 2xx (with the
     *     status and the start of the body), or sends no embedding
     */
    @Override
    public float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(OpenAiEmbeddingJson.request(model, text)))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new EmbeddingException("the embeddings endpoint " + endpoint + " did not answer within " + timeout, e);
        } catch (IOException e) {
            throw new EmbeddingException("cannot reach the embeddings endpoint " + endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("interrupted while waiting for the embeddings endpoint " + endpoint, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new EmbeddingException("the embeddings endpoint " + endpoint + " answered " + response.statusCode()
                    + " for model " + model + ": " + excerpt(response.body()));
        }
        return UnitVector.normalize(OpenAiEmbeddingJson.firstEmbedding(response.body()));
    }

    private String apiKey() {
        String key = environment.apply(apiKeyEnv);
        if (key == null || key.isBlank()) {
            throw new EmbeddingException("the embedder " + id + " needs an API key in the environment variable " + apiKeyEnv
                    + ", which is not set; set it in the app's environment, or name another variable with apiKeyEnv");
        }
        return key.strip();
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? "(no body)"
                : text.length() <= BODY_EXCERPT_CHARS ? text : text.substring(0, BODY_EXCERPT_CHARS) + "...";
    }

    @Override
    public String toString() {
        return "OpenAI-compatible embedder " + model + " at " + endpoint;
    }
}
