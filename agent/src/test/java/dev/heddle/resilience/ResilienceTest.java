package dev.heddle.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.heddle.api.BulkheadFullException;
import dev.heddle.api.CircuitOpenException;
import dev.heddle.api.HeddleTimeoutException;
import dev.heddle.config.BulkheadConfig;
import dev.heddle.config.CircuitBreakerConfig;
import dev.heddle.config.CircuitScope;
import dev.heddle.config.RetryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResilienceTest {

    private static final RetryConfig THREE_QUICK_ATTEMPTS = new RetryConfig(3, Duration.ofMillis(1), Duration.ofMillis(2));
    private static final Predicate<Throwable> ANY_EXCEPTION = failure -> failure instanceof Exception;

    private final ResilienceCounters counters = new ResilienceCounters();
    private final AtomicInteger calls = new AtomicInteger();

    @AfterEach
    void theCallerIsNeverLeftInterrupted() {
        assertThat(Thread.interrupted()).as("the calling thread was left interrupted").isFalse();
    }

    private Resilience resilience(Optional<RetryConfig> retry, Optional<CircuitBreakerConfig> breaker, Optional<Duration> timeout,
            Predicate<Throwable> retryable) {
        ResilienceSettings settings = new ResilienceSettings(retry, breaker, timeout, Optional.empty());
        Circuit circuit = breaker.map(config -> new Circuit(config, retryable, counters)).orElse(null);
        return new Resilience("bot", settings, circuit == null ? null : key -> circuit, null, null, retryable,
                failure -> Optional.empty(), counters);
    }

    private Resilience retrying() {
        return resilience(Optional.of(THREE_QUICK_ATTEMPTS), Optional.empty(), Optional.empty(), ANY_EXCEPTION);
    }

    @Test
    void theBackoffDoublesWithJitterAndStopsAtMaxDelay() {
        RetryConfig retry = new RetryConfig(10, Duration.ofMillis(100), Duration.ofSeconds(1));

        for (int i = 0; i < 100; i++) {
            assertThat(Resilience.backoff(retry, 1)).isBetween(Duration.ofMillis(80), Duration.ofMillis(120));
            assertThat(Resilience.backoff(retry, 2)).isBetween(Duration.ofMillis(160), Duration.ofMillis(240));
            assertThat(Resilience.backoff(retry, 8)).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void aFailingCallIsRetriedUntilItSucceeds() throws Throwable {
        Object result = retrying().call(() -> {
            if (calls.incrementAndGet() < 3) throw new IOException("connection reset");
            return "answer";
        });

        assertThat(result).isEqualTo("answer");
        assertThat(counters.attempts()).isEqualTo(3);
        assertThat(counters.retries()).isEqualTo(2);
    }

    @Test
    void afterTheLastAttemptTheCallerSeesTheMethodsOwnException() {
        IllegalStateException down = new IllegalStateException("vendor down");

        Throwable thrown = catchThrowable(() -> retrying().call(() -> {
            calls.incrementAndGet();
            throw down;
        }));

        assertThat(thrown).isSameAs(down);
        assertThat(calls).hasValue(3);
    }

    @Test
    void aCheckedExceptionReachesTheCallerUnwrapped() {
        IOException reset = new IOException("connection reset");

        Throwable thrown = catchThrowable(() -> retrying().call(() -> {
            throw reset;
        }));

        assertThat(thrown).isSameAs(reset);
    }

    @Test
    void aFailureThatIsNotRetryableIsNotRetried() {
        Resilience onlyIoErrors = resilience(Optional.of(THREE_QUICK_ATTEMPTS), Optional.empty(), Optional.empty(),
                failure -> failure instanceof IOException);

        assertThatThrownBy(() -> onlyIoErrors.call(() -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("bad request");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void anOpenCircuitRefusesCallsWithoutRunningThem() {
        Resilience breaking = resilience(Optional.empty(), Optional.of(new CircuitBreakerConfig(2, Duration.ofMinutes(1))),
                Optional.empty(), ANY_EXCEPTION);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> breaking.call(() -> {
                calls.incrementAndGet();
                throw new IOException("vendor down");
            })).isInstanceOf(IOException.class);
        }

        Throwable refused = catchThrowable(() -> breaking.call(() -> {
            calls.incrementAndGet();
            return "answer";
        }));

        assertThat(refused).isInstanceOf(CircuitOpenException.class).hasMessageContaining("rule 'bot'");
        assertThat(calls).hasValue(2);
        assertThat(counters.circuitOpened()).isEqualTo(1);
        assertThat(counters.circuitRejections()).isEqualTo(1);
    }

    @Test
    void aTimeoutCutsOffASlowCall() {
        Resilience timed = resilience(Optional.empty(), Optional.empty(), Optional.of(Duration.ofMillis(50)), ANY_EXCEPTION);

        Throwable thrown = catchThrowable(() -> timed.call(() -> {
            TimeUnit.SECONDS.sleep(30);
            return "too late";
        }));

        assertThat(thrown).isInstanceOf(HeddleTimeoutException.class).hasMessageContaining("rule 'bot'");
        assertThat(counters.timeouts()).isEqualTo(1);
    }

    @Test
    void aTimeoutReleasesTheCallerEvenWhenTheCallIgnoresInterruption() {
        Resilience timed = resilience(Optional.empty(), Optional.empty(), Optional.of(Duration.ofMillis(50)), ANY_EXCEPTION);
        AtomicBoolean released = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();

        Throwable thrown = catchThrowable(() -> timed.call(() -> {
            while (!released.get()) {
                Thread.onSpinWait();
            }
            finished.set(true);
            return "too late";
        }));
        boolean finishedWhenTheCallerWasReleased = finished.get();
        released.set(true);

        assertThat(thrown).isInstanceOf(HeddleTimeoutException.class);
        assertThat(finishedWhenTheCallerWasReleased).isFalse();
    }

    @Test
    void aTimedOutAttemptIsRetried() throws Throwable {
        Resilience timedRetry = resilience(Optional.of(THREE_QUICK_ATTEMPTS), Optional.empty(), Optional.of(Duration.ofMillis(50)),
                ANY_EXCEPTION);

        Object result = timedRetry.call(() -> {
            if (calls.incrementAndGet() == 1) TimeUnit.SECONDS.sleep(30);
            return "answer";
        });

        assertThat(result).isEqualTo("answer");
        assertThat(counters.timeouts()).isEqualTo(1);
        assertThat(counters.retries()).isEqualTo(1);
    }

    @Test
    void aRetryThatTheOpenCircuitRefusesIsNotCountedAsARetry() {
        Resilience both = resilience(Optional.of(THREE_QUICK_ATTEMPTS), Optional.of(new CircuitBreakerConfig(1, Duration.ofMinutes(1))),
                Optional.empty(), ANY_EXCEPTION);

        assertThatThrownBy(() -> both.call(() -> {
            throw new IOException("down");
        })).isInstanceOf(CircuitOpenException.class);
        assertThat(counters.attempts()).isEqualTo(1);
        assertThat(counters.retries()).isZero();
    }

    @Test
    void aCallWithinItsTimeoutReturnsItsAnswer() throws Throwable {
        Resilience timed = resilience(Optional.empty(), Optional.empty(), Optional.of(Duration.ofSeconds(30)), ANY_EXCEPTION);

        assertThat(timed.call(() -> "answer")).isEqualTo("answer");
    }

    @Test
    void aFullBulkheadRefusesACallWithBulkheadFullException() throws Throwable {
        ResilienceSettings settings = new ResilienceSettings(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new BulkheadConfig(1, Duration.ZERO)));
        Resilience bulkheaded = new Resilience("bot", settings, null, new ConcurrencyLimit("bot", settings.bulkhead().get()),
                null, ANY_EXCEPTION, failure -> Optional.empty(), counters);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try {
                bulkheaded.call(() -> {
                    inside.countDown();
                    return release.await(30, TimeUnit.SECONDS);
                });
            } catch (Throwable ignored) {
                // the holder only keeps the place taken
            }
        });
        holder.start();
        inside.await(30, TimeUnit.SECONDS);

        Throwable refused = catchThrowable(() -> bulkheaded.call(() -> "answer"));
        release.countDown();
        holder.join();

        assertThat(refused).isInstanceOf(BulkheadFullException.class).hasMessageContaining("rule 'bot'");
        assertThat(counters.bulkheadRejections()).isEqualTo(1);
        assertThat(bulkheaded.call(() -> "answer")).isEqualTo("answer");
    }

    @Test
    void onlyTheExceptionTypesNamedInRetryOnAreRetried() {
        Predicate<Throwable> retryOn = failure -> ExceptionTypes.isAnyOf(failure, List.of("java.io.IOException"));
        Resilience onlyIo = resilience(Optional.of(THREE_QUICK_ATTEMPTS), Optional.empty(), Optional.empty(), retryOn);

        assertThatThrownBy(() -> onlyIo.call(() -> {
            calls.incrementAndGet();
            throw new java.net.SocketException("reset");
        })).isInstanceOf(java.net.SocketException.class);
        assertThat(calls).as("SocketException is an IOException: retried").hasValue(3);
        assertThat(ExceptionTypes.isAnyOf(new IllegalStateException(), List.of("java.io.IOException"))).isFalse();
        assertThat(ExceptionTypes.isAnyOf(new IllegalStateException(), List.of("java.lang.RuntimeException"))).isTrue();
    }

    @Test
    void aVendorDelayBeyondTheRetryBudgetEndsTheRetriesAtOnce() {
        RetryConfig budgeted = new RetryConfig(5, Duration.ofMillis(1), Duration.ofMillis(2), Optional.of(Duration.ofSeconds(1)),
                List.of(), Optional.empty());
        Resilience waitingTooLong = new Resilience("bot", new ResilienceSettings(Optional.of(budgeted), Optional.empty(),
                Optional.empty(), Optional.empty()), null, null, null, ANY_EXCEPTION,
                failure -> Optional.of(Duration.ofMinutes(5)), counters);

        assertThatThrownBy(() -> waitingTooLong.call(() -> {
            calls.incrementAndGet();
            throw new IOException("429, retry after 300 s");
        })).isInstanceOf(IOException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void theRetryBudgetStopsRetriesBeyondItsShareOfCalls() {
        ResilienceSettings settings = new ResilienceSettings(Optional.of(THREE_QUICK_ATTEMPTS), Optional.empty(),
                Optional.empty(), Optional.empty());
        Resilience budgeted = new Resilience("bot", settings, null, null, new RetryBudget(0.1), ANY_EXCEPTION,
                failure -> Optional.empty(), counters);

        for (int call = 0; call < 10; call++) {
            assertThatThrownBy(() -> budgeted.call(() -> {
                calls.incrementAndGet();
                throw new IOException("vendor down");
            })).isInstanceOf(IOException.class);
        }

        assertThat(counters.retries()).as("at least 3 retries in a window, here no more").isEqualTo(RetryBudget.MIN_RETRIES);
        assertThat(calls).hasValue(10 + RetryBudget.MIN_RETRIES);
    }

    @Test
    void anAsynchronousCallIsRetriedWithoutBlocking() throws Exception {
        CompletableFuture<Object> result = retrying().callAsync(() -> calls.incrementAndGet() < 3
                ? CompletableFuture.failedFuture(new IOException("connection reset"))
                : CompletableFuture.completedFuture("answer"));

        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("answer");
        assertThat(counters.retries()).isEqualTo(2);
    }

    @Test
    void anAsynchronousRefusalCompletesTheFutureWithAHeddleException() throws Exception {
        Resilience breaking = resilience(Optional.empty(), Optional.of(new CircuitBreakerConfig(1, Duration.ofMinutes(1))),
                Optional.empty(), ANY_EXCEPTION);
        CompletableFuture<Object> failed = breaking.callAsync(() -> CompletableFuture.failedFuture(new IOException("down")));
        assertThatThrownBy(() -> failed.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);

        CompletableFuture<Object> refused = breaking.callAsync(() -> CompletableFuture.completedFuture("answer"));

        assertThatThrownBy(() -> refused.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CircuitOpenException.class);
    }

    private static CircuitBreakerConfig breaker(int failures, int ofCalls, Optional<Duration> slowCall, Duration maxHalfOpenWait,
            Duration openFor) {
        return new CircuitBreakerConfig(failures, ofCalls, Optional.empty(), slowCall, openFor, 1, maxHalfOpenWait,
                CircuitScope.RULE);
    }

    private Object failing(String why) throws IOException {
        calls.incrementAndGet();
        throw new IOException(why);
    }

    @Test
    void aSlowAnswerReachesTheCallerButCountsAgainstTheCircuit() throws Throwable {
        CircuitBreakerConfig slowIsFailure = breaker(1, 1, Optional.of(Duration.ofMillis(5)), Duration.ofMinutes(1),
                Duration.ofMinutes(1));
        Resilience breaking = resilience(Optional.empty(), Optional.of(slowIsFailure), Optional.empty(), ANY_EXCEPTION);

        Object slowAnswer = breaking.call(() -> {
            Thread.sleep(50);
            return "late answer";
        });
        Throwable refused = catchThrowable(() -> breaking.call(() -> "answer"));

        assertThat(slowAnswer).isEqualTo("late answer");
        assertThat(counters.slowCalls()).isEqualTo(1);
        assertThat(refused).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void aCountWindowOpensOnFailuresAmongTheLastCallsNotOnlyInARow() throws Throwable {
        Resilience breaking = resilience(Optional.empty(), Optional.of(breaker(2, 4, Optional.empty(), Duration.ofMinutes(1),
                Duration.ofMinutes(1))), Optional.empty(), ANY_EXCEPTION);

        catchThrowable(() -> breaking.call(() -> failing("down")));
        assertThat(breaking.call(() -> "answer")).isEqualTo("answer");
        catchThrowable(() -> breaking.call(() -> failing("down again")));
        Throwable refused = catchThrowable(() -> breaking.call(() -> "answer"));

        assertThat(refused).as("2 failures among the last 4 calls, not in a row").isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void aFailureRateOverTheWindowOpensTheCircuitOnceEnoughCallsWereMade() throws Throwable {
        CircuitBreakerConfig halfFailing = new CircuitBreakerConfig(1, 1,
                Optional.of(new CircuitBreakerConfig.FailureRate(50, 4, Duration.ofMinutes(1))), Optional.empty(),
                Duration.ofMinutes(1), 1, Duration.ofMinutes(1), CircuitScope.RULE);
        Resilience breaking = resilience(Optional.empty(), Optional.of(halfFailing), Optional.empty(), ANY_EXCEPTION);

        catchThrowable(() -> breaking.call(() -> failing("down")));
        catchThrowable(() -> breaking.call(() -> failing("down")));
        assertThat(breaking.call(() -> "answer")).as("3 calls are fewer than the minimum of 4").isEqualTo("answer");
        catchThrowable(() -> breaking.call(() -> failing("down")));
        Throwable refused = catchThrowable(() -> breaking.call(() -> "answer"));

        assertThat(refused).as("3 of 4 calls failed").isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void aCircuitStuckHalfOpenOpensAgainAfterTheMaximumWait() throws Throwable {
        Circuit circuit = new Circuit(breaker(1, 1, Optional.empty(), Duration.ofMillis(50), Duration.ofMillis(10)),
                ANY_EXCEPTION, counters);
        Resilience breaking = new Resilience("bot", new ResilienceSettings(Optional.empty(), Optional.of(circuit.settings()),
                Optional.empty(), Optional.empty()), key -> circuit, null, null, ANY_EXCEPTION, failure -> Optional.empty(), counters);
        catchThrowable(() -> breaking.call(() -> failing("down")));
        Thread.sleep(30);
        CountDownLatch trialStarted = new CountDownLatch(1);
        CountDownLatch releaseTrial = new CountDownLatch(1);
        Thread trial = new Thread(() -> catchThrowable(() -> breaking.call(() -> {
            trialStarted.countDown();
            releaseTrial.await();
            return "late";
        })));
        trial.start();
        assertThat(trialStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(circuit.state()).isEqualTo("half-open");

        Thread.sleep(80);
        Throwable duringTheHang = catchThrowable(() -> breaking.call(() -> "answer"));
        Thread.sleep(30);
        Object afterOpenFor = breaking.call(() -> "answer");
        releaseTrial.countDown();
        trial.join();

        assertThat(duringTheHang).as("reopened after the maximum half-open wait").isInstanceOf(CircuitOpenException.class);
        assertThat(afterOpenFor).as("a new trial call ran and closed the circuit").isEqualTo("answer");
        assertThat(counters.circuitOpened()).isEqualTo(2);
        assertThat(counters.circuitClosed()).isEqualTo(1);
    }

    @Test
    void eachCircuitKeyHasItsOwnCircuit() throws Throwable {
        CircuitBreakerConfig settings = new CircuitBreakerConfig(1, Duration.ofMinutes(1));
        Map<String, Circuit> circuits = new ConcurrentHashMap<>();
        Resilience perModel = new Resilience("bot", new ResilienceSettings(Optional.empty(), Optional.of(settings),
                Optional.empty(), Optional.empty()), key -> circuits.computeIfAbsent(key,
                ignored -> new Circuit(settings, ANY_EXCEPTION, counters)), null, null, ANY_EXCEPTION,
                failure -> Optional.empty(), counters);

        catchThrowable(() -> perModel.call("gpt-4o", () -> failing("gpt-4o is down")));

        assertThat(catchThrowable(() -> perModel.call("gpt-4o", () -> "answer"))).isInstanceOf(CircuitOpenException.class);
        assertThat(perModel.call("gpt-4o-mini", () -> "answer")).isEqualTo("answer");
    }

    @Test
    void aVendorDelayBeyondWhatIsLeftOfTheBudgetEndsTheRetries() {
        RetryConfig budgeted = new RetryConfig(5, Duration.ofMillis(1), Duration.ofMillis(2), Optional.of(Duration.ofMillis(300)),
                List.of(), Optional.empty());
        Resilience waiting = new Resilience("bot", new ResilienceSettings(Optional.of(budgeted), Optional.empty(),
                Optional.empty(), Optional.empty()), null, null, null, ANY_EXCEPTION,
                failure -> Optional.of(Duration.ofMillis(200)), counters);

        assertThatThrownBy(() -> waiting.call(() -> failing("429, retry after 200 ms")))
                .isInstanceOf(IOException.class).hasMessageContaining("429");
        assertThat(calls).as("200 ms fit the budget once; a second wait would end past 300 ms").hasValue(2);
    }
}
