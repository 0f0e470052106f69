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
import dev.heddle.redis.RedisEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Single-flight across JVMs: two {@link ResponseCache}s with their own {@link RedisResponseStore},
 * as two JVMs would have, against one real {@code redis-server}. Concurrent identical preset calls in
 * both make one model call; the other JVM waits for the answer in Redis while the lease is held.
 */
class SharedSingleFlightTest {

    private static final Preset OPENAI = Presets.named("openai-java").orElseThrow();
    private static final String METHOD = "com.openai.services.blocking.chat.ChatCompletionServiceImpl:create("
            + "Lcom/openai/models/chat/completions/ChatCompletionCreateParams;Lcom/openai/core/RequestOptions;)"
            + "Lcom/openai/models/chat/completions/ChatCompletion;";
    private static final String PREFIX = CacheKeyPrefix.preset(OPENAI.name(), METHOD);
    private static final String NAMESPACE = "rule:openai";
    private static final ClassLoader SDK = ChatCompletion.class.getClassLoader();
    private static final Duration MODEL_TIME = Duration.ofMillis(300);

    private static final String CHAT_COMPLETION_JSON = """
            {"id":"chatcmpl-%s","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"A heddle lifts warp threads.","refusal":null},
                         "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}
            """;

    private RedisServerProcess redis;
    private final List<RedisResponseStore> stores = new ArrayList<>();
    private final AtomicInteger modelCalls = new AtomicInteger();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stopRedis() throws Exception {
        stores.forEach(RedisResponseStore::close);
        redis.close();
    }

    private ResponseCache jvm() {
        return jvm(ResponseCache.LEASE);
    }

    private ResponseCache jvm(Duration lease) {
        RedisResponseStore store = new RedisResponseStore(RedisEndpoint.of("127.0.0.1", redis.port()), Duration.ofMillis(200), 8,
                EntrySeal.withKey("the-test-signing-key"));
        stores.add(store);
        return new ResponseCache(NAMESPACE, new CacheConfig(Duration.ofHours(1), 100, Optional.empty(), Optional.empty()),
                Duration.ZERO, store, lease);
    }

    private static Object[] question(String text) {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
                .addUserMessage(text).build();
        return new Object[] {OPENAI.cacheKey(null, new Object[] {params, RequestOptions.none()})};
    }

    private static ChatCompletion completion(String id) {
        try {
            return ObjectMappers.jsonMapper().readValue(CHAT_COMPLETION_JSON.formatted(id), ChatCompletion.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a woven call does with the cache: a hit, a wait for an identical call, or a model call that stores. */
    private ChatCompletion call(ResponseCache cache, CacheCounters counters, boolean modelFails) throws Exception {
        Object looked = cache.lookup(PREFIX, question("What is a heddle?"), counters, OPENAI, SDK);
        if (looked instanceof Answer hit) return (ChatCompletion) hit.value();
        if (looked instanceof JoinedFlight joined) {
            Optional<Object> answer = joined.await(Duration.ofSeconds(60));
            if (answer.isPresent()) return (ChatCompletion) answer.get();
            return model(null, modelFails); // the identical call failed: this one calls for itself, uncached
        }
        return model((PendingStore) looked, modelFails);
    }

    private ChatCompletion model(PendingStore pending, boolean fails) throws InterruptedException {
        int call = modelCalls.incrementAndGet();
        Thread.sleep(MODEL_TIME.toMillis());
        if (fails) {
            IllegalStateException failure = new IllegalStateException("vendor down");
            if (pending != null) pending.failed(failure);
            throw failure;
        }
        ChatCompletion answer = completion("call" + call);
        if (pending != null) pending.completed(answer, true);
        return answer;
    }

    private List<Future<ChatCompletion>> concurrently(int threadsPerJvm, ResponseCache jvmA, CacheCounters countersA,
            ResponseCache jvmB, CacheCounters countersB, ExecutorService threads) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ChatCompletion>> answers = new ArrayList<>();
        for (int i = 0; i < threadsPerJvm * 2; i++) {
            boolean inA = i % 2 == 0;
            answers.add(threads.submit(() -> {
                go.await();
                return call(inA ? jvmA : jvmB, inA ? countersA : countersB, false);
            }));
        }
        go.countDown();
        return answers;
    }

    @Test
    void concurrentIdenticalCallsInTwoJvmsMakeOneModelCall() throws Exception {
        ResponseCache jvmA = jvm();
        ResponseCache jvmB = jvm();
        CacheCounters countersA = new CacheCounters();
        CacheCounters countersB = new CacheCounters();
        ExecutorService threads = Executors.newFixedThreadPool(40);
        try {
            Set<String> ids = ConcurrentHashMap.newKeySet();
            for (Future<ChatCompletion> answer : concurrently(20, jvmA, countersA, jvmB, countersB, threads)) {
                ids.add(answer.get(30, TimeUnit.SECONDS).id());
            }

            assertThat(modelCalls.get()).isEqualTo(1);
            assertThat(ids).containsExactly("chatcmpl-call1");
            assertThat(countersA.misses() + countersB.misses()).isEqualTo(1);
            assertThat(countersA.hits() + countersB.hits()).isEqualTo(39);
            assertThat(countersA.redisHits() + countersB.redisHits()).as("the waiting JVM's leader got the answer from Redis")
                    .isEqualTo(1);
            awaitNoLease();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void whenTheLeaseHolderFailsTheWaitingJvmCallsItselfAndNoErrorIsShared() throws Exception {
        ResponseCache jvmA = jvm();
        ResponseCache jvmB = jvm();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Object leaderA = jvmA.lookup(PREFIX, question("What is a heddle?"), new CacheCounters(), OPENAI, SDK);
            assertThat(leaderA).isInstanceOf(PendingStore.class);
            Future<ChatCompletion> inB = threads.submit(() -> call(jvmB, new CacheCounters(), false));
            Thread.sleep(200);
            assertThat(inB).as("B waits while A holds the lease").isNotDone();

            ((PendingStore) leaderA).failed(new IllegalStateException("vendor down"));

            assertThat(inB.get(10, TimeUnit.SECONDS).id()).isEqualTo("chatcmpl-call1");
            assertThat(modelCalls.get()).as("B's own call, after A's failed").isEqualTo(1);
            awaitNoLease();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aLeaseNeverReleasedExpiresAndTheWaitIsBounded() throws Exception {
        ResponseCache jvmA = jvm(Duration.ofMillis(600));
        ResponseCache jvmB = jvm(Duration.ofMillis(600));
        Object leaderA = jvmA.lookup(PREFIX, question("What is a heddle?"), new CacheCounters(), OPENAI, SDK);
        assertThat(leaderA).as("A takes the lease and never ends its call").isInstanceOf(PendingStore.class);
        assertThat(redis.command("PTTL", RedisResponseStore.leaseKey(RedisResponseStore.key(NAMESPACE, OPENAI.name(),
                CallKey.of(PREFIX, question("What is a heddle?")).canonicalText())))).matches("[1-6][0-9][0-9]");

        long started = System.nanoTime();
        Object inB = jvmB.lookup(PREFIX, question("What is a heddle?"), new CacheCounters(), OPENAI, SDK);

        assertThat(inB).as("B takes the expired lease over and calls the model").isInstanceOf(PendingStore.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(3));
    }

    @Test
    void withRedisDownThereIsNoLeaseAndEachJvmCallsForItself() throws Exception {
        ResponseCache jvmA = jvm();
        ResponseCache jvmB = jvm();
        Object[] question = question("What is a heddle?");
        ChatCompletion answerA = completion("a");
        redis.kill();

        long started = System.nanoTime();
        Object leaderA = jvmA.lookup(PREFIX, question, new CacheCounters(), OPENAI, SDK);
        Object leaderB = jvmB.lookup(PREFIX, question, new CacheCounters(), OPENAI, SDK);

        assertThat(leaderA).isInstanceOf(PendingStore.class);
        assertThat(leaderB).isInstanceOf(PendingStore.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        ((PendingStore) leaderA).completed(answerA, true);
        ((PendingStore) leaderB).completed(completion("b"), true);
    }

    @Test
    void callsWithoutAPresetTakeNoLease() throws Exception {
        ResponseCache jvmA = jvm();
        String method = "com.example.Bot:answer(Ljava/lang/String;)Ljava/lang/String;";
        Object pending = jvmA.lookup(CacheKeyPrefix.ownNamespace(method), new Object[] {"hello"}, new CacheCounters());

        assertThat(pending).isInstanceOf(PendingStore.class);
        assertThat(redis.command("DBSIZE")).isEqualTo("0");
        ((PendingStore) pending).completed("hi", true);
    }

    private void awaitNoLease() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!redis.command("KEYS", RedisResponseStore.LEASE_PREFIX + "*").isEmpty()) {
            assertThat(System.nanoTime()).as("the lease was never released").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aCallerThatMayNotWaitCallsTheModelItselfWhileAnotherJvmHoldsTheLease() throws Exception {
        ResponseCache jvmA = jvm();
        ResponseCache jvmB = jvm();
        Object leader = jvmA.lookup(PREFIX, question("What is a heddle?"), new CacheCounters(), OPENAI, SDK);
        assertThat(leader).as("JVM A leads and holds the lease").isInstanceOf(PendingStore.class);

        Object asyncInB = jvmB.lookup(PREFIX, question("What is a heddle?"), new CacheCounters(), OPENAI, SDK,
                dev.heddle.api.CacheControl.DEFAULT, false);

        assertThat(asyncInB).as("an asynchronous caller in JVM B gets its own call").isInstanceOf(PendingStore.class);
        assertThat(redis.command("KEYS", "heddle:l:*")).as("while A still holds its lease: B did not wait it out").isNotEmpty();
        ((PendingStore) asyncInB).completed(completion("b"), true);
        ((PendingStore) leader).completed(completion("a"), true);
    }
}
