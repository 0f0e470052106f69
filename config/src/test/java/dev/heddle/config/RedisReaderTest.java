package dev.heddle.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code redis:} with TLS, a password from the environment, and a database; the password is never shown. */
class RedisReaderTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("REDIS_PASSWORD", "hunter2", "ODD_PASSWORD", "hunter2/x#y",
            "HEDDLE_REDIS_SIGNING_KEY", "k3y-from-the-environment-0123", "SHORT_KEY", "tooshort");

    private static HeddleConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, ParseFailures.SOURCE, ENVIRONMENT::get);
    }

    private static ConfigProblem onlyProblem(String yaml) {
        try {
            HeddleConfig config = parse(yaml);
            return fail("expected a ConfigException, but the YAML was accepted as " + config);
        } catch (ConfigException e) {
            List<ConfigProblem> problems = e.problems();
            assertThat(problems).hasSize(1);
            return problems.get(0);
        }
    }

    @Test
    void thePasswordComesFromTheEnvironmentInsideTheUri() throws ConfigException {
        HeddleConfig config = parse("redis: { url: 'rediss://default:${REDIS_PASSWORD}@cache.internal:6380/2', instances: 2 }\n");

        assertThat(config.redis()).contains(new RedisConfig("rediss://default:hunter2@cache.internal:6380/2", 2, false,
                RedisConfig.DEFAULT_TIMEOUT));
    }

    @Test
    void toStringHidesTheUserAndPassword() {
        RedisConfig redis = new RedisConfig("rediss://default:hunter2@cache.internal:6380/2", 2, true, Duration.ofMillis(50));

        assertThat(redis).hasToString("RedisConfig[uri=rediss://****@cache.internal:6380/2, instances=2, failClosed=true,"
                + " timeout=PT0.05S, signingKey=<none>]");
        assertThat(RedisConfig.of("redis://localhost:6379").toString()).contains("uri=redis://localhost:6379");
    }

    @Test
    void aPasswordThatBreaksTheUriIsAProblemThatNeverShowsItAndSaysHowToEncodeIt() {
        ConfigProblem problem = onlyProblem("redis: 'rediss://:${ODD_PASSWORD}@cache.internal:6380'\n");

        assertThat(problem.message()).isEqualTo("redis: expected a Redis URI such as redis://localhost:6379 or"
                + " rediss://host:port, but found 'rediss://****@cache.internal:6380' (characters such as / # ? @ : % in a"
                + " password must be percent-encoded: %2F %23 %3F %40 %3A %25)");
    }

    @Test
    void thePathMustBeADatabaseNumber() {
        assertThat(onlyProblem("redis: redis://localhost:6379/cache\n").message())
                .endsWith("but found 'redis://localhost:6379/cache' (the path is the database number, such as /2)");
    }

    @Test
    void thePortMustBeAPort() {
        assertThat(onlyProblem("redis: redis://localhost:70000\n").message()).endsWith("(the port must be between 1 and 65535)");
    }

    @Test
    void aQueryIsAProblemRatherThanSilentlyIgnored() {
        assertThat(onlyProblem("redis: redis://localhost:6379?ssl=true\n").message())
                .endsWith("(a query ?... or fragment #... is not read)");
    }

    @Test
    void theSigningKeyComesFromTheEnvironmentAndToStringNeverShowsIt() throws ConfigException {
        HeddleConfig config = parse("redis: { url: redis://localhost:6379, signingKey: '${HEDDLE_REDIS_SIGNING_KEY}' }\n");

        RedisConfig redis = config.redis().orElseThrow();
        assertThat(redis.signingKey()).contains("k3y-from-the-environment-0123");
        assertThat(redis.toString()).contains("signingKey=****").doesNotContain("k3y-from-the-environment");
    }

    @Test
    void withoutASigningKeyThereIsNone() throws ConfigException {
        assertThat(parse("redis: redis://localhost:6379\n").redis().orElseThrow().signingKey()).isEmpty();
        assertThat(parse("redis: { url: redis://localhost:6379, signingKey: '${UNSET_SIGNING_KEY:}' }\n").redis().orElseThrow()
                .signingKey()).isEqualTo(Optional.empty());
    }

    @Test
    void aSigningKeyShorterThan16CharactersIsAProblemAtItsLineAndColumnThatNeverShowsIt() {
        ConfigProblem problem = onlyProblem("redis:\n  url: redis://localhost:6379\n  signingKey: ${SHORT_KEY}\n");

        assertThat(problem.toString()).startsWith(ParseFailures.SOURCE + ":3:15: redis.signingKey: the signing key has 8"
                + " characters, but needs at least 16");
        assertThat(problem.toString()).doesNotContain("tooshort");
    }
}
