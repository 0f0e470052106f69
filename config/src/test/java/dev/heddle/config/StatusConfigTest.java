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

        assertThat(config.status()).contains(StatusConfig.onLoopback(9464));
    }

    @Test
    void portZeroAsksForAnyFreePort() throws ConfigException {
        assertThat(ConfigLoader.parse("status: { port: 0 }", "heddle.yaml").status()).contains(StatusConfig.onLoopback(0));
    }

    @Test
    void portMayComeFromTheEnvironment() throws ConfigException {
        HeddleConfig config = ConfigLoader.parse("status: { port: '${STATUS_PORT:9464}' }", "heddle.yaml",
                Map.of("STATUS_PORT", "19464")::get);

        assertThat(config.status()).isEqualTo(Optional.of(StatusConfig.onLoopback(19464)));
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

    private static final String TOKEN = "0123456789abcdef0123";

    @Test
    void theEndpointBindsTo127001UnlessToldOtherwise() throws ConfigException {
        StatusConfig status = ConfigLoader.parse("status: { port: 9464 }", "heddle.yaml").status().orElseThrow();

        assertThat(status.bind().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(status.loopbackOnly()).isTrue();
        assertThat(status.token()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "'::'", "10.1.2.3", "'[::]'", "'fe80::1'"})
    void anyAddressMayBeBoundWithAToken(String bind) throws ConfigException {
        StatusConfig status = ConfigLoader.parse("status: { port: 9464, bind: " + bind + ", token: " + TOKEN + " }", "heddle.yaml")
                .status().orElseThrow();

        assertThat(status.loopbackOnly()).isFalse();
        assertThat(status.token()).contains(TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "'::1'", "localhost"})
    void aLoopbackAddressNeedsNoToken(String bind) throws ConfigException {
        StatusConfig status = ConfigLoader.parse("status: { port: 9464, bind: " + bind + " }", "heddle.yaml").status().orElseThrow();

        assertThat(status.loopbackOnly()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "'::'", "192.168.1.20"})
    void anotherAddressWithoutATokenIsAnErrorAtTheBind(String bind) {
        ConfigProblem problem = onlyProblem("status:\n  port: 9464\n  bind: " + bind + "\n");

        assertThat(problem.location()).isEqualTo(at(3, 9));
        assertThat(problem.message()).startsWith("status.bind: ").contains("is not a loopback address",
                "needs a 'token' of at least 16 characters", "Authorization: Bearer");
    }

    @Test
    void anEmptyTokenFromAnUnsetVariableIsNoToken() {
        ConfigProblem problem = onlyProblem("status: { port: 9464, bind: 0.0.0.0, token: '${HEDDLE_STATUS_TOKEN:}' }\n");

        assertThat(problem.message()).contains("needs a 'token'");
    }

    @Test
    void anUnsetTokenVariableWithoutDefaultIsAnErrorThatNamesTheVariable() {
        ConfigProblem problem = onlyProblem("status: { port: 9464, bind: 0.0.0.0, token: '${HEDDLE_STATUS_TOKEN}' }\n");

        assertThat(problem.location()).isEqualTo(at(1, 45));
        assertThat(problem.message()).contains("environment variable 'HEDDLE_STATUS_TOKEN' is not set");
    }

    @Test
    void theTokenMayComeFromTheEnvironment() throws ConfigException {
        HeddleConfig config = ConfigLoader.parse("status: { port: 9464, bind: 0.0.0.0, token: '${HEDDLE_STATUS_TOKEN}' }",
                "heddle.yaml", Map.of("HEDDLE_STATUS_TOKEN", TOKEN)::get);

        assertThat(config.status().orElseThrow().token()).contains(TOKEN);
    }

    @Test
    void aShortTokenIsAnErrorThatDoesNotRepeatIt() {
        ConfigProblem problem = onlyProblem("status: { port: 9464, token: short-secret-15 }\n");

        assertThat(problem.location()).isEqualTo(at(1, 30));
        assertThat(problem.message()).contains("at least 16 characters, but has 15").doesNotContain("short-secret");
    }

    @Test
    void aTokenWithBlanksIsAnErrorThatDoesNotRepeatIt() {
        ConfigProblem problem = onlyProblem("status: { port: 9464, token: 'secret with blanks inside' }\n");

        assertThat(problem.message()).contains("visible ASCII").doesNotContain("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "256.1.1.1", "1.2.3", "'1::2::3'", "''"})
    void aBindThatIsNotAnAddressIsAnError(String bind) {
        ConfigProblem problem = onlyProblem("status: { port: 9464, bind: " + bind + " }\n");

        assertThat(problem.location()).isEqualTo(at(1, 29));
        assertThat(problem.message()).startsWith("status.bind: expected an IP address");
    }

    @Test
    void theTokenNeverShowsInTheRecordsText() throws ConfigException {
        HeddleConfig config = ConfigLoader.parse("status: { port: 9464, bind: 0.0.0.0, token: " + TOKEN + " }", "heddle.yaml");

        assertThat(config.status().orElseThrow().toString()).contains("token=<hidden>", "0.0.0.0").doesNotContain(TOKEN);
        assertThat(config.toString()).doesNotContain(TOKEN);
    }
}
