package dev.heddle.config;

import java.util.Collection;
import java.util.Optional;

/** Turns a misspelt name into a hint: the close known name, or the list of known names. */
final class Suggestions {

    private static final int MAX_TYPO_DISTANCE = 2;

    private Suggestions() {
    }

    /**
     * @param found the name as written
     * @param known the names that would have been accepted
     * @return {@code did you mean 'X'?} when a known name is close, otherwise {@code expected one of: a, b}
     */
    static String hint(String found, Collection<String> known) {
        return closest(found, known).map(name -> "did you mean '" + name + "'?")
                .orElseGet(() -> "expected one of: " + String.join(", ", known));
    }

    /** @return the known name that differs only in case, else the nearest within two edits */
    static Optional<String> closest(String found, Collection<String> known) {
        Optional<String> sameIgnoringCase = known.stream().filter(found::equalsIgnoreCase).findFirst();
        if (sameIgnoringCase.isPresent()) return sameIgnoringCase;
        String best = null;
        int bestDistance = MAX_TYPO_DISTANCE + 1;
        for (String candidate : known) {
            int distance = distance(found, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance: the fewest insertions, deletions and substitutions that turn a into b. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
