package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.heddle.it.app.Out;
import java.util.Iterator;

/**
 * An ordinary app that streams answers through the official OpenAI Java SDK
 * ({@code createStreaming}, with a usage chunk at the end); it knows nothing of Heddle.
 * {@code OpenAiStreamingApp <baseUrl> <command>...}: see {@link StreamingCommands}; then the agent's
 * counters for rule {@code stream}.
 */
public final class OpenAiStreamingApp {

    private OpenAiStreamingApp() {
    }

    public static void main(String[] args) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0] + "/v1").apiKey("test-key").maxRetries(0).build();
        String[] commands = java.util.Arrays.copyOfRange(args, 1, args.length);
        StreamingCommands.run(commands, (question, chunks) -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(question(question))) {
                Iterator<ChatCompletionChunk> each = stream.stream().iterator();
                while (each.hasNext()) {
                    if (!chunks.accept(text(each.next()))) break;
                }
            }
        });
        HeddleCounters.print("stream");
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    /** A question with a system prompt, asking for a usage chunk at the end; the async app asks the same. */
    static ChatCompletionCreateParams question(String question) {
        return ChatCompletionCreateParams.builder()
                .model(ChatModel.GPT_4O_MINI)
                .addSystemMessage("You are a weaving assistant.")
                .addUserMessage(question)
                .temperature(0.2)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
    }

    static String text(ChatCompletionChunk chunk) {
        StringBuilder text = new StringBuilder();
        chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
        return text.toString();
    }
}
