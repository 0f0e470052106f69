package dev.heddle.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Map;

/** Parses YAML that must be rejected and hands back what was reported, for assertions on line and column. */
final class ParseFailures {

    static final String SOURCE = "heddle.yaml";

    /** The environment the tests see: two variables, nothing else. */
    static final Map<String, String> ENVIRONMENT = Map.of("REDIS_HOST", "redis.internal", "TTL", "10m");

    private ParseFailures() {
    }

    static List<ConfigProblem> problems(String yaml) {
        try {
            HeddleConfig config = ConfigLoader.parse(yaml, SOURCE, ENVIRONMENT::get);
            return fail("expected a ConfigException, but the YAML was accepted as " + config);
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    static ConfigProblem onlyProblem(String yaml) {
        List<ConfigProblem> problems = problems(yaml);
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    static Location at(int line, int column) {
        return new Location(SOURCE, line, column);
    }
}
