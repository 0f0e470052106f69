package dev.heddle.config;

import static dev.heddle.config.ParseFailures.ENVIRONMENT;
import static dev.heddle.config.ParseFailures.at;
import static dev.heddle.config.ParseFailures.onlyProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code ${NAME}} and {@code ${NAME:default}} in scalar values, resolved before the value is converted. */
class EnvInterpolationTest {

    private static HeddleConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, ParseFailures.SOURCE, ENVIRONMENT::get);
    }

    @Test
    void aSetVariableReplacesItsReference() throws ConfigException {
        assertThat(parse("redis: redis://${REDIS_HOST}:6379").redis().map(RedisConfig::uri)).contains("redis://redis.internal:6379");
    }

    @Test
    void severalReferencesInOneStringAreAllReplacedAndDefaultsApplyWhereUnset() throws ConfigException {
        assertThat(parse("redis: redis://${REDIS_HOST:localhost}:${REDIS_PORT:6379}").redis().map(RedisConfig::uri))
                .contains("redis://redis.internal:6379");
    }

    @Test
    void theValueIsConvertedAfterInterpolation() throws ConfigException {
        HeddleConfig config = parse("rules:\n  - { name: a, preset: p, cache: { ttl: '${TTL}', maxEntries: '${MAX:250}' } }");

        assertThat(config.rules().get(0).cache().orElseThrow().ttl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.rules().get(0).cache().orElseThrow().maxEntries()).isEqualTo(250);
    }

    @Test
    void anEmptyDefaultGivesAnEmptyValue() throws ConfigException {
        assertThat(parse("redis: ${REDIS_URL:}").redis()).isEmpty();
    }

    @Test
    void anInsertedValueIsNotInterpolatedAgain() throws ConfigException {
        HeddleConfig config = ConfigLoader.parse("rules:\n  - { name: '${NAME}', preset: p }", "inline",
                name -> name.equals("NAME") ? "${NAME}" : null);

        assertThat(config.rules().get(0).name()).isEqualTo("${NAME}");
    }

    @Test
    void anUndefinedVariableWithoutDefaultIsAnErrorAtItsScalarNamingTheVariable() {
        ConfigProblem problem = onlyProblem("rules:\n  - name: a\n    preset: p\n    timeout: ${TIMEOUT}\n");

        assertThat(problem.location()).isEqualTo(at(4, 14));
        assertThat(problem.message()).isEqualTo("rules[0].timeout: environment variable 'TIMEOUT' is not set and "
                + "'${TIMEOUT}' gives no default; set it, or write ${TIMEOUT:default}");
    }

    @Test
    void anUnclosedReferenceIsAnError() {
        ConfigProblem problem = onlyProblem("redis: 'redis://${REDIS_HOST'\n");

        assertThat(problem.location()).isEqualTo(at(1, 8));
        assertThat(problem.message()).isEqualTo("redis: '${REDIS_HOST' is not closed by '}'; expected ${NAME} or ${NAME:default}");
    }

    @Test
    void aReferenceThatNamesNoVariableIsAnError() {
        ConfigProblem problem = onlyProblem("redis: 'redis://${:6379}'\n");

        assertThat(problem.message()).isEqualTo("redis: '${:6379}' does not name an environment variable; "
                + "expected ${NAME} or ${NAME:default}");
    }

    @Test
    void keysAreNotInterpolated() {
        ConfigProblem problem = onlyProblem("${REDIS_HOST}: x\n");

        assertThat(problem.message()).startsWith("unknown top-level key '${REDIS_HOST}'");
    }
}
