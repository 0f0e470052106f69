package dev.heddle.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.RequestOptions;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.config.CacheConfig;
import dev.heddle.preset.Preset;
import dev.heddle.preset.Presets;
import dev.heddle.quota.RedisServerProcess;
import dev.heddle.redis.EntrySeal;
import dev.heddle.redis.RedisEndpoint;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A caller that waits for another JVM's lease in Redis (single flight across JVMs) and is
 * interrupted: it stops waiting at once, keeps its interrupt status, and goes on with a call of its
 * own (a miss), as it would if Redis were gone. The lease is an hour long, so only the interrupt can
 * end the wait; the timeout only stops a hang.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InterruptedLeaseWaitTest {

    private static final EntrySeal SEAL = EntrySeal.withKey("the-test-signing-key");

    private static final Preset OPENAI = Presets.named("openai-java").orElseThrow();
    private static final String PREFIX = CacheKeyPrefix.preset(OPENAI.name(), "com.example.Chat:create()V");
    private static final ClassLoader SDK = ChatCompletion.class.getClassLoader();

    private static ResponseCache jvm(RedisResponseStore store) {
        return new ResponseCache("rule:openai", new CacheConfig(Duration.ofHours(1), 100, Optional.empty(), Optional.empty()),
                Duration.ZERO, store, Duration.ofHours(1));
    }

    private static Object[] question() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
                .addUserMessage("What is a heddle?").build();
        return new Object[] {OPENAI.cacheKey(null, new Object[] {params, RequestOptions.none()})};
    }

    @Test
    void aCallerInterruptedWhileItWaitsForAnotherJvmsLeaseGoesOnWithItsOwnCallAndStaysInterrupted() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            RedisEndpoint endpoint = RedisEndpoint.of("127.0.0.1", redis.port());
            RedisResponseStore first = new RedisResponseStore(endpoint, Duration.ofMillis(500), 8, SEAL);
            RedisResponseStore second = new RedisResponseStore(endpoint, Duration.ofMillis(500), 8, SEAL);
            try {
                Object leader = jvm(first).lookup(PREFIX, question(), new CacheCounters(), OPENAI, SDK);
                assertThat(leader).as("the first JVM holds the lease").isInstanceOf(PendingStore.class);
                CacheCounters counters = new CacheCounters();
                ResponseCache otherJvm = jvm(second);

                CompletableFuture<Object[]> outcome = new CompletableFuture<>();
                Thread caller = new Thread(() -> {
                    Object looked = otherJvm.lookup(PREFIX, question(), counters, OPENAI, SDK);
                    outcome.complete(new Object[] {looked, Thread.currentThread().isInterrupted()});
                }, "waits-for-the-lease");
                caller.start();
                // parked between polls of the lease
                while (caller.getState() != Thread.State.TIMED_WAITING) Thread.onSpinWait();
                caller.interrupt();
                Object[] ended = outcome.get();

                assertThat(ended[0]).as("a miss: the caller runs its own call").isInstanceOf(PendingStore.class);
                assertThat(ended[1]).as("interrupt status kept").isEqualTo(true);
                assertThat(counters.joined()).isZero();
                assertThat(counters.misses()).isEqualTo(1);
                ((PendingStore) ended[0]).failed(new IllegalStateException("not called in this test"));
                ((PendingStore) leader).failed(new IllegalStateException("not called in this test"));
            } finally {
                first.close();
                second.close();
            }
        }
    }
}
