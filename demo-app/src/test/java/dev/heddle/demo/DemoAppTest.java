package dev.heddle.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoAppTest {

    @Test
    void withoutTheAgentEveryAskIsARealModelCall() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LocalLlm model = new LocalLlm(1, Duration.ZERO, Duration.ZERO);

        DemoApp.run(12, model, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(model.calls()).isEqualTo(12);
        assertThat(output.lines().filter(line -> line.startsWith("ask "))).hasSize(12);
        assertThat(output).contains("asks:             12").contains("real model calls: 12");
    }

    @Test
    void readsTheNumberOfAsks() {
        assertThat(DemoApp.parseAsks(new String[0])).isEqualTo(DemoApp.DEFAULT_ASKS);
        assertThat(DemoApp.parseAsks(new String[] {"--asks", "5"})).isEqualTo(5);
        assertThat(DemoApp.parseAsks(new String[] {"--asks=7"})).isEqualTo(7);
    }

    @Test
    void rejectsAnythingElseOnTheCommandLine() {
        assertThatThrownBy(() -> DemoApp.parseAsks(new String[] {"--asks", "zero"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoApp.parseAsks(new String[] {"--asks", "0"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoApp.parseAsks(new String[] {"--fast"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
