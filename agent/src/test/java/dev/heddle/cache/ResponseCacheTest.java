package dev.heddle.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.bootstrap.Answer;
import dev.heddle.bootstrap.StandardErrorCapture;
import dev.heddle.config.CacheConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {

    private static final String ANSWER_METHOD = "com.example.Bot:answer(Ljava/lang/String;)Ljava/lang/String;";
    private static final String REPLY_METHOD = "com.example.Bot:reply(Ljava/lang/String;)Ljava/lang/String;";

    private final CacheConfig settings = new CacheConfig(Duration.ofHours(1), 100, Optional.empty(), Optional.empty());
    private final ResponseCache cache = new ResponseCache("test", settings);
    private final CacheCounters counters = new CacheCounters();
    private final String prefix = CacheKeyPrefix.ownNamespace(ANSWER_METHOD);

    @Test
    void aLookupInAnEmptyCacheIsAMissThatReturnsAPendingStore() {
        Object result = cache.lookup(prefix, new Object[] {"hello"}, counters);

        assertThat(result).isInstanceOf(PendingStore.class);
        assertThat(counters.misses()).isEqualTo(1);
        assertThat(counters.hits()).isZero();
        assertThat(counters.uncacheable()).isZero();
        assertThat(counters.stores()).isZero();
    }

    @Test
    void aCompletedMissMakesTheNextEqualLookupAHitWithTheStoredValue() {
        PendingStore pending = (PendingStore) cache.lookup(prefix, new Object[] {"hello"}, counters);
        pending.completed("hi there", true);

        Object result = cache.lookup(prefix, new Object[] {new String("hello")}, counters);

        assertThat(result).isInstanceOf(Answer.class);
        assertThat(((Answer) result).value()).isEqualTo("hi there");
        assertThat(counters.hits()).isEqualTo(1);
        assertThat(counters.misses()).isEqualTo(1);
        assertThat(counters.stores()).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aStoredAnswerIsNotGivenForDifferentArguments() {
        ((PendingStore) cache.lookup(prefix, new Object[] {"hello"}, counters)).completed("hi there", true);

        assertThat(cache.lookup(prefix, new Object[] {"goodbye"}, counters)).isInstanceOf(PendingStore.class);
        assertThat(cache.lookup(prefix, new Object[] {"hello", "again"}, counters)).isInstanceOf(PendingStore.class);
        assertThat(counters.misses()).isEqualTo(3);
        assertThat(counters.hits()).isZero();
    }

    @Test
    void aMissCompletedWithAThrownExceptionStoresNothing() {
        PendingStore pending = (PendingStore) cache.lookup(prefix, new Object[] {"hello"}, counters);
        pending.failed(new IllegalStateException("the model failed"));

        assertThat(cache.lookup(prefix, new Object[] {"hello"}, counters)).isInstanceOf(PendingStore.class);
        assertThat(counters.stores()).isZero();
        assertThat(counters.hits()).isZero();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aMissCompletedWithANullValueStoresNothing() {
        PendingStore pending = (PendingStore) cache.lookup(prefix, new Object[] {"hello"}, counters);
        pending.completed(null, false);

        assertThat(cache.lookup(prefix, new Object[] {"hello"}, counters)).isInstanceOf(PendingStore.class);
        assertThat(counters.stores()).isZero();
        assertThat(cache.size()).isZero();
    }

    @Test
    void unkeyableArgumentsReturnNullAndCountAsUncacheable() {
        Object result = cache.lookup(prefix, new Object[] {"hello", new Object()}, counters);

        assertThat(result).isNull();
        assertThat(counters.uncacheable()).isEqualTo(1);
        assertThat(counters.misses()).isZero();
        assertThat(counters.hits()).isZero();
    }

    @Test
    void aCyclicArgumentReturnsNullAndCountsAsUncacheable() {
        List<Object> cyclic = new java.util.ArrayList<>();
        cyclic.add(cyclic);

        assertThat(cache.lookup(prefix, new Object[] {cyclic}, counters)).isNull();
        assertThat(counters.uncacheable()).isEqualTo(1);
    }

    @Test
    void anUnkeyableArgumentIsWarnedAboutOncePerCacheNotOnEveryCall() {
        ResponseCache ownCache = new ResponseCache("warned-once", settings);
        String log = StandardErrorCapture.during(() -> {
            for (int i = 0; i < 3; i++) ownCache.lookup(prefix, new Object[] {new Object()}, counters);
        });

        assertThat(log.lines().filter(line -> line.contains("cache 'warned-once' runs uncached"))).hasSize(1);
        assertThat(counters.uncacheable()).isEqualTo(3);
    }

    @Test
    void aPromptLongerThanTheKeyLimitIsCachedUnderItsDigest() {
        String huge = "x".repeat(ArgumentKey.MAX_KEY_CHARS + 1);
        ((PendingStore) cache.lookup(prefix, new Object[] {huge}, counters)).completed("the long answer", true);

        Object again = cache.lookup(prefix, new Object[] {new String(huge.toCharArray())}, counters);
        Object another = cache.lookup(prefix, new Object[] {huge.substring(1) + "y"}, counters);

        assertThat(again).isInstanceOf(Answer.class);
        assertThat(((Answer) again).value()).isEqualTo("the long answer");
        assertThat(another).as("a prompt as long, with another ending").isInstanceOf(PendingStore.class);
        assertThat(counters.uncacheable()).isZero();
    }

    @Test
    void twoKeyPrefixesWithTheSameArgumentsDoNotShareEntries() {
        String otherPrefix = CacheKeyPrefix.ownNamespace(REPLY_METHOD);
        ((PendingStore) cache.lookup(prefix, new Object[] {"hello"}, counters)).completed("from answer", true);

        Object other = cache.lookup(otherPrefix, new Object[] {"hello"}, counters);
        assertThat(other).isInstanceOf(PendingStore.class);
        ((PendingStore) other).completed("from reply", true);

        assertThat(((Answer) cache.lookup(prefix, new Object[] {"hello"}, counters)).value()).isEqualTo("from answer");
        assertThat(((Answer) cache.lookup(otherPrefix, new Object[] {"hello"}, counters)).value()).isEqualTo("from reply");
    }

    @Test
    void ownNamespacePrefixesDifferForMethodsWithTheSameReturnType() {
        assertThat(CacheKeyPrefix.ownNamespace(ANSWER_METHOD)).isNotEqualTo(CacheKeyPrefix.ownNamespace(REPLY_METHOD));
    }

    @Test
    void sharedNamespacePrefixesNameOnlyTheReturnType() {
        assertThat(CacheKeyPrefix.sharedNamespace(ANSWER_METHOD)).isEqualTo(CacheKeyPrefix.sharedNamespace(REPLY_METHOD));
        assertThat(CacheKeyPrefix.sharedNamespace(ANSWER_METHOD))
                .isNotEqualTo(CacheKeyPrefix.sharedNamespace("com.example.Bot:count(Ljava/lang/String;)Ljava/lang/Integer;"));
        assertThat(CacheKeyPrefix.sharedNamespace(ANSWER_METHOD)).contains("Ljava/lang/String;");
    }

    @Test
    void aCacheKnowsWhetherItWasBuiltWithGivenSettings() {
        assertThat(cache.hasSettings(new CacheConfig(Duration.ofHours(1), 100, Optional.of("x"), Optional.empty()))).isTrue();
        assertThat(cache.hasSettings(new CacheConfig(Duration.ofMinutes(1), 100, Optional.empty(), Optional.empty()))).isFalse();
        assertThat(cache.hasSettings(new CacheConfig(Duration.ofHours(1), 101, Optional.empty(), Optional.empty()))).isFalse();
    }

    @Test
    void anIdenticalMissWhileTheFirstIsOnItsWayJoinsItAndGetsItsAnswer() {
        PendingStore leader = (PendingStore) cache.lookup(prefix, new Object[] {"hello"}, counters);
        Object second = cache.lookup(prefix, new Object[] {"hello"}, counters);

        leader.completed("hi there", true);

        assertThat(second).isInstanceOf(JoinedFlight.class);
        assertThat(((JoinedFlight) second).await(java.time.Duration.ofSeconds(5))).contains("hi there");
        assertThat(counters.joined()).isEqualTo(1);
        assertThat(counters.misses()).as("one call reached the model").isEqualTo(1);
    }

    @Test
    void aFailedLeaderLetsItsBlockingFollowersCallForThemselvesAndTheNextMissLeadsAgain() {
        PendingStore leader = (PendingStore) cache.lookup(prefix, new Object[] {"hello"}, counters);
        JoinedFlight follower = (JoinedFlight) cache.lookup(prefix, new Object[] {"hello"}, counters);

        leader.failed(new IllegalStateException("the model failed"));

        assertThat(follower.await(java.time.Duration.ofSeconds(5))).isEmpty();
        assertThat(follower.outcome()).isCompletedExceptionally();
        assertThat(cache.lookup(prefix, new Object[] {"hello"}, counters)).isInstanceOf(PendingStore.class);
    }

    @Test
    void anAnswerThatMayNotBeStoredStillReachesTheCallsThatWaitedForIt() {
        PendingStore leader = (PendingStore) cache.lookup(prefix, new Object[] {"hello"}, counters);
        JoinedFlight follower = (JoinedFlight) cache.lookup(prefix, new Object[] {"hello"}, counters);

        leader.completed("cut off by the token limit", false);

        assertThat(follower.await(java.time.Duration.ofSeconds(5))).contains("cut off by the token limit");
        assertThat(cache.size()).isZero();
    }

    @Test
    void withoutSingleFlightEveryMissRunsItsOwnCall() {
        ResponseCache noFlights = new ResponseCache("own", new CacheConfig(Duration.ofHours(1), 100, Optional.empty(),
                Optional.empty(), false));

        assertThat(noFlights.lookup(prefix, new Object[] {"hello"}, counters)).isInstanceOf(PendingStore.class);
        assertThat(noFlights.lookup(prefix, new Object[] {"hello"}, counters)).isInstanceOf(PendingStore.class);
    }
}
