package dev.heddle.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which methods a rule weaves: {@code match: { type: com.example.Bot, method: answer }}.
 *
 * @param type a class, interface or superclass by binary name; its implementations and subclasses match too
 * @param method the method name
 * @param parameterTypes the parameter type names when the YAML gave them ({@code answer(java.lang.String)}),
 *     empty to match every overload
 */
public record MatchConfig(String type, String method, Optional<List<String>> parameterTypes) {

    public MatchConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(method, "method");
        parameterTypes = parameterTypes.map(List::copyOf);
    }
}
