package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.it.app.AnnotatedApp;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heddle logs to stderr, in lines prefixed {@code [heddle]}, and never writes to the app's stdout,
 * not even with {@code debug=true}.
 */
class LoggingTest {

    @OnEveryJdk
    void debugLogsGoToStderrAndNeverToTheAppsStdout(Jdk jdk, @TempDir Path dir) {
        ChildResult result = assertSucceeded(
                TestApps.withAgent(TestApps.app(jdk, AnnotatedApp.class, dir), "debug=true").run());

        assertThat(result.stdout().lines())
                .as(result::describe)
                .isNotEmpty()
                .allMatch(line -> line.matches("[A-Za-z][\\w.]*=.*"), "is one of the app's key=value lines");
        assertThat(result.stderr().lines()).as(result::describe).anyMatch(line -> line.startsWith("[heddle]"));
        assertThat(result.value("string.callsAfterRepeats")).as(result::describe).contains("1");
    }
}
