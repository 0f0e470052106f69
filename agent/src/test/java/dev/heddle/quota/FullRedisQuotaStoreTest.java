package dev.heddle.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.bootstrap.StandardErrorCapture;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real {@code redis-server} that reached {@code maxmemory} with {@code noeviction} refuses the
 * quota script (it writes): the store falls back to this JVM's share, as in an outage, and the log
 * says once that Redis is full, not that Heddle failed inside.
 */
class FullRedisQuotaStoreTest {

    private static final Limit FIVE_A_MINUTE = Limit.slidingWindow(5, Duration.ofMinutes(1));

    private RedisServerProcess redis;
    private RedisQuotaStore store;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start();
        store = new RedisQuotaStore("127.0.0.1", redis.port(), Duration.ofMillis(500), Duration.ofMillis(500), 2, 1, false,
                RedisQuotaStore.DEFAULT_KEY_PREFIX);
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        redis.close();
    }

    @Test
    void aFullRedisFallsBackToThisJvmsShareAndTheLogSaysItIsFull() throws Exception {
        assertThat(check().remaining()).as("counted in Redis while it has room").isEqualTo(4);
        assertThat(store.usingFallback()).isFalse();
        String chunk = "x".repeat(256 * 1024);
        for (int i = 0; i < 8; i++) redis.command("SET", "filler:" + i, chunk);
        redis.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
        redis.command("CONFIG", "SET", "maxmemory", "1mb");

        String log = StandardErrorCapture.during(() -> {
            assertThat(check().admitted()).isTrue();
            assertThat(check().admitted()).isTrue();
        });

        assertThat(store.usingFallback()).as("the script cannot count: the JVM counts its share").isTrue();
        assertThat(log).contains("quota store: Redis at 127.0.0.1:" + redis.port() + " is full (OOM")
                .doesNotContain("internal error").doesNotContain("unreachable");
        assertThat(log.lines().count()).as(log).isEqualTo(1);
    }

    private QuotaDecision check() {
        return store.acquire(QuotaCheck.of("full-test", Charge.exact("requests", FIVE_A_MINUTE, 1)));
    }
}
