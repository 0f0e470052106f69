package dev.heddle.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.bootstrap.StandardErrorCapture;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * What one shared tier concludes from a failed Redis command: a lost connection or an error reply
 * takes Redis to be down (probed once a second), but a write refused because Redis is full is no
 * outage, so that what Redis holds is still read; each is logged once.
 */
class RedisTierHealthTest {

    private static final JedisDataException FULL =
            new JedisDataException("OOM command not allowed when used memory > 'maxmemory'.");

    /** Never connected: the tier drops its idle connections when Redis goes down, and there are none. */
    private final RedisClient client = RedisClients.pooled(RedisEndpoint.of("127.0.0.1", 1), Duration.ofMillis(50),
            Duration.ofMillis(50), 1);
    /** A fresh endpoint name per test, so that each test's once-only warnings are its own. */
    private final String endpoint = "127.0.0.1:" + UUID.randomUUID();
    private final RedisTierHealth health = new RedisTierHealth("response cache", endpoint, "cached in process", "shared");

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aWriteRefusedByAFullRedisIsNoOutageAndReadsGoOn() {
        String log = StandardErrorCapture.during(() -> {
            health.failed(FULL, client);
            health.failed(FULL, client);
        });

        assertThat(health.isDown()).isFalse();
        assertThat(health.mayTry()).as("the next command still goes to Redis").isTrue();
        assertThat(log.lines().filter(line -> line.contains(endpoint + " is full")).count()).as(log).isEqualTo(1);
        assertThat(log).doesNotContain("unreachable");
    }

    @Test
    void aLostConnectionTakesRedisToBeDownUntilTheNextProbe() {
        String log = StandardErrorCapture.during(() -> health.failed(new JedisConnectionException("Unexpected end of stream."), client));

        assertThat(health.isDown()).isTrue();
        assertThat(health.mayTry()).as("no command until a second has passed").isFalse();
        assertThat(log).contains(endpoint + " is unreachable");
    }

    @Test
    void anErrorReplyOtherThanFullTakesRedisToBeDownAndIsLoggedOnce() {
        String log = StandardErrorCapture.during(() -> {
            health.failed(new JedisDataException("ERR unknown command 'EVALSHA'"), client);
            health.failed(new JedisDataException("ERR unknown command 'EVALSHA'"), client);
        });

        assertThat(health.isDown()).isTrue();
        assertThat(log.lines().filter(line -> line.contains("answered with an error")).count()).as(log).isEqualTo(1);
    }
}
