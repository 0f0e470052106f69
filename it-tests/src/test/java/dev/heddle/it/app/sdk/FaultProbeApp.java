package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.api.CachedAnswer;
import dev.heddle.api.Heddle;
import dev.heddle.it.app.Out;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * An ordinary app that calls the official OpenAI SDK (its own retries off) when a test tells it
 * to, one command a line on stdin, so that a test can break Redis or the vendor between two calls
 * and see each call's outcome from outside: {@code FaultProbeApp <baseUrl>}. It prints
 * {@link #READY}; then, for the n-th command, lines {@code c<n>.*} and {@code answered=<n>}:
 *
 * <ul>
 *   <li>{@code ask <user|-> <question>}: one call, the user in the request's {@code user} field
 *       ({@code -}: none). Prints {@code c<n>=ok} or the class name of the exception,
 *       {@code c<n>.status} (the HTTP status of an {@code OpenAIServiceException}), {@code c<n>.answerId},
 *       {@code c<n>.cached} ({@code none}, {@code stored}, {@code hit}, {@code semantic}) and
 *       {@code c<n>.millis};</li>
 *   <li>{@code burst <threads> <user|-> <question>}: that many threads ask the same question at the
 *       same moment. Prints {@code c<n>.ok}, {@code c<n>.failed}, {@code c<n>.failures} (the exception
 *       classes), {@code c<n>.answerIds} (how many distinct answers) and {@code c<n>.maxMillis};</li>
 *   <li>{@code status}: {@code c<n>.threads} (the JVM's live threads), {@code c<n>.redisState} (the
 *       agent's MBean attribute {@code RedisState}, {@code absent} without the agent) and every
 *       counter of rule {@code openai}, {@code c<n>.heddle.<counter>}.</li>
 * </ul>
 *
 * <p>{@link #EXIT} ends it with {@code done=true}. No Heddle class is needed for the counters: they
 * are read over JMX as an operator would.
 */
public final class FaultProbeApp {

    /** Printed once the app reads its stdin. */
    public static final String READY = "READY";
    /** What the test writes to let the app end. */
    public static final String EXIT = "EXIT";

    private FaultProbeApp() {
    }

    public static void main(String[] args) throws Exception {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0] + "/v1").apiKey("test-key").maxRetries(0).build();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println(READY);
        System.out.flush();
        int n = 0;
        for (String line = in.readLine(); line != null && !line.equals(EXIT); line = in.readLine()) {
            n++;
            String[] words = line.split(" ", 2);
            String prefix = "c" + n;
            switch (words[0]) {
                case "ask" -> {
                    String[] userAndQuestion = words[1].split(" ", 2);
                    ask(client, prefix, userAndQuestion[0], userAndQuestion[1]);
                }
                case "burst" -> {
                    String[] rest = words[1].split(" ", 3);
                    burst(client, prefix, Integer.parseInt(rest[0]), rest[1], rest[2]);
                }
                case "status" -> status(prefix);
                default -> Out.print(prefix + ".unknownCommand", line);
            }
            Out.print("answered", n);
        }
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    private static void ask(OpenAIClient client, String prefix, String user, String question) {
        long start = System.nanoTime();
        try {
            Out.print(prefix + ".answerId", client.chat().completions().create(params(user, question)).id());
            Out.print(prefix, "ok");
        } catch (RuntimeException e) {
            Out.print(prefix, e.getClass().getName());
            if (e instanceof OpenAIServiceException vendor) Out.print(prefix + ".status", vendor.statusCode());
        }
        Out.print(prefix + ".millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        Optional<CachedAnswer> cached = Heddle.lastCachedAnswer();
        Out.print(prefix + ".cached", cached.map(c -> c.semantic() ? "semantic" : c.hit() ? "hit" : "stored").orElse("none"));
    }

    private static void burst(OpenAIClient client, String prefix, int threads, String user, String question)
            throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger ok = new AtomicInteger();
        AtomicLong maxMillis = new AtomicLong();
        Set<String> answers = ConcurrentHashMap.newKeySet();
        Set<String> failures = new TreeSet<>();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    long start = System.nanoTime();
                    try {
                        answers.add(client.chat().completions().create(params(user, question)).id());
                        ok.incrementAndGet();
                    } catch (RuntimeException e) {
                        synchronized (failures) {
                            failures.add(e.getClass().getName());
                        }
                    }
                    maxMillis.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), Math::max);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "burst-" + t);
            thread.start();
            running.add(thread);
        }
        go.countDown();
        for (Thread thread : running) thread.join();
        Out.print(prefix + ".ok", ok.get());
        Out.print(prefix + ".failed", threads - ok.get());
        Out.print(prefix + ".failures", String.join(",", failures));
        Out.print(prefix + ".answerIds", answers.size());
        Out.print(prefix + ".maxMillis", maxMillis.get());
    }

    private static void status(String prefix) {
        Out.print(prefix + ".threads", ManagementFactory.getThreadMXBean().getThreadCount());
        try {
            ObjectName name = new ObjectName("dev.heddle:type=Heddle");
            if (!ManagementFactory.getPlatformMBeanServer().isRegistered(name)) {
                Out.print(prefix + ".redisState", "absent");
                return;
            }
            Out.print(prefix + ".redisState", ManagementFactory.getPlatformMBeanServer().getAttribute(name, "RedisState"));
            for (CompositeData rule : (CompositeData[]) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Rules")) {
                if (!"openai".equals(rule.get("name"))) continue;
                for (String counter : new TreeSet<>(rule.getCompositeType().keySet())) {
                    Out.print(prefix + ".heddle." + counter, rule.get(counter));
                }
            }
        } catch (JMException e) {
            Out.print(prefix + ".heddle.error", e);
        }
    }

    private static ChatCompletionCreateParams params(String user, String question) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
                .addUserMessage(question);
        if (!user.equals("-")) params.user(user);
        return params.build();
    }
}
