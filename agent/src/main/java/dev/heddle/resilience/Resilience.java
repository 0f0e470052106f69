package dev.heddle.resilience;

import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Policy;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import dev.failsafe.function.CheckedSupplier;
import dev.heddle.api.BulkheadFullException;
import dev.heddle.api.CircuitOpenException;
import dev.heddle.api.HeddleException;
import dev.heddle.api.HeddleTimeoutException;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.CircuitBreakerConfig;
import dev.heddle.config.CircuitScope;
import dev.heddle.config.RetryConfig;
import dev.heddle.pipeline.FaultInjection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs the attempts of one call under a rule's policies, composed in the documented order
 * {@code retry(circuitBreaker(bulkhead(timeout(call))))}, with Failsafe (relocated inside the agent),
 * a {@link Circuit} per circuit key and, for the bulkhead, a {@link ConcurrencyLimit}. Heddle's own
 * refusals are never retried and never count against the circuit. The fallback, outermost, is the
 * pipeline's ({@link FallbackChain}).
 *
 * <p>What the caller sees: the method's own exception, unchanged, when the last attempt failed; a
 * {@link CircuitOpenException} when the circuit refused the call; a {@link BulkheadFullException}
 * when the bulkhead did; a {@link HeddleTimeoutException}
 * when the timeout cut it off. Never a Failsafe type.
 *
 * <p>A blocking call with a timeout runs its attempts on Heddle's own daemon threads, so that the
 * caller is released when the time is up even if the SDK ignores interruption; the attempt is
 * interrupted and its answer discarded. An asynchronous call ({@code CompletableFuture}) keeps
 * its own threads and is never blocked on.
 */
public final class Resilience {

    private static final ExecutorService TIMED_ATTEMPTS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "heddle-timed-call");
        thread.setDaemon(true);
        return thread;
    });

    private static final int MAX_REMEMBERED_KEYS = 1_000;

    private final String owner;
    private final ResilienceSettings settings;
    private final ResilienceCounters counters;
    private final Function<String, Circuit> circuits;
    private final ConcurrencyLimit bulkhead;
    private final RetryBudget budget;
    private final Predicate<Throwable> retryable;
    private final Function<Throwable, Optional<Duration>> retryAfter;
    private final RetryPolicy<Object> retry;
    private final Timeout<Object> asyncTimeout;
    private final CircuitExecutors withoutCircuit;
    private final Map<Circuit, CircuitExecutors> perCircuit = new ConcurrentHashMap<>();
    /** The circuits of the keys this policy has seen, so that a call finds its circuit with one lookup. */
    private final Map<String, Circuit> circuitOfKey = new ConcurrentHashMap<>();

    /** The Failsafe executors of one circuit: a blocking call's timeout is enforced by {@link #timed}, an asynchronous one's by Failsafe. */
    private record CircuitExecutors(FailsafeExecutor<Object> blocking, FailsafeExecutor<Object> async) {
    }

    /**
     * @param owner the rule name, for messages
     * @param settings the policies
     * @param circuits the circuit of a call's key (see {@link #call(String, CheckedSupplier)}), kept
     *     by the registry so it is shared by all the rule's methods; null without a circuit breaker
     * @param bulkhead the rule's bulkhead, shared by all its methods; null without one
     * @param budget the rule's retry budget, shared by all its methods; null without one
     * @param retryable which failures are worth another attempt (the preset's classification)
     * @param retryAfter how long the vendor asked to wait after a failure, when it said so
     * @param counters the rule's counters
     */
    public Resilience(String owner, ResilienceSettings settings, Function<String, Circuit> circuits, ConcurrencyLimit bulkhead,
            RetryBudget budget, Predicate<Throwable> retryable, Function<Throwable, Optional<Duration>> retryAfter, ResilienceCounters counters) {
        this.owner = owner;
        this.settings = settings;
        this.counters = counters;
        this.circuits = circuits;
        this.bulkhead = bulkhead;
        this.budget = budget;
        this.retryable = retryable;
        this.retryAfter = safe(retryAfter);
        this.retry = settings.retry().map(retrySettings -> retryPolicy(retrySettings, retryable, this.retryAfter)).orElse(null);
        this.asyncTimeout = settings.timeout().map(limit -> Timeout.<Object>builder(limit).withInterrupt().build()).orElse(null);
        this.withoutCircuit = executors(null);
    }

    private CircuitExecutors executors(Circuit circuit) {
        List<Policy<Object>> policies = new ArrayList<>();
        if (retry != null) policies.add(retry);
        if (circuit != null) policies.add(circuit.policy());
        // Failsafe keeps the list it is given, so each executor gets its own copy
        FailsafeExecutor<Object> blocking = policies.isEmpty() ? Failsafe.none() : Failsafe.with(List.copyOf(policies));
        if (asyncTimeout != null) policies.add(asyncTimeout);
        FailsafeExecutor<Object> async = policies.isEmpty() ? Failsafe.none() : Failsafe.with(List.copyOf(policies));
        return new CircuitExecutors(blocking, async);
    }

    /** The circuit of the key, opened again first if it hung half-open too long; null without a breaker. */
    private Circuit circuit(String circuitKey) {
        if (circuits == null) return null;
        FaultInjection.at("circuit");
        Circuit circuit = circuitOfKey.get(circuitKey);
        if (circuit == null) {
            circuit = circuits.apply(circuitKey);
            // the registry bounds the circuits; this map only remembers as many keys
            if (circuitOfKey.size() < MAX_REMEMBERED_KEYS) circuitOfKey.put(circuitKey, circuit);
        }
        circuit.reopenIfStuckHalfOpen();
        return circuit;
    }

    /**
     * Runs a blocking call that returns a stream: retries, timeout and bulkhead act on the method's
     * own run, which ends once the stream is open (before its first chunk). The circuit breaker, though,
     * counts the stream's outcome: an attempt that throws counts at once; one that returns a stream is
     * counted by {@link #streamEnded} when that stream ends, so that a stream breaking mid-way is a
     * failure and not also a success.
     *
     * @param circuitKey which circuit of the rule the call belongs to, or {@code ""} for the rule's one circuit
     * @param attempt one attempt of the original method, returning its (teed) stream
     * @return the stream
     * @throws Throwable the method's exception after the last attempt, or Heddle's refusal
     */
    public Object callStream(String circuitKey, CheckedSupplier<Object> attempt) throws Throwable {
        if (budget != null) budget.recordCall();
        Circuit circuit = circuit(circuitKey);
        CheckedSupplier<Object> counted = circuit == null ? attempt : () -> {
            if (!circuit.policy().tryAcquirePermit()) throw new CircuitBreakerOpenException(circuit.policy());
            try {
                return attempt.get();
            } catch (Throwable failure) {
                circuit.policy().recordException(failure);
                throw failure;
            }
        };
        return blocking(executorsOf(null).blocking(), counted);
    }

    /**
     * For a stream that fails lazily (a Reactor {@code Flux} reports its HTTP error after the call
     * returned it): whether to ask again after a failure before its first chunk, and after how
     * long, by the rule's retry settings (attempts, backoff, the vendor's {@code Retry-After}, the
     * retry budget), counted as a retry.
     *
     * @param failure the failure, before any chunk
     * @param failures how many attempts of this call failed so far, this one included
     * @return the wait before the next attempt, or empty to pass the failure on
     */
    public Optional<Duration> retryBeforeFirstChunk(Throwable failure, int failures) {
        RetryConfig retry = settings.retry().orElse(null);
        if (retry == null || failures >= retry.maxAttempts() || !isWorthARetry(failure, retryable)) return Optional.empty();
        counters.recordAttempt();
        counters.recordRetry();
        Duration backoff = backoff(retry, failures);
        return Optional.of(retryAfter.apply(failure).filter(vendorDelay -> vendorDelay.compareTo(backoff) > 0).orElse(backoff));
    }

    /**
     * The end of a stream that {@link #callStream} returned, for its circuit: a failure when it broke
     * (by the breaker's own rules of what is a failure), else a success (read to its end, or left by
     * its caller while the vendor was still sending).
     *
     * @param circuitKey the call's circuit
     * @param failure what broke the stream, or null
     */
    public void streamEnded(String circuitKey, Throwable failure) {
        Circuit circuit = circuit(circuitKey);
        if (circuit == null) return;
        if (failure == null) {
            circuit.policy().recordSuccess();
        } else {
            circuit.policy().recordException(failure);
        }
    }

    /**
     * @param circuitKey the key a call's circuit is found by
     * @return the circuit's state: {@code closed}, {@code open} or {@code half-open}; empty without a breaker
     */
    public Optional<String> circuitState(String circuitKey) {
        Circuit circuit = circuit(circuitKey);
        return circuit == null ? Optional.empty() : Optional.of(circuit.state());
    }

    private CircuitExecutors executorsOf(Circuit circuit) {
        return circuit == null ? withoutCircuit : perCircuit.computeIfAbsent(circuit, this::executors);
    }

    /** @return which calls of the rule share a circuit; {@link CircuitScope#RULE} without a breaker */
    public CircuitScope circuitScope() {
        return settings.circuitBreaker().map(CircuitBreakerConfig::per).orElse(CircuitScope.RULE);
    }

    /** A vendor delay that cannot be read is no delay: reading it must never replace the call's own failure. */
    private static Function<Throwable, Optional<Duration>> safe(Function<Throwable, Optional<Duration>> retryAfter) {
        return failure -> {
            try {
                return retryAfter.apply(failure);
            } catch (RuntimeException unreadable) {
                AgentLog.internalError("resilience.retryAfter", unreadable);
                return Optional.empty();
            }
        };
    }

    /**
     * Whether a failure is trouble at the vendor, worth a retry and counted by the circuit: what the
     * classification says, and a timeout; never Heddle's own refusals.
     */
    static boolean isVendorTrouble(Throwable failure, Predicate<Throwable> classification) {
        if (failure instanceof HeddleTimeoutException || failure instanceof TimeoutExceededException) return true;
        return !(failure instanceof HeddleException) && classification.test(failure);
    }

    private RetryPolicy<Object> retryPolicy(RetryConfig retry, Predicate<Throwable> retryable,
            Function<Throwable, Optional<Duration>> retryAfter) {
        RetryPolicyBuilder<Object> builder = RetryPolicy.builder()
                // a vendor delay beyond the budget ends the retries; the budget is asked last, so
                // that only a failure worth retrying spends it
                .handleIf((result, failure) -> failure != null && isWorthARetry(failure, retryable))
                .withMaxAttempts(retry.maxAttempts());
        // the last failure also passed handleIf and spent budget, though no retry follows it
        if (budget != null) builder.onRetriesExceeded(event -> budget.refund());
        retry.maxDuration().ifPresent(builder::withMaxDuration);
        // the delay of each retry: exponential backoff with jitter, but never sooner than a vendor's Retry-After
        builder.withDelayFn(context -> {
            Duration backoff = backoff(retry, context.getAttemptCount());
            Throwable failure = context.getLastException();
            Optional<Duration> asked = failure == null ? Optional.empty() : retryAfter.apply(failure);
            return asked.filter(vendorDelay -> vendorDelay.compareTo(backoff) > 0).orElse(backoff);
        });
        return builder.build();
    }

    /**
     * Whether a failed attempt is retried. The decision runs the preset's classification, which may
     * throw: Failsafe would swallow that in silence, so it is logged and counted here, and the
     * failure is not retried (the caller gets it, as without the retry).
     */
    private boolean isWorthARetry(Throwable failure, Predicate<Throwable> retryable) {
        try {
            FaultInjection.at("retry");
            return !(failure instanceof RetryAfterBeyondBudget) && isVendorTrouble(failure, retryable)
                    && (budget == null || budget.tryRetry());
        } catch (RuntimeException | LinkageError internalError) {
            AgentLog.internalError("resilience.retryDecision", internalError);
            return false;
        }
    }

    /**
     * A failure whose vendor asked to wait longer than what is left of the retry's time budget is
     * marked, so that the retry gives up now rather than wait past its budget.
     *
     * @param started when the call began, in {@link System#nanoTime()}
     */
    private Throwable withinBudget(Throwable failure, long started) {
        Optional<Duration> maxDuration = settings.retry().flatMap(RetryConfig::maxDuration);
        if (maxDuration.isEmpty()) return failure;
        long remaining = maxDuration.get().toNanos() - (System.nanoTime() - started);
        boolean beyond = retryAfter.apply(failure).filter(wait -> wait.toNanos() > remaining).isPresent();
        return beyond ? new RetryAfterBeyondBudget(failure) : failure;
    }

    /** An attempt that marks a successful answer slower than the circuit's slow-call threshold. */
    private CheckedSupplier<Object> measured(CheckedSupplier<Object> attempt, Circuit circuit) {
        long slowCall = slowCallNanos(circuit);
        if (slowCall == 0) return attempt;
        return () -> {
            long started = System.nanoTime();
            Object value = attempt.get();
            return System.nanoTime() - started > slowCall ? slow(value) : value;
        };
    }

    private static long slowCallNanos(Circuit circuit) {
        return circuit == null ? 0 : circuit.settings().slowCall().map(Duration::toNanos).orElse(0L);
    }

    private SlowAnswer slow(Object value) {
        counters.recordSlowCall();
        return new SlowAnswer(value);
    }

    /**
     * @param retry the retry settings
     * @param attempts the attempts made so far, at least 1
     * @return {@code delay × 2^(attempts − 1)}, at most {@code maxDelay}, varied by ±20% so that many
     *     callers failing at once do not retry in step
     */
    static Duration backoff(RetryConfig retry, int attempts) {
        double base = retry.delay().toNanos() * Math.pow(2, Math.max(0, attempts - 1));
        double jittered = base * (1 + (ThreadLocalRandom.current().nextDouble() * 0.4 - 0.2));
        return Duration.ofNanos((long) Math.min(jittered, retry.maxDelay().toNanos()));
    }

    /**
     * Runs a blocking call in the rule's one circuit.
     *
     * @param attempt one attempt of the original method
     * @return its result
     * @throws Throwable the method's exception after the last attempt, or Heddle's refusal
     */
    public Object call(CheckedSupplier<Object> attempt) throws Throwable {
        return call("", attempt);
    }

    /**
     * Runs a blocking call.
     *
     * @param circuitKey which circuit of the rule the call belongs to (its model, its method), or
     *     {@code ""} for the rule's one circuit
     * @param attempt one attempt of the original method
     * @return its result
     * @throws Throwable the method's exception after the last attempt, or Heddle's refusal
     */
    public Object call(String circuitKey, CheckedSupplier<Object> attempt) throws Throwable {
        if (budget != null) budget.recordCall();
        Circuit circuit = circuit(circuitKey);
        return SlowAnswer.unwrap(blocking(executorsOf(circuit).blocking(), measured(attempt, circuit)));
    }

    /** The attempts of a blocking call through an executor, each under the timeout and in the bulkhead. */
    private Object blocking(FailsafeExecutor<Object> executor, CheckedSupplier<Object> attempt) throws Throwable {
        CheckedSupplier<Object> bounded = settings.timeout().map(limit -> timed(attempt, limit)).orElse(attempt);
        long started = System.nanoTime();
        try {
            return executor.get(context -> {
                countAttempt(context.getAttemptCount());
                try {
                    return inBulkhead(bounded);
                } catch (Throwable failure) {
                    throw withinBudget(failure, started);
                }
            });
        } catch (Throwable failure) {
            throw translate(failure);
        }
    }

    /**
     * Runs one blocking attempt on Heddle's own thread and waits at most {@code limit}: the caller is
     * released on time even when the SDK ignores interruption; the attempt is then interrupted and
     * its late answer dropped.
     */
    private CheckedSupplier<Object> timed(CheckedSupplier<Object> attempt, Duration limit) {
        return () -> {
            FaultInjection.at("timeout");
            Future<Object> running = TIMED_ATTEMPTS.submit(() -> {
                // an interrupt meant for an earlier, abandoned attempt on this pooled thread is not for this one
                Thread.interrupted();
                try {
                    return attempt.get();
                } catch (Exception | Error failure) {
                    throw failure;
                } catch (Throwable other) {
                    throw new ExecutionException(other);
                }
            });
            try {
                return running.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException late) {
                running.cancel(true);
                counters.recordTimeout();
                throw new HeddleTimeoutException("a call of rule '" + owner + "' took longer than its timeout of "
                        + limit.toMillis() + " ms and was abandoned", null);
            } catch (ExecutionException failed) {
                throw failed.getCause();
            } catch (InterruptedException interrupted) {
                running.cancel(true);
                // the caller keeps its interrupt, and gets a Heddle exception rather than a checked one its method may not declare
                Thread.currentThread().interrupt();
                throw new HeddleException("a call of rule '" + owner + "' was interrupted while it waited for its attempt;"
                        + " the attempt was abandoned", interrupted);
            }
        };
    }

    /**
     * Runs an asynchronous call without blocking, in the rule's one circuit.
     *
     * @param attempt one attempt of the original method, returning its future
     * @return a future of the result, completed with the method's exception or Heddle's refusal
     */
    public CompletableFuture<Object> callAsync(CheckedSupplier<CompletionStage<Object>> attempt) {
        return callAsync("", attempt);
    }

    /**
     * Runs an asynchronous call without blocking.
     *
     * @param circuitKey which circuit of the rule the call belongs to, or {@code ""} for the rule's one circuit
     * @param attempt one attempt of the original method, returning its future
     * @return a future of the result, completed with the method's exception or Heddle's refusal
     */
    public CompletableFuture<Object> callAsync(String circuitKey, CheckedSupplier<CompletionStage<Object>> attempt) {
        if (budget != null) budget.recordCall();
        Circuit circuit = circuit(circuitKey);
        long slowCall = slowCallNanos(circuit);
        long started = System.nanoTime();
        CompletableFuture<Object> result = new CompletableFuture<>();
        executorsOf(circuit).async().getStageAsync(context -> {
            countAttempt(context.getAttemptCount());
            long attemptStarted = System.nanoTime();
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            if (bulkhead != null) bulkhead.enter();
            try {
                attempt.get().whenComplete((value, failure) -> {
                    if (bulkhead != null) bulkhead.leave();
                    if (failure == null) {
                        outcome.complete(slowCall > 0 && System.nanoTime() - attemptStarted > slowCall ? slow(value) : value);
                    } else {
                        outcome.completeExceptionally(withinBudget(unwrapped(failure), started));
                    }
                });
            } catch (Throwable failure) {
                if (bulkhead != null) bulkhead.leave();
                throw failure;
            }
            return outcome;
        }).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(SlowAnswer.unwrap(value));
            } else {
                result.completeExceptionally(translate(failure));
            }
        });
        return result;
    }

    /** @param earlierAttempts attempts of this call before this one */
    private void countAttempt(int earlierAttempts) {
        counters.recordAttempt();
        if (earlierAttempts > 0) counters.recordRetry();
    }

    private Object inBulkhead(CheckedSupplier<Object> attempt) throws Throwable {
        if (bulkhead == null) return attempt.get();
        FaultInjection.at("bulkhead");
        bulkhead.enter();
        try {
            return attempt.get();
        } finally {
            bulkhead.leave();
        }
    }

    /** @return the failure inside the wrappers of futures and of Failsafe */
    private static Throwable unwrapped(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException || cause instanceof FailsafeException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Failsafe's types never reach the app: the method's own failure, or a Heddle API exception. */
    private Throwable translate(Throwable failure) {
        Throwable cause = RetryAfterBeyondBudget.unwrap(unwrapped(failure));
        if (cause instanceof CircuitBreakerOpenException open) {
            counters.recordCircuitRejection();
            return new CircuitOpenException("the circuit of rule '" + owner + "' is open after repeated failures; calls fail"
                    + " fast until a trial call succeeds (" + settings.circuitBreaker().map(b -> "open for "
                    + b.openFor()).orElse("") + ")", null);
        }
        if (cause instanceof BulkheadFullException) {
            counters.recordBulkheadRejection();
            return cause;
        }
        if (cause instanceof HeddleTimeoutException) {
            return cause;
        }
        if (cause instanceof TimeoutExceededException) {
            counters.recordTimeout();
            return new HeddleTimeoutException("a call of rule '" + owner + "' took longer than its timeout of "
                    + settings.timeout().map(Duration::toString).orElse("?") + " and was abandoned", null);
        }
        return cause;
    }
}
