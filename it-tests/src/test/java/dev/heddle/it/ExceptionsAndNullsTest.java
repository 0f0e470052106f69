package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;

import dev.heddle.it.app.FailuresApp;
import dev.heddle.it.app.ModelUnavailableException;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.ResultsPerJdk;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exception thrown by a cached method reaches the caller unchanged (same type, message and
 * instance) and is never cached; neither is a null result.
 */
class ExceptionsAndNullsTest {

    @TempDir
    static Path workDir;

    private static final ResultsPerJdk WITH_AGENT = new ResultsPerJdk(jdk ->
            TestApps.withAgent(TestApps.app(jdk, FailuresApp.class, workDir), null).run());

    @OnEveryJdk
    void checkedExceptionReachesTheCallerUnchanged(Jdk jdk) {
        String type = ModelUnavailableException.class.getName();
        assertPrinted(WITH_AGENT.on(jdk),
                "checked.attempt1.type=" + type,
                "checked.attempt1.message=model unavailable for: what is a heddle?",
                "checked.attempt1.sameInstance=true",
                "checked.attempt2.type=" + type,
                "checked.attempt2.sameInstance=true");
    }

    @OnEveryJdk
    void uncheckedExceptionReachesTheCallerUnchanged(Jdk jdk) {
        assertPrinted(WITH_AGENT.on(jdk),
                "unchecked.attempt1.type=java.lang.IllegalStateException",
                "unchecked.attempt1.message=model overloaded for: what is a heddle?",
                "unchecked.attempt1.sameInstance=true",
                "unchecked.attempt2.type=java.lang.IllegalStateException",
                "unchecked.attempt2.sameInstance=true");
    }

    @OnEveryJdk
    void exceptionIsNotCachedSoTheMethodRunsAgain(Jdk jdk) {
        assertPrinted(WITH_AGENT.on(jdk), "checked.calls=2", "unchecked.calls=2");
    }

    @OnEveryJdk
    void answerAfterAFailureIsCached(Jdk jdk) {
        assertPrinted(WITH_AGENT.on(jdk),
                "flaky.firstThrew=true", "flaky.answer=flaky answer to what is a heddle?",
                "flaky.answersConsistent=true", "flaky.calls=2");
    }

    @OnEveryJdk
    void nullResultIsNotCached(Jdk jdk) {
        assertPrinted(WITH_AGENT.on(jdk), "null.result=null", "null.calls=2");
    }
}
