package dev.heddle.it.app.sdk;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClientAsync;
import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import dev.heddle.it.app.Out;
import java.util.concurrent.ExecutionException;

/**
 * An ordinary app that calls the official Anthropic Java SDK; it knows nothing of Heddle.
 * {@code AnthropicApp <baseUrl>}: the same question three times, then with another temperature and
 * another model, then another question twice through the asynchronous client; prints what the app
 * saw and the agent's counters for rule {@code anthropic}.
 */
public final class AnthropicApp {

    private AnthropicApp() {
    }

    public static void main(String[] args) throws ExecutionException, InterruptedException {
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(args[0]).apiKey("test-key").maxRetries(0).build();
        Message first = client.messages().create(question("What is a heddle?", 0.2, "claude-3-5-haiku-latest"));
        Message second = client.messages().create(question("What is a heddle?", 0.2, "claude-3-5-haiku-latest"));
        Message third = client.messages().create(question("What is a heddle?", 0.2, "claude-3-5-haiku-latest"));
        Message warmer = client.messages().create(question("What is a heddle?", 0.9, "claude-3-5-haiku-latest"));
        Message larger = client.messages().create(question("What is a heddle?", 0.2, "claude-sonnet-4-5"));
        Out.print("repeat.equalToFirst", first.equals(second) && first.equals(third));
        Out.print("repeat.sameContent", text(first).equals(text(second)) && text(first).equals(text(third)));
        Out.print("temperature.differentAnswer", !text(warmer).equals(text(first)));
        Out.print("model.differentAnswer", !text(larger).equals(text(first)));
        Out.print("first.inputTokens", first.usage().inputTokens());
        Out.print("first.outputTokens", first.usage().outputTokens());

        AnthropicClientAsync async = AnthropicOkHttpClientAsync.builder().baseUrl(args[0]).apiKey("test-key").maxRetries(0).build();
        Message asyncFirst = async.messages().create(question("What is a warp?", 0.2, "claude-3-5-haiku-latest")).get();
        Message asyncSecond = async.messages().create(question("What is a warp?", 0.2, "claude-3-5-haiku-latest")).get();
        Out.print("async.equalToFirst", asyncFirst.equals(asyncSecond));
        Out.print("async.inputTokens", asyncFirst.usage().inputTokens());
        Out.print("async.outputTokens", asyncFirst.usage().outputTokens());
        HeddleCounters.print("anthropic");
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    private static MessageCreateParams question(String text, double temperature, String model) {
        return MessageCreateParams.builder()
                .model(model)
                .maxTokens(300)
                .system("You are a weaving assistant.")
                .addUserMessage(text)
                // anthropic-java 3.13 has no temperature(): the SDK's documented way to send another field
                .putAdditionalBodyProperty("temperature", JsonValue.from(temperature))
                .build();
    }

    private static String text(Message message) {
        return message.content().get(0).text().map(block -> block.text()).orElse("");
    }
}
