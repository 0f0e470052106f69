package dev.heddle.it.app.sdk;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import dev.heddle.it.app.Out;
import java.util.Iterator;

/**
 * An ordinary app that streams answers through the official Anthropic Java SDK
 * ({@code createStreaming}); it knows nothing of Heddle.
 * {@code AnthropicStreamingApp <baseUrl> <command>...}: see {@link StreamingCommands}; then the
 * agent's counters for rule {@code stream}.
 */
public final class AnthropicStreamingApp {

    private AnthropicStreamingApp() {
    }

    public static void main(String[] args) {
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(args[0]).apiKey("test-key").maxRetries(0).build();
        String[] commands = java.util.Arrays.copyOfRange(args, 1, args.length);
        StreamingCommands.run(commands, (question, chunks) -> {
            MessageCreateParams params = MessageCreateParams.builder()
                    .model("claude-3-5-haiku-latest")
                    .maxTokens(300)
                    .system("You are a weaving assistant.")
                    .addUserMessage(question)
                    .build();
            try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
                Iterator<RawMessageStreamEvent> each = stream.stream().iterator();
                while (each.hasNext()) {
                    if (!chunks.accept(text(each.next()))) break;
                }
            }
        });
        HeddleCounters.print("stream");
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    private static String text(RawMessageStreamEvent event) {
        return event.contentBlockDelta().flatMap(delta -> delta.delta().text()).map(text -> text.text()).orElse("");
    }
}
