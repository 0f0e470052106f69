package dev.heddle.config;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Turns scalar nodes into typed values. Every method interpolates {@code ${ENV}} references first,
 * reports what is wrong at the node, and then returns empty, so that reading goes on and finds the
 * next problem too. Conversion works on the text, ignoring YAML's implicit types, because a value
 * that comes from the environment is always text.
 */
final class Scalars {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[-+]?[0-9][0-9_]*");
    private static final Pattern DECIMAL_NUMBER = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    private static final String BOOLEAN = "true or false";
    private static final String POSITIVE_WHOLE_NUMBER = "a whole number of at least 1";
    private static final String DURATION = "a duration such as 30s";
    private static final String RATE = "a rate such as 100/1h";
    private static final String THRESHOLD = "a number greater than 0 and at most 1, such as 0.92";
    private static final String SHARE = "a number from 0 to 1 such as 0.5, or a percentage such as 50%";
    private static final Pattern PERCENTAGE = Pattern.compile("([0-9]+(\\.[0-9]*)?|\\.[0-9]+)\\s*%");
    private static final String SIZE = "a size such as 512KB, 64MB or 1GB";
    private static final Pattern BYTE_SIZE = Pattern.compile("([0-9]{1,19})\\s*(KB|MB|GB)?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,5}");

    /** What a port may be, for messages. */
    static final String PORT = "a port from 1 to " + StatusConfig.MAX_PORT + ", or 0 for any free port";

    private final Problems problems;
    private final EnvInterpolation interpolation;

    Scalars(Problems problems, Function<String, String> environment) {
        this.problems = problems;
        this.interpolation = new EnvInterpolation(environment);
    }

    /**
     * @param expected what the value should have been, for the message, such as {@code a rule name}
     * @return the scalar's text, interpolated; empty when the node is not a scalar or has no value
     */
    Optional<String> text(Node node, String path, String expected) {
        if (!(node instanceof ScalarNode scalar) || Nodes.isNull(node)) {
            problems.report(node, path, "expected " + expected + ", but found " + Nodes.describe(node));
            return Optional.empty();
        }
        try {
            return Optional.of(interpolation.apply(scalar.getValue()));
        } catch (IllegalArgumentException e) {
            problems.report(node, path, e.getMessage());
            return Optional.empty();
        }
    }

    /** @return the text without surrounding blanks; a blank text is reported */
    Optional<String> name(Node node, String path, String expected) {
        Optional<String> text = text(node, path, expected).map(String::strip);
        if (text.isPresent() && text.get().isEmpty()) {
            problems.report(node, path, "expected " + expected + ", but found an empty string");
            return Optional.empty();
        }
        return text;
    }

    Optional<Boolean> bool(Node node, String path) {
        return bool(node, path, BOOLEAN);
    }

    /** @param expected what else the key accepts, for the message when the value is not a boolean */
    Optional<Boolean> bool(Node node, String path, String expected) {
        return text(node, path, expected).flatMap(text -> switch (text) {
            case "true", "True", "TRUE" -> Optional.of(true);
            case "false", "False", "FALSE" -> Optional.of(false);
            default -> reportFound(node, path, expected, text);
        });
    }

    /** @return a whole number of at least 1 that fits in an {@code int} */
    Optional<Integer> positiveInt(Node node, String path) {
        return positiveLong(node, path, Integer.MAX_VALUE).map(Math::toIntExact);
    }

    /** @return a whole number of at least 1 */
    Optional<Long> positiveLong(Node node, String path) {
        return positiveLong(node, path, Long.MAX_VALUE);
    }

    private Optional<Long> positiveLong(Node node, String path, long max) {
        return text(node, path, POSITIVE_WHOLE_NUMBER).flatMap(text -> {
            String number = text.strip();
            if (!WHOLE_NUMBER.matcher(number).matches()) return reportFound(node, path, POSITIVE_WHOLE_NUMBER, text);
            BigInteger value = new BigInteger(number.replace("_", ""));
            if (value.signum() < 1) return reportFound(node, path, POSITIVE_WHOLE_NUMBER, text);
            if (value.compareTo(BigInteger.valueOf(max)) > 0) {
                return reportFound(node, path, "a whole number of at most " + max, text);
            }
            return Optional.of(value.longValueExact());
        });
    }

    /** @return a duration such as {@code 200ms}; zero is allowed */
    Optional<Duration> duration(Node node, String path) {
        return text(node, path, DURATION).flatMap(text -> {
            if (DECIMAL_NUMBER.matcher(text.strip()).matches()) {
                problems.report(node, path, "expected " + DURATION + ", but found the number " + text.strip()
                        + ", which has no unit (ms, s, m, h or d)");
                return Optional.empty();
            }
            try {
                return Optional.of(Durations.parse(text));
            } catch (IllegalArgumentException e) {
                problems.report(node, path, e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** @return a duration longer than zero */
    Optional<Duration> positiveDuration(Node node, String path) {
        return duration(node, path).filter(duration -> {
            if (!duration.isZero()) return true;
            problems.report(node, path, "expected a positive duration such as 30s, but found " + Durations.format(duration));
            return false;
        });
    }

    Optional<Rate> rate(Node node, String path) {
        return text(node, path, RATE).flatMap(text -> {
            try {
                return Optional.of(Rate.parse(text.strip()));
            } catch (IllegalArgumentException e) {
                problems.report(node, path, e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** @return a number in (0, 1], such as a similarity threshold */
    Optional<Double> threshold(Node node, String path) {
        return text(node, path, THRESHOLD).flatMap(text -> {
            String number = text.strip();
            if (!DECIMAL_NUMBER.matcher(number).matches()) return reportFound(node, path, THRESHOLD, text);
            double value = Double.parseDouble(number);
            if (value <= 0 || value > 1) return reportFound(node, path, THRESHOLD, text);
            return Optional.of(value);
        });
    }

    /** @return a decimal number of zero or more, such as a price */
    Optional<Double> nonNegativeNumber(Node node, String path) {
        String expected = "a number of zero or more, such as 0.15";
        return text(node, path, expected).flatMap(text -> {
            String number = text.strip();
            if (!DECIMAL_NUMBER.matcher(number).matches()) return reportFound(node, path, expected, text);
            double value = Double.parseDouble(number);
            if (value < 0 || Double.isInfinite(value)) return reportFound(node, path, expected, text);
            return Optional.of(value);
        });
    }

    /** @return a share from 0 to 1 inclusive, written as a number such as {@code 0.25} or a percentage such as {@code 25%} */
    Optional<Double> share(Node node, String path) {
        return text(node, path, SHARE).flatMap(text -> {
            String written = text.strip();
            Matcher percentage = PERCENTAGE.matcher(written);
            double value;
            if (percentage.matches()) {
                value = Double.parseDouble(percentage.group(1)) / 100;
            } else if (DECIMAL_NUMBER.matcher(written).matches()) {
                value = Double.parseDouble(written);
            } else {
                return reportFound(node, path, SHARE, text);
            }
            if (value < 0 || value > 1) return reportFound(node, path, SHARE, text);
            return Optional.of(value);
        });
    }

    /** @return a positive number of bytes, written as digits with an optional unit KB, MB or GB (1024-based) */
    Optional<Long> byteSize(Node node, String path) {
        return text(node, path, SIZE).flatMap(text -> {
            Matcher size = BYTE_SIZE.matcher(text.strip());
            if (!size.matches()) return reportFound(node, path, SIZE, text);
            int shift = size.group(2) == null ? 0 : switch (size.group(2)) {
                case "KB" -> 10;
                case "MB" -> 20;
                default -> 30;
            };
            BigInteger bytes = new BigInteger(size.group(1)).shiftLeft(shift);
            if (bytes.signum() < 1) return reportFound(node, path, "a size of at least 1 byte, such as 64MB", text);
            if (bytes.bitLength() > 63) return reportFound(node, path, "a size of at most " + (Long.MAX_VALUE >> 30) + "GB", text);
            return Optional.of(bytes.longValueExact());
        });
    }

    /** @return a TCP port from 0 to 65535; 0 asks for any free port */
    Optional<Integer> port(Node node, String path) {
        return text(node, path, PORT).map(String::strip).flatMap(text -> {
            // digits only: a port is never written with a sign, a fraction or '_' groups
            if (DIGITS.matcher(text).matches() && Integer.parseInt(text) <= StatusConfig.MAX_PORT) {
                return Optional.of(Integer.parseInt(text));
            }
            return reportFound(node, path, PORT, text);
        });
    }

    /**
     * @param example a URL the message offers, such as {@code http://127.0.0.1:4318}
     * @return an {@code http://} or {@code https://} URL with a host; a user and password in it are never repeated in a message
     */
    Optional<String> httpUrl(Node node, String path, String example) {
        String expected = "an http or https URL such as " + example;
        return name(node, path, expected).filter(url -> {
            if (isHttpUrl(url)) return true;
            problems.report(node, path, "expected " + expected + ", but found '" + RedisConfig.redacted(url) + "'");
            return false;
        });
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private <T> Optional<T> reportFound(Node node, String path, String expected, String text) {
        problems.report(node, path, "expected " + expected + ", but found '" + text + "'");
        return Optional.empty();
    }
}
