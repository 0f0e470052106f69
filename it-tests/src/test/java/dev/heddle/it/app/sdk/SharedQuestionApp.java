package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.it.app.Out;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * An ordinary app that asks the official OpenAI SDK one question: {@code SharedQuestionApp <baseUrl>}.
 * Prints {@code answerId=<the answer's id>}, the agent's counters for rule {@code openai}, then
 * {@link #PAUSED}, and waits for {@link #GO} on stdin before it prints {@code done=true} and exits,
 * so that a test decides when the JVM ends (its background work, such as a write to Redis, has
 * time to finish).
 */
public final class SharedQuestionApp {

    /** Printed once the question is answered; the app then waits for {@link #GO}. */
    public static final String PAUSED = "PAUSED";
    /** What the test writes to stdin to let the app end. */
    public static final String GO = "GO";

    private SharedQuestionApp() {
    }

    public static void main(String[] args) throws Exception {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0] + "/v1").apiKey("test-key").maxRetries(0).build();
        ChatCompletionCreateParams question = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
                .addUserMessage("What is a heddle for?").build();
        try {
            Out.print("answerId", client.chat().completions().create(question).id());
        } catch (Exception e) {
            Out.print("failure", e);
        }
        HeddleCounters.print("openai");
        System.out.println(PAUSED);
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }
}
