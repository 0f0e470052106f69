package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.it.app.Out;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * An ordinary app that asks the official OpenAI SDK the questions a test writes to its stdin, one
 * line each: {@code IntegrityProbeApp <baseUrl>}. It prints {@link #READY}, then for the n-th
 * question {@code q<n>.answerId}, {@code q<n>.content} (the answer's text, on one line) and
 * {@code answered=<n>}. On {@link #EXIT} it prints the agent's counters for rule {@code openai},
 * {@code heddle.redisEntriesRejected} (the MBean attribute {@code RedisEntriesRejected}, as a JMX
 * client reads it) and {@code done=true}, and ends.
 */
public final class IntegrityProbeApp {

    /** Printed once the app reads its stdin. */
    public static final String READY = "READY";
    /** What the test writes to let the app end. */
    public static final String EXIT = "EXIT";

    private IntegrityProbeApp() {
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
            Out.print("answered", asked);
        }
        HeddleCounters.print("openai");
        try {
            Out.print("heddle.redisEntriesRejected", ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("dev.heddle:type=Heddle"), "RedisEntriesRejected"));
        } catch (JMException e) {
            Out.print("heddle.error", e);
        }
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }
}
