package dev.heddle.demo.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The OpenAI endpoints: chat completions (plain and streamed) and embeddings, in OpenAI's shapes. */
final class OpenAiEndpoints {

    private OpenAiEndpoints() {
    }

    /** {@code POST /v1/chat/completions}. */
    static Reply chatCompletion(JsonNode body, String id, long created) {
        Conversation conversation = Conversation.fromOpenAi(body);
        int prompt = MockAnswers.promptTokens(conversation);
        List<MockAnswers.Answer> answers = new ArrayList<>();
        int completion = 0;
        for (int i = 0; i < conversation.choices(); i++) {
            MockAnswers.Answer answer = MockAnswers.answer(conversation, i);
            answers.add(answer);
            completion += answer.tokens();
        }
        String model = conversation.model();
        if (!conversation.stream()) {
            ObjectNode json = Json.MAPPER.createObjectNode();
            json.put("id", id);
            json.put("object", "chat.completion");
            json.put("created", created);
            json.put("model", model);
            ArrayNode choices = json.putArray("choices");
            for (int i = 0; i < answers.size(); i++) {
                ObjectNode choice = choices.addObject();
                choice.put("index", i);
                ObjectNode message = choice.putObject("message");
                message.put("role", "assistant");
                message.put("content", answers.get(i).text());
                message.putNull("refusal");
                choice.putNull("logprobs");
                choice.put("finish_reason", finishReason(answers.get(i)));
            }
            usage(json.putObject("usage"), prompt, completion);
            json.put("system_fingerprint", "mock");
            return Reply.json(json, model, prompt, completion);
        }
        List<Reply.Event> events = new ArrayList<>();
        boolean includeUsage = conversation.includeUsage();
        for (int i = 0; i < answers.size(); i++) {
            ObjectNode role = Json.MAPPER.createObjectNode().put("role", "assistant").put("content", "");
            role.putNull("refusal");
            events.add(chunk(id, created, model, includeUsage, i, role, null));
            for (String piece : MockAnswers.chunks(answers.get(i).text())) {
                ObjectNode delta = Json.MAPPER.createObjectNode().put("content", piece);
                events.add(chunk(id, created, model, includeUsage, i, delta, null));
            }
            events.add(chunk(id, created, model, includeUsage, i, Json.MAPPER.createObjectNode(),
                    finishReason(answers.get(i))));
        }
        if (includeUsage) {
            ObjectNode usageChunk = chunkHead(id, created, model);
            usageChunk.putArray("choices");
            usage(usageChunk.putObject("usage"), prompt, completion);
            events.add(data(usageChunk));
        }
        events.add(new Reply.Event(null, "[DONE]"));
        return Reply.stream(events, model, prompt, completion);
    }

    private static String finishReason(MockAnswers.Answer answer) {
        return answer.truncated() ? "length" : "stop";
    }

    /** A chunk with one choice; {@code index < 0} gives a chunk without choices. */
    private static Reply.Event chunk(String id, long created, String model, boolean nullUsage, int index,
            ObjectNode delta, String finishReason) {
        ObjectNode chunk = chunkHead(id, created, model);
        ArrayNode choices = chunk.putArray("choices");
        if (index >= 0) {
            ObjectNode choice = choices.addObject();
            choice.put("index", index);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            if (finishReason == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finishReason);
            }
        }
        if (nullUsage) {
            chunk.putNull("usage");
        }
        return data(chunk);
    }

    private static ObjectNode chunkHead(String id, long created, String model) {
        ObjectNode chunk = Json.MAPPER.createObjectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        chunk.put("system_fingerprint", "mock");
        return chunk;
    }

    private static Reply.Event data(ObjectNode json) {
        return new Reply.Event(null, json.toString());
    }

    private static void usage(ObjectNode usage, long prompt, long completion) {
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
    }

    /** {@code POST /v1/embeddings}. */
    static Reply embeddings(JsonNode body) {
        JsonNode modelNode = body.path("model");
        if (!modelNode.isTextual() || modelNode.asText().isBlank()) {
            throw new Conversation.BadRequest("'model' is required and must be a string");
        }
        String model = modelNode.asText();
        List<String> inputs = inputs(body.path("input"));
        int dimensions = MockEmbeddings.DEFAULT_DIMENSIONS;
        JsonNode dims = body.path("dimensions");
        if (!dims.isMissingNode() && !dims.isNull()) {
            if (!dims.isIntegralNumber() || dims.intValue() < 1 || dims.intValue() > 4096) {
                throw new Conversation.BadRequest("'dimensions' must be an integer from 1 to 4096");
            }
            dimensions = dims.intValue();
        }
        String encoding = body.path("encoding_format").asText("float");
        if (!encoding.equals("float") && !encoding.equals("base64")) {
            throw new Conversation.BadRequest("'encoding_format' must be 'float' or 'base64'");
        }
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("object", "list");
        ArrayNode data = json.putArray("data");
        long tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            String input = inputs.get(i);
            tokens += MockAnswers.countTokens(input);
            float[] vector = MockEmbeddings.embed(input, dimensions);
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (encoding.equals("base64")) {
                ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : vector) {
                    bytes.putFloat(v);
                }
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
        }
        json.put("model", model);
        json.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return Reply.json(json, model, tokens, 0);
    }

    /** A string, an array of strings, an array of token ids, or an array of arrays of token ids. */
    private static List<String> inputs(JsonNode input) {
        if (input.isTextual()) {
            return List.of(input.asText());
        }
        if (!input.isArray() || input.isEmpty()) {
            throw new Conversation.BadRequest("'input' must be a string or a non-empty array");
        }
        if (input.get(0).isIntegralNumber()) {
            return List.of(tokenText(input));
        }
        List<String> inputs = new ArrayList<>();
        for (JsonNode item : input) {
            if (item.isTextual()) {
                inputs.add(item.asText());
            } else if (item.isArray()) {
                inputs.add(tokenText(item));
            } else {
                throw new Conversation.BadRequest("every 'input' item must be a string or an array of token ids");
            }
        }
        return inputs;
    }

    private static String tokenText(JsonNode tokens) {
        StringBuilder text = new StringBuilder();
        for (JsonNode token : tokens) {
            if (!token.isIntegralNumber()) {
                throw new Conversation.BadRequest("token ids must be integers");
            }
            text.append(text.length() == 0 ? "" : " ").append("t").append(token.asLong());
        }
        return text.toString();
    }
}
