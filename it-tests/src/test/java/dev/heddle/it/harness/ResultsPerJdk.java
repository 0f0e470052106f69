package dev.heddle.it.harness;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs a child at most once per JDK and hands the same result to every test that asks, so that a
 * test class can check one run from several angles, one spec-named test per angle.
 */
public final class ResultsPerJdk {

    private final Function<Jdk, ChildResult> run;
    private final Map<Jdk, ChildResult> results = new ConcurrentHashMap<>();

    /**
     * Creates the memo.
     *
     * @param run what to run on a JDK
     */
    public ResultsPerJdk(Function<Jdk, ChildResult> run) {
        this.run = run;
    }

    /**
     * The result on a JDK, running the child on first request.
     *
     * @param jdk the JDK
     * @return the result of the one run on that JDK
     */
    public ChildResult on(Jdk jdk) {
        return results.computeIfAbsent(jdk, run);
    }
}
