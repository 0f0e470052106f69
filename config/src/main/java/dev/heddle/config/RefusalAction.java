package dev.heddle.config;

import java.util.Locale;
import java.util.Optional;

/** What a quota does with a call it refuses: {@code onRefusal: wait}. */
public enum RefusalAction {

    /** Throw {@code dev.heddle.api.QuotaExceededException} (the default). */
    THROW,
    /** Wait for a permit up to the quota's {@code maxWait}, then throw. */
    WAIT,
    /** Let the rule's fallback answer; throw when it has none. */
    FALLBACK;

    /** @return the name written in YAML */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text what YAML says
     * @return the action of that name
     */
    static Optional<RefusalAction> named(String text) {
        for (RefusalAction action : values()) {
            if (action.yamlName().equals(text)) return Optional.of(action);
        }
        return Optional.empty();
    }
}
