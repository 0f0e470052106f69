package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.heddle.it.app.Out;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An ordinary app that streams answers through openai-java's asynchronous client
 * ({@code createStreaming} → {@code AsyncStreamResponse}, a subscribed handler), with a usage chunk
 * at the end; it knows nothing of Heddle. {@code OpenAiAsyncStreamingApp <baseUrl> <command>...}:
 * see {@link StreamingCommands}; then the agent's counters for rule {@code stream}.
 */
public final class OpenAiAsyncStreamingApp {

    private OpenAiAsyncStreamingApp() {
    }

    public static void main(String[] args) {
        OpenAIClientAsync client = OpenAIOkHttpClientAsync.builder().baseUrl(args[0] + "/v1").apiKey("test-key").maxRetries(0).build();
        String[] commands = java.util.Arrays.copyOfRange(args, 1, args.length);
        StreamingCommands.run(commands, (question, chunks) -> {
            AsyncStreamResponse<ChatCompletionChunk> response = client.chat().completions()
                    .createStreaming(OpenAiStreamingApp.question(question));
            CompletableFuture<Void> over = new CompletableFuture<>();
            response.subscribe(new AsyncStreamResponse.Handler<>() {
                @Override
                public void onNext(ChatCompletionChunk chunk) {
                    if (!over.isDone() && !chunks.accept(OpenAiStreamingApp.text(chunk))) {
                        response.close();
                        over.complete(null);
                    }
                }

                @Override
                public void onComplete(Optional<Throwable> error) {
                    if (error.isPresent()) {
                        over.completeExceptionally(error.get());
                    } else {
                        over.complete(null);
                    }
                }
            });
            try {
                over.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException failed) {
                throw (Exception) failed.getCause();
            }
        });
        HeddleCounters.print("stream");
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }
}
