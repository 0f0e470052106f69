package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heddle.it.harness.ChildJvm;
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
 * The demo app, unchanged and run as {@code java [-javaagent:...=config=demo-app/heddle.yaml] -jar},
 * asks its in-process mock LLM vendor through the OpenAI Java SDK and LangChain4j. With the agent,
 * one request per distinct (SDK, model, question, parameters) reaches the vendor; without it, every
 * ask does. The counts are the vendor's own, printed by the demo. Skipped when the demo jar has not
 * been built (a build of this module alone); a full reactor build packages it first.
 */
class DemoAppWithAgentTest {

    private static final int ASKS = 40;
    private static final Pattern HEADER = Pattern.compile("Asking (\\d+) questions \\((\\d+) distinct\\)");
    private static final Pattern REAL_CALLS = Pattern.compile("real model calls:\\s+(\\d+)");
    private static final Pattern ERRORS = Pattern.compile("errors seen by app:\\s+(\\d+)");
    private static final Pattern HEDDLE_HITS = Pattern.compile("in all: (\\d+) cache hits");

    @OnEveryJdk
    void withTheAgentOneRequestPerDistinctRequestReachesTheVendor(Jdk jdk, @TempDir Path dir) {
        Path config = ItFiles.repoRoot().resolve("demo-app/heddle.yaml");

        ChildResult result = assertSucceeded(demo(jdk, dir)
                .javaagent(ItFiles.agentJar(), TestApps.configArg(config))
                .run());

        Matcher header = find(HEADER, result);
        int distinct = Integer.parseInt(header.group(2));
        assertThat(Integer.parseInt(header.group(1))).isEqualTo(ASKS);
        assertThat(distinct).as(result::describe).isBetween(2, ASKS - 1);
        assertThat(number(REAL_CALLS, result)).as(result::describe).isEqualTo(distinct);
        assertThat(number(ERRORS, result)).as(result::describe).isZero();
        assertThat(result.stdout()).as(result::describe).contains("Heddle says");
        assertThat(number(HEDDLE_HITS, result)).as(result::describe).isEqualTo(ASKS - distinct);
    }

    @OnEveryJdk
    void withoutTheAgentEveryAskReachesTheVendor(Jdk jdk, @TempDir Path dir) {
        ChildResult result = assertSucceeded(demo(jdk, dir).run());

        assertThat(Integer.parseInt(find(HEADER, result).group(1))).isEqualTo(ASKS);
        assertThat(number(REAL_CALLS, result)).as(result::describe).isEqualTo(ASKS);
        assertThat(number(ERRORS, result)).as(result::describe).isZero();
        assertThat(result.stdout()).as(result::describe).contains("Heddle: not attached").doesNotContain("Heddle says");
    }

    /** The demo jar with no vendor latency: the counts, not the timings, are under test. */
    private static ChildJvm.Builder demo(Jdk jdk, Path dir) {
        Path demoJar = ItFiles.demoAppJar();
        assumeTrue(Files.isRegularFile(demoJar), "demo app not built: mvn -q package -DskipTests -pl annotations,demo-app");
        return TestApps.light(jdk, dir)
                .executableJar(demoJar)
                .args("--asks", Integer.toString(ASKS), "--latency-ms", "0");
    }

    private static int number(Pattern pattern, ChildResult result) {
        return Integer.parseInt(find(pattern, result).group(1));
    }

    private static Matcher find(Pattern pattern, ChildResult result) {
        Matcher matcher = pattern.matcher(result.stdout());
        assertThat(matcher.find()).as(() -> "no match for " + pattern + "\n" + result.describe()).isTrue();
        return matcher;
    }
}
