package dev.heddle.config;

import java.util.Locale;
import java.util.Optional;

/** Which calls of a rule share one circuit: {@code circuitBreaker: { per: model }}. */
public enum CircuitScope {

    /** Every method the rule weaves shares one circuit (the default). */
    RULE,
    /** One circuit per model the request asks for (a preset's rule), so one failing model does not stop the others. */
    MODEL,
    /** One circuit per woven method. */
    METHOD;

    /** @return the name written in YAML */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text what YAML says
     * @return the scope of that name
     */
    static Optional<CircuitScope> named(String text) {
        for (CircuitScope scope : values()) {
            if (scope.yamlName().equals(text)) return Optional.of(scope);
        }
        return Optional.empty();
    }
}
