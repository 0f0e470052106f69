package dev.heddle.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the report writes numbers and times, the same in text and HTML: a value no formula can give
 * (NaN) is {@value #NOT_AVAILABLE}, never {@code NaN}; times are UTC.
 */
final class ReportFormat {

    /** What an undefined value prints as. */
    static final String NOT_AVAILABLE = "n/a";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private ReportFormat() {
    }

    /**
     * @param count how many
     * @param noun the singular
     * @return such as {@code 1 hit} or {@code 2 hits}
     */
    static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /**
     * @param result an experiment
     * @param variant one of its variants
     * @return the variant's name, marked when it is the control and its name does not say so
     */
    static String variantName(ExperimentResult result, String variant) {
        return variant.equals(result.control()) && !variant.equals(ExperimentResult.CONTROL) ? variant + " (control)" : variant;
    }

    /** @return dollars with four decimals, such as {@code 0.0125} */
    static String dollars(double usd) {
        return fixed(usd, 4);
    }

    /** @return a share as a percentage with one decimal, such as {@code 60.0%} */
    static String percent(double share) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, "%.1f%%", 100 * share) : NOT_AVAILABLE;
    }

    /** @return a relative change with its sign, such as {@code +30.0%} */
    static String signedPercent(double share) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, "%+.1f%%", 100 * share) : NOT_AVAILABLE;
    }

    /** @return a difference of rates in percentage points with its sign, such as {@code +3.00 pp} */
    static String points(double difference) {
        return Double.isFinite(difference) ? String.format(Locale.ROOT, "%+.2f pp", 100 * difference) : NOT_AVAILABLE;
    }

    /** @return a number with a fixed number of decimals */
    static String fixed(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : NOT_AVAILABLE;
    }

    /** @return a difference with its sign and a fixed number of decimals */
    static String signed(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%+." + decimals + "f", value) : NOT_AVAILABLE;
    }

    /** @return four decimals down to 0.0001, then two significant digits, such as {@code 0.0355} or {@code 8.8e-05} */
    static String pValue(double p) {
        if (!Double.isFinite(p)) return NOT_AVAILABLE;
        return p >= 0.0001 ? String.format(Locale.ROOT, "%.4f", p) : String.format(Locale.ROOT, "%.1e", p);
    }

    /** @return an interval, such as {@code [+0.21 pp, +5.79 pp]}, or n/a when either end is undefined */
    static String interval(String low, String high) {
        return low.equals(NOT_AVAILABLE) || high.equals(NOT_AVAILABLE) ? NOT_AVAILABLE : "[" + low + ", " + high + "]";
    }

    /** @return such as {@code 2026-12-01 10:00:05.000} */
    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** @return such as {@code 2026-12-01 10:00} */
    static String minute(Instant instant) {
        return MINUTE.format(instant);
    }

    /**
     * Event text in a plain-text table: control characters (a line break in a property value) are
     * written as escapes, so that one value cannot break the table's lines.
     *
     * @param text text from an event
     * @return the text on one line
     */
    static String plain(String text) {
        StringBuilder line = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        line.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        return line.toString();
    }

    /** @return a variant's value: a rate as a percentage, a mean with the decimals its field needs */
    static String value(ExperimentMetric metric, double value) {
        return metric instanceof ExperimentMetric.Mean mean ? fixed(value, decimals(mean)) : percent(value);
    }

    /** @return a variant's lift over the control: percentage points for a rate, the field's unit for a mean */
    static String lift(ExperimentMetric metric, double difference) {
        return metric instanceof ExperimentMetric.Mean mean ? signed(difference, decimals(mean)) : points(difference);
    }

    private static int decimals(ExperimentMetric.Mean mean) {
        return mean.field().equals("cost_usd") ? 6 : 1;
    }

    /**
     * @param result an experiment
     * @return the sample-ratio check in one sentence, such as
     *         {@code 5000 / 5400 users for weights 50.0% / 50.0%: chi2 = 15.38, p = 8.8e-05: SAMPLE RATIO MISMATCH ...}
     */
    static String sampleRatio(ExperimentResult result) {
        ExperimentStatistics.SampleRatio ratio = result.sampleRatio();
        if (!Double.isFinite(ratio.pValue())) return "n/a (needs two variants and exposed users)";
        StringBuilder line = new StringBuilder();
        for (ExperimentResult.Variant variant : result.variants()) {
            line.append(line.length() == 0 ? "" : " / ").append(variant.exposedUsers());
        }
        line.append(" users for weights ");
        for (int i = 0; i < result.variants().size(); i++) {
            line.append(i == 0 ? "" : " / ").append(percent(result.variants().get(i).weight()));
        }
        line.append(String.format(Locale.ROOT, ": chi2 = %.2f, p = %s: ", ratio.chiSquare(), pValue(ratio.pValue())));
        line.append(ratio.mismatch()
                ? "SAMPLE RATIO MISMATCH (p < " + ExperimentStatistics.MISMATCH_P + "): users are not split as the weights say;"
                        + " do not trust this comparison until the assignment or the exposure logging is fixed"
                : "ok");
        return line.toString();
    }
}
