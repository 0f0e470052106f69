package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.api.CachedAnswer;
import dev.heddle.api.Heddle;
import dev.heddle.it.app.Out;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Scope;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An ordinary app that asks the official OpenAI SDK, on behalf of a user of a tenant, the questions
 * a test writes to its stdin: {@code ScopedAskApp <baseUrl>}, then lines {@code <user> <tenant> <question>}.
 * The user is given the way an app gives it to Heddle ({@code Heddle.runAs}); the tenant the way a
 * multi-tenant service carries it, in OpenTelemetry baggage ({@code tenant.id}). It prints
 * {@link #READY}, then for the n-th question {@code q<n>.answerId}, {@code q<n>.cached} ({@code none},
 * {@code stored}, {@code hit} or {@code semantic}), {@code q<n>.micros} (how long the app waited for
 * the answer) and {@code answered=<n>}; on {@link #EXIT} the
 * agent's counters for rule {@code openai} and {@code done=true}.
 */
public final class ScopedAskApp {

    /** Printed once the app reads its stdin. */
    public static final String READY = "READY";
    /** What the test writes to let the app end. */
    public static final String EXIT = "EXIT";

    private ScopedAskApp() {
    }

    public static void main(String[] args) throws Exception {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0] + "/v1").apiKey("test-key").maxRetries(0).build();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println(READY);
        System.out.flush();
        int asked = 0;
        for (String line = in.readLine(); line != null && !line.equals(EXIT); line = in.readLine()) {
            asked++;
            String[] parts = line.split(" ", 3);
            ChatCompletionCreateParams question = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
                    .addUserMessage(parts[2]).build();
            long start = System.nanoTime();
            try (Scope ignored = Baggage.current().toBuilder().put("tenant.id", parts[1]).build().makeCurrent()) {
                String id = Heddle.runAs(parts[0], () -> client.chat().completions().create(question).id());
                Out.print("q" + asked + ".micros", (System.nanoTime() - start) / 1_000);
                Out.print("q" + asked + ".answerId", id);
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
