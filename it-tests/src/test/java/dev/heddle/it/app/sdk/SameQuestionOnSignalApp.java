package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.it.app.Out;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An ordinary app whose threads ask the official OpenAI SDK the same question at the same moment,
 * when a test says so, so that several JVMs can ask at once: {@code SameQuestionOnSignalApp <baseUrl>
 * <threads>}. It first asks a warm-up question of its own (so that loading the SDK and the agent's
 * first use of Redis are behind it), prints {@link #READY}, waits for {@link #GO} on stdin, lets its
 * threads ask, and prints {@code ok=<answers>}, {@code failed=<failures>}, {@code answerIds=<the
 * distinct answer ids, comma-separated>}, the agent's counters for rule {@code openai}, and {@code done=true}.
 */
public final class SameQuestionOnSignalApp {

    /** Printed once the warm-up is done and the threads wait. */
    public static final String READY = "READY";
    /** What the test writes to stdin to let the threads ask. */
    public static final String GO = "GO";

    private SameQuestionOnSignalApp() {
    }

    public static void main(String[] args) throws Exception {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0] + "/v1").apiKey("test-key").maxRetries(0).build();
        int threads = Integer.parseInt(args[1]);
        client.chat().completions().create(ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
                .addUserMessage("Warm-up from process " + ProcessHandle.current().pid()).build());
        ChatCompletionCreateParams question = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
                .addUserMessage("What is a heddle for?").build();
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Set<String> answerIds = ConcurrentHashMap.newKeySet();
        List<Thread> askers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread asker = new Thread(() -> {
                try {
                    go.await();
                    answerIds.add(client.chat().completions().create(question).id());
                    ok.incrementAndGet();
                } catch (Exception e) {
                    failed.incrementAndGet();
                    Out.print("failure", e);
                }
            });
            asker.start();
            askers.add(asker);
        }
        System.out.println(READY);
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        go.countDown();
        for (Thread asker : askers) asker.join();
        Out.print("ok", ok.get());
        Out.print("failed", failed.get());
        Out.print("answerIds", String.join(",", answerIds));
        HeddleCounters.print("openai");
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }
}
