package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.api.Heddle;
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
 * <p>{@code ResilientOpenAiApp <baseUrl> <blocking|async> <n> [<m> <sleepMillis> [repeat]]}: n calls through the
 * blocking client, or through the asynchronous one (each awaited with {@code get()}). With m, the app
 * then prints {@code PAUSED} and waits for {@code GO} on stdin (the test changes the vendor's faults
 * meanwhile), sleeps {@code sleepMillis}, and makes m more calls; with {@code repeat}, these ask the
 * first questions again.
 *
 * <p>For each call it prints {@code call.<i>=ok}, or the class name of the exception it caught (for
 * the asynchronous client, of the cause of the {@code ExecutionException}),
 * {@code call.<i>.millis=<how long the call took>}, the model that answered,
 * {@code call.<i>.model}, and, when a Heddle fallback answered a blocking call,
 * {@code call.<i>.fallback=<kind>} (the app asks {@code Heddle.lastFallback()}, which is empty
 * without the agent); the calls after the pause are {@code after.<i>}.
 * Then {@code errors=<calls that failed>}, the agent's counters for rule {@code openai}, and
 * {@code done=true}.
 */
public final class ResilientOpenAiApp {

    /** Printed when the first calls are done, if the app is to make more; it then waits for {@link #GO}. */
    public static final String PAUSED = "PAUSED";
    /** What the test writes to stdin to let the app go on. */
    public static final String GO = "GO";

    /** One call of one client. */
    private interface Caller {
        ChatCompletion call(ChatCompletionCreateParams question) throws ExecutionException, InterruptedException;
    }

    private static int errors;
    private static int questions;

    private ResilientOpenAiApp() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String baseUrl = args[0] + "/v1";
        Caller caller = switch (args[1]) {
            case "blocking" -> {
                OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("test-key").maxRetries(0).build();
                yield question -> client.chat().completions().create(question);
            }
            case "async" -> {
                OpenAIClientAsync client = OpenAIOkHttpClientAsync.builder().baseUrl(baseUrl).apiKey("test-key").maxRetries(0)
                        .build();
                yield question -> client.chat().completions().create(question).get();
            }
            default -> throw new IllegalArgumentException("unknown client " + args[1]);
        };
        calls(caller, "call", Integer.parseInt(args[2]));
        if (args.length > 3) {
            System.out.println(PAUSED);
            System.out.flush();
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (!GO.equals(line)) System.exit(3);
            Thread.sleep(Long.parseLong(args[4]));
            if (args.length > 5 && args[5].equals("repeat")) questions = 0;
            calls(caller, "after", Integer.parseInt(args[3]));
        }
        Out.print("errors", errors);
        HeddleCounters.print("openai");
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    private static void calls(Caller caller, String prefix, int count) throws InterruptedException {
        for (int i = 1; i <= count; i++) {
            ChatCompletionCreateParams question = nextQuestion();
            long start = System.nanoTime();
            String outcome;
            try {
                ChatCompletion answer = caller.call(question);
                outcome = answer.choices().isEmpty() ? "empty" : "ok";
                Out.print(prefix + "." + i + ".model", answer.model());
                String call = prefix + "." + i;
                Heddle.lastFallback().ifPresent(fallback -> Out.print(call + ".fallback", fallback.kind()));
            } catch (ExecutionException e) {
                outcome = e.getCause() == null ? e.getClass().getName() : e.getCause().getClass().getName();
            } catch (RuntimeException e) {
                outcome = e.getClass().getName();
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (!outcome.equals("ok")) errors++;
            Out.print(prefix + "." + i, outcome);
            Out.print(prefix + "." + i + ".millis", millis);
        }
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
