package dev.heddle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.bootstrap.Answer;
import dev.heddle.config.ConfigLoader;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An internal error in a stage (thrown by {@link FaultInjection}) fails open: the caller gets what
 * its method gives, the method runs once per call (never again after it answered or failed), the
 * identical calls behind it are not stranded, and the error is counted.
 */
class FaultInjectionPipelineTest {

    private static final String ANSWER = Assistant.class.getName() + ":answer(Ljava/lang/String;)Ljava/lang/String;";

    /** An app's class whose method fails while the vendor is down, and counts its runs. */
    static final class Assistant {
        final AtomicInteger runs = new AtomicInteger();
        volatile boolean vendorDown;

        String answer(String question) throws IOException {
            runs.incrementAndGet();
            if (vendorDown) throw new IOException("503 Service Unavailable");
            return "answer to " + question;
        }

        String cannedAnswer(String question) {
            return "busy";
        }
    }

    private final Assistant assistant = new Assistant();

    private static CallPipeline pipeline(String rule) throws Exception {
        Registry registry = new Registry(ConfigLoader.parse("rules:\n" + rule.formatted(Assistant.class.getName()), "test.yaml"));
        registry.register(new WovenMethod(ANSWER, List.of("assistant"), Optional.empty()));
        return new CallPipeline(registry);
    }

    private Object enter(CallPipeline pipeline, String question) {
        return pipeline.enter(ANSWER, Assistant.class, assistant, new Object[] {question});
    }

    @Test
    void anIdenticalCallAfterALeaderThatFailedInsideHeddleLeadsItsOwnFlightInsteadOfWaitingForADeadOne() throws Exception {
        CallPipeline pipeline = pipeline("""
                  - name: assistant
                    match: { type: %s, method: answer }
                    cache: { ttl: 1h }
                """);
        try (AutoCloseable fault = FaultInjection.failing("singleflight")) {
            assertThatThrownBy(() -> enter(pipeline, "q")).isInstanceOf(FaultInjection.InjectedFault.class);
        }

        // with the dead flight kept, this call would join it, wait 60 s, and then run uncached
        Object next = enter(pipeline, "q");
        assertThat(next).as("the call leads a flight of its own").isNotNull().isNotInstanceOf(Answer.class);
        pipeline.exit(next, "stored answer", null);

        assertThat(enter(pipeline, "q")).as("its answer was stored").isInstanceOf(Answer.class);
    }

    @Test
    void aCircuitThatFailsInsideHeddleLetsTheMethodRunOnceAndAnswer() throws Exception {
        CallPipeline pipeline = pipeline("""
                  - name: assistant
                    match: { type: %s, method: answer }
                    retry: { maxAttempts: 3, delay: 1ms }
                    circuitBreaker: { failureThreshold: 5, openFor: 1s }
                """);
        long errorsBefore = AgentLog.internalErrors();

        Answer answer;
        try (AutoCloseable fault = FaultInjection.failing("circuit")) {
            answer = (Answer) enter(pipeline, "q");
        }

        assertThat(answer.failure()).isNull();
        assertThat(answer.value()).isEqualTo("answer to q");
        assertThat(assistant.runs).hasValue(1);
        assertThat(AgentLog.internalErrors()).isGreaterThan(errorsBefore);
    }

    @Test
    void aRetryDecisionThatFailsInsideHeddleGivesTheCallerTheMethodsOwnFailureAfterOneRun() throws Exception {
        CallPipeline pipeline = pipeline("""
                  - name: assistant
                    match: { type: %s, method: answer }
                    retry: { maxAttempts: 3, delay: 1ms }
                """);
        assistant.vendorDown = true;

        Answer answer;
        try (AutoCloseable fault = FaultInjection.failing("retry")) {
            answer = (Answer) enter(pipeline, "q");
        }

        assertThat(answer.failure()).isInstanceOf(IOException.class).hasMessage("503 Service Unavailable");
        assertThat(assistant.runs).hasValue(1);
    }

    @Test
    void retriesStillRunTheMethodAgainWithoutAFault() throws Exception {
        CallPipeline pipeline = pipeline("""
                  - name: assistant
                    match: { type: %s, method: answer }
                    retry: { maxAttempts: 3, delay: 1ms }
                """);
        assistant.vendorDown = true;

        Answer answer = (Answer) enter(pipeline, "q");

        assertThat(answer.failure()).isInstanceOf(IOException.class);
        assertThat(assistant.runs).as("the positive control of the test above").hasValue(3);
    }

    @Test
    void aFallbackThatFailsInsideHeddleGivesTheCallerTheMethodsOwnFailureAndNeverRunsTheMethodAgain() throws Exception {
        CallPipeline pipeline = pipeline("""
                  - name: assistant
                    match: { type: %s, method: answer }
                    fallback: { method: cannedAnswer }
                """);
        assistant.vendorDown = true;
        long errorsBefore = AgentLog.internalErrors();

        Object token;
        try (AutoCloseable fault = FaultInjection.failing("fallback")) {
            token = enter(pipeline, "q");
        }

        assertThat(token).as("null would make the advice run the method body a second time").isInstanceOf(Answer.class);
        assertThat(((Answer) token).failure()).isInstanceOf(IOException.class);
        assertThat(assistant.runs).hasValue(1);
        assertThat(AgentLog.internalErrors()).isGreaterThan(errorsBefore);
    }

    @Test
    void theFallbackAnswersWithoutAFault() throws Exception {
        CallPipeline pipeline = pipeline("""
                  - name: assistant
                    match: { type: %s, method: answer }
                    fallback: { method: cannedAnswer }
                """);
        assistant.vendorDown = true;

        Answer answer = (Answer) enter(pipeline, "q");

        assertThat(answer.value()).as("the positive control of the test above").isEqualTo("busy");
        assertThat(assistant.runs).hasValue(1);
    }

    @Test
    void anUnknownStageNameIsRefusedSoThatATestCannotInjectNothingByATypo() {
        assertThatThrownBy(() -> FaultInjection.parse("cache.lookup,cahce.store"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cahce.store");
        assertThat(FaultInjection.parse(null)).isNull();
        assertThat(FaultInjection.parse(" key , retry ")).containsExactlyInAnyOrder("key", "retry");
    }
}
