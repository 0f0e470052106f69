package dev.heddle.demo.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat request read from either vendor's JSON: only what the mock needs to answer it.
 *
 * @param model the model name
 * @param system the system prompt (Anthropic's {@code system}); empty for OpenAI, whose system
 *     and developer messages stay in {@link #turns()}
 * @param turns the messages, in order, reduced to role and text
 * @param temperature the temperature as canonical text ({@code 0.7}, {@code 1}), or
 *     {@code "default"} when the request sets none
 * @param user the end user the request names, or {@code null}
 * @param maxTokens the most completion tokens the answer may have, or {@code null} for no limit
 * @param choices how many answers to give ({@code n}; 1 for Anthropic)
 * @param stream whether to answer with server-sent events
 * @param includeUsage whether a stream ends with a usage chunk (OpenAI's {@code stream_options.include_usage})
 */
record Conversation(String model, String system, List<Turn> turns, String temperature, String user,
        Integer maxTokens, int choices, boolean stream, boolean includeUsage) {

    /** A message: its role and all of its text. */
    record Turn(String role, String text) {
    }

    /** The request is not one the vendor would accept; answered 400. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    /** @return the text of the last user message, or of the last message when no user spoke */
    String lastUserText() {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if ("user".equals(turns.get(i).role())) {
                return turns.get(i).text();
            }
        }
        return turns.isEmpty() ? "" : turns.get(turns.size() - 1).text();
    }

    /**
     * Reads an OpenAI chat completion request.
     *
     * @param json the request body
     * @return the conversation
     * @throws BadRequest if a required field is missing or malformed
     */
    static Conversation fromOpenAi(JsonNode json) {
        String model = requiredText(json, "model");
        JsonNode messages = json.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new BadRequest("'messages' must be a non-empty array");
        }
        List<Turn> turns = new ArrayList<>();
        for (JsonNode message : messages) {
            if (!message.path("role").isTextual()) {
                throw new BadRequest("every message needs a 'role'");
            }
            turns.add(new Turn(message.path("role").asText(), text(message.path("content"))));
        }
        Integer maxTokens = optionalPositiveInt(json, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = optionalPositiveInt(json, "max_tokens");
        }
        Integer n = optionalPositiveInt(json, "n");
        if (n != null && n > 16) {
            throw new BadRequest("'n' must be at most 16");
        }
        String user = json.path("user").isTextual() ? json.path("user").asText()
                : json.path("safety_identifier").isTextual() ? json.path("safety_identifier").asText() : null;
        return new Conversation(model, "", List.copyOf(turns), temperature(json), user, maxTokens,
                n == null ? 1 : n, json.path("stream").asBoolean(false),
                json.path("stream_options").path("include_usage").asBoolean(false));
    }

    /**
     * Reads an Anthropic messages request.
     *
     * @param json the request body
     * @return the conversation
     * @throws BadRequest if a required field is missing or malformed
     */
    static Conversation fromAnthropic(JsonNode json) {
        String model = requiredText(json, "model");
        Integer maxTokens = optionalPositiveInt(json, "max_tokens");
        if (maxTokens == null) {
            throw new BadRequest("max_tokens: Field required");
        }
        JsonNode messages = json.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new BadRequest("messages: must be a non-empty array");
        }
        List<Turn> turns = new ArrayList<>();
        for (JsonNode message : messages) {
            if (!message.path("role").isTextual()) {
                throw new BadRequest("messages: every message needs a 'role'");
            }
            turns.add(new Turn(message.path("role").asText(), text(message.path("content"))));
        }
        JsonNode userId = json.path("metadata").path("user_id");
        return new Conversation(model, text(json.path("system")), List.copyOf(turns), temperature(json),
                userId.isTextual() ? userId.asText() : null, maxTokens, 1,
                json.path("stream").asBoolean(false), false);
    }

    /**
     * The text of a content field of either vendor: a string, or an array of blocks or parts whose
     * {@code text} (and, for tool results, nested {@code content}) is joined by newlines. Images,
     * tool calls and other non-text parts add nothing.
     */
    static String text(JsonNode content) {
        if (content == null || content.isMissingNode() || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                String piece;
                if (part.isTextual()) {
                    piece = part.asText();
                } else if (part.path("text").isTextual()) {
                    piece = part.path("text").asText();
                } else if (part.has("content")) {
                    piece = text(part.path("content"));
                } else {
                    piece = "";
                }
                if (!piece.isEmpty()) {
                    if (text.length() > 0) {
                        text.append('\n');
                    }
                    text.append(piece);
                }
            }
            return text.toString();
        }
        throw new BadRequest("content must be a string or an array of content parts");
    }

    private static String requiredText(JsonNode json, String field) {
        JsonNode value = json.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new BadRequest("'" + field + "' is required and must be a string");
        }
        return value.asText();
    }

    private static Integer optionalPositiveInt(JsonNode json, String field) {
        JsonNode value = json.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
            throw new BadRequest("'" + field + "' must be a positive integer");
        }
        return value.intValue();
    }

    private static String temperature(JsonNode json) {
        JsonNode value = json.path("temperature");
        if (value.isMissingNode() || value.isNull()) {
            return "default";
        }
        if (!value.isNumber()) {
            throw new BadRequest("'temperature' must be a number");
        }
        String canonical = value.decimalValue().stripTrailingZeros().toPlainString();
        return canonical.equals("-0") ? "0" : canonical;
    }
}
