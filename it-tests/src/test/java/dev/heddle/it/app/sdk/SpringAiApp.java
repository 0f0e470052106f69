package dev.heddle.it.app.sdk;

import dev.heddle.it.app.Out;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;

/**
 * An ordinary app that asks Spring AI's {@code OpenAiChatModel}; it knows nothing of Heddle.
 * {@code SpringAiApp <baseUrl>}: the same prompt three times, once more through {@code call(String)},
 * then with another temperature and another model in the prompt's options; prints what the app saw
 * and the agent's counters for rule {@code spring-ai}.
 */
public final class SpringAiApp {

    private SpringAiApp() {
    }

    public static void main(String[] args) {
        OpenAiApi api = OpenAiApi.builder().baseUrl(args[0]).apiKey("test-key").build();
        ChatModel model = OpenAiChatModel.builder().openAiApi(api)
                .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o-mini").temperature(0.2).build()).build();
        ChatResponse first = model.call(new Prompt("What is a heddle?"));
        ChatResponse second = model.call(new Prompt("What is a heddle?"));
        ChatResponse third = model.call(new Prompt("What is a heddle?"));
        String viaString = model.call("What is a heddle?");
        ChatResponse warmer = model.call(new Prompt("What is a heddle?", OpenAiChatOptions.builder().temperature(0.9).build()));
        ChatResponse larger = model.call(new Prompt("What is a heddle?", OpenAiChatOptions.builder().model("gpt-4o").build()));
        Out.print("repeat.sameContent", text(first).equals(text(second)) && text(first).equals(text(third)));
        Out.print("string.sameContent", viaString.equals(text(first)));
        Out.print("temperature.differentAnswer", !text(warmer).equals(text(first)));
        Out.print("model.differentAnswer", !text(larger).equals(text(first)));
        Out.print("first.inputTokens", first.getMetadata().getUsage().getPromptTokens());
        Out.print("first.outputTokens", first.getMetadata().getUsage().getCompletionTokens());
        HeddleCounters.print("spring-ai");
        Out.print("done", true);
    }

    private static String text(ChatResponse response) {
        return response.getResult().getOutput().getText();
    }
}
