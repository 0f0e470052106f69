package dev.heddle.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import dev.heddle.embed.Embedder;
import dev.heddle.preset.Preset;
import dev.heddle.preset.Presets;
import dev.heddle.quota.RedisServerProcess;
import dev.heddle.redis.EntrySeal;
import dev.heddle.redis.EntrySeal.Rejection;
import dev.heddle.redis.RedisEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@link SemanticCache}s, each with its own {@link RedisSemanticStore}, as two JVMs would have,
 * against one real {@code redis-server}: an entry one stores with a preset codec reaches the other's
 * index through the feed, is decoded into the SDK's type on a hit, is evicted everywhere when
 * rejected, is loaded by a cache that starts later, and survives a Redis outage in process.
 */
class SharedSemanticCacheTest {

    private static final Preset OPENAI = Presets.named("openai-java").orElseThrow();
    private static final ClassLoader SDK = ChatCompletion.class.getClassLoader();
    private static final String NAMESPACE = "rule:openai";
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(1);

    private static final String CHAT_COMPLETION_JSON = """
            {"id":"chatcmpl-%s","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Practice daily.","refusal":null},
                         "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}
            """;

    /** Texts mapped to fixed directions; anything else points along z. */
    private static final Embedder EMBEDDER = new Embedder() {
        private final Map<String, float[]> vectors = Map.of(
                "How do I learn Python quickly?", new float[] {1, 0, 0},
                "What is the fastest way to learn Python?", new float[] {1, 0.2f, 0},
                "How do I cook rice?", new float[] {0, 1, 0},
                "How do I boil rice?", new float[] {0, 1, 0.2f},
                "How do I bake bread?", new float[] {0.2f, 0, 1});

        @Override
        public String id() {
            return "hand@1";
        }

        @Override
        public float[] embed(String text) {
            float[] vector = vectors.getOrDefault(text, new float[] {0, 0.2f, 1});
            double norm = Math.sqrt(vector[0] * vector[0] + vector[1] * vector[1] + vector[2] * vector[2]);
            return new float[] {(float) (vector[0] / norm), (float) (vector[1] / norm), (float) (vector[2] / norm)};
        }
    };

    private RedisServerProcess redis;
    private static final EntrySeal SEAL = EntrySeal.withKey("the-test-signing-key");
    private final List<RedisSemanticStore> stores = new ArrayList<>();
    private final List<SemanticCache> caches = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stopRedis() throws Exception {
        caches.forEach(SemanticCache::close);
        stores.forEach(RedisSemanticStore::close);
        redis.close();
    }

    private RedisSemanticStore store() {
        RedisSemanticStore store = new RedisSemanticStore(RedisEndpoint.of("127.0.0.1", redis.port()), Duration.ofMillis(200),
                SEAL);
        stores.add(store);
        return store;
    }

    private SemanticCache jvm(RedisSemanticStore store) {
        return jvm(store, Duration.ofHours(1));
    }

    private SemanticCache jvm(RedisSemanticStore store, Duration ttl) {
        SemanticCache cache = new SemanticCache(NAMESPACE, EMBEDDER, 0.9, new FalseHitGuard(), ttl, 100, store);
        caches.add(cache);
        return cache;
    }

    private static ChatCompletion completion(String id) throws Exception {
        return ObjectMappers.jsonMapper().readValue(CHAT_COMPLETION_JSON.formatted(id), ChatCompletion.class);
    }

    private static SemanticCache.Lookup lookup(SemanticCache cache, String text) {
        return cache.lookup(partition(cache), text, null, OPENAI, SDK);
    }

    private static String partition(SemanticCache cache) {
        return cache.partition("gpt-4o-mini|system:be brief", "*");
    }

    private static long store(SemanticCache cache, String text, Object answer) {
        return cache.store(lookup(cache, text), answer, OPENAI);
    }

    private static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("waited " + within + " for " + what).isTrue();
            Thread.sleep(10);
        }
    }

    private void awaitWrites(RedisSemanticStore store, long count) throws InterruptedException {
        await("the writes to Redis", Duration.ofSeconds(5), () -> store.writes() >= count);
    }

    @Test
    void anEntryStoredByOneJvmIsASemanticHitInAnotherWithinASecondDecodedIntoTheSdkType() throws Exception {
        SemanticCache jvmA = jvm(store());
        SemanticCache jvmB = jvm(store());
        assertThat(lookup(jvmB, "How do I learn Python quickly?").isHit()).isFalse(); // B follows the feed from now on
        ChatCompletion answer = completion("a");

        store(jvmA, "How do I learn Python quickly?", answer);
        long stored = System.nanoTime();
        await("B to see A's entry", VISIBLE_WITHIN, () -> lookup(jvmB, "What is the fastest way to learn Python?").isHit());
        assertThat(Duration.ofNanos(System.nanoTime() - stored)).isLessThan(VISIBLE_WITHIN);

        SemanticCache.Lookup hit = lookup(jvmB, "What is the fastest way to learn Python?");
        assertThat(hit.answer()).isInstanceOf(ChatCompletion.class).isEqualTo(answer).isNotSameAs(answer);
        assertThat(hit.similarity()).isGreaterThan(0.9);
        assertThat(lookup(jvmB, "What is the fastest way to learn Python?").answer())
                .as("decoded once, then kept").isSameAs(hit.answer());
        assertThat(lookup(jvmB, "How do I cook rice?").isHit()).isFalse();
        assertThat(jvmA.size()).as("A's own entry is not added again from the feed").isEqualTo(1);
        assertThat(jvmB.size()).isEqualTo(1);
    }

    @Test
    void aRemoteEntryIsAHitOnlyForACallThatCanDecodeIt() throws Exception {
        SemanticCache jvmA = jvm(store());
        SemanticCache jvmB = jvm(store());
        lookup(jvmB, "How do I cook rice?");
        store(jvmA, "How do I learn Python quickly?", completion("a"));
        await("B to see A's entry", VISIBLE_WITHIN, () -> lookup(jvmB, "How do I learn Python quickly?").isHit());

        assertThat(jvmB.lookup(partition(jvmB), "How do I learn Python quickly?", null).isHit())
                .as("without a codec, an encoded answer is nothing to return").isFalse();
    }

    @Test
    void theEntryIsSealedWithTheAbsoluteTtlAndAFeedRecord() throws Exception {
        RedisSemanticStore storeA = store();
        SemanticCache jvmA = jvm(storeA, Duration.ofMinutes(10));
        store(jvmA, "How do I learn Python quickly?", completion("a"));
        awaitWrites(storeA, 1);

        String key = redis.command("KEYS", "heddle:s:*:v2:*");
        assertThat(key).matches("heddle:s:\\{rule:openai\\}:v2:[0-9a-f-]{36}");
        assertThat(Long.parseLong(redis.command("PTTL", key))).isBetween(590_000L, 600_000L);
        String stored = redis.command("GET", key);
        assertThat(stored).startsWith("h1." + SEAL.keyId() + ".");
        SharedEntry entry = SharedEntry.decode(SEAL.open(key, stored).payload());
        assertThat(entry.text()).isEqualTo("How do I learn Python quickly?");
        assertThat(entry.partition()).isEqualTo(partition(jvmA)).contains("|hand@1|");
        assertThat(entry.preset()).isEqualTo("openai-java");
        assertThat(entry.answer()).startsWith(ChatCompletion.class.getName());
        assertThat(entry.vector()).containsExactly(EMBEDDER.embed("How do I learn Python quickly?"));
        assertThat(redis.command("XLEN", "heddle:s:{rule:openai}:feed")).isEqualTo("1");
        assertThat(redis.command("XRANGE", "heddle:s:{rule:openai}:feed", "-", "+"))
                .contains("id\n" + key.substring(key.lastIndexOf(':') + 1));
    }

    @Test
    void anEvictionReachesEveryJvmAndRedis() throws Exception {
        RedisSemanticStore storeA = store();
        SemanticCache jvmA = jvm(storeA);
        SemanticCache jvmB = jvm(store());
        lookup(jvmB, "How do I cook rice?");
        store(jvmA, "How do I learn Python quickly?", completion("a"));
        await("B to see A's entry", VISIBLE_WITHIN, () -> lookup(jvmB, "What is the fastest way to learn Python?").isHit());

        SemanticCache.Lookup hit = lookup(jvmB, "What is the fastest way to learn Python?");
        assertThat(jvmB.evict(hit.entryId())).isTrue();

        assertThat(lookup(jvmB, "What is the fastest way to learn Python?").isHit()).isFalse();
        await("A to drop the entry B evicted", VISIBLE_WITHIN,
                () -> !lookup(jvmA, "What is the fastest way to learn Python?").isHit());
        await("the entry to leave Redis", VISIBLE_WITHIN, () -> keys("heddle:s:*:v2:*").isEmpty());
    }

    @Test
    void aJvmThatStartsLaterLoadsTheEntriesAlreadySharedButNotTheEvictedOnes() throws Exception {
        RedisSemanticStore storeA = store();
        SemanticCache jvmA = jvm(storeA);
        store(jvmA, "How do I learn Python quickly?", completion("python"));
        store(jvmA, "How do I cook rice?", completion("rice"));
        long bread = store(jvmA, "How do I bake bread?", completion("bread"));
        jvmA.evict(bread);
        awaitWrites(storeA, 3);
        await("the eviction", Duration.ofSeconds(5), () -> command("XLEN", "heddle:s:{rule:openai}:feed").equals("4"));

        SemanticCache late = jvm(store());
        SemanticCache.Lookup first = lookup(late, "How do I boil rice?");

        assertThat(first.isHit()).as("the first lookup waits for the first load").isTrue();
        assertThat(((ChatCompletion) first.answer()).id()).isEqualTo("chatcmpl-rice");
        assertThat(((ChatCompletion) lookup(late, "What is the fastest way to learn Python?").answer()).id())
                .isEqualTo("chatcmpl-python");
        assertThat(lookup(late, "How do I bake bread?").isHit()).isFalse();
        assertThat(late.size()).isEqualTo(2);
    }

    @Test
    void aSharedEntryExpiresEverywhereWhenItExpiresInTheJvmThatStoredIt() throws Exception {
        Duration ttl = Duration.ofMillis(1500);
        SemanticCache jvmA = jvm(store(), ttl);
        SemanticCache jvmB = jvm(store(), ttl);
        lookup(jvmB, "How do I cook rice?");
        store(jvmA, "How do I learn Python quickly?", completion("a"));
        long storedAt = System.nanoTime();
        await("B to see A's entry", VISIBLE_WITHIN, () -> lookup(jvmB, "How do I learn Python quickly?").isHit());

        Thread.sleep(Math.max(0, ttl.toMillis() + 100 - Duration.ofNanos(System.nanoTime() - storedAt).toMillis()));

        assertThat(lookup(jvmB, "How do I learn Python quickly?").isHit()).isFalse();
        assertThat(lookup(jvmA, "How do I learn Python quickly?").isHit()).isFalse();
    }

    @Test
    void entriesStoredWithoutACodecStayInProcess() throws Exception {
        RedisSemanticStore storeA = store();
        SemanticCache jvmA = jvm(storeA);
        SemanticCache jvmB = jvm(store());
        lookup(jvmB, "How do I cook rice?");
        jvmA.store(jvmA.lookup(partition(jvmA), "How do I learn Python quickly?", null), "Practice daily.");
        Thread.sleep(300);

        assertThat(jvmA.lookup(partition(jvmA), "How do I learn Python quickly?", null).answer()).isEqualTo("Practice daily.");
        assertThat(lookup(jvmB, "How do I learn Python quickly?").isHit()).isFalse();
        assertThat(storeA.writes()).isZero();
        assertThat(keys("heddle:s:*:v2:*")).isEmpty();
    }

    @Test
    void whileRedisIsDownEachJvmWorksInProcessAndTheFeedHealsByItself() throws Exception {
        RedisSemanticStore storeA = store();
        RedisSemanticStore storeB = store();
        SemanticCache jvmA = jvm(storeA);
        SemanticCache jvmB = jvm(storeB);
        lookup(jvmA, "How do I cook rice?");
        lookup(jvmB, "How do I cook rice?");
        await("both feeds to load", Duration.ofSeconds(5), () -> jvmA.sharedLoads() == 1 && jvmB.sharedLoads() == 1);

        redis.kill();
        store(jvmA, "How do I learn Python quickly?", completion("during"));
        await("A to notice the outage", Duration.ofSeconds(5), storeA::isDown);

        long started = System.nanoTime();
        assertThat(((ChatCompletion) lookup(jvmA, "What is the fastest way to learn Python?").answer()).id())
                .as("A's own entry answers in A").isEqualTo("chatcmpl-during");
        assertThat(lookup(jvmB, "What is the fastest way to learn Python?").isHit()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("lookups never wait for Redis").isLessThan(Duration.ofMillis(500));

        redis.restart();
        await("both feeds to load again", Duration.ofSeconds(10), () -> jvmA.sharedLoads() >= 2 && jvmB.sharedLoads() >= 2);
        store(jvmA, "How do I cook rice?", completion("after"));

        await("B to see A's entry stored after the outage", VISIBLE_WITHIN,
                () -> lookup(jvmB, "How do I boil rice?").isHit());
        assertThat(((ChatCompletion) lookup(jvmB, "How do I boil rice?").answer()).id()).isEqualTo("chatcmpl-after");
        assertThat(lookup(jvmB, "What is the fastest way to learn Python?").isHit())
                .as("an entry stored while Redis was down stays in its JVM").isFalse();
        assertThat(storeA.isDown()).isFalse();
    }

    @Test
    void aChangedCopiedOrPlantedSharedEntryIsRejectedCountedAndNeverLoaded() throws Exception {
        RedisSemanticStore storeA = store();
        SemanticCache jvmA = jvm(storeA);
        store(jvmA, "How do I learn Python quickly?", completion("a"));
        awaitWrites(storeA, 1);
        String pythonKey = keys("heddle:s:*:v2:*").get(0);
        store(jvmA, "How do I cook rice?", completion("rice"));
        awaitWrites(storeA, 2);
        String sealed = command("GET", pythonKey);
        String payload = SEAL.open(pythonKey, sealed).payload();
        String envelope = sealed.substring(0, sealed.length() - payload.length());
        String changedPayload = payload.replace("chatcmpl-a", "chatcmpl-planted");
        assertThat(changedPayload).as("the edit must change the payload").isNotEqualTo(payload);
        String keyPrefix = pythonKey.substring(0, pythonKey.lastIndexOf(':') + 1);
        String feed = "heddle:s:{rule:openai}:feed";

        command("SET", pythonKey, envelope + changedPayload, "PX", "60000");
        command("SET", keyPrefix + "copied", sealed, "PX", "60000");
        command("XADD", feed, "*", "id", "copied", "o", "someone-else");
        command("SET", keyPrefix + "planted", EntrySeal.withKey("a-guessed-signing-key").seal(keyPrefix + "planted",
                changedPayload), "PX", "60000");
        command("XADD", feed, "*", "id", "planted", "o", "someone-else");
        RedisSemanticStore storeB = store();
        SemanticCache jvmB = jvm(storeB);
        lookup(jvmB, "How do I cook rice?");
        await("B to load the shared entries", Duration.ofSeconds(5), () -> storeB.rejected().total() == 3);

        assertThat(lookup(jvmB, "How do I boil rice?").isHit()).as("the untouched entry loads").isTrue();
        assertThat(lookup(jvmB, "What is the fastest way to learn Python?").isHit()).isFalse();
        assertThat(jvmB.size()).isEqualTo(1);
        assertThat(storeB.rejected().count(Rejection.BAD_MAC)).as("the changed and the copied entry").isEqualTo(2);
        assertThat(storeB.rejected().count(Rejection.OTHER_KEY)).isEqualTo(1);
    }

    private List<String> keys(String pattern) {
        String reply = command("KEYS", pattern);
        return reply == null || reply.isEmpty() ? List.of() : List.of(reply.split("\n"));
    }

    private String command(String... command) {
        try {
            return redis.command(command);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
