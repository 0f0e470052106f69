package dev.heddle.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

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
     * Records a product analytics event for the current user, such as a funnel step
     * ({@code Heddle.track("page_view", Map.of("page", "/pricing"))}). The user is the one of the
     * innermost {@link #runAs} scope; the event is written off this thread and never blocks it.
     * Without the agent, or without an {@code analytics:} section, this does nothing.
     *
     * @param event the event name, not null or blank
     * @param properties event properties; values should be strings, numbers or booleans (others are written as text)
     */
    public static void track(String event, Map<String, ?> properties) {
        Objects.requireNonNull(event, "event");
        if (event.isBlank()) throw new IllegalArgumentException("event must not be blank");
        BiConsumer<String, Map<String, ?>> hook = TrackingHooks.track;
        if (hook != null) hook.accept(event, properties == null ? Map.of() : properties);
    }

    /**
     * The current user's variant of an A/B experiment declared in YAML, so the app can act on it
     * (show another prompt, say). The first call for a user records the user's exposure.
     *
     * @param experiment the experiment's name
     * @return the variant's name; empty without the agent, outside a {@link #runAs} scope, when the
     *     experiment does not run, or when the user is not in it
     */
    public static Optional<String> variant(String experiment) {
        return currentUser().flatMap(user -> variant(experiment, user));
    }

    /**
     * A user's variant of an A/B experiment; see {@link #variant(String)}.
     *
     * @param experiment the experiment's name
     * @param userId the user's id
     * @return the variant's name, or empty
     */
    public static Optional<String> variant(String experiment, String userId) {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(userId, "userId");
        BiFunction<String, String, String> hook = TrackingHooks.variant;
        return hook == null ? Optional.empty() : Optional.ofNullable(hook.apply(experiment, userId));
    }

    /**
     * Records the current user's feedback on the last answer on this thread as an OpenTelemetry
     * {@code gen_ai.evaluation.result} event: {@code Heddle.feedback("user_rating", 1.0, "positive")}.
     * The event names the answer's response id when the last woven call on this thread had one.
     *
     * @param evaluation what was evaluated, such as {@code user_rating}; not null or blank
     * @param score the score, such as 1 for thumbs up and 0 for thumbs down
     * @param label the score's label, such as {@code positive} or {@code negative}; may be null
     */
    public static void feedback(String evaluation, double score, String label) {
        feedback(evaluation, score, label, null);
    }

    /**
     * Records feedback with an explanation, such as the user's comment; see {@link #feedback(String, double, String)}.
     *
     * @param evaluation what was evaluated; not null or blank
     * @param score the score
     * @param label the score's label; may be null
     * @param explanation why, in the user's words; may be null
     */
    public static void feedback(String evaluation, double score, String label, String explanation) {
        Objects.requireNonNull(evaluation, "evaluation");
        if (evaluation.isBlank()) throw new IllegalArgumentException("evaluation must not be blank");
        Consumer<Object[]> hook = TrackingHooks.feedback;
        if (hook != null) hook.accept(new Object[] {evaluation, score, label, explanation});
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
