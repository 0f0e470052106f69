package dev.heddle.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the duration strings used in YAML and annotations: {@code 200ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * @param text a whole number followed by a unit: {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}
     * @return the duration
     * @throws IllegalArgumentException with a message that says what was expected
     */
    public static Duration parse(String text) {
        Matcher m = text == null ? null : DURATION.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 200ms, 30s, 5m, 1h or 1d, but found '" + text + "'");
        }
        try {
            long amount = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": return Duration.ofMillis(amount);
                case "s": return Duration.ofSeconds(amount);
                case "m": return Duration.ofMinutes(amount);
                case "h": return Duration.ofHours(amount);
                default: return Duration.ofDays(amount);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too large");
        }
    }

    /**
     * Formats a duration the way {@link #parse} reads it, in the largest exact unit.
     *
     * @param duration a non-negative duration
     * @return such as {@code 90s} or {@code 1h}
     */
    public static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms != 0 && ms % 86_400_000L == 0) return ms / 86_400_000L + "d";
        if (ms != 0 && ms % 3_600_000L == 0) return ms / 3_600_000L + "h";
        if (ms != 0 && ms % 60_000L == 0) return ms / 60_000L + "m";
        if (ms % 1_000L == 0) return ms / 1_000L + "s";
        return ms + "ms";
    }
}
