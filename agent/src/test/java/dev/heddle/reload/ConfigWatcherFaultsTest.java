package dev.heddle.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.bootstrap.StandardErrorCapture;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.HeddleConfig;
import dev.heddle.pipeline.Registry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration file broken while the app runs: deleted, made unreadable, swapped for a huge
 * file, for bytes that are not UTF-8, cut in half or turned into an alias bomb. The configuration
 * in force keeps running, the problem is logged once per change (not at every check) and shown as
 * the last reload, and a good file put back is applied.
 */
class ConfigWatcherFaultsTest {

    private static final String ONE_RULE = """
            rules:
              - name: bot
                match: { type: com.example.Bot, method: answer }
                cache: { ttl: 1h }
            """;

    @TempDir
    Path dir;

    private Path file;
    private Registry registry;
    private HeddleConfig first;
    private ConfigWatcher watcher;

    private void start() throws Exception {
        file = Files.writeString(dir.resolve("heddle.yaml"), ONE_RULE, StandardCharsets.UTF_8);
        first = ConfigLoader.load(file);
        registry = new Registry(first);
        watcher = new ConfigWatcher(file, registry, (before, after) -> { }, Files.readAllBytes(file));
    }

    /** Three checks, as three polls of the watcher would make; returns what they logged. */
    private String threeChecks() {
        return StandardErrorCapture.during(() -> {
            for (int i = 0; i < 3; i++) assertThat(watcher.check()).isFalse();
        });
    }

    private static long lines(String log, String containing) {
        return log.lines().filter(line -> line.startsWith("[heddle] ") && line.contains(containing)).count();
    }

    private void assertTheFirstConfigurationKeepsRunning() {
        assertThat(registry.config()).isSameAs(first);
        assertThat(registry.configVersion()).isEqualTo(1);
        assertThat(registry.lastReload().applied()).isFalse();
        assertThat(registry.lastReload().summary()).contains("version 1 keeps running");
    }

    @Test
    void aDeletedFileIsReportedOnceAndTheSameFilePutBackIsApplied() throws Exception {
        start();
        Files.delete(file);

        String log = threeChecks();

        assertThat(lines(log, "the file is gone")).isEqualTo(1);
        assertTheFirstConfigurationKeepsRunning();
        assertThat(registry.lastReload().problems()).singleElement().asString().contains("heddle.yaml: the file is gone");

        Files.writeString(file, ONE_RULE, StandardCharsets.UTF_8);
        assertThat(watcher.check()).as("the file back, even unchanged, is applied so the operator sees it").isTrue();
        assertThat(registry.configVersion()).isEqualTo(2);
        assertThat(registry.lastReload().applied()).isTrue();

        Files.delete(file);
        assertThat(lines(threeChecks(), "the file is gone")).as("a second deletion is a new change").isEqualTo(1);
    }

    @Test
    void aDirectoryInPlaceOfTheFileIsReportedOnceAsUnreadable() throws Exception {
        start();
        Files.delete(file);
        Files.createDirectory(file);

        String log = threeChecks();

        assertThat(lines(log, "cannot be read")).isEqualTo(1);
        assertTheFirstConfigurationKeepsRunning();
        Files.delete(file);
        Files.writeString(file, ONE_RULE.replace("1h", "2h"), StandardCharsets.UTF_8);
        assertThat(watcher.check()).isTrue();
        assertThat(registry.config().rules().get(0).cache().orElseThrow().ttl()).hasHours(2);
    }

    @Test
    void aFileWithoutReadPermissionIsReportedOnceUnlessTheAppRunsAsRootWhoReadsItAnyway() throws Exception {
        start();
        Files.writeString(file, ONE_RULE.replace("1h", "2h"), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        boolean root = Files.isReadable(file);

        String log = StandardErrorCapture.during(() -> {
            for (int i = 0; i < 3; i++) watcher.check();
        });

        if (root) {
            // permission bits do not stop root: the change is read and applied, as any change
            assertThat(registry.configVersion()).isEqualTo(2);
            assertThat(lines(log, "cannot be read")).isZero();
        } else {
            assertThat(lines(log, "cannot be read")).isEqualTo(1);
            assertTheFirstConfigurationKeepsRunning();
        }
    }

    @Test
    void aFileOverTheSizeLimitIsNeitherReadNorApplied() throws Exception {
        start();
        byte[] huge = new byte[(int) ConfigWatcher.MAX_BYTES + 1];
        Arrays.fill(huge, (byte) '#');
        Files.write(file, huge);

        String log = threeChecks();

        assertThat(lines(log, "more than the " + ConfigWatcher.MAX_BYTES)).isEqualTo(1);
        assertTheFirstConfigurationKeepsRunning();
    }

    @Test
    void bytesThatAreNotUtf8AreRejectedOnceWithTheLineAndColumnOfTheFirstBadByte() throws Exception {
        start();
        byte[] content = (ONE_RULE + "# caf").getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = Arrays.copyOf(content, content.length + 2);
        latin1[content.length] = (byte) 0xE9;
        latin1[content.length + 1] = '\n';
        Files.write(file, latin1);

        String log = threeChecks();

        assertTheFirstConfigurationKeepsRunning();
        assertThat(registry.lastReload().problems()).singleElement().asString()
                .contains("heddle.yaml:5:6:").contains("not UTF-8").contains("0xE9");
        assertThat(lines(log, "not UTF-8")).isEqualTo(1);
    }

    @Test
    void randomBinaryBytesAreRejectedAndAGoodFileAfterThemIsApplied() throws Exception {
        start();
        byte[] garbage = new byte[4096];
        new java.util.Random(42).nextBytes(garbage);
        Files.write(file, garbage);

        threeChecks();
        assertTheFirstConfigurationKeepsRunning();

        Files.writeString(file, ONE_RULE, StandardCharsets.UTF_8);
        assertThat(watcher.check()).as("the good file differs from the garbage before it").isTrue();
    }

    @Test
    void aFileCutInHalfIsRejected() throws Exception {
        start();
        Files.writeString(file, ONE_RULE.substring(0, ONE_RULE.indexOf("{ type:") + 10), StandardCharsets.UTF_8);

        String log = threeChecks();

        assertTheFirstConfigurationKeepsRunning();
        assertThat(lines(log, "problem(s)")).isEqualTo(1);
    }

    @Test
    void anAliasBombIsRejectedQuickly() throws Exception {
        start();
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char level = 'b'; level <= 'k'; level++) {
            char previous = (char) (level - 1);
            bomb.append(level).append(": &").append(level).append(" [");
            for (int i = 0; i < 10; i++) bomb.append(i == 0 ? "" : ", ").append('*').append(previous);
            bomb.append("]\n");
        }
        bomb.append(ONE_RULE);
        Files.writeString(file, bomb, StandardCharsets.UTF_8);

        threeChecks();

        assertTheFirstConfigurationKeepsRunning();
        assertThat(registry.lastReload().problems()).anySatisfy(problem -> assertThat(problem).contains("alias"));
    }
}
