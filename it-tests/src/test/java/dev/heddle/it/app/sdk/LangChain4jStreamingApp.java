package dev.heddle.it.app.sdk;

import dev.heddle.it.app.Out;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An ordinary app that streams answers through LangChain4j's {@code OpenAiStreamingChatModel}
 * ({@code chat(String, StreamingChatResponseHandler)}, told partial by partial on the HTTP client's
 * thread); it knows nothing of Heddle. {@code LangChain4jStreamingApp <baseUrl> <command>...}: see
 * {@link StreamingCommands}; a {@code cancel} cancels through the {@code StreamingHandle} of the
 * last partial's context, and an error is what the handler's {@code onError} got. Then the agent's
 * counters for rule {@code stream}.
 */
public final class LangChain4jStreamingApp {

    private LangChain4jStreamingApp() {
    }

    public static void main(String[] args) {
        StreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(args[0] + "/v1").apiKey("test-key")
                .modelName("gpt-4o-mini").temperature(0.2).build();
        StreamingCommands.run(Arrays.copyOfRange(args, 1, args.length), (question, chunks) -> {
            CompletableFuture<Void> ended = new CompletableFuture<>();
            model.chat(question, new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
                    if (!chunks.accept(partialResponse.text())) {
                        context.streamingHandle().cancel();
                        ended.complete(null);
                    }
                }

                @Override
                public void onCompleteResponse(ChatResponse completeResponse) {
                    ended.complete(null);
                }

                @Override
                public void onError(Throwable error) {
                    ended.completeExceptionally(error);
                }
            });
            try {
                ended.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException failed) {
                // what onError got, as the app would rethrow it
                if (failed.getCause() instanceof Error error) throw error;
                throw (Exception) failed.getCause();
            }
        });
        HeddleCounters.print("stream");
        Out.print("done", true);
    }
}
