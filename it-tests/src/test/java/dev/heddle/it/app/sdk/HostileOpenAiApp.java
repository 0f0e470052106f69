package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.it.app.Out;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * An ordinary app that sends the official OpenAI SDK (its own retries off) requests a careful app
 * would not: {@code HostileOpenAiApp <baseUrl>}. Each case asks twice; for each ask it prints
 * {@code <case>.<n>.outcome} ({@code answered: <the answer's first 120 characters>} or {@code threw <type>}) and
 * {@code <case>.<n>.reachedModel} (the mock vendor's own count of chat requests went up), then
 * {@code done=true}.
 *
 * <ul>
 *   <li>{@code hugePrompt}: a 5 MB user message;</li>
 *   <li>{@code longHistory}: 10,000 earlier messages, then a question;</li>
 *   <li>{@code shortHistory}: 100 earlier messages, then a question (the control: cached);</li>
 *   <li>{@code surrogateA} and {@code surrogateB}: "Tell me about " followed by the unpaired
 *       surrogate U+D800, then by U+DBFF; between them the app evicts every cache of its own JVM
 *       (the agent's MBean, as an operator would), so B is looked up in Redis, where A's answer is;</li>
 *   <li>{@code nullParams}: {@code create(null)}.</li>
 * </ul>
 */
public final class HostileOpenAiApp {

    private static final Pattern CHAT_REQUESTS = Pattern.compile("\"/v1/chat/completions\"\\s*:\\s*(\\d+)");
    private static final HttpClient ADMIN = HttpClient.newHttpClient();

    private static String baseUrl;

    private HostileOpenAiApp() {
    }

    public static void main(String[] args) throws Exception {
        baseUrl = args[0];
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey("test-key").maxRetries(0).build();
        ChatCompletionCreateParams huge = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addUserMessage("Summarize: " + "lorem ipsum ".repeat(5 * 1024 * 1024 / 12)).build();
        twice("hugePrompt", () -> client.chat().completions().create(huge));
        twice("longHistory", () -> client.chat().completions().create(history(10_000)));
        twice("shortHistory", () -> client.chat().completions().create(history(100)));
        twice("surrogateA", () -> client.chat().completions().create(question("Tell me about \uD800")));
        evictEveryCacheOfThisJvm();
        twice("surrogateB", () -> client.chat().completions().create(question("Tell me about \uDBFF")));
        twice("nullParams", () -> client.chat().completions().create((ChatCompletionCreateParams) null));
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    private static void twice(String label, Supplier<ChatCompletion> call) throws Exception {
        for (int n = 1; n <= 2; n++) {
            long before = chatRequests();
            String outcome;
            try {
                String answer = call.get().choices().get(0).message().content().orElse("");
                outcome = "answered: " + answer.substring(0, Math.min(answer.length(), 120));
            } catch (RuntimeException | Error e) {
                outcome = "threw " + e.getClass().getName();
            }
            Out.print(label + "." + n + ".outcome", outcome.replace('\n', ' '));
            Out.print(label + "." + n + ".reachedModel", chatRequests() > before);
        }
    }

    private static ChatCompletionCreateParams question(String text) {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(text).build();
    }

    private static ChatCompletionCreateParams history(int earlierMessages) {
        ChatCompletionCreateParams.Builder builder = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addSystemMessage("You are a patient tutor.");
        for (int i = 0; i < earlierMessages; i++) {
            if (i % 2 == 0) {
                builder.addUserMessage("message " + i);
            } else {
                builder.addAssistantMessage("reply " + i);
            }
        }
        return builder.addUserMessage("And what is a heddle for?").build();
    }

    private static void evictEveryCacheOfThisJvm() {
        try {
            ObjectName name = new ObjectName("dev.heddle:type=Heddle");
            if (!ManagementFactory.getPlatformMBeanServer().isRegistered(name)) return;
            ManagementFactory.getPlatformMBeanServer().invoke(name, "evictCache", new Object[] {"*"},
                    new String[] {String.class.getName()});
        } catch (JMException e) {
            Out.print("evict.error", e);
        }
    }

    private static long chatRequests() throws IOException, InterruptedException {
        HttpResponse<String> stats = ADMIN.send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/stats")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher matcher = CHAT_REQUESTS.matcher(stats.body());
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }
}
