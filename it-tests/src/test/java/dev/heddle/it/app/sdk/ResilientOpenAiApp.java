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
import java.util.concurrent.TimeUnit;

/**
 * An ordinary app that calls the official OpenAI Java SDK, with the SDK's own retries off, against
 * a vendor that fails; it knows nothing of Heddle. Every call asks another question, so no answer
 * could ever come from a cache.
 *
 * <p>For each call it prints {@code <prefix>.<n>=ok}, or the class name of the exception it caught
 * (for the asynchronous client, of the cause of the {@code ExecutionException}), and
 * {@code <prefix>.<n>.millis=<how long the call took>}; then {@code errors=<calls that failed>}, the
 * agent's counters for rule {@code openai}, and {@code done=true}.
 *
 * <ul>
 *   <li>{@code ResilientOpenAiApp <baseUrl> calls <n>}: n calls through the blocking client, prefix {@code call}.</li>
 *   <li>{@code ResilientOpenAiApp <baseUrl> async <n>}: n calls through the asynchronous client, each awaited
 *       with {@code get()}, prefix {@code call}.</li>
 *   <li>{@code ResilientOpenAiApp <baseUrl> heal <n> <m> <pauseMillis>}: n calls (prefix {@code call}), then
 *       prints {@code OPEN} and waits for {@code GO} on stdin, sleeps {@code pauseMillis}, then m calls
 *       (prefix {@code after}).</li>
 * </ul>
 */
public final class ResilientOpenAiApp {

    /** Printed when the first calls are done; the app then waits for {@link #GO}. */
    public static final String OPEN = "OPEN";
    /** What the test writes to stdin to let the app go on. */
    public static final String GO = "GO";

    private static int errors;
    private static int questions;

    private ResilientOpenAiApp() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String baseUrl = args[0] + "/v1";
        String mode = args[1];
        int count = Integer.parseInt(args[2]);
        switch (mode) {
            case "calls" -> {
                OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("test-key").maxRetries(0).build();
                blockingCalls(client, "call", count);
            }
            case "async" -> {
                OpenAIClientAsync client = OpenAIOkHttpClientAsync.builder().baseUrl(baseUrl).apiKey("test-key").maxRetries(0)
                        .build();
                asyncCalls(client, "call", count);
            }
            case "heal" -> {
                OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("test-key").maxRetries(0).build();
                blockingCalls(client, "call", count);
                System.out.println(OPEN);
                System.out.flush();
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (!GO.equals(line)) System.exit(3);
                Thread.sleep(Long.parseLong(args[4]));
                blockingCalls(client, "after", Integer.parseInt(args[3]));
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        Out.print("errors", errors);
        HeddleCounters.print("openai");
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    private static void blockingCalls(OpenAIClient client, String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            ChatCompletionCreateParams question = nextQuestion();
            long start = System.nanoTime();
            String outcome;
            try {
                ChatCompletion answer = client.chat().completions().create(question);
                outcome = answer.choices().isEmpty() ? "empty" : "ok";
            } catch (RuntimeException e) {
                outcome = e.getClass().getName();
            }
            report(prefix, i, outcome, start);
        }
    }

    private static void asyncCalls(OpenAIClientAsync client, String prefix, int count) throws InterruptedException {
        for (int i = 1; i <= count; i++) {
            ChatCompletionCreateParams question = nextQuestion();
            long start = System.nanoTime();
            String outcome;
            try {
                ChatCompletion answer = client.chat().completions().create(question).get();
                outcome = answer.choices().isEmpty() ? "empty" : "ok";
            } catch (ExecutionException e) {
                outcome = e.getCause() == null ? e.getClass().getName() : e.getCause().getClass().getName();
            } catch (RuntimeException e) {
                outcome = "thrown:" + e.getClass().getName();
            }
            report(prefix, i, outcome, start);
        }
    }

    private static void report(String prefix, int i, String outcome, long start) {
        if (!outcome.equals("ok")) errors++;
        Out.print(prefix + "." + i, outcome);
        Out.print(prefix + "." + i + ".millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** Another question each time. */
    private static ChatCompletionCreateParams nextQuestion() {
        questions++;
        return ChatCompletionCreateParams.builder()
                .model(ChatModel.GPT_4O_MINI)
                .addSystemMessage("You are a weaving assistant.")
                .addUserMessage("Question " + questions + ": what is a heddle for?")
                .temperature(0.2)
                .build();
    }
}
