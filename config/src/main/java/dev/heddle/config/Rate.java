package dev.heddle.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A limit of {@code count} units per {@code window}, written {@code 100/1h}; the window's number may
 * be left out ({@code 100/h} means {@code 100/1h}).
 *
 * @param count how many units the window allows, at least 1
 * @param window the window length, positive
 */
public record Rate(long count, Duration window) {

    public Rate {
        Objects.requireNonNull(window, "window");
        if (count < 1) throw new IllegalArgumentException("a rate's count must be at least 1, but was " + count);
        if (window.isZero() || window.isNegative()) throw new IllegalArgumentException("a rate's window must be positive");
    }

    /**
     * @param text such as {@code 100/1h}, {@code 20/1m}, {@code 5/s}
     * @return the rate
     * @throws IllegalArgumentException with a message that says what was expected
     */
    public static Rate parse(String text) {
        String expected = "expected a rate such as 100/1h (count/window), but found '" + text + "'";
        if (text == null) throw new IllegalArgumentException(expected);
        int slash = text.indexOf('/');
        if (slash < 1) throw new IllegalArgumentException(expected);
        long count;
        try {
            count = Long.parseLong(text.substring(0, slash).trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected);
        }
        String window = text.substring(slash + 1).trim();
        if (!window.isEmpty() && Character.isLetter(window.charAt(0))) window = "1" + window;
        Duration duration;
        try {
            duration = Durations.parse(window);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(expected);
        }
        if (count < 1 || duration.isZero()) throw new IllegalArgumentException(expected + "; count and window must be positive");
        return new Rate(count, duration);
    }

    @Override
    public String toString() {
        return count + "/" + Durations.format(window);
    }
}
