package dev.heddle.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.config.ConfigLoader;
import dev.heddle.config.HeddleConfig;
import dev.heddle.pipeline.Registry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {

    private static final String ONE_RULE = """
            rules:
              - name: bot
                match: { type: com.example.Bot, method: answer }
                cache: { ttl: 1h }
            """;

    @TempDir
    Path dir;

    private final List<String> reweaves = new ArrayList<>();

    private ConfigWatcher watcherOf(Path file, Registry registry) throws Exception {
        return new ConfigWatcher(file, registry, (before, after) -> reweaves.add(before.rules().size() + "->" + after.rules().size()),
                Files.readAllBytes(file));
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("heddle.yaml"), yaml, StandardCharsets.UTF_8);
    }

    @Test
    void anUnchangedFileIsNotAppliedAgain() throws Exception {
        Path file = write(ONE_RULE);
        Registry registry = new Registry(ConfigLoader.load(file));

        assertThat(watcherOf(file, registry).check()).isFalse();
        assertThat(registry.configVersion()).isEqualTo(1);
        assertThat(reweaves).isEmpty();
    }

    @Test
    void aValidChangeIsAppliedAsTheNextVersionAndTheClassesAreWovenAgain() throws Exception {
        Path file = write(ONE_RULE);
        Registry registry = new Registry(ConfigLoader.load(file));
        ConfigWatcher watcher = watcherOf(file, registry);

        write(ONE_RULE + """
                  - name: helper
                    match: { type: com.example.Helper, method: help }
                """);

        assertThat(watcher.check()).isTrue();
        assertThat(registry.configVersion()).isEqualTo(2);
        assertThat(registry.config().rules()).extracting(rule -> rule.name()).containsExactly("bot", "helper");
        assertThat(registry.lastReload().applied()).isTrue();
        assertThat(reweaves).containsExactly("1->2");
    }

    @Test
    void anInvalidChangeIsRejectedWithItsLineAndTheConfigurationInForceKeepsRunning() throws Exception {
        Path file = write(ONE_RULE);
        HeddleConfig first = ConfigLoader.load(file);
        Registry registry = new Registry(first);
        ConfigWatcher watcher = watcherOf(file, registry);

        write(ONE_RULE.replace("ttl: 1h", "tll: 1h"));

        assertThat(watcher.check()).isFalse();
        assertThat(registry.config()).isSameAs(first);
        assertThat(registry.configVersion()).isEqualTo(1);
        ReloadResult rejected = registry.lastReload();
        assertThat(rejected.applied()).isFalse();
        assertThat(rejected.problems()).singleElement().asString().contains("heddle.yaml:4:").contains("tll").contains("ttl");
        assertThat(rejected.summary()).contains("rejected").contains("version 1 keeps running");
        assertThat(reweaves).isEmpty();
    }

    @Test
    void aFixedFileIsAppliedAfterARejectedOne() throws Exception {
        Path file = write(ONE_RULE);
        Registry registry = new Registry(ConfigLoader.load(file));
        ConfigWatcher watcher = watcherOf(file, registry);
        write("rules: [");
        watcher.check();

        write(ONE_RULE.replace("1h", "2h"));

        assertThat(watcher.check()).isTrue();
        assertThat(registry.configVersion()).isEqualTo(2);
        assertThat(registry.config().rules().get(0).cache().orElseThrow().ttl()).hasHours(2);
    }

    @Test
    void aFileThatIsGoneLeavesTheConfigurationInForce() throws Exception {
        Path file = write(ONE_RULE);
        Registry registry = new Registry(ConfigLoader.load(file));
        ConfigWatcher watcher = watcherOf(file, registry);

        Files.delete(file);

        assertThat(watcher.check()).isFalse();
        assertThat(registry.configVersion()).isEqualTo(1);
        assertThat(registry.config().rules()).hasSize(1);
    }
}
