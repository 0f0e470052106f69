package dev.heddle.reload;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the last attempt to load the configuration did: applied as version {@code version}, or
 * rejected with its problems while the previous version keeps running.
 *
 * @param at when it happened
 * @param applied whether the configuration was applied
 * @param version the version in force afterwards (1 is the configuration read at start-up)
 * @param problems one line per problem of a rejected file, as {@code file:line:column: message}; empty when applied
 */
public record ReloadResult(Instant at, boolean applied, long version, List<String> problems) {

    public ReloadResult {
        Objects.requireNonNull(at, "at");
        problems = List.copyOf(problems);
    }

    /** @return a one-line summary, such as {@code applied version 3 at 2026-11-25T00:41:07Z} */
    public String summary() {
        return applied ? "applied version " + version + " at " + at
                : "rejected at " + at + " with " + problems.size() + " problem(s); version " + version + " keeps running";
    }
}
