package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.it.app.Out;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An ordinary app whose threads call the official OpenAI SDK at the same time (its own retries
 * off), in two phases: {@code AdaptiveOpenAiApp <baseUrl> <threads> <callsPerThreadBefore>
 * <callsPerThreadAfter>}. Between them it prints {@code PAUSED} and waits for {@code GO} on stdin.
 *
 * <p>For each phase it prints the outcomes in the order the calls ended, split in quarters:
 * {@code <phase>.q<1-4>.ok} and {@code <phase>.q<1-4>.rateLimited} (the vendor's 429, the SDK's
 * {@code RateLimitException}), {@code <phase>.other} for any other failure, and then the adaptive
 * limits the agent's MBean shows, {@code <phase>.limit}. It knows nothing of Heddle.
 */
public final class AdaptiveOpenAiApp {

    /** Printed after the first phase; the app then waits for {@link #GO}. */
    public static final String PAUSED = "PAUSED";
    /** What the test writes to stdin to start the second phase. */
    public static final String GO = "GO";

    private static final AtomicInteger QUESTIONS = new AtomicInteger();

    private AdaptiveOpenAiApp() {
    }

    public static void main(String[] args) throws Exception {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0] + "/v1").apiKey("test-key").maxRetries(0).build();
        int threads = Integer.parseInt(args[1]);
        phase(client, "before", threads, Integer.parseInt(args[2]));
        System.out.println(PAUSED);
        System.out.flush();
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (!GO.equals(line)) System.exit(3);
        phase(client, "after", threads, Integer.parseInt(args[3]));
        HeddleCounters.print("openai");
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    private static void phase(OpenAIClient client, String name, int threads, int callsPerThread) throws Exception {
        List<String> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(pool.submit(() -> {
                for (int i = 0; i < callsPerThread; i++) outcomes.add(call(client));
            }));
        }
        for (Future<?> thread : running) thread.get();
        pool.shutdown();
        int quarter = Math.max(1, outcomes.size() / 4);
        for (int q = 0; q < 4; q++) {
            List<String> part = outcomes.subList(Math.min(outcomes.size(), q * quarter),
                    q == 3 ? outcomes.size() : Math.min(outcomes.size(), (q + 1) * quarter));
            Out.print(name + ".q" + (q + 1) + ".ok", part.stream().filter("ok"::equals).count());
            Out.print(name + ".q" + (q + 1) + ".rateLimited", part.stream().filter("rateLimited"::equals).count());
        }
        Out.print(name + ".other", outcomes.stream().filter(outcome -> !outcome.equals("ok") && !outcome.equals("rateLimited"))
                .distinct().toList());
        HeddleCounters.printUpstreamLimits(name + ".limit");
    }

    private static String call(OpenAIClient client) {
        try {
            client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(ChatModel.GPT_4O_MINI)
                    .addUserMessage("Question " + QUESTIONS.incrementAndGet() + ": what is a heddle for?")
                    .build());
            return "ok";
        } catch (com.openai.errors.RateLimitException vendorSaidSlowDown) {
            return "rateLimited";
        } catch (RuntimeException other) {
            return other.getClass().getName();
        }
    }
}
