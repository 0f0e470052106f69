package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.api.Heddle;
import dev.heddle.api.QuotaExceededException;
import dev.heddle.it.app.Out;
import java.util.function.Supplier;

/**
 * An ordinary app that calls the official OpenAI Java SDK (its own retries off) for several users
 * and, like a web layer answering {@code 429}, reads what a {@link QuotaExceededException} says.
 * Every call asks another question, so no answer could come from a cache.
 *
 * <ul>
 *   <li>{@code QuotaOpenAiApp <baseUrl> field <user> <n> [<user> <n>]...}: n calls per user, the
 *       user named in the request's {@code user} field;</li>
 *   <li>{@code QuotaOpenAiApp <baseUrl> runAs <user> <n> [<user> <n>]...}: the same, the request
 *       naming no user, each call made inside {@code Heddle.runAs(user, ...)};</li>
 *   <li>{@code QuotaOpenAiApp <baseUrl> untilRefused <user> <most>}: calls for the user (request
 *       field) until one is refused, at most {@code most}.</li>
 * </ul>
 *
 * <p>For each call it prints {@code <user>.<i>=ok} or the class name of the exception it caught;
 * for an answer, the tokens the response reports, {@code <user>.<i>.tokens}; for a refusal, the
 * exception's {@code .tier}, {@code .limit}, {@code .remaining} and {@code .retryAfterMillis}. Then
 * {@code <user>.admitted} and {@code <user>.refused}, and {@code done=true}.
 */
public final class QuotaOpenAiApp {

    private static int questions;

    private QuotaOpenAiApp() {
    }

    public static void main(String[] args) throws Exception {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0] + "/v1").apiKey("test-key").maxRetries(0).build();
        String mode = args[1];
        if (mode.equals("untilRefused")) {
            untilRefused(client, args[2], Integer.parseInt(args[3]));
        } else if (mode.equals("concurrentlyUntilRefused")) {
            concurrentlyUntilRefused(client, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        } else {
            for (int i = 2; i + 1 < args.length; i += 2) {
                String user = args[i];
                int calls = Integer.parseInt(args[i + 1]);
                switch (mode) {
                    case "field" -> calls(user, calls, () -> client.chat().completions().create(question(user)));
                    case "runAs" -> calls(user, calls, () -> runAs(user, () -> client.chat().completions().create(question(null))));
                    default -> throw new IllegalArgumentException("unknown mode " + mode);
                }
            }
        }
        HeddleCounters.print("openai");
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    private static void untilRefused(OpenAIClient client, String user, int most) {
        int admitted = 0;
        for (int i = 1; i <= most; i++) {
            if (!call(user, i, () -> client.chat().completions().create(question(user)))) {
                Out.print(user + ".refusedAt", i);
                break;
            }
            admitted++;
        }
        Out.print(user + ".admitted", admitted);
    }

    /**
     * {@code threads} threads call at the same time as {@code user}, each until the quota refuses it
     * (at most {@code most} calls each); prints {@code <user>.admitted}, {@code <user>.refused},
     * {@code <user>.tokens} (the usage of the admitted calls, summed) and {@code <user>.largestCall}.
     */
    private static void concurrentlyUntilRefused(OpenAIClient client, String user, int threads, int most) throws Exception {
        java.util.concurrent.atomic.AtomicLong admitted = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong tokens = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong largest = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(pool.submit(() -> {
                for (int i = 0; i < most; i++) {
                    try {
                        ChatCompletion answer = client.chat().completions().create(question(user));
                        long used = answer.usage().map(usage -> usage.totalTokens()).orElse(0L);
                        admitted.incrementAndGet();
                        tokens.addAndGet(used);
                        largest.accumulateAndGet(used, Math::max);
                    } catch (QuotaExceededException quotaSaidNo) {
                        refused.incrementAndGet();
                        return;
                    }
                }
            }));
        }
        for (java.util.concurrent.Future<?> thread : running) thread.get();
        pool.shutdown();
        Out.print(user + ".admitted", admitted.get());
        Out.print(user + ".refused", refused.get());
        Out.print(user + ".tokens", tokens.get());
        Out.print(user + ".largestCall", largest.get());
    }

    private static void calls(String user, int count, Supplier<ChatCompletion> caller) {
        int admitted = 0;
        for (int i = 1; i <= count; i++) {
            if (call(user, i, caller)) admitted++;
        }
        Out.print(user + ".admitted", admitted);
        Out.print(user + ".refused", count - admitted);
    }

    /** @return whether the call was answered */
    private static boolean call(String user, int i, Supplier<ChatCompletion> caller) {
        String key = user + "." + i;
        try {
            ChatCompletion answer = caller.get();
            Out.print(key, "ok");
            Out.print(key + ".tokens", answer.usage().map(usage -> usage.totalTokens()).orElse(-1L));
            // what a web layer would put in X-RateLimit-Remaining
            Heddle.lastQuota().ifPresent(quota -> Out.print(key + ".rateLimitRemaining", quota.remaining()));
            return true;
        } catch (QuotaExceededException refused) {
            Out.print(key, refused.getClass().getName());
            Out.print(key + ".tier", refused.tier());
            Out.print(key + ".limit", refused.limit());
            Out.print(key + ".remaining", refused.remaining());
            Out.print(key + ".retryAfterMillis", refused.retryAfter().toMillis());
            return false;
        } catch (RuntimeException e) {
            Out.print(key, e.getClass().getName());
            Out.print(key + ".message", e.getMessage());
            return false;
        }
    }

    private static ChatCompletion runAs(String user, Supplier<ChatCompletion> call) {
        try {
            return Heddle.runAs(user, call::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Another question each time; with {@code user}, named in the request's {@code user} field. */
    private static ChatCompletionCreateParams question(String user) {
        questions++;
        ChatCompletionCreateParams.Builder question = ChatCompletionCreateParams.builder()
                .model(ChatModel.GPT_4O_MINI)
                .addUserMessage("Question " + questions + ": what is a heddle for?");
        if (user != null) question.user(user);
        return question.build();
    }
}
