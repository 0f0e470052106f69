package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.api.CachedAnswer;
import dev.heddle.api.Heddle;
import dev.heddle.it.app.Out;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An ordinary app that asks the official OpenAI SDK the questions a test writes to its stdin, one
 * line each, when the test wants them asked: {@code AskOnRequestApp <baseUrl>}. It prints
 * {@link #READY}, then for the n-th question {@code q<n>.answerId}, {@code q<n>.content} (on one line), {@code q<n>.cached} ({@code none},
 * {@code stored}, {@code hit} or {@code semantic}, from {@code Heddle.lastCachedAnswer()}) and
 * {@code answered=<n>}. On {@link #EXIT} it prints the agent's counters for rule {@code openai} and
 * {@code done=true}, and ends. So a test can run several JVMs side by side and decide which asks what, when.
 */
public final class AskOnRequestApp {

    /** Printed once the app reads its stdin. */
    public static final String READY = "READY";
    /** What the test writes to let the app end. */
    public static final String EXIT = "EXIT";

    private AskOnRequestApp() {
    }

    public static void main(String[] args) throws Exception {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0] + "/v1").apiKey("test-key").maxRetries(0).build();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println(READY);
        System.out.flush();
        int asked = 0;
        for (String line = in.readLine(); line != null && !line.equals(EXIT); line = in.readLine()) {
            asked++;
            ChatCompletionCreateParams question = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
                    .addUserMessage(line).build();
            try {
                ChatCompletion answer = client.chat().completions().create(question);
                Out.print("q" + asked + ".answerId", answer.id());
                Out.print("q" + asked + ".content", answer.choices().get(0).message().content().orElse("").replace('\n', ' '));
            } catch (Exception e) {
                Out.print("q" + asked + ".failure", e);
            }
            Optional<CachedAnswer> cached = Heddle.lastCachedAnswer();
            Out.print("q" + asked + ".cached", cached.map(c -> c.semantic() ? "semantic" : c.hit() ? "hit" : "stored").orElse("none"));
            Out.print("answered", asked);
        }
        HeddleCounters.print("openai");
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }
}
