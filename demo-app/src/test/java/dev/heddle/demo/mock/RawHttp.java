package dev.heddle.demo.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain java.net.http client for the mock server, as any HTTP client would talk to it. */
final class RawHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String baseUrl;

    RawHttp(MockLlmServer server) {
        this.baseUrl = server.baseUrl();
    }

    HttpResponse<String> post(String path, String body) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpResponse<String> request(String method, String path, String body) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpResponse<String> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Posts and expects a 200 with a JSON body. */
    JsonNode postOk(String path, String body) {
        try {
            HttpResponse<String> response = post(path, body);
            if (response.statusCode() != 200) {
                throw new AssertionError("expected 200 from " + path + ", got " + response.statusCode()
                        + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The events of a server-sent-event body.
     *
     * @param name the {@code event:} line, or {@code null}
     * @param data the {@code data:} line
     */
    record Event(String name, String data) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static List<Event> events(String body) {
        List<Event> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String name = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    data = line.substring("data: ".length());
                } else {
                    throw new AssertionError("unexpected SSE line: " + line);
                }
            }
            events.add(new Event(name, data));
        }
        return events;
    }

    /** A minimal OpenAI chat request body. */
    static String chat(String model, String user, String extraFields) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + user + "\"}]"
                + (extraFields.isEmpty() ? "" : "," + extraFields) + "}";
    }

    /** A minimal Anthropic messages request body. */
    static String message(String model, String user, String extraFields) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":1024,\"messages\":[{\"role\":\"user\",\"content\":\""
                + user + "\"}]" + (extraFields.isEmpty() ? "" : "," + extraFields) + "}";
    }
}
