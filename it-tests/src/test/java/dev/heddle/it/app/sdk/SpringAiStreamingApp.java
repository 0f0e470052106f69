package dev.heddle.it.app.sdk;

import dev.heddle.it.app.Out;
import java.util.Arrays;
import java.util.List;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.model.StreamingChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;

/**
 * An ordinary app that streams answers through Spring AI's {@code OpenAiChatModel.stream(Prompt)}
 * (a Reactor {@code Flux<ChatResponse>}, with {@code streamUsage} so that the last chunk carries the
 * usage); it knows nothing of Heddle. {@code SpringAiStreamingApp <baseUrl> <command>...}: see
 * {@link StreamingCommands}; then the agent's counters for rule {@code stream}.
 *
 * <p>It reads the Flux as a Reactor app does, subscribing with {@code blockLast}; a command that
 * stops early ends the Flux with {@code takeUntil}, which cancels the stream right after the last
 * chunk wanted, as {@code take(k)} would.
 */
public final class SpringAiStreamingApp {

    private SpringAiStreamingApp() {
    }

    public static void main(String[] args) {
        OpenAiApi api = OpenAiApi.builder().baseUrl(args[0]).apiKey("test-key").build();
        StreamingChatModel model = OpenAiChatModel.builder().openAiApi(api)
                .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o-mini").temperature(0.2).streamUsage(true).build())
                .build();
        StreamingCommands.run(Arrays.copyOfRange(args, 1, args.length), (question, chunks) -> {
            Prompt prompt = new Prompt(List.of(new SystemMessage("You are a weaving assistant."), new UserMessage(question)));
            model.stream(prompt).takeUntil(chunk -> !chunks.accept(text(chunk))).blockLast();
        });
        HeddleCounters.print("stream");
        Out.print("done", true);
        System.exit(0); // the HTTP client's threads need not be waited for
    }

    /** The chunk's generated text; none for the last chunk, which carries only the usage. */
    private static String text(ChatResponse chunk) {
        StringBuilder text = new StringBuilder();
        for (Generation generation : chunk.getResults()) {
            String delta = generation.getOutput().getText();
            if (delta != null) text.append(delta);
        }
        return text.toString();
    }
}
