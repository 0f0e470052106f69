package dev.heddle.config;

import static dev.heddle.config.ParseFailures.at;
import static dev.heddle.config.ParseFailures.onlyProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusConfigTest {

    @Test
    void withoutStatusThereIsNoEndpoint() throws ConfigException {
        assertThat(ConfigLoader.parse("rules: []", "heddle.yaml").status()).isEmpty();
    }

    @Test
    void statusPortIsRead() throws ConfigException {
        HeddleConfig config = ConfigLoader.parse("status: { port: 9464 }", "heddle.yaml");

        assertThat(config.status()).contains(new StatusConfig(9464));
    }

    @Test
    void portZeroAsksForAnyFreePort() throws ConfigException {
        assertThat(ConfigLoader.parse("status: { port: 0 }", "heddle.yaml").status()).contains(new StatusConfig(0));
    }

    @Test
    void portMayComeFromTheEnvironment() throws ConfigException {
        HeddleConfig config = ConfigLoader.parse("status: { port: '${STATUS_PORT:9464}' }", "heddle.yaml",
                Map.of("STATUS_PORT", "19464")::get);

        assertThat(config.status()).isEqualTo(Optional.of(new StatusConfig(19464)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"65536", "-1", "80.5", "1_000", "http", "100000"})
    void aPortOutsideTheTcpRangeIsAnErrorAtTheValue(String port) {
        ConfigProblem problem = onlyProblem("status: { port: " + port + " }\n");

        assertThat(problem.location()).isEqualTo(at(1, 17));
        assertThat(problem.message()).isEqualTo("status.port: expected a port from 1 to 65535, or 0 for any free port,"
                + " but found '" + port + "'");
    }

    @Test
    void statusWithoutPortIsAnErrorAtTheMapping() {
        ConfigProblem problem = onlyProblem("""
                rules: []
                status: {}
                """);

        assertThat(problem.location()).isEqualTo(at(2, 9));
        assertThat(problem.message()).startsWith("status: 'port' is required");
    }

    @Test
    void anUnknownStatusKeyIsAnErrorWithASuggestion() {
        ConfigProblem problem = onlyProblem("""
                status:
                  port: 9464
                  prot: 9465
                """);

        assertThat(problem.location()).isEqualTo(at(3, 3));
        assertThat(problem.message()).contains("unknown key 'prot'").contains("port");
    }

    @Test
    void statusThatIsNotAMappingIsAnError() {
        ConfigProblem problem = onlyProblem("status: 9464\n");

        assertThat(problem.location()).isEqualTo(at(1, 9));
        assertThat(problem.message()).contains("expected a mapping such as { port: 9464 }");
    }
}
