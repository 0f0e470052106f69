package dev.heddle.weave;

import dev.heddle.bootstrap.AgentLog;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The agent's arguments: {@code -javaagent:heddle-agent.jar=config=/path/heddle.yaml,debug=true}.
 *
 * <p>The configuration file comes from {@code config=}, else from the {@code HEDDLE_CONFIG}
 * environment variable, else there is none (annotations still work). Unknown arguments are
 * reported and ignored: a typo in a JVM flag must not stop the app.
 *
 * @param config the configuration file, when one is given
 * @param debug whether Heddle writes debug lines to standard error
 */
record AgentArguments(Optional<Path> config, boolean debug) {

    static final String CONFIG_ENVIRONMENT_VARIABLE = "HEDDLE_CONFIG";

    /**
     * @param arguments the agent argument string, possibly null or empty
     * @param environment the process environment
     * @return the parsed arguments
     */
    static AgentArguments parse(String arguments, Function<String, String> environment) {
        String config = null;
        boolean debug = false;
        if (arguments != null && !arguments.isBlank()) {
            for (String argument : arguments.split(",")) {
                String trimmed = argument.strip();
                if (trimmed.isEmpty()) continue;
                int equals = trimmed.indexOf('=');
                String key = equals < 0 ? trimmed : trimmed.substring(0, equals).strip();
                String value = equals < 0 ? "" : trimmed.substring(equals + 1).strip();
                switch (key) {
                    case "config" -> config = value.isEmpty() ? null : value;
                    case "debug" -> debug = equals < 0 || "true".equals(value.toLowerCase(Locale.ROOT));
                    default -> AgentLog.warn("unknown agent argument '" + trimmed
                            + "' is ignored; known arguments are config=<file> and debug=true");
                }
            }
        }
        if (config == null) {
            String fromEnvironment = environment.apply(CONFIG_ENVIRONMENT_VARIABLE);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) config = fromEnvironment.strip();
        }
        return new AgentArguments(Optional.ofNullable(config).map(Path::of), debug);
    }
}
