package dev.heddle.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * What the log says about a failed Redis command: a user that logged in but may not run the
 * command is told apart from a refused login, so that the operator fixes the ACL, not the password;
 * a full Redis is told apart from an unreachable one.
 */
class RedisClientsExplainTest {

    @Test
    void aCommandTheUserMayNotRunIsNotCalledARefusedLogin() {
        JedisAccessControlException noPermission =
                new JedisAccessControlException("NOPERM this user has no permissions to run the 'get' command");

        String explained = RedisClients.explain(noPermission);

        assertThat(explained).startsWith("refused a command to Heddle's user (NOPERM this user has no permissions")
                .contains("the login worked").contains("ACL")
                .doesNotContain("password");
    }

    @Test
    void aWrongPasswordIsStillARefusedLogin() {
        String explained = RedisClients.explain(
                new JedisAccessControlException("WRONGPASS invalid username-password pair or user is disabled."));

        assertThat(explained).startsWith("refused Heddle's login (WRONGPASS").contains("check the user and password");
    }

    @Test
    void aNoPermissionReplyInsideAnotherFailureIsFound() {
        RuntimeException wrapped = new IllegalStateException("pipeline failed",
                new JedisAccessControlException("NOPERM this user has no permissions to run the 'evalsha' command"));

        assertThat(RedisClients.explain(wrapped)).startsWith("refused a command to Heddle's user (NOPERM");
        assertThat(RedisClients.explain(new JedisConnectionException("Connection refused"))).startsWith("is unreachable");
    }

    @Test
    void onlyAnOomReplyMeansFullAndTheLogSaysSo() {
        JedisDataException full = new JedisDataException("OOM command not allowed when used memory > 'maxmemory'.");

        assertThat(RedisClients.isFull(full)).isTrue();
        assertThat(RedisClients.isFull(new IllegalStateException("script failed", full))).isTrue();
        assertThat(RedisClients.isFull(new JedisDataException("NOPERM this user has no permissions"))).isFalse();
        assertThat(RedisClients.isFull(new JedisConnectionException("OOM in a connection message"))).isFalse();
        assertThat(RedisClients.isFull(new JedisDataException((String) null))).isFalse();
        assertThat(RedisClients.explain(full)).startsWith("is full (OOM command not allowed").contains("maxmemory-policy");
    }
}
