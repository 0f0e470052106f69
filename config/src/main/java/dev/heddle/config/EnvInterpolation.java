package dev.heddle.config;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:default}} in a scalar with the value of an environment
 * variable, so that one file serves every deployment.
 */
final class EnvInterpolation {

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, String> environment;

    /**
     * @param environment a variable's value by name, {@code null} when it is not set
     */
    EnvInterpolation(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * @param text a scalar as written in the YAML
     * @return the text with every reference replaced; inserted values are not interpolated again
     * @throws IllegalArgumentException naming the variable that is not set, or the malformed reference
     */
    String apply(String text) {
        int start = text.indexOf("${");
        if (start < 0) return text;
        StringBuilder result = new StringBuilder();
        int copiedUpTo = 0;
        while (start >= 0) {
            int end = text.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException("'" + text.substring(start) + "' is not closed by '}'; "
                        + "expected ${NAME} or ${NAME:default}");
            }
            result.append(text, copiedUpTo, start).append(resolve(text.substring(start + 2, end)));
            copiedUpTo = end + 1;
            start = text.indexOf("${", copiedUpTo);
        }
        return result.append(text, copiedUpTo, text.length()).toString();
    }

    private String resolve(String reference) {
        int colon = reference.indexOf(':');
        String name = colon < 0 ? reference : reference.substring(0, colon);
        if (!VARIABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'${" + reference + "}' does not name an environment variable; "
                    + "expected ${NAME} or ${NAME:default}");
        }
        String value = environment.apply(name);
        if (value != null) return value;
        if (colon >= 0) return reference.substring(colon + 1);
        throw new IllegalArgumentException("environment variable '" + name + "' is not set and '${" + name
                + "}' gives no default; set it, or write ${" + name + ":default}");
    }
}
