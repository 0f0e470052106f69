package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;

import dev.heddle.it.app.AnnotatedApp;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.ResultsPerJdk;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Cached} on a method caches it with no configuration file: a repeated call with equal
 * arguments does not run the method again, a call with different arguments does.
 */
class CachedAnnotationTest {

    @TempDir
    static Path workDir;

    private static final ResultsPerJdk WITH_AGENT = new ResultsPerJdk(jdk ->
            TestApps.withAgent(TestApps.app(jdk, AnnotatedApp.class, workDir), null).run());

    @OnEveryJdk
    void cachedMethodRunsOnceForRepeatedArgumentsAndAgainForDifferentOnes(Jdk jdk) {
        assertPrinted(WITH_AGENT.on(jdk),
                "string.callsAfterRepeats=1", "string.callsAfterDifferent=2", "string.answersConsistent=true");
    }

    @OnEveryJdk
    void everyArgumentIsPartOfTheKey(Jdk jdk) {
        assertPrinted(WITH_AGENT.on(jdk),
                "twoArguments.callsAfterRepeats=1", "twoArguments.callsAfterDifferent=2",
                "twoArguments.answersConsistent=true");
    }

    @OnEveryJdk
    void equalRecordsThatAreDifferentInstancesShareOneEntry(Jdk jdk) {
        assertPrinted(WITH_AGENT.on(jdk),
                "record.callsAfterRepeats=1", "record.callsAfterDifferent=2", "record.answersConsistent=true");
    }

    @OnEveryJdk
    void equalListsThatAreDifferentInstancesShareOneEntry(Jdk jdk) {
        assertPrinted(WITH_AGENT.on(jdk),
                "list.callsAfterRepeats=1", "list.callsAfterDifferent=2", "list.answersConsistent=true");
    }

    @OnEveryJdk
    void withoutTheAgentTheAnnotatedMethodRunsEveryTime(Jdk jdk) {
        assertPrinted(TestApps.app(jdk, AnnotatedApp.class, workDir).run(),
                "string.callsAfterRepeats=3", "string.callsAfterDifferent=4",
                "record.callsAfterRepeats=3", "list.callsAfterRepeats=3", "done=true");
    }
}
