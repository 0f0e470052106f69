package dev.heddle.demo.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What an API endpoint answers: one JSON body, or a stream of server-sent events; and what it
 * cost, for the stats.
 *
 * @param json the body of a plain answer, or {@code null} for a stream
 * @param events the events of a stream, or {@code null} for a plain answer
 * @param model the model that answered
 * @param promptTokens the prompt tokens
 * @param completionTokens the completion tokens
 */
record Reply(ObjectNode json, List<Event> events, String model, long promptTokens, long completionTokens) {

    /**
     * One server-sent event.
     *
     * @param name the {@code event:} line, or {@code null} for none (OpenAI sends only {@code data:})
     * @param data the {@code data:} line
     */
    record Event(String name, String data) {
        String wire() {
            return (name == null ? "" : "event: " + name + "\n") + "data: " + data + "\n\n";
        }
    }

    static Reply json(ObjectNode json, String model, long promptTokens, long completionTokens) {
        return new Reply(json, null, model, promptTokens, completionTokens);
    }

    static Reply stream(List<Event> events, String model, long promptTokens, long completionTokens) {
        return new Reply(null, List.copyOf(events), model, promptTokens, completionTokens);
    }
}
