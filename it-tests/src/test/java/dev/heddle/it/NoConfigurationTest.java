package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.it.app.AnnotatedApp;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no configuration at all (no agent argument, no {@code HEDDLE_CONFIG}, an empty working
 * directory) the app runs normally and {@code @Cached} still works.
 */
class NoConfigurationTest {

    @OnEveryJdk
    void appRunsNormallyAndCachedStillWorksWithoutAnyConfiguration(Jdk jdk, @TempDir Path emptyWorkDir) {
        ChildResult result = TestApps.withAgent(TestApps.app(jdk, AnnotatedApp.class, emptyWorkDir), null).run();

        assertPrinted(result,
                "string.callsAfterRepeats=1", "string.callsAfterDifferent=2", "string.answersConsistent=true",
                "record.callsAfterRepeats=1", "list.callsAfterRepeats=1", "done=true");
        assertThat(result.stderr()).as(result::describe).doesNotContain("\tat ");
    }
}
