package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.it.app.YamlRulesApp;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.ResultsPerJdk;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration with errors never stops the app: it starts and runs without the YAML rules, and
 * stderr names each error as {@code <file>:<line>:<column>: <message>}.
 */
class InvalidConfigurationTest {

    /** Line 7 has an unknown key at column 7; line 13 a bad duration, key at column 7, value at 12. */
    private static final String BROKEN = """
            rules:
              - name: misspelled-key
                match:
                  type: dev.heddle.it.app.PlainAssistant
                  method: answer
                cache:
                  ttll: 10m
              - name: bad-duration
                match:
                  type: dev.heddle.it.app.ChatModel
                  method: chat
                cache:
                  ttl: ten minutes
            """;

    @TempDir
    static Path workDir;

    private static final ResultsPerJdk BROKEN_CONFIG = new ResultsPerJdk(jdk ->
            TestApps.withAgent(TestApps.app(jdk, YamlRulesApp.class, workDir).args("plain", "interface"),
                    TestApps.configArg(ConfigFiles.write(workDir, "broken.yaml", BROKEN))).run());

    @OnEveryJdk
    void appStartsAndRunsUncachedDespiteErrorsInTheConfiguration(Jdk jdk) {
        assertPrinted(BROKEN_CONFIG.on(jdk),
                "plain.callsAfterRepeats=3", "plain.callsAfterDifferent=4", "plain.answersConsistent=true",
                "interface.callsAfterRepeats=3", "done=true");
    }

    @OnEveryJdk
    void unknownKeyIsReportedWithFileLineAndColumn(Jdk jdk) {
        ChildResult result = BROKEN_CONFIG.on(jdk);

        assertThat(result.stderr()).as(result::describe)
                .containsPattern(Pattern.quote(config() + ":7:7: ") + ".*ttll");
    }

    @OnEveryJdk
    void badDurationIsReportedWithFileLineAndColumn(Jdk jdk) {
        ChildResult result = BROKEN_CONFIG.on(jdk);

        assertThat(result.stderr()).as(result::describe)
                .containsPattern(Pattern.quote(config() + ":13:") + "(7|12): .*ten minutes");
    }

    @OnEveryJdk
    void errorsGoToStderrNotToTheAppsStdout(Jdk jdk) {
        ChildResult result = BROKEN_CONFIG.on(jdk);

        assertThat(result.stdout()).as(result::describe).doesNotContain(config().toString());
    }

    /** The broken file, as given to the agent: an absolute path. */
    private static Path config() {
        return workDir.resolve("broken.yaml").toAbsolutePath();
    }
}
