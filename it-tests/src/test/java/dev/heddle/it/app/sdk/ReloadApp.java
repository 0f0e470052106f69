package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;

/**
 * An ordinary app that a test drives line by line on stdin while an operator edits Heddle's YAML;
 * it knows nothing of Heddle except what an operator's JMX client would read. It answers the
 * k-th command with the line {@code reply.<k>=<answer>}. Commands:
 * <ul>
 *   <li>{@code ASK <n>}: asks question number n through the official OpenAI SDK (its retries off)
 *       and prints {@code ask=<ok or the exception's class name>};</li>
 *   <li>{@code GREET <name>}: calls {@link Greeter#greet(String)}, an app method of its own, and
 *       prints {@code greet=<answer> runs=<how often the method body ran so far>};</li>
 *   <li>{@code VERSION <v>}: waits (at most 20 s) until the agent's MBean shows configuration
 *       version v, then prints {@code version=<v>};</li>
 *   <li>{@code REJECTED}: waits (at most 20 s) until the MBean's last reload is a rejected one, then
 *       prints {@code rejected=<its summary>};</li>
 *   <li>{@code PROBLEMS}: prints the problems of the last rejected file, as the MBean lists them;</li>
 *   <li>{@code QUIT}: exits.</li>
 * </ul>
 */
public final class ReloadApp {

    private static final ObjectName HEDDLE = objectName();

    private ReloadApp() {
    }

    /** An app class with a method that a rule added while the app runs may weave. */
    public static final class Greeter {
        static final AtomicInteger RUNS = new AtomicInteger();

        /**
         * @param name whom to greet
         * @return the greeting
         */
        public String greet(String name) {
            RUNS.incrementAndGet();
            return "hello " + name;
        }
    }

    public static void main(String[] args) throws Exception {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0] + "/v1").apiKey("test-key").maxRetries(0).build();
        Greeter greeter = new Greeter();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("READY");
        System.out.flush();
        int replies = 0;
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] command = line.split(" ", 2);
            String answer = switch (command[0]) {
                case "ASK" -> "ask=" + ask(client, command[1]);
                case "GREET" -> "greet=" + greeter.greet(command[1]) + " runs=" + Greeter.RUNS.get();
                case "VERSION" -> "version=" + awaitAttribute("ConfigVersion", value -> value.toString().equals(command[1]));
                case "REJECTED" -> "rejected=" + awaitAttribute("LastReload", value -> value.toString().startsWith("rejected"));
                case "PROBLEMS" -> "problems=" + java.util.Arrays.toString((String[]) ManagementFactory.getPlatformMBeanServer()
                        .getAttribute(HEDDLE, "LastReloadProblems"));
                case "QUIT" -> null;
                default -> "unknown=" + line;
            };
            if (answer == null) break;
            System.out.println("reply." + ++replies + "=" + answer);
            System.out.flush();
        }
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    private static String ask(OpenAIClient client, String number) {
        try {
            client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(ChatModel.GPT_4O_MINI)
                    .addUserMessage("Question " + number + ": what is a heddle for?")
                    .build());
            return "ok";
        } catch (RuntimeException e) {
            return e.getClass().getName();
        }
    }

    private static Object awaitAttribute(String attribute, java.util.function.Predicate<Object> until) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        Object value = null;
        while (System.nanoTime() < deadline) {
            if (ManagementFactory.getPlatformMBeanServer().isRegistered(HEDDLE)) {
                value = ManagementFactory.getPlatformMBeanServer().getAttribute(HEDDLE, attribute);
                if (until.test(value)) return value;
            }
            Thread.sleep(50);
        }
        return "timed out at " + value;
    }

    private static ObjectName objectName() {
        try {
            return new ObjectName("dev.heddle:type=Heddle");
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
