package dev.heddle.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.it.app.EchoApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself, with a child that needs no agent. */
class ChildJvmTest {

    @TempDir
    Path dir;

    private ChildJvm.Builder echo() {
        return TestApps.app(Jdks.current(), EchoApp.class, dir);
    }

    @Test
    void collectsExitCodeStdoutAndStderr() {
        ChildResult result = echo().args("--exit", "3").run();

        assertThat(result.timedOut()).isFalse();
        assertThat(result.exitCode()).as(result::describe).isEqualTo(3);
        assertThat(result.value("args")).contains("--exit 3");
        assertThat(result.stderr()).contains("hello on stderr");
    }

    @Test
    void waitsForALineAndWritesToStdin() {
        try (ChildJvm child = echo().start()) {
            assertThat(child.awaitStdoutLine("READY"::equals)).isEqualTo("READY");

            child.writeLine("first");
            assertThat(child.awaitStdoutLine(line -> line.startsWith("echo="))).isEqualTo("echo=first");
            child.writeLine("EXIT 0");

            ChildResult result = child.waitFor();
            assertThat(result.succeeded()).as(result::describe).isTrue();
        }
    }

    @Test
    void killsAChildThatRunsPastItsTimeout() {
        ChildResult result = echo().args("--sleep").timeout(Duration.ofSeconds(5)).run();

        assertThat(result.timedOut()).isTrue();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.value("args")).as(result::describe).contains("--sleep");
    }

    @Test
    void setsEnvironmentVariablesButNeverInheritsHeddleConfig() {
        ChildResult result = echo().env("HEDDLE_IT_PROBE", "probe value").args("--exit", "0").run();

        assertThat(result.value("env.HEDDLE_IT_PROBE")).contains("probe value");
        assertThat(result.value("env.HEDDLE_CONFIG")).contains("null");
    }

    @Test
    void putsTheJavaagentBeforeTheOtherFlagsAndTheMainClassLast() {
        List<String> command = ChildJvm.builder()
                .javaExecutable(Path.of("/jdk/bin/java"))
                .javaagent(Path.of("/a/heddle-agent.jar"), "config=/c/heddle.yaml,debug=true")
                .jvmFlags("-Xmx64m")
                .classpath(Path.of("/x"), Path.of("/y.jar"))
                .mainClass("com.example.Main")
                .args("one")
                .commandLine();

        assertThat(command).containsExactly("/jdk/bin/java",
                "-javaagent:/a/heddle-agent.jar=config=/c/heddle.yaml,debug=true", "-Xmx64m",
                "-cp", "/x:/y.jar", "com.example.Main", "one");
    }

    @Test
    void javaagentWithoutArgumentsHasNoEqualsSign() {
        List<String> command = ChildJvm.builder()
                .javaExecutable(Path.of("java"))
                .javaagent(Path.of("/a/heddle-agent.jar"))
                .executableJar(Path.of("/app.jar"))
                .commandLine();

        assertThat(command).containsExactly("java", "-javaagent:/a/heddle-agent.jar", "-jar", "/app.jar");
    }
}
