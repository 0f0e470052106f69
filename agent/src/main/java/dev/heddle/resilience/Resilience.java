package dev.heddle.resilience;

import dev.failsafe.CircuitBreaker;
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
import dev.heddle.config.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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
 * {@code retry(circuitBreaker(timeout(bulkhead(call))))}, with Failsafe (relocated inside the agent)
 * and, for the bulkhead, a {@link ConcurrencyLimit}. Heddle's own refusals are never retried and
 * never count against the circuit.
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

    private final String owner;
    private final ResilienceSettings settings;
    private final ResilienceCounters counters;
    private final FailsafeExecutor<Object> blockingExecutor;
    private final FailsafeExecutor<Object> asyncExecutor;
    private final ConcurrencyLimit bulkhead;
    private final RetryBudget budget;

    /**
     * @param owner the rule name, for messages
     * @param settings the policies
     * @param breaker the rule's circuit breaker, shared by all its methods; null without one
     * @param bulkhead the rule's bulkhead, shared by all its methods; null without one
     * @param budget the rule's retry budget, shared by all its methods; null without one
     * @param retryable which failures are worth another attempt (the preset's classification)
     * @param retryAfter how long the vendor asked to wait after a failure, when it said so
     * @param counters the rule's counters
     */
    public Resilience(String owner, ResilienceSettings settings, CircuitBreaker<Object> breaker, ConcurrencyLimit bulkhead,
            RetryBudget budget, Predicate<Throwable> retryable, Function<Throwable, Optional<Duration>> retryAfter, ResilienceCounters counters) {
        this.owner = owner;
        this.settings = settings;
        this.counters = counters;
        this.bulkhead = bulkhead;
        this.budget = budget;
        List<Policy<Object>> policies = new ArrayList<>();
        settings.retry().ifPresent(retry -> policies.add(retryPolicy(retry, retryable, safe(retryAfter))));
        if (breaker != null) policies.add(breaker);
        // Failsafe keeps the list it is given, so each executor gets its own copy
        this.blockingExecutor = policies.isEmpty() ? Failsafe.none() : Failsafe.with(List.copyOf(policies));
        // a blocking call's timeout is enforced here (see timed); an asynchronous one's by Failsafe
        settings.timeout().ifPresent(limit -> policies.add(Timeout.builder(limit).withInterrupt().build()));
        this.asyncExecutor = policies.isEmpty() ? Failsafe.none() : Failsafe.with(List.copyOf(policies));
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

    /**
     * A rule's circuit breaker; one per rule, shared by every method the rule weaves.
     *
     * @param settings the breaker settings
     * @param counts which failures count against the circuit
     * @param counters the rule's counters
     * @return the breaker
     */
    public static CircuitBreaker<Object> breaker(CircuitBreakerConfig settings, Predicate<Throwable> counts,
            ResilienceCounters counters) {
        return CircuitBreaker.builder()
                .handleIf((result, failure) -> failure != null && isVendorTrouble(failure, counts))
                .withFailureThreshold(settings.failureThreshold())
                .withDelay(settings.openFor())
                .withSuccessThreshold(settings.halfOpenCalls())
                .onOpen(event -> counters.recordCircuitOpened())
                .build();
    }

    private RetryPolicy<Object> retryPolicy(RetryConfig retry, Predicate<Throwable> retryable,
            Function<Throwable, Optional<Duration>> retryAfter) {
        RetryPolicyBuilder<Object> builder = RetryPolicy.builder()
                // the budget is asked last, so that only a failure worth retrying spends it
                .handleIf((result, failure) -> failure != null && isVendorTrouble(failure, retryable)
                        && (budget == null || budget.tryRetry()))
                .withMaxAttempts(retry.maxAttempts());
        // the last failure also passed handleIf and spent budget, though no retry follows it
        if (budget != null) builder.onRetriesExceeded(event -> budget.refund());
        retry.maxDuration().ifPresent(budget -> builder
                .withMaxDuration(budget)
                // a vendor that asks to wait longer than the whole budget will not be waited for
                .abortIf((result, failure) -> failure != null
                        && retryAfter.apply(failure).filter(wait -> wait.compareTo(budget) > 0).isPresent()));
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
     * Runs a blocking call.
     *
     * @param attempt one attempt of the original method
     * @return its result
     * @throws Throwable the method's exception after the last attempt, or Heddle's refusal
     */
    public Object call(CheckedSupplier<Object> attempt) throws Throwable {
        if (budget != null) budget.recordCall();
        CheckedSupplier<Object> bounded = settings.timeout().map(limit -> timed(attempt, limit)).orElse(attempt);
        try {
            return blockingExecutor.get(context -> {
                countAttempt(context.getAttemptCount());
                return inBulkhead(bounded);
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
                throw interrupted;
            }
        };
    }

    /**
     * Runs an asynchronous call without blocking.
     *
     * @param attempt one attempt of the original method, returning its future
     * @return a future of the result, completed with the method's exception or Heddle's refusal
     */
    public CompletableFuture<Object> callAsync(CheckedSupplier<CompletionStage<Object>> attempt) {
        if (budget != null) budget.recordCall();
        CompletableFuture<Object> result = new CompletableFuture<>();
        asyncExecutor.getStageAsync(context -> {
            countAttempt(context.getAttemptCount());
            if (bulkhead == null) return attempt.get();
            bulkhead.enter();
            try {
                return attempt.get().whenComplete((value, failure) -> bulkhead.leave());
            } catch (Throwable failure) {
                bulkhead.leave();
                throw failure;
            }
        }).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
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
        bulkhead.enter();
        try {
            return attempt.get();
        } finally {
            bulkhead.leave();
        }
    }

    /** Failsafe's types never reach the app: the method's own failure, or a Heddle API exception. */
    private Throwable translate(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException || cause instanceof FailsafeException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
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
