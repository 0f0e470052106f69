package dev.heddle.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heddle.bootstrap.StandardErrorCapture;
import dev.heddle.quota.Charge;
import dev.heddle.quota.Limit;
import dev.heddle.quota.QuotaCheck;
import dev.heddle.quota.QuotaDecision;
import dev.heddle.quota.RedisQuotaStore;
import dev.heddle.quota.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * {@code rediss://} and passwords against a real {@code redis-server} that speaks only TLS
 * ({@code --port 0 --tls-port}) with a certificate from a CA made for the test, and asks for a
 * password ({@code requirepass}). The test CA is trusted per store through
 * {@link RedisEndpoint#withSslSocketFactory}, never through the JVM's global trust store.
 */
class RedisTlsAndLoginTest {

    /** Needs percent-encoding in the URI: the store must decode it back. */
    private static final String PASSWORD = "s3cret/with:odd@chars%+";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Limit FIVE_A_MINUTE = Limit.slidingWindow(5, Duration.ofMinutes(1));

    @TempDir
    static Path certificatesDir;

    private static TestCertificates certificates;

    private RedisServerProcess redis;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.create(certificatesDir);
    }

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServerProcess.startTls(certificates, PASSWORD);
        closeAfter.add(redis);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeAfter) closeable.close();
    }

    private RedisQuotaStore store(RedisEndpoint endpoint) {
        RedisQuotaStore store = new RedisQuotaStore(endpoint, TIMEOUT, TIMEOUT, 2, 1, false, RedisQuotaStore.DEFAULT_KEY_PREFIX);
        closeAfter.add(0, store);
        return store;
    }

    private static QuotaDecision check(RedisQuotaStore store) {
        return store.acquire(QuotaCheck.of("tls-test", Charge.exact("requests", FIVE_A_MINUTE, 1)));
    }

    @Test
    void aQuotaStoreCountsInRedisOverTlsLoggedInWithThePasswordOnTheDatabaseOfTheUri() throws Exception {
        assertThat(redis.url()).startsWith("rediss://:s3cret%2Fwith%3Aodd%40chars%25%2B@127.0.0.1:");
        RedisEndpoint endpoint = RedisEndpoint.parse(redis.url() + "/3").withSslSocketFactory(certificates.trustingCa());
        RedisQuotaStore store = store(endpoint);

        String log = StandardErrorCapture.during(() -> {
            assertThat(check(store).remaining()).isEqualTo(4);
            assertThat(check(store).remaining()).isEqualTo(3);
        });

        assertThat(store.usingFallback()).isFalse();
        assertThat(log).isEmpty();
        assertThat(redis.command("EVAL", "redis.call('SELECT', 3) return redis.call('DBSIZE')", "0"))
                .as("the counters live in database 3").isNotEqualTo("0");
        assertThat(redis.command("DBSIZE")).as("and not in database 0").isEqualTo("0");
    }

    @Test
    void aWrongPasswordFallsBackAsInAnOutageAndTheLogSaysTheLoginWasRefused() {
        String url = redis.url().replace("s3cret", "n0tit");
        RedisQuotaStore store = store(RedisEndpoint.parse(url).withSslSocketFactory(certificates.trustingCa()));

        String log = StandardErrorCapture.during(() -> assertThat(check(store).admitted()).isTrue());

        assertThat(store.usingFallback()).isTrue();
        assertThat(log).contains("quota store: Redis at 127.0.0.1:" + redis.port() + " (TLS) refused Heddle's login (WRONGPASS")
                .contains("check the user and password in the redis URL")
                .doesNotContain("n0tit").doesNotContain("internal error");
    }

    @Test
    void noPasswordWhereRedisAsksForOneFallsBackAndTheLogSaysTheLoginWasRefused() {
        RedisQuotaStore store = store(RedisEndpoint.parse("rediss://127.0.0.1:" + redis.port())
                .withSslSocketFactory(certificates.trustingCa()));

        String log = StandardErrorCapture.during(() -> assertThat(check(store).admitted()).isTrue());

        assertThat(store.usingFallback()).isTrue();
        assertThat(log).contains("refused Heddle's login (NOAUTH").doesNotContain("internal error");
    }

    @Test
    void aCertificateTheJvmDoesNotTrustFailsTheHandshakeAndTheLogSaysHowToTrustIt() {
        RedisQuotaStore store = store(RedisEndpoint.parse(redis.url()));

        String log = StandardErrorCapture.during(() -> assertThat(check(store).admitted()).isTrue());

        assertThat(store.usingFallback()).isTrue();
        assertThat(log).contains("(TLS) failed the TLS handshake").contains("javax.net.ssl.trustStore")
                .doesNotContain("s3cret");
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefused() {
        RedisEndpoint localhost = RedisEndpoint.parse(redis.url().replace("127.0.0.1", "localhost"))
                .withSslSocketFactory(certificates.trustingCa());
        RedisClient client = RedisClients.pooled(localhost, TIMEOUT, TIMEOUT, 1);
        closeAfter.add(0, client);

        assertThatThrownBy(client::ping)
                .isInstanceOf(JedisConnectionException.class)
                .satisfies(failure -> assertThat(RedisClients.explain(failure)).startsWith("failed the TLS handshake"))
                .rootCause().hasMessageContaining("localhost");
    }

    @Test
    void plainRedisCannotTalkToTheTlsPort() {
        RedisEndpoint plain = RedisEndpoint.parse(redis.url().replace("rediss://", "redis://"));
        RedisClient client = RedisClients.pooled(plain, TIMEOUT, TIMEOUT, 1);
        closeAfter.add(0, client);

        assertThatThrownBy(client::ping).isInstanceOf(JedisConnectionException.class);
    }

    @Test
    void aPasswordWorksWithoutTlsToo() throws Exception {
        try (RedisServerProcess plain = RedisServerProcess.startWithPassword(PASSWORD)) {
            assertThat(plain.url()).startsWith("redis://:");
            RedisQuotaStore store = store(RedisEndpoint.parse(plain.url()));

            assertThat(check(store).remaining()).isEqualTo(4);
            assertThat(store.usingFallback()).isFalse();
            assertThat(plain.command("DBSIZE")).isNotEqualTo("0");
        }
    }

    @Test
    void aHandshakeFailureIsExplainedFromTheCauseThatJedisWraps() {
        JedisConnectionException wrapped = new JedisConnectionException(new SSLHandshakeException("PKIX path building failed"));

        assertThat(RedisClients.explain(wrapped)).startsWith("failed the TLS handshake (PKIX path building failed)");
        assertThat(RedisClients.explain(new JedisConnectionException("Connection refused")))
                .isEqualTo("is unreachable (Connection refused)");
    }
}
