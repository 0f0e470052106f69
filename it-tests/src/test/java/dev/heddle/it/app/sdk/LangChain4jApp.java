package dev.heddle.it.app.sdk;

import dev.heddle.it.app.Out;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * An ordinary app that asks LangChain4j's {@code OpenAiChatModel}; it knows nothing of Heddle.
 * {@code LangChain4jApp <baseUrl>}: the same question three times through the convenience
 * {@code chat(String)}, once more through {@code chat(ChatRequest)}, then through models with
 * another temperature and another model name; prints what the app saw and the agent's counters for
 * rule {@code langchain4j}.
 */
public final class LangChain4jApp {

    private LangChain4jApp() {
    }

    public static void main(String[] args) {
        ChatModel model = model(args[0], "gpt-4o-mini", 0.2);
        String first = model.chat("What is a heddle?");
        String second = model.chat("What is a heddle?");
        String third = model.chat("What is a heddle?");
        ChatResponse viaRequest = model.chat(ChatRequest.builder()
                .messages(dev.langchain4j.data.message.UserMessage.from("What is a heddle?")).build());
        String warmer = model(args[0], "gpt-4o-mini", 0.9).chat("What is a heddle?");
        String larger = model(args[0], "gpt-4o", 0.2).chat("What is a heddle?");
        Out.print("repeat.sameContent", first.equals(second) && first.equals(third));
        Out.print("request.sameContent", viaRequest.aiMessage().text().equals(first));
        Out.print("temperature.differentAnswer", !warmer.equals(first));
        Out.print("model.differentAnswer", !larger.equals(first));
        Out.print("first.inputTokens", viaRequest.tokenUsage().inputTokenCount());
        Out.print("first.outputTokens", viaRequest.tokenUsage().outputTokenCount());
        HeddleCounters.print("langchain4j");
        Out.print("done", true);
    }

    private static ChatModel model(String baseUrl, String name, double temperature) {
        return OpenAiChatModel.builder().baseUrl(baseUrl + "/v1").apiKey("test-key").modelName(name)
                .temperature(temperature).maxRetries(0).build();
    }
}
