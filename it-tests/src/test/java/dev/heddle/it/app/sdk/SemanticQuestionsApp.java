package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.api.CacheControl;
import dev.heddle.api.CachedAnswer;
import dev.heddle.api.Heddle;
import dev.heddle.it.app.Out;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * An ordinary app that asks the official OpenAI SDK a scripted list of questions, one after the
 * other on one thread: {@code SemanticQuestionsApp <baseUrl> <question>...}, each question
 * {@code <label> | <options> | <system prompt> | <model> | <user> | <user message>}:
 * <ul>
 *   <li>{@code options}: {@code -}, or a comma-separated list of {@code noRead}, {@code noStore} and
 *       {@code maxAge=<ISO-8601 duration>} (the call runs inside {@code Heddle.withCacheControl}),
 *       {@code runAs} (the user is named by {@code Heddle.runAs(user, ...)} instead of the request's
 *       {@code user} field) and {@code reject} (the app calls {@code Heddle.rejectLastAnswer()}
 *       after the answer);</li>
 *   <li>{@code system prompt} and {@code user}: {@code -} for none.</li>
 * </ul>
 *
 * <p>For each question it prints {@code <label>.answerId} (the mock vendor gives every request it
 * answers a new id, so an id seen before is a cached answer), {@code <label>.reachedModel} (whether
 * the mock vendor's own count of chat requests, read from its {@code /admin/stats}, went up during
 * the call), {@code <label>.cached} ({@code none}, {@code stored}, {@code hit} or {@code semantic},
 * from {@code Heddle.lastCachedAnswer()}, always {@code none} without the agent), for a semantic
 * hit {@code <label>.similarity}, and with {@code reject} {@code <label>.rejected}. A call that
 * fails prints {@code <label>.failure}. At the end: {@code serverRequests}, the agent's counters
 * for rule {@code openai} (with {@code heddle.semanticHits}), and {@code done=true}.
 */
public final class SemanticQuestionsApp {

    private static final Pattern CHAT_REQUESTS = Pattern.compile("\"/v1/chat/completions\"\\s*:\\s*(\\d+)");

    private static final HttpClient ADMIN = HttpClient.newHttpClient();

    private SemanticQuestionsApp() {
    }

    /** One scripted question. */
    private record Question(String label, Set<String> options, String system, String model, String user, String message) {

        static Question parse(String line) {
            String[] fields = line.split("\\|", 6);
            if (fields.length != 6) throw new IllegalArgumentException("not a question line: " + line);
            String options = fields[1].trim();
            return new Question(fields[0].trim(), options.equals("-") ? Set.of() : Set.of(options.split("\\s*,\\s*")),
                    absent(fields[2]), fields[3].trim(), absent(fields[4]), fields[5].trim());
        }

        private static String absent(String field) {
            String value = field.trim();
            return value.equals("-") ? null : value;
        }

        ChatCompletionCreateParams params() {
            ChatCompletionCreateParams.Builder builder = ChatCompletionCreateParams.builder().model(model);
            if (system != null) builder.addSystemMessage(system);
            builder.addUserMessage(message);
            if (user != null && !options.contains("runAs")) builder.user(user);
            return builder.build();
        }

        CacheControl control() {
            CacheControl control = CacheControl.DEFAULT;
            if (options.contains("noRead")) control = control.andNoRead();
            if (options.contains("noStore")) control = control.andNoStore();
            for (String option : options) {
                if (option.startsWith("maxAge=")) control = control.andMaxAge(Duration.parse(option.substring("maxAge=".length())));
            }
            return control;
        }
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey("test-key").maxRetries(0).build();
        Set<String> seenIds = new HashSet<>();
        for (String line : List.of(args).subList(1, args.length)) {
            Question question = Question.parse(line);
            String label = question.label();
            long before = chatRequests(baseUrl);
            try {
                Callable<ChatCompletion> ask = () -> client.chat().completions().create(question.params());
                Callable<ChatCompletion> controlled = () -> Heddle.withCacheControl(question.control(), ask);
                ChatCompletion answer = question.options().contains("runAs") && question.user() != null
                        ? Heddle.runAs(question.user(), controlled) : controlled.call();
                Out.print(label + ".answerId", answer.id());
                Out.print(label + ".newId", seenIds.add(answer.id()));
            } catch (Exception e) {
                Out.print(label + ".failure", e);
            }
            Out.print(label + ".reachedModel", chatRequests(baseUrl) > before);
            Optional<CachedAnswer> cached = Heddle.lastCachedAnswer();
            Out.print(label + ".cached", cached.map(c -> c.semantic() ? "semantic" : c.hit() ? "hit" : "stored").orElse("none"));
            cached.filter(CachedAnswer::semantic).ifPresent(c -> Out.print(label + ".similarity", c.similarity()));
            if (question.options().contains("reject")) Out.print(label + ".rejected", Heddle.rejectLastAnswer());
        }
        Out.print("serverRequests", chatRequests(baseUrl));
        HeddleCounters.print("openai");
        printSemanticHits("openai");
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    /** The mock vendor's own count of chat completion requests. */
    private static long chatRequests(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> stats = ADMIN.send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/stats")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher matcher = CHAT_REQUESTS.matcher(stats.body());
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    /** {@code heddle.semanticHits} from the agent's MBean, when it is there (after {@link HeddleCounters#print}). */
    private static void printSemanticHits(String rule) {
        try {
            ObjectName name = new ObjectName("dev.heddle:type=Heddle");
            if (!ManagementFactory.getPlatformMBeanServer().isRegistered(name)) return;
            for (CompositeData status : (CompositeData[]) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Rules")) {
                if (rule.equals(status.get("name")) && status.containsKey("semanticHits")) {
                    Out.print("heddle.semanticHits", status.get("semanticHits"));
                }
            }
        } catch (JMException e) {
            Out.print("heddle.error", e);
        }
    }
}
