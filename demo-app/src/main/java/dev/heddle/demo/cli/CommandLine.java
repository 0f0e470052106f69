package dev.heddle.demo.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The flags of the demo's commands, {@code --flag value} or {@code --flag=value}: read once here,
 * so that the demo and the workload replay answer a wrong command line alike.
 */
public final class CommandLine {

    private CommandLine() {
    }

    /** A command line the command cannot run; the message says what is wrong. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what is wrong, for the user
         */
        public UsageException(String message) {
            super(message);
        }
    }

    /**
     * One flag as it was given.
     *
     * @param name the flag, such as {@code --seed}
     * @param value its value; null for a flag that takes none, or that the command does not know
     */
    public record Flag(String name, String value) {
    }

    /**
     * Splits a command line into flags. A flag named in {@code valued} takes the next argument
     * unless it is written {@code --flag=value}; any other flag comes with a null value, for the
     * command to accept as a switch or to refuse by name.
     *
     * @param args the command line
     * @param valued the flags that take a value
     * @return the flags in order; null when {@code --help} or {@code -h} is among them
     * @throws UsageException when a flag that takes a value is last
     */
    public static List<Flag> read(String[] args, Set<String> valued) throws UsageException {
        List<Flag> flags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) return null;
            int equals = flag.indexOf('=');
            if (flag.startsWith("--") && equals > 0) {
                flags.add(new Flag(flag.substring(0, equals), flag.substring(equals + 1)));
            } else if (!valued.contains(flag)) {
                flags.add(new Flag(flag, null));
            } else if (i + 1 < args.length) {
                flags.add(new Flag(flag, args[++i]));
            } else {
                throw new UsageException("missing value for " + flag);
            }
        }
        return flags;
    }

    /**
     * @param flag the flag, for the message
     * @param value its value
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the value as a whole number
     * @throws UsageException when it is not a whole number within the bounds
     */
    public static long whole(String flag, String value, long min, long max) throws UsageException {
        long number;
        try {
            number = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a whole number, got '" + value + "'");
        }
        if (number < min || number > max) {
            throw new UsageException(flag + " needs a number from " + min + " to " + max + ", got " + number);
        }
        return number;
    }

    /**
     * @param flag the flag, for the message
     * @param value {@code 150s}, {@code 3m}, {@code 90000ms} or a bare number of seconds
     * @return the duration
     * @throws UsageException when it is none of these, or not positive
     */
    public static Duration duration(String flag, String value) throws UsageException {
        String text = value.trim();
        try {
            Duration parsed;
            if (text.endsWith("ms")) parsed = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            else if (text.endsWith("s")) parsed = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            else if (text.endsWith("m")) parsed = Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            else parsed = Duration.ofSeconds(Long.parseLong(text));
            if (parsed.isNegative() || parsed.isZero()) throw new UsageException(flag + " must be positive, got '" + value + "'");
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a duration such as 150s, 3m or 90000ms, got '" + value + "'");
        }
    }
}
