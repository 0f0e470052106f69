package dev.heddle.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The small static facade an application may call. Every method is safe without the agent: the
 * user scope still works (it is plain thread-local state) and tracking calls do nothing.
 *
 * <pre>{@code
 * String answer = Heddle.runAs("alice", () -> bot.answer(question));
 * }</pre>
 */
public final class Heddle {

    private static final ThreadLocal<String> CURRENT_USER = new ThreadLocal<>();

    private Heddle() {
    }

    /**
     * Runs {@code work} on this thread as {@code userId}: Heddle attributes every woven call made
     * inside it to that user (quotas, tracking), unless a call names its user more precisely
     * (a {@code @UserId} parameter or a rule's extractor). Scopes nest; the outer user returns
     * when {@code work} ends, normally or not.
     *
     * @param userId the user's id, not null or blank
     * @param work what to run
     * @param <T> the result type
     * @return what {@code work} returned
     * @throws Exception what {@code work} threw, unchanged
     */
    public static <T> T runAs(String userId, Callable<T> work) throws Exception {
        String previous = enter(userId);
        try {
            return work.call();
        } finally {
            restore(previous);
        }
    }

    /**
     * Runs {@code work} on this thread as {@code userId}; see {@link #runAs(String, Callable)}.
     *
     * @param userId the user's id, not null or blank
     * @param work what to run
     */
    public static void runAs(String userId, Runnable work) {
        String previous = enter(userId);
        try {
            work.run();
        } finally {
            restore(previous);
        }
    }

    /**
     * The user of the innermost {@code runAs} scope on this thread.
     *
     * @return the user id, or empty outside any scope
     */
    public static Optional<String> currentUser() {
        return Optional.ofNullable(CURRENT_USER.get());
    }

    /**
     * Runs work with the response cache used as {@code control} says, for every woven call it makes
     * on this thread: {@code Heddle.withCacheControl(CacheControl.noRead(), () -> client.chat(...))}
     * asks the model afresh.
     *
     * @param control how the cache is used
     * @param work the work
     * @param <T> what the work returns
     * @return what the work returned
     * @throws Exception what the work threw
     */
    public static <T> T withCacheControl(CacheControl control, Callable<T> work) throws Exception {
        CacheControl previous = CacheControl.enter(control);
        try {
            return work.call();
        } finally {
            CacheControl.restore(previous);
        }
    }

    /**
     * @param control how the cache is used
     * @param work the work
     */
    public static void withCacheControl(CacheControl control, Runnable work) {
        CacheControl previous = CacheControl.enter(control);
        try {
            work.run();
        } finally {
            CacheControl.restore(previous);
        }
    }

    /**
     * @return where the last woven call on this thread got its answer, when a response cache was
     *     involved (a hit, or a fresh answer it stored); empty otherwise or without the agent
     */
    public static Optional<CachedAnswer> lastCachedAnswer() {
        return CachedAnswer.lastOnThisThread();
    }

    /**
     * Feedback: the last answer on this thread was wrong. The cache entry that served it (or that
     * stored it) is evicted, in this JVM and in Redis, so that no one is answered with it again.
     *
     * @return true when there was such an entry; false when the last call's answer was not cached
     */
    public static boolean rejectLastAnswer() {
        Optional<CachedAnswer> last = CachedAnswer.lastOnThisThread();
        last.ifPresent(CachedAnswer::evict);
        CachedAnswer.recordForThisThread(null);
        return last.isPresent();
    }

    /**
     * How the last call on this thread of a method with a fallback was answered: by a fallback
     * (a stale cache entry, another model, another method, a fixed value) or, when empty, by the
     * method itself. Blocking calls only; an asynchronous call's fallback is counted in the rule's
     * counters. Without the agent this is always empty.
     *
     * <pre>{@code
     * String answer = bot.answer(question);
     * Heddle.lastFallback().ifPresent(fallback -> banner.show("Answered from " + fallback.kind()));
     * }</pre>
     *
     * @return the fallback that answered, or empty
     */
    public static Optional<FallbackAnswer> lastFallback() {
        return FallbackAnswer.lastOnThisThread();
    }

    /**
     * What the quota decided about the last call on this thread of a quota-limited method: its
     * limit, what is left, when it resets and, for a refusal, when to try again; so a web layer can
     * set {@code X-RateLimit-*} and {@code Retry-After} headers. Without the agent this is empty.
     *
     * @return the decision, or empty when no quota-limited call ran on this thread
     */
    public static Optional<QuotaState> lastQuota() {
        return QuotaState.lastOnThisThread();
    }

    /**
     * Records a product analytics event for the current user, such as a funnel step. Without the
     * agent, and until the tracking module is configured, this does nothing.
     *
     * @param event the event name, not null
     * @param properties event properties; values should be strings, numbers or booleans
     */
    public static void track(String event, Map<String, ?> properties) {
        Objects.requireNonNull(event, "event");
    }

    private static String enter(String userId) {
        Objects.requireNonNull(userId, "userId");
        if (userId.isBlank()) {
            throw new IllegalArgumentException("userId must not be blank");
        }
        String previous = CURRENT_USER.get();
        CURRENT_USER.set(userId);
        return previous;
    }

    private static void restore(String previous) {
        if (previous == null) {
            CURRENT_USER.remove();
        } else {
            CURRENT_USER.set(previous);
        }
    }
}
