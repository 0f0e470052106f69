package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heddle.it.app.ResilienceApp;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.ResultsPerJdk;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Retry}, {@code @CircuitBreaker} and {@code @Timeout} work with no configuration file: a
 * flaky method is retried, a broken one is shed by its circuit, a slow one is cut off, and what the
 * caller catches is the method's own exception or a Heddle API exception.
 */
class ResilienceAnnotationsTest {

    @TempDir
    static Path workDir;

    private static final ResultsPerJdk WITH_AGENT = new ResultsPerJdk(jdk ->
            TestApps.withAgent(TestApps.app(jdk, ResilienceApp.class, workDir), null).run());

    @OnEveryJdk
    void aFlakyMethodIsRetriedUntilItAnswers(Jdk jdk) {
        assertPrinted(WITH_AGENT.on(jdk), "flaky.result=value:answer to what is a heddle?", "flaky.calls=3");
    }

    @OnEveryJdk
    void aPrimitiveResultSurvivesARetry(Jdk jdk) {
        assertPrinted(WITH_AGENT.on(jdk), "count.result=value:7", "count.calls=2");
    }

    @OnEveryJdk
    void afterTheLastAttemptTheCallerCatchesTheMethodsOwnCheckedException(Jdk jdk) {
        assertPrinted(WITH_AGENT.on(jdk), "unavailable.sameInstance=true", "unavailable.calls=3");
    }

    @OnEveryJdk
    void aBrokenMethodOpensItsCircuitAndLaterCallsFailFastWithoutRunningIt(Jdk jdk) {
        assertPrinted(WITH_AGENT.on(jdk),
                "broken.call1=thrown:java.lang.IllegalStateException",
                "broken.call2=thrown:java.lang.IllegalStateException",
                "broken.call3=thrown:dev.heddle.api.CircuitOpenException",
                "broken.call4=thrown:dev.heddle.api.CircuitOpenException",
                "broken.calls=2");
    }

    @OnEveryJdk
    void aSlowMethodIsCutOffByItsTimeout(Jdk jdk) {
        assertPrinted(WITH_AGENT.on(jdk), "slow.result=thrown:dev.heddle.api.HeddleTimeoutException",
                "slow.returnedBeforeTheMethodWould=true", "done=true");
    }

    @OnEveryJdk
    void aFallbackMethodAnswersWhenTheRetriesAreSpentAndTheCallerIsTold(Jdk jdk) {
        assertPrinted(WITH_AGENT.on(jdk), "overloaded.result=value:busy; please ask again: what is a heddle?",
                "overloaded.fallback=method", "done=true");
    }

    @OnEveryJdk
    void theSamePoliciesWorkOnVirtualThreads(Jdk jdk) {
        assumeTrue(jdk.major() >= 21, "virtual threads need JDK 21 or later");

        assertPrinted(TestApps.withAgent(TestApps.app(jdk, ResilienceApp.class, workDir).args("virtual"), null).run(),
                "thread.virtual=true",
                "flaky.result=value:answer to what is a heddle?", "flaky.calls=3",
                "broken.call3=thrown:dev.heddle.api.CircuitOpenException", "broken.calls=2",
                "slow.result=thrown:dev.heddle.api.HeddleTimeoutException", "count.result=value:7",
                "unavailable.sameInstance=true", "overloaded.fallback=method", "done=true");
    }

    @OnEveryJdk
    void withoutTheAgentEveryFailureReachesTheCaller(Jdk jdk) {
        assertPrinted(TestApps.app(jdk, ResilienceApp.class, workDir).run(),
                "flaky.result=thrown:java.lang.IllegalStateException", "flaky.calls=1",
                "broken.call4=thrown:java.lang.IllegalStateException", "broken.calls=4",
                "unavailable.calls=1", "overloaded.result=thrown:java.lang.IllegalStateException", "overloaded.fallback=none",
                "done=true");
    }
}
