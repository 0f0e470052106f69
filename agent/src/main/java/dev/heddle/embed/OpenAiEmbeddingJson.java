package dev.heddle.embed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The JSON of an OpenAI-compatible {@code POST /embeddings}: the request for one text, and the
 * first embedding of the answer, read by streaming so that no tree of 1,536 boxed numbers is built.
 */
final class OpenAiEmbeddingJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private OpenAiEmbeddingJson() {
    }

    /**
     * @param model the embedding model
     * @param text the text
     * @return {@code {"model": model, "input": text}}, UTF-8
     */
    static byte[] request(String model, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + text.length());
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("model", model);
            json.writeStringField("input", text);
            json.writeEndObject();
        } catch (IOException inMemory) {
            throw new UncheckedIOException(inMemory);
        }
        return out.toByteArray();
    }

    /**
     * @param body the answer's body
     * @return {@code data[0].embedding}, as sent (not yet of length one)
     * @throws EmbeddingException when the body is not JSON or has no such array of numbers
     */
    static float[] firstEmbedding(byte[] body) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) throw notAnEmbedding("the body is not a JSON object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("data") && value == JsonToken.START_ARRAY) {
                    if (parser.nextToken() != JsonToken.START_OBJECT) throw notAnEmbedding("data is empty");
                    return embeddingOf(parser);
                }
                parser.skipChildren();
            }
            throw notAnEmbedding("there is no data array");
        } catch (JsonProcessingException e) {
            throw notAnEmbedding("the body is not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException inMemory) {
            throw new UncheckedIOException(inMemory);
        }
    }

    private static float[] embeddingOf(JsonParser item) throws IOException {
        while (item.nextToken() == JsonToken.FIELD_NAME) {
            String field = item.currentName();
            JsonToken value = item.nextToken();
            if (field.equals("embedding")) {
                if (value == JsonToken.VALUE_STRING) {
                    throw notAnEmbedding("data[0].embedding is a string: ask for encoding_format float, the default");
                }
                if (value != JsonToken.START_ARRAY) throw notAnEmbedding("data[0].embedding is not an array");
                return numbers(item);
            }
            item.skipChildren();
        }
        throw notAnEmbedding("data[0] has no embedding");
    }

    private static float[] numbers(JsonParser array) throws IOException {
        float[] vector = new float[1536];
        int size = 0;
        for (JsonToken token = array.nextToken(); token != JsonToken.END_ARRAY; token = array.nextToken()) {
            if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
                throw notAnEmbedding("data[0].embedding holds " + token + ", not only numbers");
            }
            if (size == vector.length) vector = Arrays.copyOf(vector, size * 2);
            vector[size++] = array.getFloatValue();
        }
        return Arrays.copyOf(vector, size);
    }

    private static EmbeddingException notAnEmbedding(String why) {
        return new EmbeddingException("the embeddings endpoint answered something else than an embedding: " + why);
    }
}
