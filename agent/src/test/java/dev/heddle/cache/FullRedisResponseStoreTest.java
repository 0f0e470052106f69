package dev.heddle.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.quota.RedisServerProcess;
import dev.heddle.redis.EntrySeal;
import dev.heddle.redis.RedisEndpoint;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real {@code redis-server} that reached {@code maxmemory} with {@code noeviction}: it refuses
 * every write with an {@code OOM} error but still answers reads. The shared response cache then
 * takes no lease and writes nothing, but keeps reading what Redis holds: a full Redis is not an
 * unreachable one.
 */
class FullRedisResponseStoreTest {

    private static final String STORED = "heddle:c:{rule:openai}:openai-java@v1:stored-before-full";
    private static final String ASKED_WHILE_FULL = "heddle:c:{rule:openai}:openai-java@v1:asked-while-full";

    private RedisServerProcess redis;
    private RedisResponseStore store;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start();
        store = new RedisResponseStore(RedisEndpoint.of("127.0.0.1", redis.port()), Duration.ofMillis(500), 2,
                EntrySeal.withKey("the-test-signing-key"));
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        redis.close();
    }

    @Test
    void aFullRedisRefusesTheLeaseYetStillServesTheAnswersItHolds() throws Exception {
        store.writeLater(STORED, () -> "answer stored before Redis filled up", System.nanoTime() + TimeUnit.MINUTES.toNanos(5));
        awaitStored(STORED);
        fill();
        assertThat(redis.command("SET", "probe", "x")).as("the positive control: Redis refuses writes").startsWith("-OOM");

        RedisResponseStore.Lease lease = store.tryLease(ASKED_WHILE_FULL, RedisResponseStore.leaseKey(ASKED_WHILE_FULL), 30_000);
        RedisResponseStore.Entry entry = store.read(STORED);

        assertThat(lease).as("no lease can be written: the call goes on without one").isNull();
        assertThat(store.isDown()).as("a full Redis is not down").isFalse();
        assertThat(entry).as("what Redis holds is still read").isNotNull();
        assertThat(entry.encoded()).isEqualTo("answer stored before Redis filled up");
    }

    @Test
    void anAnswerStoredWhileRedisIsFullStaysInTheProcessAndReadsGoOn() throws Exception {
        store.writeLater(STORED, () -> "answer stored before Redis filled up", System.nanoTime() + TimeUnit.MINUTES.toNanos(5));
        awaitStored(STORED);
        fill();

        store.writeLater(ASKED_WHILE_FULL, () -> "answer refused by the full Redis", System.nanoTime() + TimeUnit.MINUTES.toNanos(5));
        long writesBefore = store.writes();
        awaitWriterIdle();

        assertThat(redis.command("EXISTS", ASKED_WHILE_FULL)).isEqualTo("0");
        assertThat(store.writes()).isEqualTo(writesBefore);
        assertThat(store.isDown()).isFalse();
        assertThat(store.read(STORED)).isNotNull();
    }

    private void awaitStored(String key) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (redis.command("GET", key) == null) {
            assertThat(System.nanoTime()).as("%s never reached Redis", key).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Waits, bounded, until the store's writer (one thread) has run everything queued so far, through a write of nothing. */
    private void awaitWriterIdle() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        store.writeLater("heddle:c:{rule:openai}:openai-java@v1:marker", () -> {
            done.countDown();
            return null;
        }, System.nanoTime() + TimeUnit.MINUTES.toNanos(5));
        assertThat(done.await(10, TimeUnit.SECONDS)).as("the writer ran the queued writes").isTrue();
    }

    /** Fills Redis past 1 MB, then caps it there with {@code noeviction}. */
    private void fill() throws Exception {
        String chunk = "x".repeat(256 * 1024);
        for (int i = 0; i < 8; i++) redis.command("SET", "filler:" + i, chunk);
        redis.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
        redis.command("CONFIG", "SET", "maxmemory", "1mb");
    }
}
