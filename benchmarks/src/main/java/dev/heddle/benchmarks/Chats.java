package dev.heddle.benchmarks;

import com.openai.core.ObjectMappers;
import com.openai.core.RequestOptions;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Stand-ins for openai-java's chat completion service, with its {@code createStreaming} signature,
 * streaming a whole answer of real SDK chunks from memory (no network): {@link Plain} is never
 * woven; {@link Cached} is, by a rule with {@code preset: openai-java} and a cache
 * ({@link BenchmarkMain#CONFIG}), so it is teed on a miss and replayed on a hit.
 */
public final class Chats {

    /** Chunks in one answer: a role chunk, 96 words, a stop chunk, a usage chunk. */
    static final int CHUNKS = 99;
    private static final List<ChatCompletionChunk> ANSWER = answer();

    private Chats() {
    }

    private static List<ChatCompletionChunk> answer() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        chunks.add(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
        for (int i = 1; i <= CHUNKS - 3; i++) chunks.add(chunk("{\"content\":\" word" + i + "\"}", null));
        chunks.add(chunk("{}", "\"stop\""));
        chunks.add(read("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":96,\"total_tokens\":116}}"));
        return List.copyOf(chunks);
    }

    private static ChatCompletionChunk chunk(String delta, String finishReason) {
        return read("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}]}");
    }

    private static ChatCompletionChunk read(String json) {
        try {
            return ObjectMappers.jsonMapper().readValue(json, ChatCompletionChunk.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An answer's stream, as the SDK's HTTP layer hands it over (here from memory). */
    static StreamResponse<ChatCompletionChunk> streamOfTheAnswer() {
        Stream<ChatCompletionChunk> chunks = ANSWER.stream();
        return new StreamResponse<>() {
            @Override
            public Stream<ChatCompletionChunk> stream() {
                return chunks;
            }

            @Override
            public void close() {
            }
        };
    }

    /** Never woven. */
    public static final class Plain {
        public StreamResponse<ChatCompletionChunk> createStreaming(ChatCompletionCreateParams params, RequestOptions options) {
            return streamOfTheAnswer();
        }
    }

    /** Woven as a streamed call of preset openai-java, with a cache. */
    public static final class Cached {
        public StreamResponse<ChatCompletionChunk> createStreaming(ChatCompletionCreateParams params, RequestOptions options) {
            return streamOfTheAnswer();
        }
    }
}
