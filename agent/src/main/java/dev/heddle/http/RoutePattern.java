package dev.heddle.http;

import java.util.Arrays;
import java.util.List;

/**
 * An Ant-style path pattern of {@code http.routes[].path}: segments separated by {@code /}, where
 * {@code *} matches any characters within one segment and a segment {@code **} matches any number
 * of segments, none included ({@code /api/**} matches {@code /api}, {@code /api/ask} and
 * {@code /api/ask/v2}). Matched against the request's path without its query, as the server
 * decoded it. Immutable.
 */
public final class RoutePattern {

    private final String pattern;
    private final List<String> segments;

    private RoutePattern(String pattern) {
        this.pattern = pattern;
        this.segments = segments(pattern);
    }

    /**
     * @param pattern a pattern the configuration has validated, such as {@code /api/ask/**}
     * @return the pattern
     */
    public static RoutePattern of(String pattern) {
        if (!pattern.startsWith("/")) throw new IllegalArgumentException("a path pattern starts with /: " + pattern);
        return new RoutePattern(pattern);
    }

    /**
     * @param path a request path, such as {@code /api/ask/v2}
     * @return whether the pattern matches the whole path
     */
    public boolean matches(String path) {
        return path.startsWith("/") && matches(0, segments(path), 0);
    }

    private boolean matches(int at, List<String> path, int from) {
        if (at == segments.size()) return from == path.size();
        String segment = segments.get(at);
        if (segment.equals("**")) {
            for (int skip = from; skip <= path.size(); skip++) {
                if (matches(at + 1, path, skip)) return true;
            }
            return false;
        }
        return from < path.size() && segmentMatches(segment, path.get(from)) && matches(at + 1, path, from + 1);
    }

    /** {@code *} within a segment: any run of characters, matched greedily by pieces. */
    private static boolean segmentMatches(String pattern, String segment) {
        if (!pattern.contains("*")) return pattern.equals(segment);
        String[] pieces = pattern.split("\\*", -1);
        if (!segment.startsWith(pieces[0])) return false;
        int at = pieces[0].length();
        for (int i = 1; i < pieces.length - 1; i++) {
            int found = segment.indexOf(pieces[i], at);
            if (found < 0) return false;
            at = found + pieces[i].length();
        }
        String last = pieces[pieces.length - 1];
        return segment.length() - last.length() >= at && segment.endsWith(last);
    }

    /** The segments of a path; a trailing slash is an empty last segment, so /a/ is not /a. */
    private static List<String> segments(String path) {
        return Arrays.asList(path.substring(1).split("/", -1));
    }

    @Override
    public String toString() {
        return pattern;
    }
}
