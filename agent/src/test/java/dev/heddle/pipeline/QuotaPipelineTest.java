package dev.heddle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.api.Heddle;
import dev.heddle.api.QuotaExceededException;
import dev.heddle.api.QuotaState;
import dev.heddle.bootstrap.Answer;
import dev.heddle.config.ConfigLoader;
import dev.heddle.resilience.ResilienceSettings;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QuotaPipelineTest {

    private static final String ASK = Support.class.getName() + ":ask(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;";
    private static final String ANSWER = Support.class.getName()
            + ":answer(Ldev/heddle/pipeline/QuotaPipelineTest$Question;)Ljava/lang/String;";

    /** A question that carries its asker, as an app's request object would. */
    public record Question(Customer customer, String text) {
    }

    /** The asker. */
    public record Customer(String id) {
    }

    /** An app's class: {@code ask} names its user in a parameter, {@code answer} inside its argument. */
    static final class Support {
        final AtomicInteger modelCalls = new AtomicInteger();

        String ask(String user, String question) {
            modelCalls.incrementAndGet();
            return "answer to " + question;
        }

        String answer(Question question) {
            modelCalls.incrementAndGet();
            return "answer to " + question.text();
        }

        /** Holds its caller until {@link #release} opens, like a vendor that is slow to answer. */
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(2);

        String slowAsk(String user, String question) throws InterruptedException {
            started.countDown();
            release.await();
            return "answer to " + question;
        }

        String busy(Question question) {
            return "Too many questions; please wait a little.";
        }
    }

    private static final String QUOTAS = """
            quotas:
              per-user:
                tiers:
                  free: { requests: 2/1h }
                  pro: { requests: 5/1h }
                users: { alice: pro }
                default: free
            """;

    private final Support support = new Support();

    private static CallPipeline pipeline(String rule, WovenMethod method) throws Exception {
        Registry registry = new Registry(ConfigLoader.parse(QUOTAS + "rules:\n" + rule, "test.yaml"));
        registry.register(method);
        return new CallPipeline(registry);
    }

    /** {@code ask}, whose first parameter is annotated {@code @UserId}. */
    private static CallPipeline askWithUserIdParameter() throws Exception {
        return pipeline("""
                  - name: support
                    match: { type: %s, method: ask }
                    quota: per-user
                """.formatted(Support.class.getName()),
                new WovenMethod(ASK, List.of("support"), Optional.empty(), ResilienceSettings.NONE, 0));
    }

    /** What the woven advice does: a call the pipeline answered skips the body; else the body runs and exit follows. */
    private Object call(CallPipeline pipeline, String signature, Object... arguments) throws Exception {
        Object token = pipeline.enter(signature, Support.class, support, arguments);
        if (token instanceof Answer answer) {
            if (answer.failure() instanceof Exception failure) throw failure;
            if (answer.failure() != null) throw new AssertionError(answer.failure());
            return answer.value();
        }
        Object returned = signature.equals(ASK) ? support.ask((String) arguments[0], (String) arguments[1])
                : signature.equals(ANSWER) ? support.answer((Question) arguments[0])
                : support.slowAsk((String) arguments[0], (String) arguments[1]);
        return token == null ? returned : pipeline.exit(token, returned, null);
    }

    private Throwable refusal(CallPipeline pipeline, String signature, Object... arguments) {
        try {
            call(pipeline, signature, arguments);
            return null;
        } catch (Exception refused) {
            return refused;
        }
    }

    @Test
    void eachUserHasTheLimitOfTheirTierAndTheModelIsNotCalledOnARefusal() throws Throwable {
        CallPipeline pipeline = askWithUserIdParameter();

        for (int i = 0; i < 2; i++) call(pipeline, ASK, "bob", "q" + i);
        Throwable bobRefused = refusal(pipeline, ASK, "bob", "one more");
        for (int i = 0; i < 5; i++) call(pipeline, ASK, "alice", "q" + i);
        Throwable aliceRefused = refusal(pipeline, ASK, "alice", "one more");

        assertThat(bobRefused).isInstanceOf(QuotaExceededException.class).hasMessageContaining("user 'bob' (tier 'free')");
        QuotaExceededException refused = (QuotaExceededException) bobRefused;
        assertThat(refused.tier()).isEqualTo("free");
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfter()).isPositive();
        assertThat(aliceRefused).isInstanceOf(QuotaExceededException.class);
        assertThat(support.modelCalls).as("2 for bob, 5 for alice, none refused reached the model").hasValue(7);
    }

    @Test
    void theLastDecisionIsReadableForRateLimitHeaders() throws Throwable {
        CallPipeline pipeline = askWithUserIdParameter();

        call(pipeline, ASK, "carol", "first");
        QuotaState afterFirst = Heddle.lastQuota().orElseThrow();

        assertThat(afterFirst.admitted()).isTrue();
        assertThat(afterFirst.user()).isEqualTo("carol");
        assertThat(afterFirst.limitAmount()).isEqualTo(2);
        assertThat(afterFirst.remaining()).isEqualTo(1);
        assertThat(afterFirst.limit()).isEqualTo("requests 2/1h");
    }

    @Test
    void theUserIsFoundInsideAnArgumentThroughTheRulesPath() throws Throwable {
        CallPipeline pipeline = pipeline("""
                  - name: support
                    match: { type: %s, method: answer }
                    quota: per-user
                    user: arg0.customer.id
                """.formatted(Support.class.getName()),
                new WovenMethod(ANSWER, List.of("support"), Optional.empty()));

        for (int i = 0; i < 5; i++) call(pipeline, ANSWER, new Question(new Customer("alice"), "q" + i));

        assertThat(refusal(pipeline, ANSWER, new Question(new Customer("alice"), "one more")))
                .isInstanceOf(QuotaExceededException.class).hasMessageContaining("tier 'pro'");
    }

    @Test
    void withoutAnyOtherSourceTheRunAsScopeNamesTheUser() throws Throwable {
        CallPipeline pipeline = pipeline("""
                  - name: support
                    match: { type: %s, method: answer }
                    quota: per-user
                """.formatted(Support.class.getName()),
                new WovenMethod(ANSWER, List.of("support"), Optional.empty()));

        Heddle.runAs("dave", () -> call(pipeline, ANSWER, new Question(new Customer("x"), "q")));
        call(pipeline, ANSWER, new Question(new Customer("x"), "q"));

        assertThat(Heddle.lastQuota().orElseThrow().user()).isEqualTo("anonymous");
        Heddle.runAs("dave", () -> call(pipeline, ANSWER, new Question(new Customer("x"), "q")));
        assertThat(Heddle.lastQuota().orElseThrow().user()).isEqualTo("dave");
        assertThat(Heddle.runAs("dave", () -> refusal(pipeline, ANSWER, new Question(new Customer("x"), "q"))))
                .isInstanceOf(QuotaExceededException.class);
    }

    @Test
    void aRefusalCanBeAnsweredByTheRulesFallback() throws Throwable {
        String quotaWithFallback = QUOTAS.replace("default: free", "default: free\n    onRefusal: fallback");
        Registry registry = new Registry(ConfigLoader.parse(quotaWithFallback + """
                rules:
                  - name: support
                    match: { type: %s, method: answer }
                    quota: per-user
                    fallback: { method: busy }
                """.formatted(Support.class.getName()), "test.yaml"));
        registry.register(new WovenMethod(ANSWER, List.of("support"), Optional.empty()));
        CallPipeline pipeline = new CallPipeline(registry);
        Question question = new Question(new Customer("erin"), "q");

        Heddle.runAs("erin", () -> call(pipeline, ANSWER, question));
        Heddle.runAs("erin", () -> call(pipeline, ANSWER, question));
        Object third = Heddle.runAs("erin", () -> call(pipeline, ANSWER, question));

        assertThat(third).isEqualTo("Too many questions; please wait a little.");
        assertThat(Heddle.lastFallback()).isPresent();
        assertThat(support.modelCalls).hasValue(2);
    }

    @Test
    void aSaturatedVendorKeepsItsReservedShareForPayingTiers() throws Exception {
        String slowAsk = Support.class.getName() + ":slowAsk(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;";
        String adaptive = QUOTAS.replace("default: free", "default: free\n    adaptive: { initial: 2, min: 1, max: 2,"
                + " reservedFor: [pro], reservedShare: 0.5 }");
        Registry registry = new Registry(ConfigLoader.parse(adaptive + """
                rules:
                  - name: support
                    match: { type: %s, method: slowAsk }
                    quota: per-user
                """.formatted(Support.class.getName()), "test.yaml"));
        registry.register(new WovenMethod(slowAsk, List.of("support"), Optional.empty(), ResilienceSettings.NONE, 0));
        CallPipeline pipeline = new CallPipeline(registry);
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<Object> bob = callers.submit(() -> call(pipeline, slowAsk, "bob", "q1"));
            // bob (free) takes the one unreserved place first; then alice (pro) can only have the reserved one
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (support.started.getCount() == 2 && System.nanoTime() < deadline && !bob.isDone()) Thread.onSpinWait();
            java.util.concurrent.Future<Object> alice = callers.submit(() -> call(pipeline, slowAsk, "alice", "q2"));
            assertThat(support.started.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("both calls are in flight").isTrue();

            Throwable carolRefused = refusal(pipeline, slowAsk, "carol", "q3");
            support.release.countDown();

            assertThat(bob.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("answer to q1");
            assertThat(alice.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("pro used the reserved place").isEqualTo("answer to q2");
            assertThat(carolRefused).isInstanceOf(QuotaExceededException.class).hasMessageContaining("saturated");
        } finally {
            support.release.countDown();
            callers.shutdownNow();
        }
    }
}
