package dev.heddle.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssignmentAcrossJvmsTest {

    private static final int USERS = 10_000;

    @Test
    void anotherJvmAssignsEveryUserTheSameVariant(@TempDir Path dir) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("no path to this JVM's java"));
        Path errors = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                AssignmentPrinter.class.getName(), "checkout-button", "0.6", Integer.toString(USERS), "0.5", "0.3", "0.2"));
        Process child = new ProcessBuilder(command).redirectError(errors.toFile()).start();

        List<Integer> printed = new ArrayList<>();
        try (InputStream out = child.getInputStream()) {
            for (String line : new String(out.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                if (!line.isEmpty()) printed.add(Integer.valueOf(line));
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the other JVM finished").isTrue();
        assertThat(child.exitValue()).as("the other JVM's exit status; its standard error:%n%s", Files.readString(errors)).isZero();

        VariantAssigner here = new VariantAssigner("checkout-button", new double[] {0.5, 0.3, 0.2}, 0.6);
        List<Integer> expected = IntStream.range(0, USERS).map(i -> here.assign("user-" + i)).boxed().toList();
        assertThat(printed).isEqualTo(expected);
    }
}
