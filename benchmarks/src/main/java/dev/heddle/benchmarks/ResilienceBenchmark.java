package dev.heddle.benchmarks;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.decorators.Decorators;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of Heddle's resilience pipeline on the success path (every call succeeds at its first
 * attempt), in JVMs that run the real agent jar ({@link BenchmarkMain} attaches it), beside the same
 * policies applied by hand, in the same run, with plain Failsafe and with Resilience4j.
 *
 * <p>The policies everywhere: retry with 3 attempts in all, exponential backoff from 100 ms (at most
 * 5 s, ±20% jitter); a circuit breaker that opens after 5 consecutive failures, for 30 s; and, in the
 * {@code ...Timeout} variants, a timeout of 30 s. Composed as the agent composes them, retry
 * outermost: {@code retry(circuitBreaker(timeout(call)))}.
 *
 * <ul>
 *   <li>{@code unwoven}: the method as the app wrote it, the baseline.</li>
 *   <li>{@code woven_retryBreaker}: woven by the YAML rule {@code retry-breaker}. The advice hands the
 *       call to the pipeline, which runs the attempts with the agent's (relocated) Failsafe on the
 *       caller thread, each attempt invoking the original method again by reflection
 *       ({@code OriginalMethod}).</li>
 *   <li>{@code woven_retryBreakerTimeout}: woven by {@code retry-breaker-timeout}, the same plus
 *       {@code timeout: 30s}. By design the agent runs each attempt of a blocking call that has a
 *       timeout on a pool thread of its own (a cached thread pool) and the caller waits on its
 *       {@code Future} at most the timeout, so that the caller is released on time even when the
 *       call ignores interruption: every call pays a thread hop. Retry and breaker stay on the
 *       caller thread.</li>
 *   <li>{@code failsafe_retryBreaker}: the same policies built by hand with plain Failsafe,
 *       {@code Failsafe.with(retry, breaker).get(...)}, around the unwoven method.</li>
 *   <li>{@code failsafe_retryBreakerTimedAttempt}: what the agent does for a timeout, by hand:
 *       {@code Failsafe.with(retry, breaker).get(...)} of an attempt submitted to a cached pool and
 *       waited for with {@code Future.get(30, SECONDS)}.</li>
 *   <li>{@code failsafe_retryBreakerTimeout}: Failsafe's own {@code Timeout} policy, asynchronously:
 *       {@code Failsafe.with(retry, breaker, timeout).with(cachedPool).getAsync(...).get()}; the whole
 *       execution runs on the pool, and Failsafe schedules and cancels a timer for each attempt.
 *       (What the agent did before it enforced the timeout itself.)</li>
 *   <li>{@code failsafe_retryBreakerTimeoutSync}: {@code Failsafe.with(retry, breaker, timeout).get(...)},
 *       the call on the caller thread and the timeout only interrupting it; for comparison, the
 *       agent does not do this (an SDK that ignores interruption would hold the caller).</li>
 *   <li>{@code resilience4j_retryBreaker}: {@code Decorators.ofSupplier(...).withCircuitBreaker(...)
 *       .withRetry(...)}, retry outermost.</li>
 *   <li>{@code resilience4j_retryBreakerTimeout}: the same around
 *       {@code TimeLimiter.executeFutureSupplier} of a {@code CompletableFuture} on a cached thread
 *       pool, equivalent to the agent's approach.</li>
 * </ul>
 *
 * <p>The by-hand variants build their policies (and the breaker's state) once, and wrap each call in
 * a lambda that captures its argument at the call site, as an app's code would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResilienceBenchmark {

    private static final Duration DELAY = Duration.ofMillis(100);
    private static final Duration MAX_DELAY = Duration.ofSeconds(5);
    private static final double JITTER = 0.2;
    private static final int MAX_ATTEMPTS = 3;
    private static final int FAILURE_THRESHOLD = 5;
    private static final Duration OPEN_FOR = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Not final, so that the JIT cannot treat the argument as a constant. */
    private String prompt = "What is a heddle, and how does it lift the warp threads?";

    private final Assistants.Unwoven unwoven = new Assistants.Unwoven();
    private final Assistants.RetryBreaker wovenRetryBreaker = new Assistants.RetryBreaker();
    private final Assistants.RetryBreakerTimeout wovenRetryBreakerTimeout = new Assistants.RetryBreakerTimeout();

    private ExecutorService failsafePool;
    private FailsafeExecutor<String> failsafeRetryBreaker;
    private FailsafeExecutor<String> failsafeRetryBreakerTimedAttempt;
    private FailsafeExecutor<String> failsafeRetryBreakerTimeout;
    private FailsafeExecutor<String> failsafeRetryBreakerTimeoutSync;

    private ExecutorService resilience4jPool;
    private Retry resilience4jRetry;
    private io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4jBreaker;
    private Retry resilience4jTimedRetry;
    private io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4jTimedBreaker;
    private TimeLimiter resilience4jTimeLimiter;

    @Setup(Level.Trial)
    public void setUp() throws JMException {
        failsafePool = cachedPool("failsafe-timed-call");
        failsafeRetryBreaker = Failsafe.with(failsafeRetry(), failsafeBreaker());
        failsafeRetryBreakerTimedAttempt = Failsafe.with(failsafeRetry(), failsafeBreaker());
        failsafeRetryBreakerTimeout = Failsafe.with(failsafeRetry(), failsafeBreaker(), failsafeTimeout()).with(failsafePool);
        failsafeRetryBreakerTimeoutSync = Failsafe.with(failsafeRetry(), failsafeBreaker(), failsafeTimeout());

        resilience4jPool = cachedPool("resilience4j-timed-call");
        resilience4jRetry = resilience4jRetry("retry-breaker");
        resilience4jBreaker = resilience4jBreaker("retry-breaker");
        resilience4jTimedRetry = resilience4jRetry("retry-breaker-timeout");
        resilience4jTimedBreaker = resilience4jBreaker("retry-breaker-timeout");
        resilience4jTimeLimiter = TimeLimiter.of("retry-breaker-timeout",
                TimeLimiterConfig.custom().timeoutDuration(TIMEOUT).cancelRunningFuture(true).build());

        wovenRetryBreaker.answer(prompt);
        wovenRetryBreakerTimeout.answer(prompt);
        requireWoven("retry-breaker");
        requireWoven("retry-breaker-timeout");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        failsafePool.shutdownNow();
        resilience4jPool.shutdownNow();
    }

    @Benchmark
    public String unwoven() {
        return unwoven.answer(prompt);
    }

    @Benchmark
    public String woven_retryBreaker() {
        return wovenRetryBreaker.answer(prompt);
    }

    @Benchmark
    public String woven_retryBreakerTimeout() {
        return wovenRetryBreakerTimeout.answer(prompt);
    }

    @Benchmark
    public String failsafe_retryBreaker() {
        String argument = prompt;
        return failsafeRetryBreaker.get(() -> unwoven.answer(argument));
    }

    @Benchmark
    public String failsafe_retryBreakerTimedAttempt() {
        String argument = prompt;
        return failsafeRetryBreakerTimedAttempt.get(() -> {
            Future<String> attempt = failsafePool.submit(() -> unwoven.answer(argument));
            return attempt.get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        });
    }

    @Benchmark
    public String failsafe_retryBreakerTimeout() throws Exception {
        String argument = prompt;
        return failsafeRetryBreakerTimeout.getAsync(() -> unwoven.answer(argument)).get();
    }

    @Benchmark
    public String failsafe_retryBreakerTimeoutSync() {
        String argument = prompt;
        return failsafeRetryBreakerTimeoutSync.get(() -> unwoven.answer(argument));
    }

    @Benchmark
    public String resilience4j_retryBreaker() {
        String argument = prompt;
        return Decorators.ofSupplier(() -> unwoven.answer(argument))
                .withCircuitBreaker(resilience4jBreaker)
                .withRetry(resilience4jRetry)
                .get();
    }

    @Benchmark
    public String resilience4j_retryBreakerTimeout() throws Exception {
        String argument = prompt;
        return Decorators.ofCallable(() -> resilience4jTimeLimiter.executeFutureSupplier(
                        () -> CompletableFuture.supplyAsync(() -> unwoven.answer(argument), resilience4jPool)))
                .withCircuitBreaker(resilience4jTimedBreaker)
                .withRetry(resilience4jTimedRetry)
                .call();
    }

    /** The agent's retry: 3 attempts, backoff from 100 ms to at most 5 s with ±20% jitter, any exception. */
    private static RetryPolicy<String> failsafeRetry() {
        return RetryPolicy.<String>builder()
                .handle(Exception.class)
                .withMaxAttempts(MAX_ATTEMPTS)
                .withBackoff(DELAY, MAX_DELAY)
                .withJitter(JITTER)
                .build();
    }

    /** The agent's breaker: opens after 5 consecutive failures, for 30 s; one trial success closes it. */
    private static CircuitBreaker<String> failsafeBreaker() {
        return CircuitBreaker.<String>builder()
                .handle(Exception.class)
                .withFailureThreshold(FAILURE_THRESHOLD)
                .withDelay(OPEN_FOR)
                .withSuccessThreshold(1)
                .build();
    }

    /** The agent's timeout, which interrupts the attempt it cuts off. */
    private static Timeout<String> failsafeTimeout() {
        return Timeout.<String>builder(TIMEOUT).withInterrupt().build();
    }

    private static Retry resilience4jRetry(String name) {
        return Retry.of(name, RetryConfig.custom()
                .maxAttempts(MAX_ATTEMPTS)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(DELAY, 2.0, JITTER, MAX_DELAY))
                .retryExceptions(Exception.class)
                .build());
    }

    /** 5 consecutive failures: a count-based window of the last 5 calls, open at a 100% failure rate. */
    private static io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4jBreaker(String name) {
        return io.github.resilience4j.circuitbreaker.CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(FAILURE_THRESHOLD)
                .minimumNumberOfCalls(FAILURE_THRESHOLD)
                .failureRateThreshold(100)
                .waitDurationInOpenState(OPEN_FOR)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
    }

    /** Like the agent's pool for timed calls: cached, daemon threads. */
    private static ExecutorService cachedPool(String threadName) {
        return Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Fails the trial unless the agent is attached and ran the rule's policies: without it, the
     * woven benchmarks would quietly measure the bare method.
     */
    private static void requireWoven(String rule) throws JMException {
        ObjectName heddle = new ObjectName("dev.heddle:type=Heddle");
        var server = ManagementFactory.getPlatformMBeanServer();
        if (!server.isRegistered(heddle)) {
            throw new IllegalStateException("the Heddle agent is not attached; run through BenchmarkMain (java -jar heddle-benchmarks.jar)");
        }
        for (CompositeData status : (CompositeData[]) server.getAttribute(heddle, "Rules")) {
            if (rule.equals(status.get("name")) && (Long) status.get("attempts") > 0) return;
        }
        throw new IllegalStateException("rule '" + rule + "' made no attempt: the method was not woven with its policies");
    }
}
