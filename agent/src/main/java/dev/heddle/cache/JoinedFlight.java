package dev.heddle.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A cache miss that found an identical call already on its way to the model (single-flight): it
 * waits for that call's answer instead of making its own.
 */
public final class JoinedFlight {

    private final CompletableFuture<Object> leader;

    JoinedFlight(CompletableFuture<Object> leader) {
        this.leader = leader;
    }

    /**
     * Waits for the leading call, blocking (a virtual thread parks without pinning its carrier).
     *
     * @param maxWait the longest to wait
     * @return the leader's answer; empty when it failed, took longer than {@code maxWait}, or the
     *     wait was interrupted, and the caller should then make its own call
     */
    public Optional<Object> await(Duration maxWait) {
        try {
            return Optional.ofNullable(leader.get(maxWait.toNanos(), TimeUnit.NANOSECONDS));
        } catch (ExecutionException | TimeoutException leaderFailedOrSlow) {
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * @return a future of the leader's outcome, for an asynchronous caller: its answer, or the
     *     failure it ended with (shared only with the calls that were already waiting for it)
     */
    public CompletableFuture<Object> outcome() {
        return leader.copy();
    }
}
