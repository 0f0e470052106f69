package dev.heddle.demo.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/embeddings} over plain HTTP. */
class EmbeddingsEndpointTest {

    private static MockLlmServer server;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        server = MockLlmServer.start();
        http = new RawHttp(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static float[] vector(JsonNode embedding) {
        float[] vector = new float[embedding.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = embedding.get(i).floatValue();
        }
        return vector;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot; // both are unit vectors
    }

    private static float[] embed(String text) {
        return vector(http.postOk(MockLlmServer.EMBEDDINGS,
                "{\"model\":\"text-embedding-3-small\",\"input\":\"" + text + "\"}").at("/data/0/embedding"));
    }

    @Test
    void oneStringGetsOneUnitVectorInTheOpenAiShape() {
        JsonNode response = http.postOk(MockLlmServer.EMBEDDINGS,
                "{\"model\":\"text-embedding-3-small\",\"input\":\"What is a heddle?\"}");

        assertThat(response.fieldNames()).toIterable().containsExactly("object", "data", "model", "usage");
        assertThat(response.get("object").asText()).isEqualTo("list");
        assertThat(response.get("model").asText()).isEqualTo("text-embedding-3-small");
        JsonNode item = response.at("/data/0");
        assertThat(item.fieldNames()).toIterable().containsExactly("object", "index", "embedding");
        assertThat(item.get("object").asText()).isEqualTo("embedding");
        assertThat(item.get("index").asInt()).isZero();
        float[] vector = vector(item.get("embedding"));
        assertThat(vector).hasSize(384);
        assertThat(cosine(vector, vector)).isCloseTo(1.0, within(1e-5));
        assertThat(response.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
        assertThat(response.at("/usage/total_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void anArrayOfStringsGetsOneVectorEachInOrderAndTheSameTextTheSameVector() {
        JsonNode response = http.postOk(MockLlmServer.EMBEDDINGS,
                "{\"model\":\"m\",\"input\":[\"What is a heddle?\",\"How do looms work?\",\"What is a heddle?\"]}");

        assertThat(response.get("data")).hasSize(3);
        assertThat(response.at("/data/2/index").asInt()).isEqualTo(2);
        assertThat(response.at("/data/2/embedding")).isEqualTo(response.at("/data/0/embedding"));
        assertThat(response.at("/data/1/embedding")).isNotEqualTo(response.at("/data/0/embedding"));
        assertThat(response.at("/usage/prompt_tokens").asInt()).isEqualTo(5 + 5 + 5);
    }

    @Test
    void similarTextsAreCloserThanUnrelatedOnes() {
        float[] question = embed("What is a heddle?");
        float[] rephrased = embed("what is a heddle");
        float[] plural = embed("What are heddles?");
        float[] unrelated = embed("How do I bake sourdough bread?");

        assertThat(cosine(question, rephrased)).isCloseTo(1.0, within(1e-5));
        assertThat(cosine(question, plural)).isGreaterThan(cosine(question, unrelated) + 0.2);
    }

    @Test
    void dimensionsAreHonoured() {
        JsonNode response = http.postOk(MockLlmServer.EMBEDDINGS,
                "{\"model\":\"m\",\"input\":\"heddle\",\"dimensions\":64}");

        assertThat(response.at("/data/0/embedding")).hasSize(64);
    }

    @Test
    void base64EncodingCarriesTheSameLittleEndianFloats() {
        JsonNode response = http.postOk(MockLlmServer.EMBEDDINGS,
                "{\"model\":\"m\",\"input\":\"What is a heddle?\",\"encoding_format\":\"base64\"}");

        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(response.at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] decoded = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(decoded);
        assertThat(decoded).containsExactly(embed("What is a heddle?"));
    }

    @Test
    void tokenIdInputIsAccepted() {
        JsonNode response = http.postOk(MockLlmServer.EMBEDDINGS, "{\"model\":\"m\",\"input\":[[1,2,3],[4]]}");

        assertThat(response.get("data")).hasSize(2);
    }

    @Test
    void missingInputIsAnOpenAiShapedBadRequest() throws Exception {
        HttpResponse<String> response = http.post(MockLlmServer.EMBEDDINGS, "{\"model\":\"m\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(response).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(RawHttp.json(response).at("/error/message").asText()).contains("input");
    }
}
