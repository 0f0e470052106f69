package dev.heddle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.api.FallbackAnswer;
import dev.heddle.api.Heddle;
import dev.heddle.bootstrap.Answer;
import dev.heddle.config.ConfigLoader;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FallbackPipelineTest {

    private static final String ANSWER = Assistant.class.getName() + ":answer(Ljava/lang/String;)Ljava/lang/String;";
    private static final String ANSWER_LATER = Assistant.class.getName()
            + ":answerLater(Ljava/lang/String;)Ljava/util/concurrent/CompletableFuture;";

    /** An app's class; its answers fail while the vendor is down. */
    static final class Assistant {
        final AtomicBoolean vendorDown = new AtomicBoolean();
        final AtomicInteger modelCalls = new AtomicInteger();

        String answer(String question) throws IOException {
            modelCalls.incrementAndGet();
            if (vendorDown.get()) throw new IOException("503 Service Unavailable");
            return "answer " + modelCalls.get() + " to " + question;
        }

        String cannedAnswer(String question) {
            return "The assistant is busy; please ask again soon.";
        }

        CompletableFuture<String> answerLater(String question) {
            modelCalls.incrementAndGet();
            return vendorDown.get() ? CompletableFuture.failedFuture(new IOException("503 Service Unavailable"))
                    : CompletableFuture.completedFuture("answer to " + question);
        }

        CompletableFuture<String> cannedAnswerLater(String question) {
            return CompletableFuture.completedFuture("The assistant is busy; please ask again soon.");
        }
    }

    private final Assistant assistant = new Assistant();

    @AfterEach
    void forgetTheLastFallback() {
        FallbackAnswer.recordForThisThread(null);
    }

    private static CallPipeline pipeline(String rule, String signature) throws Exception {
        Registry registry = new Registry(ConfigLoader.parse("rules:\n" + rule, "test.yaml"));
        registry.register(new WovenMethod(signature, List.of("assistant"), Optional.empty()));
        return new CallPipeline(registry);
    }

    /** What the woven advice does: the pipeline answers, and the method body is skipped. */
    private Answer call(CallPipeline pipeline, String signature, String question) {
        Object token = pipeline.enter(signature, Assistant.class, assistant, new Object[] {question});
        assertThat(token).as("the pipeline runs the attempts of a rule with a fallback").isInstanceOf(Answer.class);
        return (Answer) token;
    }

    @Test
    void anExpiredCacheEntryAnswersDuringAnOutageAndTheAppIsTold() throws Exception {
        CallPipeline pipeline = pipeline("""
                  - name: assistant
                    match: { type: %s, method: answer }
                    cache: { ttl: 50ms }
                    fallback: { staleFor: 1h }
                """.formatted(Assistant.class.getName()), ANSWER);
        String before = (String) call(pipeline, ANSWER, "What is a heddle?").value();
        Thread.sleep(100);
        assistant.vendorDown.set(true);

        Answer duringTheOutage = call(pipeline, ANSWER, "What is a heddle?");

        assertThat(duringTheOutage.failure()).isNull();
        assertThat(duringTheOutage.value()).isEqualTo(before);
        assertThat(assistant.modelCalls).as("the expired entry was no hit: the model was asked first").hasValue(2);
        assertThat(Heddle.lastFallback()).map(FallbackAnswer::kind).contains("stale-cache");
    }

    @Test
    void aFreshAnswerFromTheMethodClearsTheLastFallback() throws Exception {
        CallPipeline pipeline = pipeline("""
                  - name: assistant
                    match: { type: %s, method: answer }
                    fallback: { method: cannedAnswer }
                """.formatted(Assistant.class.getName()), ANSWER);
        assistant.vendorDown.set(true);
        Answer canned = call(pipeline, ANSWER, "What is a heddle?");
        assertThat(Heddle.lastFallback()).isPresent();
        assistant.vendorDown.set(false);

        Answer fresh = call(pipeline, ANSWER, "What is a heddle?");

        assertThat(canned.value()).isEqualTo("The assistant is busy; please ask again soon.");
        assertThat(fresh.value()).isEqualTo("answer 2 to What is a heddle?");
        assertThat(Heddle.lastFallback()).isEmpty();
    }

    @Test
    void whenNoFallbackCanAnswerTheCallerGetsTheOriginalException() throws Exception {
        CallPipeline pipeline = pipeline("""
                  - name: assistant
                    match: { type: %s, method: answer }
                    fallback: { method: noSuchMethod }
                """.formatted(Assistant.class.getName()), ANSWER);
        assistant.vendorDown.set(true);

        Answer failed = call(pipeline, ANSWER, "What is a heddle?");

        assertThat(failed.failure()).isInstanceOf(IOException.class).hasMessage("503 Service Unavailable");
    }

    @Test
    void anAsynchronousCallIsAnsweredByTheOtherMethodsFuture() throws Exception {
        CallPipeline pipeline = pipeline("""
                  - name: assistant
                    match: { type: %s, method: answerLater }
                    retry: { maxAttempts: 2, delay: 1ms }
                    fallback: { method: cannedAnswerLater }
                """.formatted(Assistant.class.getName()), ANSWER_LATER);
        assistant.vendorDown.set(true);

        Answer answer = call(pipeline, ANSWER_LATER, "What is a heddle?");

        assertThat(((CompletableFuture<?>) answer.value()).get(10, TimeUnit.SECONDS))
                .isEqualTo("The assistant is busy; please ask again soon.");
        assertThat(assistant.modelCalls).as("both attempts were made before the fallback").hasValue(2);
    }
}
