package dev.heddle.config;

/**
 * One thing wrong with a configuration, written for the person who edits the file.
 *
 * <p>A message often quotes the file, and a file may hold anything: control characters (an escape
 * sequence would reach the operator's terminal as it is), unpaired surrogates, or a value of
 * megabytes. So every unprintable character is written as a Java escape (backslash, u, four hex digits), and a message longer than
 * {@value #MAX_LENGTH} characters is cut there, saying how much was left out.
 *
 * @param location where it is
 * @param message what is wrong and what was expected
 */
public record ConfigProblem(Location location, String message) {

    /** The longest message kept whole. */
    static final int MAX_LENGTH = 1_000;

    /**
     * @param location where it is
     * @param message what is wrong; made printable and cut to {@value #MAX_LENGTH} characters
     */
    public ConfigProblem {
        message = shortened(printable(message));
    }

    private static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            boolean unprintable = Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || Character.isSurrogate(c) && !pairedSurrogate;
            if (unprintable && out == null) out = new StringBuilder(text.length() + 16).append(text, 0, i);
            if (out == null) continue;
            if (unprintable) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static String shortened(String text) {
        if (text.length() <= MAX_LENGTH) return text;
        int cut = Character.isHighSurrogate(text.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
        return text.substring(0, cut) + "… (" + (text.length() - cut) + " more characters)";
    }

    @Override
    public String toString() {
        return location + ": " + message;
    }
}
