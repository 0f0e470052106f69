package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.it.app.Out;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An ordinary app whose threads ask the official OpenAI SDK the same question at the same moment:
 * {@code SameQuestionApp <baseUrl> <blocking|async> <threads>}. Prints {@code ok=<answers>},
 * {@code failed=<failures>}, {@code distinctAnswers=<how many different answer ids>}, the agent's
 * counters for rule {@code openai}, and {@code done=true}.
 */
public final class SameQuestionApp {

    private SameQuestionApp() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0] + "/v1";
        boolean async = args[1].equals("async");
        int threads = Integer.parseInt(args[2]);
        OpenAIClient blocking = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("test-key").maxRetries(0).build();
        OpenAIClientAsync asyncClient = OpenAIOkHttpClientAsync.builder().baseUrl(baseUrl).apiKey("test-key").maxRetries(0).build();
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
                    answerIds.add(async ? asyncClient.chat().completions().create(question).get().id()
                            : blocking.chat().completions().create(question).id());
                    ok.incrementAndGet();
                } catch (Exception e) {
                    failed.incrementAndGet();
                    Out.print("failure", e);
                }
            });
            asker.start();
            askers.add(asker);
        }
        go.countDown();
        for (Thread asker : askers) asker.join();
        Out.print("ok", ok.get());
        Out.print("failed", failed.get());
        Out.print("distinctAnswers", answerIds.size());
        HeddleCounters.print("openai");
        Out.print("done", true);
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }
}
