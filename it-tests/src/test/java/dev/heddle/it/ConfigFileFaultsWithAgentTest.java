package dev.heddle.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.it.app.ConfigFaultApp;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.TestApps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;

/**
 * The YAML file of a running app broken in every way a file breaks: deleted, cut in half, replaced
 * by a directory (unreadable, even for root, who reads a file whatever its permission bits), by
 * random binary bytes, by text that is not UTF-8, by a 2 MB file, by an alias bomb. After each, the
 * app keeps running on the last good configuration (its cached method does not run again), the
 * MBean shows the rejection with its reason, the log says it once however many times the watcher
 * looked (each fault is left in place for several polls), and the good file put back is applied as
 * the next version. No internal error is counted: a broken file is the operator's problem, told
 * plainly, not Heddle's.
 */
class ConfigFileFaultsWithAgentTest {

    private static final String GOOD = """
            rules:
              - name: greeter
                match: { type: %s, method: greet }
                cache: { ttl: 1h }
            """.formatted(ConfigFaultApp.Greeter.class.getName());

    /** Long enough for the watcher (one read a second) to look at a broken file a few times. */
    private static final long SEVERAL_POLLS_MS = 3_500;

    private int replies;
    private int version = 1;

    @OnEveryJdk
    void aBrokenFileLeavesTheLastGoodConfigurationRunningIsReportedOnceAndTheGoodFileBackIsApplied(Jdk jdk, @TempDir Path dir)
            throws Exception {
        Path config = write(dir.resolve("heddle.yaml"), GOOD.getBytes(StandardCharsets.UTF_8));
        ChildResult result;
        try (ChildJvm app = TestApps.withAgent(TestApps.app(jdk, ConfigFaultApp.class, dir), TestApps.configArg(config))
                .timeout(java.time.Duration.ofSeconds(120)).start()) {
            app.awaitStdoutLine("READY"::equals);
            assertThat(send(app, "GREET ada")).isEqualTo("hello ada runs=1");
            assertThat(send(app, "GREET ada")).as("cached by version 1").isEqualTo("hello ada runs=1");

            Files.delete(config);
            brokenThenRestored(app, config, "the file is gone");

            byte[] good = GOOD.getBytes(StandardCharsets.UTF_8);
            write(config, Arrays.copyOf(good, GOOD.indexOf("{ type:") + 10));
            brokenThenRestored(app, config, "invalid YAML");

            Files.delete(config);
            Files.createDirectory(config);
            brokenThenRestored(app, config, "cannot be read");

            byte[] garbage = new byte[8192];
            new Random(42).nextBytes(garbage);
            write(config, garbage);
            brokenThenRestored(app, config, "not UTF-8");

            write(config, (GOOD + "# na\u00efve\n").getBytes(StandardCharsets.ISO_8859_1));
            brokenThenRestored(app, config, "not UTF-8");

            byte[] huge = new byte[2 * 1024 * 1024];
            Arrays.fill(huge, (byte) '#');
            write(config, huge);
            brokenThenRestored(app, config, "more than the 1048576");

            write(config, aliasBomb().getBytes(StandardCharsets.UTF_8));
            brokenThenRestored(app, config, "alias");

            assertThat(send(app, "ERRORS")).as("a broken file is no internal error").isEqualTo("0");
            app.writeLine("QUIT");
            result = app.waitFor();
        }

        String stderr = result.stderr();
        assertThat(logLines(stderr, "the file is gone")).as(result.describe()).isEqualTo(1);
        assertThat(logLines(stderr, "cannot be read")).as(result.describe()).isEqualTo(1);
        assertThat(logLines(stderr, "more than the 1048576")).as(result.describe()).isEqualTo(1);
        assertThat(logLines(stderr, "not UTF-8")).as("binary, then Latin-1; " + result.describe()).isEqualTo(2);
        assertThat(logLines(stderr, "changed but has")).as("truncated, binary, Latin-1, bomb; " + result.describe()).isEqualTo(4);
        assertThat(logLines(stderr, "reloaded: version")).as("each good file back; " + result.describe()).isEqualTo(7);
        System.out.printf("config-faults on %s: 7 faults, %d [heddle] lines in all, final version %d%n", jdk,
                stderr.lines().filter(line -> line.startsWith("[heddle]")).count(), version);
    }

    /**
     * The fault is in place: the MBean shows it, the cached method still does not run (the last good
     * configuration is in force), the file is left broken for several polls, then the good file is
     * put back and applied as the next version.
     */
    private void brokenThenRestored(ChildJvm app, Path config, String problem) throws Exception {
        assertThat(send(app, "PROBLEM " + problem)).contains(problem).contains("heddle.yaml");
        assertThat(send(app, "GREET ada")).as("the last good configuration still caches").isEqualTo("hello ada runs=1");
        Thread.sleep(SEVERAL_POLLS_MS);
        if (Files.isDirectory(config)) Files.delete(config);
        write(config, GOOD.getBytes(StandardCharsets.UTF_8));
        version++;
        assertThat(send(app, "VERSION " + version)).isEqualTo(String.valueOf(version));
    }

    private static String aliasBomb() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char level = 'b'; level <= 'k'; level++) {
            bomb.append(level).append(": &").append(level).append(" [");
            for (int i = 0; i < 10; i++) bomb.append(i == 0 ? "" : ", ").append('*').append((char) (level - 1));
            bomb.append("]\n");
        }
        return bomb + GOOD;
    }

    private static long logLines(String stderr, String containing) {
        return stderr.lines().filter(line -> line.startsWith("[heddle]") && line.contains(containing)).count();
    }

    private static Path write(Path file, byte[] content) {
        try {
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a command and returns the app's answer to it. */
    private String send(ChildJvm app, String command) {
        app.writeLine(command);
        String prefix = "reply." + ++replies + "=";
        return app.awaitStdoutLine(line -> line.startsWith(prefix)).substring(prefix.length());
    }
}
