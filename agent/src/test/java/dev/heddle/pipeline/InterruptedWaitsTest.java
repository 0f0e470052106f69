package dev.heddle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.api.BulkheadFullException;
import dev.heddle.api.HeddleException;
import dev.heddle.api.QuotaExceededException;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.bootstrap.Answer;
import dev.heddle.config.ConfigLoader;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A caller interrupted while it waits inside Heddle (a retry's backoff, a place in the bulkhead,
 * a quota, a timed attempt, an identical call in flight): the call ends at once, the thread keeps
 * its interrupt status, the caller gets its method's own failure or a Heddle API exception (never a
 * checked {@code InterruptedException} its method does not declare), and later calls work.
 * Each wait is an hour long, so only the interrupt can end it; the timeout only stops a hang.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InterruptedWaitsTest {

    private static final String ANSWER = Assistant.class.getName() + ":answer(Ljava/lang/String;)Ljava/lang/String;";

    /** An app's class: fails while the vendor is down, blocks while a gate is closed, counts its runs. */
    static final class Assistant {
        final AtomicInteger runs = new AtomicInteger();
        volatile boolean vendorDown;
        volatile CountDownLatch gate = new CountDownLatch(0);
        final CountDownLatch entered = new CountDownLatch(1);

        String answer(String question) throws IOException, InterruptedException {
            runs.incrementAndGet();
            entered.countDown();
            gate.await();
            if (vendorDown) throw new IOException("503 Service Unavailable");
            return "answer to " + question;
        }
    }

    /** What a call ended with, and whether its thread was still interrupted afterwards. */
    private record Outcome(Object token, boolean interrupted) {
        Answer answer() {
            assertThat(token).isInstanceOf(Answer.class);
            return (Answer) token;
        }
    }

    private final Assistant assistant = new Assistant();

    private static CallPipeline pipeline(String rule) throws Exception {
        Registry registry = new Registry(ConfigLoader.parse(rule.formatted(Assistant.class.getName()), "test.yaml"));
        registry.register(new WovenMethod(ANSWER, List.of("assistant"), Optional.empty()));
        return new CallPipeline(registry);
    }

    private Object enter(CallPipeline pipeline, String question) {
        return pipeline.enter(ANSWER, Assistant.class, assistant, new Object[] {question});
    }

    /** Runs the call on a thread of its own, interrupts it once it is parked after {@code ready}, and returns how it ended. */
    private static Outcome interruptedWhileWaiting(Supplier<Object> call, CountDownLatch ready) throws Exception {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                Object token = call.get();
                outcome.complete(new Outcome(token, Thread.currentThread().isInterrupted()));
            } catch (Throwable failure) {
                outcome.completeExceptionally(failure);
            }
        }, "interrupted-caller");
        caller.start();
        ready.await();
        while (caller.getState() != Thread.State.WAITING && caller.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        caller.interrupt();
        return outcome.get();
    }

    @Test
    void aCallerInterruptedInARetryBackoffGetsItsMethodsFailureAndStaysInterrupted() throws Exception {
        CallPipeline pipeline = pipeline("""
                rules:
                  - name: assistant
                    match: { type: %s, method: answer }
                    retry: { maxAttempts: 3, delay: 1h, maxDelay: 1h }
                """);
        assistant.vendorDown = true;
        long errorsBefore = AgentLog.internalErrors();

        Outcome outcome = interruptedWhileWaiting(() -> enter(pipeline, "q"), assistant.entered);

        assertThat(outcome.answer().failure()).isInstanceOf(IOException.class);
        assertThat(outcome.interrupted()).isTrue();
        assertThat(AgentLog.internalErrors()).as("an interrupt is no internal error").isEqualTo(errorsBefore);
        assertThat(assistant.runs).as("no attempt after the interrupt").hasValue(1);
        assistant.vendorDown = false;
        assertThat(((Answer) enter(pipeline, "q")).value()).isEqualTo("answer to q");
    }

    @Test
    void aCallerInterruptedWhileItWaitsForAPlaceInTheBulkheadIsRefusedWithoutRunningAndStaysInterrupted() throws Exception {
        CallPipeline pipeline = pipeline("""
                rules:
                  - name: assistant
                    match: { type: %s, method: answer }
                    bulkhead: { maxConcurrent: 1, maxWait: 1h }
                """);
        assistant.gate = new CountDownLatch(1);
        CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> enter(pipeline, "first"));
        assistant.entered.await();

        Outcome outcome = interruptedWhileWaiting(() -> enter(pipeline, "second"), new CountDownLatch(0));

        assertThat(outcome.answer().failure()).isInstanceOf(BulkheadFullException.class).hasMessageContaining("interrupted");
        assertThat(outcome.interrupted()).isTrue();
        assertThat(assistant.runs).as("the interrupted call never ran").hasValue(1);
        assistant.gate.countDown();
        assertThat(((Answer) first.get()).value()).isEqualTo("answer to first");
        assertThat(((Answer) enter(pipeline, "third")).value()).as("the place was given back").isEqualTo("answer to third");
    }

    @Test
    void aCallerInterruptedWhileItWaitsForATimedAttemptIsReleasedWithAHeddleExceptionAndStaysInterrupted() throws Exception {
        CallPipeline pipeline = pipeline("""
                rules:
                  - name: assistant
                    match: { type: %s, method: answer }
                    timeout: 1h
                """);
        assistant.gate = new CountDownLatch(1);

        Outcome outcome = interruptedWhileWaiting(() -> enter(pipeline, "q"), assistant.entered);

        assertThat(outcome.answer().failure()).isInstanceOf(HeddleException.class).hasMessageContaining("interrupted");
        assertThat(outcome.interrupted()).isTrue();
        assistant.gate.countDown();
        assertThat(((Answer) enter(pipeline, "q")).value()).isEqualTo("answer to q");
    }

    @Test
    void aCallerInterruptedWhileItWaitsForTheQuotaIsRefusedWithoutRunningAndStaysInterrupted() throws Exception {
        CallPipeline pipeline = pipeline("""
                quotas:
                  per-user:
                    tiers: { free: { requests: 1/1h } }
                    default: free
                    onRefusal: wait
                    maxWait: 2h
                rules:
                  - name: assistant
                    match: { type: %s, method: answer }
                    quota: per-user
                """);
        Object first = enter(pipeline, "first");
        pipeline.exit(first, "answer to first", null);

        Outcome outcome = interruptedWhileWaiting(() -> enter(pipeline, "second"), new CountDownLatch(0));

        assertThat(outcome.answer().failure()).isInstanceOf(QuotaExceededException.class).hasMessageContaining("interrupted");
        assertThat(outcome.interrupted()).isTrue();
    }

    @Test
    void aCallerInterruptedWhileItWaitsForAnIdenticalCallInFlightRunsItsOwnCallAndStaysInterrupted() throws Exception {
        CallPipeline pipeline = pipeline("""
                rules:
                  - name: assistant
                    match: { type: %s, method: answer }
                    cache: { ttl: 1h }
                """);
        Object leader = enter(pipeline, "q");
        assertThat(leader).as("the leader's body runs").isNotNull().isNotInstanceOf(Answer.class);

        Outcome outcome = interruptedWhileWaiting(() -> enter(pipeline, "q"), new CountDownLatch(0));

        assertThat(outcome.token()).as("null: the woven body runs for this caller, as without Heddle").isNull();
        assertThat(outcome.interrupted()).isTrue();
        pipeline.exit(leader, "the leader's answer", null);
        assertThat(((Answer) enter(pipeline, "q")).value()).isEqualTo("the leader's answer");
    }
}
