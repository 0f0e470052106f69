package dev.heddle.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.config.ConfigLoader;
import dev.heddle.pipeline.Registry;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeddleStatusTest {

    private static final String RULES = """
            rules:
              - name: bot
                match: { type: com.example.Bot, method: answer }
                cache: { ttl: 10m }
            """;

    @Test
    void atStartUpTheConfigurationIsVersionOneAndApplied() throws Exception {
        HeddleStatus status = new HeddleStatus(new Registry(ConfigLoader.parse(RULES, "heddle.yaml")));

        assertThat(status.getConfigVersion()).isEqualTo(1);
        assertThat(status.getLastReload()).startsWith("applied version 1 at ");
        assertThat(status.getLastReloadProblems()).isEmpty();
    }

    @Test
    void anAppliedChangeRaisesTheVersion() throws Exception {
        Registry registry = new Registry(ConfigLoader.parse(RULES, "heddle.yaml"));
        HeddleStatus status = new HeddleStatus(registry);

        registry.apply(ConfigLoader.parse(RULES.replace("10m", "20m"), "heddle.yaml"));

        assertThat(status.getConfigVersion()).isEqualTo(2);
        assertThat(status.getLastReload()).startsWith("applied version 2 at ");
    }

    @Test
    void aRejectedFileKeepsTheVersionAndListsItsProblems() throws Exception {
        Registry registry = new Registry(ConfigLoader.parse(RULES, "heddle.yaml"));
        HeddleStatus status = new HeddleStatus(registry);

        registry.rejected(List.of("heddle.yaml:4:12: rules[0].cache.ttl: expected a duration such as 30s, but found 'x'"));

        assertThat(status.getConfigVersion()).isEqualTo(1);
        assertThat(status.getLastReload()).startsWith("rejected at ").endsWith("with 1 problem(s); version 1 keeps running");
        assertThat(status.getLastReloadProblems()).containsExactly(
                "heddle.yaml:4:12: rules[0].cache.ttl: expected a duration such as 30s, but found 'x'");
    }

    @Test
    void redisStateSaysWhereQuotasCount() throws Exception {
        assertThat(new HeddleStatus(new Registry(ConfigLoader.parse(RULES, "heddle.yaml"))).getRedisState())
                .isEqualTo("none (quotas count in this process)");
        assertThat(new HeddleStatus(new Registry(ConfigLoader.parse("redis: redis://localhost:6379\n" + RULES, "heddle.yaml")))
                .getRedisState()).isEqualTo("unused (no quota has needed it yet)");
    }
}
