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
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * An ordinary app that uses its OpenAI API key ({@code OPENAI_API_KEY}) to ask the official SDK
 * five questions for user {@code alice}, each starting with the marker given as the second
 * argument, then the first again and a paraphrase of it: {@code SecretWorkloadApp <baseUrl> <marker>}.
 * It writes the answers' texts to {@code answers.txt} and every attribute of the agent's MBean to
 * {@code jmx.txt} in its working directory, prints for each question {@code q<n>.cached} (or
 * {@code q<n>.failure} with the exception's type only), then {@link #PAUSED}, and waits for
 * {@link #GO} on stdin before it ends. It prints no prompt, answer or key.
 */
public final class SecretWorkloadApp {

    /** Printed once the work is done and written down; the app then waits for {@link #GO}. */
    public static final String PAUSED = "PAUSED";
    /** What the test writes to stdin once it has read the status endpoint. */
    public static final String GO = "GO";
    /** The answers the app got, one a line: the vendor's texts, for the test's positive control. */
    public static final String ANSWERS = "answers.txt";
    /** Every attribute of {@code dev.heddle:type=Heddle}, {@code name=value} a line. */
    public static final String JMX = "jmx.txt";

    private SecretWorkloadApp() {
    }

    public static void main(String[] args) throws Exception {
        String marker = args[1];
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0] + "/v1").apiKey(System.getenv("OPENAI_API_KEY"))
                .maxRetries(0).build();
        List<String> questions = List.of(
                marker + " How do I learn Python quickly?",
                marker + " How do I cook rice in a pot?",
                marker + " What is a heddle on a loom?",
                marker + " How far away is the moon?",
                marker + " Why is the sky blue?",
                marker + " How do I learn Python quickly?",
                marker + " How can I learn Python quickly?");
        List<String> answers = new ArrayList<>();
        int asked = 0;
        for (String text : questions) {
            asked++;
            ChatCompletionCreateParams question = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
                    .user("alice").addUserMessage(text).build();
            try {
                ChatCompletion answer = client.chat().completions().create(question);
                answers.add(answer.choices().get(0).message().content().orElse(""));
                Optional<CachedAnswer> cached = Heddle.lastCachedAnswer();
                Out.print("q" + asked + ".cached", cached.map(c -> c.semantic() ? "semantic" : c.hit() ? "hit" : "stored").orElse("none"));
            } catch (RuntimeException e) {
                // the type only: an SDK's message may quote the request
                Out.print("q" + asked + ".failure", e.getClass().getSimpleName());
            }
        }
        Files.write(Path.of(ANSWERS), answers, StandardCharsets.UTF_8);
        Files.write(Path.of(JMX), mbeanAttributes(), StandardCharsets.UTF_8);
        System.out.println(PAUSED);
        System.out.flush();
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        Out.print("done", GO.equals(line));
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    private static List<String> mbeanAttributes() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName heddle = new ObjectName("dev.heddle:type=Heddle");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!server.isRegistered(heddle) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<String> lines = new ArrayList<>();
        for (MBeanAttributeInfo attribute : server.getMBeanInfo(heddle).getAttributes()) {
            Object value = server.getAttribute(heddle, attribute.getName());
            lines.add(attribute.getName() + "=" + (value instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(value)));
        }
        return lines;
    }
}
