package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.it.app.Out;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

/**
 * An ordinary app that calls the official OpenAI Java SDK; it knows nothing of Heddle.
 *
 * <p>{@code OpenAiApp <baseUrl> all}: the same question three times (equal requests built anew each
 * time), then with another temperature and another model, then another question twice through the
 * asynchronous client; prints what the app saw and the agent's counters for rule {@code openai}.
 *
 * <p>{@code OpenAiApp <baseUrl> truncated}: the same question twice with a token limit that cuts the
 * answer off.
 *
 * <p>{@code OpenAiApp <baseUrl> late}: one call, {@code READY}, waits for {@code GO} on stdin (the
 * test attaches the agent), then the same call twice more.
 */
public final class OpenAiApp {

    private OpenAiApp() {
    }

    public static void main(String[] args) throws IOException, ExecutionException, InterruptedException {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0] + "/v1").apiKey("test-key").maxRetries(0).build();
        if (args[1].equals("late")) {
            lateAttach(client);
            return;
        }
        if (args[1].equals("truncated")) {
            truncated(client);
            return;
        }
        ChatCompletion first = client.chat().completions().create(question("What is a heddle?", 0.2, ChatModel.GPT_4O_MINI));
        ChatCompletion second = client.chat().completions().create(question("What is a heddle?", 0.2, ChatModel.GPT_4O_MINI));
        ChatCompletion third = client.chat().completions().create(question("What is a heddle?", 0.2, ChatModel.GPT_4O_MINI));
        ChatCompletion warmer = client.chat().completions().create(question("What is a heddle?", 0.9, ChatModel.GPT_4O_MINI));
        ChatCompletion larger = client.chat().completions().create(question("What is a heddle?", 0.2, ChatModel.GPT_4O));
        Out.print("repeat.equalToFirst", first.equals(second) && first.equals(third));
        Out.print("repeat.sameContent", content(first).equals(content(second)) && content(first).equals(content(third)));
        Out.print("temperature.differentAnswer", !content(warmer).equals(content(first)));
        Out.print("model.differentAnswer", !content(larger).equals(content(first)));
        printUsage("first", first);

        OpenAIClientAsync async = OpenAIOkHttpClientAsync.builder().baseUrl(args[0] + "/v1").apiKey("test-key").maxRetries(0).build();
        ChatCompletion asyncFirst = async.chat().completions().create(question("What is a warp?", 0.2, ChatModel.GPT_4O_MINI)).get();
        ChatCompletion asyncSecond = async.chat().completions().create(question("What is a warp?", 0.2, ChatModel.GPT_4O_MINI)).get();
        Out.print("async.equalToFirst", asyncFirst.equals(asyncSecond));
        printUsage("async", asyncFirst);
        HeddleCounters.print("openai");
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    private static void lateAttach(OpenAIClient client) throws IOException {
        ChatCompletion before = client.chat().completions().create(question("What is a shuttle?", 0.2, ChatModel.GPT_4O_MINI));
        System.out.println("READY");
        System.out.flush();
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (!"GO".equals(line)) System.exit(3);
        ChatCompletion after = client.chat().completions().create(question("What is a shuttle?", 0.2, ChatModel.GPT_4O_MINI));
        ChatCompletion again = client.chat().completions().create(question("What is a shuttle?", 0.2, ChatModel.GPT_4O_MINI));
        Out.print("late.sameContent", content(before).equals(content(after)) && content(after).equals(content(again)));
        Out.print("late.againEqualToAfter", after.equals(again));
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    /** The same question twice with a token limit that cuts the answer off. */
    private static void truncated(OpenAIClient client) {
        for (int i = 1; i <= 2; i++) {
            ChatCompletion cutOff = client.chat().completions().create(question("What is a heddle?", 0.2, ChatModel.GPT_4O_MINI)
                    .toBuilder().maxCompletionTokens(3).build());
            Out.print("truncated" + i + ".finishReason", cutOff.choices().get(0).finishReason().asString());
        }
        HeddleCounters.print("openai");
        Out.print("done", true);
        System.exit(0);
    }

    private static ChatCompletionCreateParams question(String text, double temperature, ChatModel model) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addSystemMessage("You are a weaving assistant.")
                .addUserMessage(text)
                .temperature(temperature)
                .build();
    }

    private static String content(ChatCompletion completion) {
        return completion.choices().get(0).message().content().orElse("");
    }

    private static void printUsage(String prefix, ChatCompletion completion) {
        completion.usage().ifPresent(usage -> {
            Out.print(prefix + ".promptTokens", usage.promptTokens());
            Out.print(prefix + ".completionTokens", usage.completionTokens());
        });
    }
}
