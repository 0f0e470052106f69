package dev.heddle.preset;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} value: delay seconds (possibly fractional) or an HTTP date. */
final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * @param value a {@code retry-after-ms} value: whole milliseconds
     * @return the delay; empty when the value is not a non-negative number
     */
    static Optional<Duration> parseMillis(String value) {
        try {
            long millis = Long.parseLong(value.strip());
            return millis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * @param value the header's value
     * @param now the current time, for an HTTP date
     * @return the delay, never negative; empty when the value is neither form
     */
    static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) return Optional.empty();
        String trimmed = value.strip();
        try {
            double seconds = Double.parseDouble(trimmed);
            if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) return Optional.empty();
            return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration delay = Duration.between(now, at);
                return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
