package dev.heddle.stream;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The rule's retries, for a stream whose SDK reports a failure only after the streaming method
 * returned (a Reactor {@code Flux} when subscribed, a LangChain4j handler's {@code onError}): a
 * failure before the stream's first chunk may be asked again; after it, never.
 */
public interface RetryBeforeFirstChunk {

    /**
     * @param failure what failed, before any chunk
     * @param failures how many attempts of this call failed so far, this one included (1 for the first)
     * @return the wait before asking again, counted as a retry; empty to pass the failure on
     */
    Optional<Duration> decide(Throwable failure, int failures);

    /**
     * Runs the streaming method again, on Heddle's own thread, after a wait; its outcome reaches the
     * same (teed) handler that the arguments carry.
     *
     * @param arguments the arguments to run it with, the teed handler among them
     * @param after the wait
     * @param failed told what the method threw, when it throws instead of streaming
     */
    void again(Object[] arguments, Duration after, Consumer<Throwable> failed);
}
