package dev.heddle.demo.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The Anthropic endpoint: messages (plain and streamed), in Anthropic's shapes. */
final class AnthropicEndpoints {

    private AnthropicEndpoints() {
    }

    /** {@code POST /v1/messages}. */
    static Reply messages(JsonNode body, String id) {
        Conversation conversation = Conversation.fromAnthropic(body);
        int prompt = MockAnswers.promptTokens(conversation);
        MockAnswers.Answer answer = MockAnswers.answer(conversation, 0);
        String model = conversation.model();
        String stopReason = answer.truncated() ? "max_tokens" : "end_turn";
        if (!conversation.stream()) {
            ObjectNode json = message(id, model);
            json.putArray("content").addObject().put("type", "text").put("text", answer.text());
            json.put("stop_reason", stopReason);
            json.putNull("stop_sequence");
            json.putObject("usage").put("input_tokens", prompt).put("output_tokens", answer.tokens());
            return Reply.json(json, model, prompt, answer.tokens());
        }
        List<Reply.Event> events = new ArrayList<>();
        ObjectNode start = event("message_start");
        ObjectNode message = message(id, model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", prompt).put("output_tokens", 0);
        start.set("message", message);
        events.add(sse(start));

        ObjectNode blockStart = event("content_block_start").put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        events.add(sse(blockStart));
        for (String piece : MockAnswers.chunks(answer.text())) {
            ObjectNode delta = event("content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", piece);
            events.add(sse(delta));
        }
        events.add(sse(event("content_block_stop").put("index", 0)));

        ObjectNode messageDelta = event("message_delta");
        ObjectNode delta = messageDelta.putObject("delta").put("stop_reason", stopReason);
        delta.putNull("stop_sequence");
        messageDelta.putObject("usage").put("input_tokens", prompt).put("output_tokens", answer.tokens());
        events.add(sse(messageDelta));
        events.add(sse(event("message_stop")));
        return Reply.stream(events, model, prompt, answer.tokens());
    }

    private static ObjectNode message(String id, String model) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("id", id);
        json.put("type", "message");
        json.put("role", "assistant");
        json.put("model", model);
        return json;
    }

    private static ObjectNode event(String type) {
        return Json.MAPPER.createObjectNode().put("type", type);
    }

    private static Reply.Event sse(ObjectNode event) {
        return new Reply.Event(event.get("type").asText(), event.toString());
    }
}
