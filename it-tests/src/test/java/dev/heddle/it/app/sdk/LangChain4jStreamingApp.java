package dev.heddle.it.app.sdk;

import dev.heddle.it.app.Out;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An ordinary app that streams answers from LangChain4j's {@code OpenAiStreamingChatModel}; it knows
 * nothing of Heddle. {@code LangChain4jStreamingApp <baseUrl> <command>...}, each command in turn:
 * <ul>
 *   <li>{@code ask:<question>} streams one answer and prints {@code q<n>.chunks} (the partial texts
 *       joined by {@code |}), {@code q<n>.firstChunkMs} (from the call to the first partial),
 *       {@code q<n>.totalMs} (from the call to the end), or {@code q<n>.error} (the class name of what
 *       the handler's {@code onError} got);</li>
 *   <li>{@code cancel:<k>:<question>} reads {@code k} partials, then cancels through the
 *       {@code StreamingHandle} of the last one's context, and prints the same.</li>
 * </ul>
 * {@code <n>} is the command's place, from 1 (a key must start with a letter). Then the agent's
 * counters for rule {@code langchain4j}.
 */
public final class LangChain4jStreamingApp {

    private static final String SEPARATOR = "|";

    private LangChain4jStreamingApp() {
    }

    public static void main(String[] args) throws Exception {
        StreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(args[0] + "/v1").apiKey("test-key")
                .modelName("gpt-4o-mini").temperature(0.2).build();
        for (int i = 1; i < args.length; i++) {
            String command = args[i];
            String key = "q" + i;
            if (command.startsWith("ask:")) {
                stream(model, key, command.substring("ask:".length()), Integer.MAX_VALUE);
            } else if (command.startsWith("cancel:")) {
                String[] parts = command.split(":", 3);
                stream(model, key, parts[2], Integer.parseInt(parts[1]));
            } else {
                throw new IllegalArgumentException("unknown command " + command);
            }
        }
        HeddleCounters.print("langchain4j");
        Out.print("done", true);
    }

    /** Streams one answer, cancelling after {@code cancelAfter} partials, and prints what the handler saw. */
    private static void stream(StreamingChatModel model, String key, String question, int cancelAfter) throws Exception {
        List<String> chunks = new ArrayList<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        long[] firstChunkNanos = {0};
        long start = System.nanoTime();
        model.chat(question, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
                synchronized (chunks) {
                    if (chunks.isEmpty()) firstChunkNanos[0] = System.nanoTime();
                    chunks.add(partialResponse.text());
                    if (chunks.size() == cancelAfter) {
                        context.streamingHandle().cancel();
                        ended.complete(null);
                    }
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse completeResponse) {
                ended.complete(null);
            }

            @Override
            public void onError(Throwable error) {
                ended.complete(error);
            }
        });
        Throwable error = ended.get(60, TimeUnit.SECONDS);
        long end = System.nanoTime();
        synchronized (chunks) {
            Out.print(key + ".chunks", String.join(SEPARATOR, chunks));
            if (!chunks.isEmpty()) Out.print(key + ".firstChunkMs", (firstChunkNanos[0] - start) / 1_000_000);
        }
        if (error != null) {
            Out.print(key + ".error", error.getClass().getName());
        } else {
            Out.print(key + ".totalMs", (end - start) / 1_000_000);
        }
    }
}
