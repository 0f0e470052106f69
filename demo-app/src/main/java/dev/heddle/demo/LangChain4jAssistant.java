package dev.heddle.demo;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import java.time.Duration;

/** A feature that asks through LangChain4j's {@code OpenAiChatModel} ({@code dev.langchain4j:langchain4j-open-ai}). */
final class LangChain4jAssistant implements Assistant {

    private final Feature feature;
    private final OpenAiChatModel model;

    LangChain4jAssistant(Feature feature, String baseUrl) {
        this.feature = feature;
        this.model = OpenAiChatModel.builder()
                .baseUrl(baseUrl + "/v1")
                .apiKey(DemoApp.FAKE_API_KEY)
                .modelName(feature.model())
                .temperature(feature.temperature())
                .maxRetries(0) // an error reaches the app at once, and is counted there
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    @Override
    public String ask(String user, String question) {
        return model.chat(ChatRequest.builder()
                        .messages(SystemMessage.from(feature.systemPrompt()), UserMessage.from(question))
                        .parameters(OpenAiChatRequestParameters.builder().user(user).build())
                        .build())
                .aiMessage().text();
    }

    @Override
    public void close() {
        // LangChain4j's JDK HTTP client holds nothing that needs closing
    }
}
