package dev.heddle.preset;

import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionChunk;
import java.util.List;

/** Real openai-java chat completion chunks, as the SDK parses them from a stream, for tests. */
public final class OpenAiStreamChunks {

    private OpenAiStreamChunks() {
    }

    /**
     * @param delta the chunk's text
     * @param finishReason the finish reason, or null for a chunk in the middle
     * @return a chunk of choice 0
     */
    public static ChatCompletionChunk chunk(String delta, String finishReason) {
        String choice = "{\"index\":0,\"delta\":{\"content\":\"" + delta + "\"},\"logprobs\":null,\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}";
        return read("{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[" + choice + "]}");
    }

    /** @return the last chunk of a stream with {@code include_usage}: 21 prompt and 4 completion tokens */
    public static ChatCompletionChunk usageChunk() {
        return read("{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":4,\"total_tokens\":25}}");
    }

    /** @return a whole answer, "A heddle lifts threads.": a role chunk, two text chunks, the stop, the usage */
    public static List<Object> wholeAnswer() {
        return List.of(chunk("", null), chunk("A heddle", null), chunk(" lifts threads.", null), chunk("", "stop"), usageChunk());
    }

    private static ChatCompletionChunk read(String json) {
        try {
            return ObjectMappers.jsonMapper().readValue(json, ChatCompletionChunk.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
