package dev.heddle.it.app.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.management.ObjectName;

/**
 * An ordinary app whose calls pass every stage of Heddle's pipeline (the test's YAML weaves them),
 * run once per injected fault. It prints, as {@code key=value} lines, how often each of its methods
 * really ran for each call ({@code 1,0,0}: the first call ran, the next two were cache hits), what
 * each call answered (or the class of what it threw), and the agent's {@code InternalErrors} from
 * JMX, as an operator's client would read it.
 *
 * <p>Argument: the mock LLM server's base URL.
 */
public final class StageFaultApp {

    private StageFaultApp() {
    }

    /** The app's own methods; each counts its real runs. */
    public static final class Assistant {
        static final AtomicInteger CACHED_RUNS = new AtomicInteger();
        static final AtomicInteger FLAKY_RUNS = new AtomicInteger();
        static final AtomicInteger BROKEN_RUNS = new AtomicInteger();
        private final Map<String, Boolean> failedOnce = new ConcurrentHashMap<>();

        /**
         * @param question a question
         * @return an answer that a rule caches
         */
        public String cached(String question) {
            CACHED_RUNS.incrementAndGet();
            return "answer to " + question;
        }

        /**
         * @param question a question
         * @return an answer, the second time it is asked; the first time it fails, and a rule retries it
         */
        public String flaky(String question) {
            FLAKY_RUNS.incrementAndGet();
            if (failedOnce.putIfAbsent(question, Boolean.TRUE) == null) throw new IllegalStateException("flaky vendor");
            return "answer to " + question;
        }

        /**
         * @param question a question
         * @return never: it always fails, and a rule's fallback answers
         */
        public String broken(String question) {
            BROKEN_RUNS.incrementAndGet();
            throw new UnsupportedOperationException("broken vendor");
        }

        /**
         * @param question a question
         * @return the fallback's answer
         */
        public String canned(String question) {
            return "canned";
        }
    }

    public static void main(String[] args) throws Exception {
        Assistant assistant = new Assistant();
        probe("cached", Assistant.CACHED_RUNS, List.of(() -> assistant.cached("What is a heddle?"),
                () -> assistant.cached("What is a heddle?"), () -> assistant.cached("What is a heddle?")));
        probe("flaky", Assistant.FLAKY_RUNS, List.of(() -> assistant.flaky("Will it work?")));
        probe("broken", Assistant.BROKEN_RUNS, List.of(() -> assistant.broken("Is it down?")));
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0] + "/v1").apiKey("test-key").maxRetries(0).build();
        List<String> asks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            asks.add(outcome(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(ChatModel.GPT_4O_MINI).addUserMessage("What is a heddle for?").build()).choices().get(0)
                    .message().content().map(text -> "answer to the vendor").orElse("")));
        }
        System.out.println("ask.answers=" + String.join(",", asks));
        System.out.println("internalErrors=" + internalErrors());
        System.out.flush();
        System.exit(0); // the SDK's HTTP client keeps non-daemon threads alive for a minute
    }

    /** Makes the calls and prints the method's runs during each, and each call's outcome. */
    private static void probe(String name, AtomicInteger runs, List<Supplier<String>> calls) {
        List<String> perCall = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        for (Supplier<String> call : calls) {
            int before = runs.get();
            answers.add(outcome(call));
            perCall.add(String.valueOf(runs.get() - before));
        }
        System.out.println(name + ".runs=" + String.join(",", perCall));
        System.out.println(name + ".answers=" + String.join(",", answers));
    }

    private static String outcome(Supplier<String> call) {
        try {
            String answer = call.get();
            return answer == null ? "null" : answer.startsWith("answer to") || answer.isEmpty() ? "ok" : answer;
        } catch (RuntimeException failure) {
            return failure.getClass().getSimpleName();
        }
    }

    private static Object internalErrors() throws Exception {
        ObjectName heddle = new ObjectName("dev.heddle:type=Heddle");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!ManagementFactory.getPlatformMBeanServer().isRegistered(heddle)) {
            if (System.nanoTime() > deadline) return "no MBean";
            Thread.sleep(50);
        }
        return ManagementFactory.getPlatformMBeanServer().getAttribute(heddle, "InternalErrors");
    }
}
