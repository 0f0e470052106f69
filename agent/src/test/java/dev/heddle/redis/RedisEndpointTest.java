package dev.heddle.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisEndpointTest {

    @Test
    void aPlainUriHasTheDefaultsOfEverythingItLeavesOut() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://cache.internal");

        assertThat(endpoint.host()).isEqualTo("cache.internal");
        assertThat(endpoint.port()).isEqualTo(6379);
        assertThat(endpoint.tls()).isFalse();
        assertThat(endpoint.user()).isEmpty();
        assertThat(endpoint.password()).isEmpty();
        assertThat(endpoint.database()).isZero();
        assertThat(endpoint.sslSocketFactory()).isEmpty();
        assertThat(endpoint).hasToString("cache.internal:6379");
    }

    @Test
    void redissMeansTlsAndTheUriCarriesUserPasswordAndDatabase() {
        RedisEndpoint endpoint = RedisEndpoint.parse(" rediss://heddle:s3cret@10.0.0.5:6380/2 ");

        assertThat(endpoint.host()).isEqualTo("10.0.0.5");
        assertThat(endpoint.port()).isEqualTo(6380);
        assertThat(endpoint.tls()).isTrue();
        assertThat(endpoint.user()).contains("heddle");
        assertThat(endpoint.password()).contains("s3cret");
        assertThat(endpoint.database()).isEqualTo(2);
    }

    @Test
    void theSchemeIsReadWithoutRegardToCase() {
        assertThat(RedisEndpoint.parse("REDISS://host:1").tls()).isTrue();
    }

    @Test
    void aPasswordAloneLogsInAsTheDefaultUserWithOrWithoutTheColon() {
        assertThat(RedisEndpoint.parse("redis://:s3cret@host").user()).isEmpty();
        assertThat(RedisEndpoint.parse("redis://:s3cret@host").password()).contains("s3cret");
        assertThat(RedisEndpoint.parse("redis://s3cret@host").user()).as("as redis-cli reads it").isEmpty();
        assertThat(RedisEndpoint.parse("redis://s3cret@host").password()).contains("s3cret");
        assertThat(RedisEndpoint.parse("redis://heddle:@host").password()).as("an empty password is none").isEmpty();
    }

    @Test
    void theUserAndPasswordArePercentDecodedAfterTheyAreSplitAtTheFirstColon() {
        RedisEndpoint endpoint = RedisEndpoint.parse("rediss://us%3Aer:p%2Fa%3As%40s%25+w%C3%B6rd:more@host:6380");

        assertThat(endpoint.user()).contains("us:er");
        assertThat(endpoint.password()).as("a plus stays a plus in a URI").contains("p/a:s@s%+wörd:more");
    }

    @Test
    void anIpv6HostLosesItsBrackets() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://[::1]:7000/1");

        assertThat(endpoint.host()).isEqualTo("::1");
        assertThat(endpoint).hasToString("[::1]:7000/1");
    }

    @Test
    void toStringNamesHostPortDatabaseAndTlsButNeverTheUserOrPassword() {
        RedisEndpoint endpoint = RedisEndpoint.parse("rediss://heddle:hunter2@cache.internal:6380/3");

        assertThat(endpoint).hasToString("cache.internal:6380/3 (TLS)");
        assertThat(endpoint.withSslSocketFactory(null).toString()).doesNotContain("hunter2").doesNotContain("heddle");
    }

    @Test
    void ofIsAPlainEndpoint() {
        RedisEndpoint endpoint = RedisEndpoint.of("127.0.0.1", 7001);

        assertThat(endpoint).hasToString("127.0.0.1:7001");
        assertThat(endpoint.tls()).isFalse();
        assertThat(endpoint.password()).isEmpty();
    }

    @Test
    void redactHidesTheUserInformationEvenOfAnUnreadableUri() {
        assertThat(RedisEndpoint.redact("rediss://heddle:hunter2@host:6380/1")).isEqualTo("rediss://****@host:6380/1");
        assertThat(RedisEndpoint.redact("rediss://:pa/ss#wo@rd@host:6380")).isEqualTo("rediss://****@host:6380");
        assertThat(RedisEndpoint.redact("redis://host:6379")).isEqualTo("redis://host:6379");
        assertThat(RedisEndpoint.redact("hunter2@host")).isEqualTo("****@host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://host:6379", "host:6379", "localhost", "", "//host:6379"})
    void aUriThatIsNotRedisOrRedissIsRefused(String uri) {
        assertThatThrownBy(() -> RedisEndpoint.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a usable Redis URI")
                .hasMessageContaining("redis:// or, for TLS, rediss://");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis:///0", "redis:host", "redis://host:port"})
    void aUriWithoutAHostIsRefused(String uri) {
        assertThatThrownBy(() -> RedisEndpoint.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names no host");
    }

    @Test
    void aBadPortDatabaseOrQueryIsRefused() {
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://host:70000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://host:6379/cache"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database number such as /2");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://host:6379?ssl=true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rediss://:hunter2/x@host:6380", "rediss://:hunter2#x@host:6380", "rediss://:hunter2 x@host",
        "rediss://:hunter2%zz@host", "rediss://heddle:hunter2@host:6380/secret?x"})
    void aPasswordThatBreaksTheUriIsNeverInTheMessageWhichSaysHowToEncodeIt(String uri) {
        assertThatThrownBy(() -> RedisEndpoint.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2")
                .hasMessageContaining("****@")
                .hasMessageContaining("percent-encoded");
    }
}
