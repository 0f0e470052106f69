package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ItFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.TestApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo app, unchanged and run as {@code java -javaagent:...=config=demo-app/heddle.yaml -jar},
 * makes one real model call per distinct question. Skipped when the demo jar has not been built
 * (a build of this module alone); a full reactor build packages it first.
 */
class DemoAppWithAgentTest {

    private static final Pattern HEADER = Pattern.compile("Asking (\\d+) questions \\((\\d+) distinct\\)");
    private static final Pattern REAL_CALLS = Pattern.compile("real model calls:\\s+(\\d+)");

    @OnEveryJdk
    void demoMakesOneRealModelCallPerDistinctQuestion(Jdk jdk, @TempDir Path dir) {
        Path demoJar = ItFiles.demoAppJar();
        assumeTrue(Files.isRegularFile(demoJar), "demo app not built: mvn -q package -DskipTests -pl demo-app");
        Path config = ItFiles.repoRoot().resolve("demo-app/heddle.yaml");

        ChildResult result = assertSucceeded(TestApps.light(jdk, dir)
                .javaagent(ItFiles.agentJar(), TestApps.configArg(config))
                .executableJar(demoJar)
                .args("--asks", "30")
                .run());

        Matcher header = find(HEADER, result);
        assertThat(header.group(1)).isEqualTo("30");
        assertThat(find(REAL_CALLS, result).group(1)).as(result::describe).isEqualTo(header.group(2));
    }

    private static Matcher find(Pattern pattern, ChildResult result) {
        Matcher matcher = pattern.matcher(result.stdout());
        assertThat(matcher.find()).as(() -> "no match for " + pattern + "\n" + result.describe()).isTrue();
        return matcher;
    }
}
