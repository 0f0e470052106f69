package dev.heddle.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.ObjectMappers;
import com.openai.core.RequestOptions;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.bootstrap.Answer;
import dev.heddle.config.CacheConfig;
import dev.heddle.preset.Preset;
import dev.heddle.preset.Presets;
import dev.heddle.quota.RedisServerProcess;
import dev.heddle.redis.EntrySeal;
import dev.heddle.redis.EntrySeal.Rejection;
import dev.heddle.redis.RedisEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@link ResponseCache}s with their own {@link RedisResponseStore}, as two JVMs would have,
 * against one real {@code redis-server}: a preset's answer stored by one is a hit in the other,
 * decoded into the SDK's own type, for as long as the first one's ttl runs, and never longer.
 */
class SharedResponseCacheTest {

    private static final Preset OPENAI = Presets.named("openai-java").orElseThrow();
    private static final String METHOD = "com.openai.services.blocking.chat.ChatCompletionServiceImpl:create("
            + "Lcom/openai/models/chat/completions/ChatCompletionCreateParams;Lcom/openai/core/RequestOptions;)"
            + "Lcom/openai/models/chat/completions/ChatCompletion;";
    private static final String PREFIX = CacheKeyPrefix.preset(OPENAI.name(), METHOD);
    private static final String NAMESPACE = "rule:openai";
    private static final ClassLoader SDK = ChatCompletion.class.getClassLoader();

    private static final String CHAT_COMPLETION_JSON = """
            {"id":"chatcmpl-%s","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"A heddle lifts warp threads.","refusal":null},
                         "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}
            """;

    private RedisServerProcess redis;
    private static final EntrySeal SEAL = EntrySeal.withKey("the-test-signing-key");
    private final List<RedisResponseStore> stores = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stopRedis() throws Exception {
        stores.forEach(RedisResponseStore::close);
        redis.close();
    }

    private RedisResponseStore store() {
        return store(SEAL);
    }

    private RedisResponseStore store(EntrySeal seal) {
        RedisResponseStore store = new RedisResponseStore(RedisEndpoint.of("127.0.0.1", redis.port()), Duration.ofMillis(200), 4,
                seal);
        stores.add(store);
        return store;
    }

    private static ResponseCache cache(RedisResponseStore store, Duration ttl) {
        return new ResponseCache(NAMESPACE, new CacheConfig(ttl, 100, Optional.empty(), Optional.empty()), Duration.ZERO, store);
    }

    private static Object[] question(String text) {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
                .addUserMessage(text).build();
        return new Object[] {OPENAI.cacheKey(null, new Object[] {params, RequestOptions.none()})};
    }

    private static ChatCompletion completion(String id) throws Exception {
        return ObjectMappers.jsonMapper().readValue(CHAT_COMPLETION_JSON.formatted(id), ChatCompletion.class);
    }

    private static Object lookup(ResponseCache cache, Object[] question, CacheCounters counters) {
        return cache.lookup(PREFIX, question, counters, OPENAI, SDK);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("waited 5 s for " + what).isTrue();
            Thread.sleep(10);
        }
    }

    private static void storeIn(ResponseCache cache, RedisResponseStore store, Object[] question, ChatCompletion answer)
            throws InterruptedException {
        long before = store.writes();
        ((PendingStore) lookup(cache, question, new CacheCounters())).completed(answer, true);
        await("the write to Redis", () -> store.writes() > before);
    }

    @Test
    void aPresetAnswerStoredByOneJvmIsAHitInAnotherDecodedIntoTheSdkType() throws Exception {
        RedisResponseStore storeA = store();
        ResponseCache jvmA = cache(storeA, Duration.ofHours(1));
        ResponseCache jvmB = cache(store(), Duration.ofHours(1));
        ChatCompletion answer = completion("a");

        storeIn(jvmA, storeA, question("What is a heddle?"), answer);
        CacheCounters countersB = new CacheCounters();
        Object found = lookup(jvmB, question("What is a heddle?"), countersB);
        Object again = lookup(jvmB, question("What is a heddle?"), countersB);

        assertThat(found).isInstanceOf(Answer.class);
        assertThat(((Answer) found).value()).isInstanceOf(ChatCompletion.class).isEqualTo(answer);
        assertThat(((Answer) again).value()).isSameAs(((Answer) found).value());
        assertThat(countersB.hits()).isEqualTo(2);
        assertThat(countersB.redisHits()).isEqualTo(1);
        assertThat(countersB.misses()).isZero();
        assertThat(lookup(jvmB, question("Another question?"), countersB)).isInstanceOf(PendingStore.class);
    }

    @Test
    void theKeyNamesTheNamespaceTheFormatAndAHashOfTheRequestAndExpiresWithTheTtl() throws Exception {
        RedisResponseStore store = store();
        storeIn(cache(store, Duration.ofMinutes(10)), store, question("What is a heddle?"), completion("a"));

        String key = redis.command("KEYS", "heddle:c:*");
        assertThat(key).matches("heddle:c:\\{rule:openai\\}:openai-java@v2:[0-9a-f]{64}");
        assertThat(key).isEqualTo(RedisResponseStore.key(NAMESPACE, "openai-java",
                CallKey.of(PREFIX, question("What is a heddle?")).canonicalText()));
        assertThat(Long.parseLong(redis.command("PTTL", key))).isBetween(590_000L, 600_000L);
        assertThat(SEAL.open(key, redis.command("GET", key)).payload()).startsWith(ChatCompletion.class.getName() + "\n{");
        assertThat(redis.command("GET", key)).startsWith("h1." + SEAL.keyId() + ".");
    }

    @Test
    void braceInANamespaceCannotEndTheHashTagEarly() {
        assertThat(RedisResponseStore.key("a}b{", "p", "x")).startsWith("heddle:c:{a%7Db%7B}:p@v2:");
        assertThat(RedisResponseStore.key("a%7D", "p", "x")).startsWith("heddle:c:{a%257D}:p@v2:");
    }

    @Test
    void theTtlIsAbsoluteAnotherJvmKeepsTheEntryOnlyUntilItExpiresInRedis() throws Exception {
        Duration ttl = Duration.ofMillis(1500);
        RedisResponseStore storeA = store();
        ResponseCache jvmA = cache(storeA, ttl);
        ResponseCache jvmB = cache(store(), ttl);
        storeIn(jvmA, storeA, question("What is a heddle?"), completion("a"));
        long storedBy = System.nanoTime();

        Thread.sleep(800);
        CacheCounters countersB = new CacheCounters();
        assertThat(lookup(jvmB, question("What is a heddle?"), countersB)).isInstanceOf(Answer.class);
        long sleepUntilExpired = ttl.toMillis() + 100 - Duration.ofNanos(System.nanoTime() - storedBy).toMillis();
        Thread.sleep(Math.max(0, sleepUntilExpired));

        Object missInB = lookup(jvmB, question("What is a heddle?"), countersB);
        assertThat(missInB)
                .as("B read the entry 800 ms into its 1.5 s ttl; its copy must not outlive the original")
                .isInstanceOf(PendingStore.class);
        // B's call ends without an answer, handing back its lease on the key, so A leads its own call at once
        ((PendingStore) missInB).failed(new IllegalStateException("the model call failed"));
        assertThat(lookup(jvmA, question("What is a heddle?"), new CacheCounters())).isInstanceOf(PendingStore.class);
    }

    @Test
    void callsWithoutAPresetStayInProcess() throws Exception {
        RedisResponseStore store = store();
        ResponseCache cache = cache(store, Duration.ofHours(1));
        String method = "com.example.Bot:answer(Ljava/lang/String;)Ljava/lang/String;";
        CacheCounters counters = new CacheCounters();

        ((PendingStore) cache.lookup(CacheKeyPrefix.ownNamespace(method), new Object[] {"hello"}, counters))
                .completed("hi there", true);
        Thread.sleep(200);

        assertThat(cache.lookup(CacheKeyPrefix.ownNamespace(method), new Object[] {"hello"}, counters)).isInstanceOf(Answer.class);
        assertThat(store.writes()).isZero();
        assertThat(redis.command("DBSIZE")).isEqualTo("0");
    }

    @Test
    void anAnswerThatCannotBeDecodedIsAMiss() throws Exception {
        RedisResponseStore store = store();
        String key = RedisResponseStore.key(NAMESPACE, "openai-java", CallKey.of(PREFIX, question("What is a heddle?")).canonicalText());
        redis.command("SET", key, SEAL.seal(key, "com.example.NoSuchResponse\n{}"), "PX", "60000");
        CacheCounters counters = new CacheCounters();

        assertThat(lookup(cache(store, Duration.ofHours(1)), question("What is a heddle?"), counters)).isInstanceOf(PendingStore.class);
        assertThat(counters.misses()).isEqualTo(1);
        assertThat(counters.redisHits()).isZero();
        assertThat(store.rejected().total()).as("the seal opened; the preset could not decode").isZero();
    }

    @Test
    void aSealedAnswerNamingATypeOutsideTheSdkIsAMissAndNeverLoaded() throws Exception {
        RedisResponseStore store = store();
        String key = RedisResponseStore.key(NAMESPACE, "openai-java", CallKey.of(PREFIX, question("What is a heddle?")).canonicalText());
        redis.command("SET", key, SEAL.seal(key, "java.lang.ProcessBuilder\n{}"), "PX", "60000");
        CacheCounters counters = new CacheCounters();

        assertThat(lookup(cache(store, Duration.ofHours(1)), question("What is a heddle?"), counters)).isInstanceOf(PendingStore.class);
        assertThat(counters.redisHits()).isZero();
    }

    /** The answer JVM A stored for the question, read back raw from Redis: {@code h1.<key id>.<mac>.<payload>}. */
    private String storedByA(String question) throws Exception {
        RedisResponseStore storeA = store();
        storeIn(cache(storeA, Duration.ofHours(1)), storeA, question(question), completion("a"));
        return redis.command("GET", keyOf(question));
    }

    private static String keyOf(String question) throws UnkeyableArgumentException {
        return RedisResponseStore.key(NAMESPACE, "openai-java", CallKey.of(PREFIX, question(question)).canonicalText());
    }

    @Test
    void aChangedAnswerIsRejectedCountedAndAMissNeverServed() throws Exception {
        String sealed = storedByA("What is a heddle?");
        int payload = sealed.indexOf('.', sealed.indexOf('.', 3) + 1) + 1;
        String changed = sealed.substring(0, payload) + sealed.substring(payload).replace("\"id\":\"chatcmpl-a\"", "\"id\":\"chatcmpl-planted\"");
        assertThat(changed).as("the edit must change the payload").isNotEqualTo(sealed);
        redis.command("SET", keyOf("What is a heddle?"), changed, "PX", "60000");
        RedisResponseStore storeB = store();
        CacheCounters countersB = new CacheCounters();

        assertThat(lookup(cache(storeB, Duration.ofHours(1)), question("What is a heddle?"), countersB)).isInstanceOf(PendingStore.class);
        assertThat(countersB.redisHits()).isZero();
        assertThat(storeB.rejected().count(Rejection.BAD_MAC)).isEqualTo(1);
    }

    @Test
    void anEntryCopiedToAnotherQuestionsKeyIsRejected() throws Exception {
        String sealed = storedByA("What is a heddle?");
        redis.command("SET", keyOf("What is a reed?"), sealed, "PX", "60000");
        RedisResponseStore storeB = store();
        ResponseCache jvmB = cache(storeB, Duration.ofHours(1));
        CacheCounters countersB = new CacheCounters();

        assertThat(lookup(jvmB, question("What is a reed?"), countersB)).isInstanceOf(PendingStore.class);
        assertThat(storeB.rejected().count(Rejection.BAD_MAC)).isEqualTo(1);
        assertThat(lookup(jvmB, question("What is a heddle?"), countersB)).as("the original still opens").isInstanceOf(Answer.class);
    }

    @Test
    void anAnswerPlantedWithoutTheKeyIsRejectedAsMalformedOrAnotherKey() throws Exception {
        String payload = SEAL.open(keyOf("What is a heddle?"), storedByA("What is a heddle?")).payload();
        redis.command("SET", keyOf("What is a reed?"), payload, "PX", "60000");
        redis.command("SET", keyOf("What is a shuttle?"), EntrySeal.withKey("a-guessed-signing-key").seal(keyOf("What is a shuttle?"),
                payload), "PX", "60000");
        RedisResponseStore storeB = store();
        ResponseCache jvmB = cache(storeB, Duration.ofHours(1));

        assertThat(lookup(jvmB, question("What is a reed?"), new CacheCounters())).isInstanceOf(PendingStore.class);
        assertThat(lookup(jvmB, question("What is a shuttle?"), new CacheCounters())).isInstanceOf(PendingStore.class);
        assertThat(storeB.rejected().count(Rejection.MALFORMED)).isEqualTo(1);
        assertThat(storeB.rejected().count(Rejection.OTHER_KEY)).isEqualTo(1);
    }

    @Test
    void whileRedisIsDownEachJvmCachesForItselfAndSharesAgainOnceRedisAnswers() throws Exception {
        RedisResponseStore storeA = store();
        RedisResponseStore storeB = store();
        ResponseCache jvmA = cache(storeA, Duration.ofHours(1));
        ResponseCache jvmB = cache(storeB, Duration.ofHours(1));
        redis.kill();

        ((PendingStore) lookup(jvmA, question("What is a heddle?"), new CacheCounters())).completed(completion("a"), true);
        await("A to notice the outage", storeA::isDown);
        long started = System.nanoTime();
        Object inB = lookup(jvmB, question("What is a heddle?"), new CacheCounters());
        Object inA = lookup(jvmA, question("What is a heddle?"), new CacheCounters());
        Object inBAgain = lookup(jvmB, question("What is a warp?"), new CacheCounters());

        assertThat(inA).as("A's own cache still answers").isInstanceOf(Answer.class);
        assertThat(inB).isInstanceOf(PendingStore.class);
        assertThat(inBAgain).isInstanceOf(PendingStore.class);
        assertThat(storeB.isDown()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no call waits for Redis twice").isLessThan(Duration.ofSeconds(1));

        redis.restart();
        Thread.sleep(1_100);
        storeIn(jvmA, storeA, question("And a shaft?"), completion("b"));
        Object shared = lookup(jvmB, question("And a shaft?"), new CacheCounters());

        assertThat(storeA.isDown()).isFalse();
        assertThat(storeB.isDown()).isFalse();
        assertThat(shared).isInstanceOf(Answer.class);
        assertThat(((ChatCompletion) ((Answer) shared).value()).id()).isEqualTo("chatcmpl-b");
    }
}
