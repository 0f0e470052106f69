package dev.heddle.weave;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AgentArgumentsTest {

    private static final Function<String, String> NO_ENVIRONMENT = name -> null;

    private static Function<String, String> environment(Map<String, String> variables) {
        return variables::get;
    }

    @Test
    void configAndDebugAreParsed() {
        AgentArguments arguments = AgentArguments.parse("config=/etc/heddle.yaml,debug=true", NO_ENVIRONMENT);

        assertThat(arguments.config()).contains(Path.of("/etc/heddle.yaml"));
        assertThat(arguments.debug()).isTrue();
    }

    @Test
    void debugIsOffUnlessAskedFor() {
        assertThat(AgentArguments.parse("config=heddle.yaml", NO_ENVIRONMENT).debug()).isFalse();
        assertThat(AgentArguments.parse("debug=false", NO_ENVIRONMENT).debug()).isFalse();
        assertThat(AgentArguments.parse("debug=TRUE", NO_ENVIRONMENT).debug()).isTrue();
        assertThat(AgentArguments.parse("debug", NO_ENVIRONMENT).debug()).isTrue();
    }

    @Test
    void noArgumentsAndNoEnvironmentGiveNoConfigAndNoDebug() {
        for (String none : new String[] {null, "", "   ", ",", " , ,"}) {
            AgentArguments arguments = AgentArguments.parse(none, NO_ENVIRONMENT);
            assertThat(arguments.config()).as("config for '%s'", none).isEmpty();
            assertThat(arguments.debug()).as("debug for '%s'", none).isFalse();
        }
    }

    @Test
    void theEnvironmentVariableNamesTheConfigWhenNoConfigArgumentIsGiven() {
        Function<String, String> environment = environment(Map.of("HEDDLE_CONFIG", "/from/env.yaml"));

        assertThat(AgentArguments.parse(null, environment).config()).contains(Path.of("/from/env.yaml"));
        assertThat(AgentArguments.parse("debug=true", environment).config()).contains(Path.of("/from/env.yaml"));
    }

    @Test
    void theConfigArgumentWinsOverTheEnvironmentVariable() {
        Function<String, String> environment = environment(Map.of("HEDDLE_CONFIG", "/from/env.yaml"));

        assertThat(AgentArguments.parse("config=/from/argument.yaml", environment).config())
                .contains(Path.of("/from/argument.yaml"));
    }

    @Test
    void anEmptyConfigArgumentFallsBackToTheEnvironmentVariable() {
        Function<String, String> environment = environment(Map.of("HEDDLE_CONFIG", "/from/env.yaml"));

        assertThat(AgentArguments.parse("config=", environment).config()).contains(Path.of("/from/env.yaml"));
    }

    @Test
    void aBlankEnvironmentVariableMeansNoConfig() {
        assertThat(AgentArguments.parse(null, environment(Map.of("HEDDLE_CONFIG", "   "))).config()).isEmpty();
    }

    @Test
    void theEnvironmentVariableIsTrimmed() {
        assertThat(AgentArguments.parse(null, environment(Map.of("HEDDLE_CONFIG", "  /from/env.yaml \n"))).config())
                .contains(Path.of("/from/env.yaml"));
    }

    @Test
    void blanksAroundArgumentsKeysAndValuesAreTolerated() {
        AgentArguments arguments = AgentArguments.parse("  config = /etc/heddle.yaml ,  , debug = true  ", NO_ENVIRONMENT);

        assertThat(arguments.config()).contains(Path.of("/etc/heddle.yaml"));
        assertThat(arguments.debug()).isTrue();
    }

    @Test
    void anUnknownArgumentIsIgnoredAndTheKnownOnesStillApply() {
        AgentArguments arguments = AgentArguments.parse("confg=/typo.yaml,config=/etc/heddle.yaml,verbose,debug=true",
                NO_ENVIRONMENT);

        assertThat(arguments.config()).contains(Path.of("/etc/heddle.yaml"));
        assertThat(arguments.debug()).isTrue();
    }

    @Test
    void anUnknownArgumentAloneGivesTheDefaults() {
        AgentArguments arguments = AgentArguments.parse("confg=/typo.yaml", NO_ENVIRONMENT);

        assertThat(arguments.config()).isEmpty();
        assertThat(arguments.debug()).isFalse();
    }

    @Test
    void theEnvironmentIsAskedForHeddleConfig() {
        Map<String, String> asked = new java.util.HashMap<>();
        AgentArguments.parse(null, name -> {
            asked.put(name, "asked");
            return null;
        });

        assertThat(asked).containsOnlyKeys(AgentArguments.CONFIG_ENVIRONMENT_VARIABLE);
        assertThat(AgentArguments.CONFIG_ENVIRONMENT_VARIABLE).isEqualTo("HEDDLE_CONFIG");
    }
}
