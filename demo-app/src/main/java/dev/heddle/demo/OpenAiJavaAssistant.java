package dev.heddle.demo;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.time.Duration;

/**
 * A feature that asks through the official OpenAI Java SDK ({@code com.openai:openai-java}),
 * synchronous client, the way most apps call it.
 */
final class OpenAiJavaAssistant implements Assistant {

    private final Feature feature;
    private final OpenAIClient client;

    OpenAiJavaAssistant(Feature feature, String baseUrl) {
        this.feature = feature;
        this.client = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl + "/v1")
                .apiKey(DemoApp.FAKE_API_KEY)
                .maxRetries(0) // an error reaches the app at once, and is counted there
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    @Override
    @SuppressWarnings("deprecation") // user(): OpenAI now prefers safety_identifier; both reach the server
    public String ask(String user, String question) {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(feature.model())
                .addSystemMessage(feature.systemPrompt())
                .addUserMessage(question)
                .temperature(feature.temperature())
                .user(user)
                .build());
        return completion.choices().get(0).message().content().orElse("");
    }

    @Override
    public void close() {
        client.close();
    }
}
