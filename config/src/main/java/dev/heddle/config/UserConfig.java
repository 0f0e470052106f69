package dev.heddle.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a rule's calls find their user, besides a {@code @UserId} parameter, the preset's user
 * field and {@code Heddle.runAs}: {@code user: arg0.customer.id}, or
 * {@code user: { argument: arg0.customer.id, mdc: userId, baggage: user.id }}.
 *
 * @param argument an argument and a path of getters or record components, such as {@code arg0.user}
 * @param mdc an SLF4J MDC key
 * @param baggage an OpenTelemetry baggage key
 */
public record UserConfig(Optional<String> argument, Optional<String> mdc, Optional<String> baggage) {

    public UserConfig {
        Objects.requireNonNull(argument, "argument");
        Objects.requireNonNull(mdc, "mdc");
        Objects.requireNonNull(baggage, "baggage");
    }
}
