package dev.heddle.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.demo.mock.MockSettings;
import dev.heddle.it.app.sdk.StageFaultApp;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.ItFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule with {@code cache.semantic} and its local embedding model unusable: the agent jar copied
 * alone to a folder (no {@code heddle-embeddings.jar} beside it), or beside a companion jar that is
 * not a jar (truncated, corrupt). The app runs, its exact cache still answers repeated calls, the
 * operator reads a warning that names the missing or broken jar and says the exact cache still
 * works (a missing jar is told at start, and once more at the first lookup; a broken one at the
 * first lookup), never one per call, and no internal error is counted: the semantic tier is off.
 */
class EmbeddingModelFaultsWithAgentTest {

    private static String yaml() {
        return """
                rules:
                  - name: cached
                    match: { type: %s, method: cached }
                    cache: { ttl: 1h, semantic: {} }
                """.formatted(StageFaultApp.Assistant.class.getName());
    }

    private static ChildResult run(Jdk jdk, Path dir, Path agentJar) {
        Path config = ConfigFiles.write(dir, "heddle.yaml", yaml());
        try (MockLlmServer server = MockLlmServer.start(MockSettings.defaults())) {
            return SdkApps.app(jdk, StageFaultApp.class, dir).args(server.baseUrl())
                    .javaagent(agentJar, TestApps.configArg(config)).run();
        }
    }

    private static Path agentAlone(Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("agent-alone"));
        return Files.copy(ItFiles.agentJar(), folder.resolve("heddle-agent.jar"));
    }

    private static void assertTheExactCacheWorks(ChildResult result) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.values()).as(result.describe())
                .containsEntry("cached.runs", "1,0,0")
                .containsEntry("cached.answers", "ok,ok,ok")
                .containsEntry("internalErrors", "0");
    }

    private static List<String> linesNamingTheJar(ChildResult result) {
        return result.stderr().lines()
                .filter(line -> line.startsWith("[heddle]") && line.contains("heddle-embeddings.jar"))
                .toList();
    }

    @OnEveryJdk
    void withoutTheCompanionJarTheExactCacheWorksAndOneWarningSaysWhereTheJarShouldBe(Jdk jdk, @TempDir Path dir)
            throws IOException {
        Path agent = agentAlone(dir);

        ChildResult result = run(jdk, dir, agent);

        assertTheExactCacheWorks(result);
        List<String> warnings = linesNamingTheJar(result);
        assertThat(warnings).as(result.describe()).isNotEmpty();
        assertThat(warnings.get(0)).as("at start, before the first call")
                .contains("is not at " + agent.resolveSibling("heddle-embeddings.jar"))
                .contains("cache.semantic").contains("the exact cache still works");
        assertThat(warnings).as("at most the first failed lookup again, not one per call; " + result.describe())
                .hasSizeLessThanOrEqualTo(2);
    }

    @OnEveryJdk
    void withACorruptCompanionJarTheExactCacheWorksAndOneWarningSaysTheJarIsBroken(Jdk jdk, @TempDir Path dir)
            throws IOException {
        Path agent = agentAlone(dir);
        byte[] real = Files.readAllBytes(ItFiles.agentJar().resolveSibling("heddle-embeddings.jar"));
        Files.write(agent.resolveSibling("heddle-embeddings.jar"), Arrays.copyOf(real, 4096));

        ChildResult result = run(jdk, dir, agent);

        assertTheExactCacheWorks(result);
        assertThat(linesNamingTheJar(result)).as("one warning, at the first call that needed the model; " + result.describe())
                .singleElement().asString().contains("not a usable heddle-embeddings.jar").contains("exact cache");
    }
}
