package dev.heddle.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heddle.quota.RedisServerProcess;
import dev.heddle.redis.EntrySeal;
import dev.heddle.redis.EntrySeal.Rejection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/** The embedding cache: in process, and shared through a real {@code redis-server}. */
class CachingEmbedderTest {

    /** A stand-in model: a vector made from the text, and a count of the texts it embedded. */
    private static final class CountingEmbedder implements Embedder {

        private final String id;
        private final AtomicInteger calls = new AtomicInteger();
        private volatile RuntimeException failNext;
        private volatile CountDownLatch gate;
        private final CountDownLatch entered = new CountDownLatch(1);

        CountingEmbedder(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public float[] embed(String text) {
            calls.incrementAndGet();
            entered.countDown();
            RuntimeException failure = failNext;
            if (failure != null) {
                failNext = null;
                throw failure;
            }
            CountDownLatch waitFor = gate;
            if (waitFor != null) {
                try {
                    waitFor.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            float[] vector = {text.length() + 1, text.hashCode() % 97, id.length()};
            return UnitVector.normalize(vector);
        }

        int calls() {
            return calls.get();
        }
    }

    @Test
    void aSecondCallForATextIsServedFromTheCache() {
        CountingEmbedder model = new CountingEmbedder("test:a@1");
        CachingEmbedder cached = new CachingEmbedder(model);

        float[] first = cached.embed("How do I reset my password?");
        float[] second = cached.embed("How do I reset my password?");

        assertThat(second).containsExactly(first);
        assertThat(model.calls()).isEqualTo(1);
        assertThat(cached.computations()).isEqualTo(1);
        assertThat(cached.hits()).isEqualTo(1);
    }

    @Test
    void differentTextsAreEmbeddedEach() {
        CountingEmbedder model = new CountingEmbedder("test:a@1");
        CachingEmbedder cached = new CachingEmbedder(model);

        cached.embed("one");
        cached.embed("two");

        assertThat(model.calls()).isEqualTo(2);
        assertThat(cached.hits()).isZero();
    }

    @Test
    void aCallerThatChangesItsVectorChangesNoOneElses() {
        CachingEmbedder cached = new CachingEmbedder(new CountingEmbedder("test:a@1"));
        float[] first = cached.embed("text");
        float[] original = first.clone();

        first[0] = 42;

        assertThat(cached.embed("text")).containsExactly(original);
    }

    @Test
    void theIdIsTheDelegatesId() {
        assertThat(new CachingEmbedder(new CountingEmbedder("test:a@1")).id()).isEqualTo("test:a@1");
    }

    @Test
    void aFailedEmbeddingIsNotKeptAndTheNextCallTriesAgain() {
        CountingEmbedder model = new CountingEmbedder("test:a@1");
        model.failNext = new EmbeddingException("the model is busy");
        CachingEmbedder cached = new CachingEmbedder(model);

        assertThatThrownBy(() -> cached.embed("text")).isInstanceOf(EmbeddingException.class).hasMessage("the model is busy");
        float[] vector = cached.embed("text");

        assertThat(vector).hasSize(3);
        assertThat(model.calls()).isEqualTo(2);
    }

    @Test
    void aFailedEmbeddingWritesNothingToTheAppsLogging() {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord entry) {
                logged.add(entry);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        try {
            CountingEmbedder model = new CountingEmbedder("test:a@1");
            model.failNext = new EmbeddingException("the endpoint is down");
            CachingEmbedder cached = new CachingEmbedder(model);

            assertThatThrownBy(() -> cached.embed("text")).isInstanceOf(EmbeddingException.class);
            cached.embed("other text");
        } finally {
            root.removeHandler(handler);
        }

        assertThat(logged).isEmpty();
    }

    @Test
    void concurrentCallsForOneTextMakeOneEmbedding() throws Exception {
        CountingEmbedder model = new CountingEmbedder("test:a@1");
        model.gate = new CountDownLatch(1);
        CachingEmbedder cached = new CachingEmbedder(model);

        CompletableFuture<float[]> first = CompletableFuture.supplyAsync(() -> cached.embed("text"));
        assertThat(model.entered.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<float[]> second = CompletableFuture.supplyAsync(() -> cached.embed("text"));
        while (cached.hits() == 0) Thread.onSpinWait(); // the second call waits for the first's embedding
        model.gate.countDown();

        assertThat(second.get(30, TimeUnit.SECONDS)).containsExactly(first.get(30, TimeUnit.SECONDS));
        assertThat(model.calls()).isEqualTo(1);
    }

    @Test
    void theInProcessCacheIsBoundedByMemory() {
        CachingEmbedder cached = new CachingEmbedder(new CountingEmbedder("test:a@1"), 10_000, null);

        for (int i = 0; i < 1_000; i++) cached.embed("text number " + i);

        assertThat(cached.size()).isLessThan(1_000);
    }

    @Test
    void theRedisKeyHashesTheIdAndTheTextApart() {
        String key = RedisEmbeddingStore.key("local:all-minilm-l6-v2-q@1", "hello");

        assertThat(key).matches("heddle:e:v2:[0-9a-f]{64}");
        assertThat(RedisEmbeddingStore.key("ab", "c")).isNotEqualTo(RedisEmbeddingStore.key("a", "bc"));
        assertThat(RedisEmbeddingStore.key("openai:text-embedding-3-small@api.openai.com", "hello")).isNotEqualTo(key);
    }

    @Test
    void vectorsAreStoredAsLittleEndianFloat32InBase64() {
        String encoded = RedisEmbeddingStore.encode(new float[] {1f, -2f});

        assertThat(Base64.getDecoder().decode(encoded)).containsExactly(0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, (byte) 0xc0);
        assertThat(RedisEmbeddingStore.decode(encoded)).containsExactly(1f, -2f);
        assertThat(RedisEmbeddingStore.decode(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}))).isNull();
        assertThat(RedisEmbeddingStore.decode("not base64!")).isNull();
        assertThat(RedisEmbeddingStore.decode(RedisEmbeddingStore.encode(new float[] {Float.NaN}))).isNull();
    }

    /** Two caching embedders with their own Redis clients, as two JVMs would have, over one {@code redis-server}. */
    @Nested
    class WithRedis {

        private RedisServerProcess redis;
        private final List<RedisClient> clients = new ArrayList<>();

        private RedisEmbeddingStore store() throws Exception {
            return store(EntrySeal.withKey("the-test-signing-key"));
        }

        private RedisEmbeddingStore store(EntrySeal seal) throws Exception {
            if (redis == null) redis = RedisServerProcess.start();
            RedisClient client = RedisClient.builder()
                    .hostAndPort("127.0.0.1", redis.port())
                    .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis(500).build())
                    .build();
            clients.add(client);
            return new RedisEmbeddingStore(client, "127.0.0.1:" + redis.port(), RedisEmbeddingStore.DEFAULT_TTL, seal);
        }

        @AfterEach
        void stopRedis() throws Exception {
            clients.forEach(RedisClient::close);
            if (redis != null) redis.close();
        }

        @Test
        void aVectorEmbeddedByOneIsReadFromRedisByTheOther() throws Exception {
            CountingEmbedder firstModel = new CountingEmbedder("test:a@1");
            CountingEmbedder secondModel = new CountingEmbedder("test:a@1");
            CachingEmbedder first = new CachingEmbedder(firstModel, CachingEmbedder.DEFAULT_MAX_BYTES, store());
            CachingEmbedder second = new CachingEmbedder(secondModel, CachingEmbedder.DEFAULT_MAX_BYTES, store());

            float[] embedded = first.embed("How do I reset my password?");
            float[] shared = second.embed("How do I reset my password?");

            assertThat(shared).containsExactly(embedded);
            assertThat(secondModel.calls()).isZero();
            assertThat(second.redisHits()).isEqualTo(1);
            assertThat(first.computations()).isEqualTo(1);
        }

        @Test
        void theVectorLiesInRedisSealedForSevenDays() throws Exception {
            CachingEmbedder cached = new CachingEmbedder(new CountingEmbedder("test:a@1"), CachingEmbedder.DEFAULT_MAX_BYTES,
                    store());

            float[] vector = cached.embed("hello");

            String key = RedisEmbeddingStore.key("test:a@1", "hello");
            assertThat(redis.command("GET", key)).startsWith("h1.").endsWith("." + RedisEmbeddingStore.encode(vector));
            long ttl = Long.parseLong(redis.command("PTTL", key));
            assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofDays(7).toMillis());
        }

        @Test
        void embeddersWithDifferentIdsNeverShareAVector() throws Exception {
            CountingEmbedder a = new CountingEmbedder("test:a@1");
            CountingEmbedder b = new CountingEmbedder("test:b@1");
            CachingEmbedder first = new CachingEmbedder(a, CachingEmbedder.DEFAULT_MAX_BYTES, store());
            CachingEmbedder second = new CachingEmbedder(b, CachingEmbedder.DEFAULT_MAX_BYTES, store());

            first.embed("same text");
            second.embed("same text");

            assertThat(a.calls()).isEqualTo(1);
            assertThat(b.calls()).isEqualTo(1);
            assertThat(second.redisHits()).isZero();
            assertThat(redis.command("DBSIZE")).isEqualTo("2");
        }

        @Test
        void somethingElseThanAVectorUnderTheKeyIsEmbeddedAgain() throws Exception {
            CountingEmbedder model = new CountingEmbedder("test:a@1");
            RedisEmbeddingStore store = store();
            CachingEmbedder cached = new CachingEmbedder(model, CachingEmbedder.DEFAULT_MAX_BYTES, store);
            redis.command("SET", RedisEmbeddingStore.key("test:a@1", "hello"), "odd");

            assertThat(cached.embed("hello")).hasSize(3);
            assertThat(model.calls()).isEqualTo(1);
            assertThat(store.rejected().count(Rejection.MALFORMED)).isEqualTo(1);
        }

        @Test
        void aChangedVectorIsRejectedAndTheTextEmbeddedAgain() throws Exception {
            CountingEmbedder writerModel = new CountingEmbedder("test:a@1");
            new CachingEmbedder(writerModel, CachingEmbedder.DEFAULT_MAX_BYTES, store()).embed("hello");
            String key = RedisEmbeddingStore.key("test:a@1", "hello");
            String sealed = redis.command("GET", key);
            String envelope = sealed.substring(0, sealed.lastIndexOf('.') + 1);
            CountingEmbedder model = new CountingEmbedder("test:a@1");
            RedisEmbeddingStore store = store();
            CachingEmbedder reader = new CachingEmbedder(model, CachingEmbedder.DEFAULT_MAX_BYTES, store);

            redis.command("SET", key, envelope + RedisEmbeddingStore.encode(new float[] {9f, 9f, 9f}));
            float[] vector = reader.embed("hello");

            assertThat(vector).doesNotContain(9f);
            assertThat(model.calls()).isEqualTo(1);
            assertThat(store.rejected().count(Rejection.BAD_MAC)).isEqualTo(1);
        }

        @Test
        void aVectorSealedWithAnotherKeyIsEmbeddedAgainAndCountedAsAnotherKey() throws Exception {
            new CachingEmbedder(new CountingEmbedder("test:a@1"), CachingEmbedder.DEFAULT_MAX_BYTES,
                    store(EntrySeal.withKey("an-older-signing-key"))).embed("hello");
            CountingEmbedder model = new CountingEmbedder("test:a@1");
            RedisEmbeddingStore store = store();
            CachingEmbedder reader = new CachingEmbedder(model, CachingEmbedder.DEFAULT_MAX_BYTES, store);

            reader.embed("hello");

            assertThat(model.calls()).isEqualTo(1);
            assertThat(reader.redisHits()).isZero();
            assertThat(store.rejected().count(Rejection.OTHER_KEY)).isEqualTo(1);
            assertThat(store.rejected().total()).isEqualTo(1);
        }

        @Test
        void whenRedisIsDownTextsAreStillEmbedded() throws Exception {
            CountingEmbedder model = new CountingEmbedder("test:a@1");
            RedisEmbeddingStore store = store();
            CachingEmbedder cached = new CachingEmbedder(model, CachingEmbedder.DEFAULT_MAX_BYTES, store);
            cached.embed("before the outage");

            redis.kill();
            float[] during = cached.embed("during the outage");
            float[] again = cached.embed("during the outage");

            assertThat(during).hasSize(3);
            assertThat(again).containsExactly(during);
            assertThat(model.calls()).isEqualTo(2);
            assertThat(store.isDown()).isTrue();
        }

        @Test
        void aStoreWhoseRedisNeverAnsweredStillLetsTextsBeEmbedded() throws Exception {
            RedisEmbeddingStore store = store();
            redis.kill();
            CountingEmbedder model = new CountingEmbedder("test:a@1");
            CachingEmbedder cached = new CachingEmbedder(model, CachingEmbedder.DEFAULT_MAX_BYTES, store);

            assertThat(cached.embed("hello")).hasSize(3);
            assertThat(cached.embed("hello")).hasSize(3);
            assertThat(model.calls()).isEqualTo(1);
            assertThat(store.isDown()).isTrue();
        }
    }
}
