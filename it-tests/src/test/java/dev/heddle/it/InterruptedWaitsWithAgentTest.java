package dev.heddle.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.it.app.InterruptApp;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * App threads interrupted while the agent makes them wait an hour (for an identical call in flight,
 * for a place in a bulkhead, in a retry's backoff): each call ends at once, while the call ahead of
 * it still runs, with its thread still interrupted; the single-flight waiter runs its own call (its
 * method sees the interrupt, as it would without Heddle), the bulkhead refuses with
 * {@code BulkheadFullException} without running the method, the retry gives the method's own
 * failure without another attempt; and later calls are cached and admitted as before.
 */
class InterruptedWaitsWithAgentTest {

    private static final String MODEL = InterruptApp.Model.class.getName();

    @OnEveryJdk
    void interruptedWaitsEndAtOnceKeepTheInterruptAndTheAgentKeepsWorking(Jdk jdk, @TempDir Path dir) {
        Path config = ConfigFiles.write(dir, "heddle.yaml", """
                rules:
                  - name: slow
                    match: { type: %s, method: slow }
                    cache: { ttl: 1h }
                  - name: limited
                    match: { type: %s, method: limited }
                    bulkhead: { maxConcurrent: 1, maxWait: 1h }
                  - name: failing
                    match: { type: %s, method: failing }
                    retry: { maxAttempts: 3, delay: 1h, maxDelay: 1h }
                """.formatted(MODEL, MODEL, MODEL));

        ChildResult result = TestApps.withAgent(TestApps.app(jdk, InterruptApp.class, dir), TestApps.configArg(config)).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.values()).as(result.describe())
                .containsEntry("join.outcome", "IllegalStateException interrupted=true")
                .containsEntry("join.endedBeforeTheCallAhead", "true")
                .containsEntry("join.runs", "1")
                .containsEntry("bulkhead.outcome", "BulkheadFullException interrupted=true")
                .containsEntry("bulkhead.endedBeforeTheCallAhead", "true")
                .containsEntry("bulkhead.runs", "0")
                .containsEntry("retry.outcome", "IllegalStateException interrupted=true")
                .containsEntry("retry.runs", "1")
                .containsEntry("join.leader", "ok")
                .containsEntry("bulkhead.holder", "ok")
                .containsEntry("after.answer", "ok runs=0")
                .containsEntry("after.bulkhead", "ok");
        assertThat(result.stderr()).as(result.describe()).doesNotContain("internal error");
    }

    @OnEveryJdk
    void withoutTheAgentTheSameCallsNeitherWaitNorJoin(Jdk jdk, @TempDir Path dir) {
        ChildResult result = TestApps.app(jdk, InterruptApp.class, dir).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.values()).as("the control: the app's own behaviour; " + result.describe())
                .containsEntry("bulkhead.runs", "1")
                .containsEntry("after.answer", "ok runs=1");
    }
}
