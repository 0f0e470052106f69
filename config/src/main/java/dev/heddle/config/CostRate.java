package dev.heddle.config;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a tier's spending limit, {@code dollars/window}: {@code 5/1d}, {@code 0.50/1h}, {@code $5/1d}.
 * The window is read as a {@link Rate}'s window; the amount is exact to the micro-dollar, never rounded.
 */
final class CostRate {

    static final String EXPECTED = "a cost such as 5/1d or $0.50/1h (US dollars/window)";
    private static final int MICRO_DIGITS = 6;
    private static final Pattern AMOUNT = Pattern.compile("[0-9][0-9_]*(\\.([0-9]+))?");

    private CostRate() {
    }

    /**
     * @param text such as {@code 5/1d}, {@code 0.50/1h}, {@code $5/1d}
     * @return the limit in micro-dollars
     * @throws IllegalArgumentException with a message that says what was expected
     */
    static CostLimitConfig parse(String text) {
        String found = "expected " + EXPECTED + ", but found '" + text + "'";
        String cost = text.strip();
        if (cost.startsWith("$")) cost = cost.substring(1).stripLeading();
        int slash = cost.indexOf('/');
        if (slash < 1) throw new IllegalArgumentException(found);
        Matcher amount = AMOUNT.matcher(cost.substring(0, slash).strip());
        if (!amount.matches()) throw new IllegalArgumentException(found);
        if (amount.group(2) != null && amount.group(2).length() > MICRO_DIGITS) {
            throw new IllegalArgumentException(found + "; a cost has at most " + MICRO_DIGITS + " decimals (a micro-dollar)");
        }
        BigDecimal micros = new BigDecimal(amount.group().replace("_", "")).movePointRight(MICRO_DIGITS);
        if (micros.signum() < 1) throw new IllegalArgumentException(found + "; the amount must be more than 0");
        if (micros.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(found + "; the amount is too large");
        }
        Rate window;
        try {
            window = Rate.parse("1/" + cost.substring(slash + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(found + "; the window must be a positive duration such as 1h or 1d");
        }
        return new CostLimitConfig(micros.longValueExact(), window.window());
    }
}
