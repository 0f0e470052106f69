package dev.heddle.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalLlmTest {

    private static LocalLlm instantModel() {
        return new LocalLlm(7, Duration.ZERO, Duration.ZERO);
    }

    @Test
    void sameModelAndPromptAlwaysGetTheSameAnswer() {
        LocalLlm one = instantModel();
        LocalLlm other = instantModel();

        String first = one.complete("local-small", "What is a heddle?");

        assertThat(one.complete("local-small", "What is a heddle?")).isEqualTo(first);
        assertThat(other.complete("local-small", "What is a heddle?")).isEqualTo(first);
    }

    @Test
    void answerDependsOnPromptAndModel() {
        LocalLlm model = instantModel();

        String answer = model.complete("local-small", "What is a heddle?");

        assertThat(answer).contains("What is a heddle?").startsWith("[local-small]");
        assertThat(model.complete("local-small", "What is a shuttle?")).isNotEqualTo(answer);
        assertThat(model.complete("local-large", "What is a heddle?")).isNotEqualTo(answer);
    }

    @Test
    void counterCountsEveryRealCall() {
        LocalLlm model = instantModel();
        assertThat(model.calls()).isZero();

        model.complete("m", "a");
        model.complete("m", "a");
        model.complete("m", "b");

        assertThat(model.calls()).isEqualTo(3);
    }

    @Test
    void callTakesAtLeastTheMinimumLatency() {
        LocalLlm model = new LocalLlm(7, Duration.ofMillis(20), Duration.ofMillis(20));

        long start = System.nanoTime();
        model.complete("m", "a");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(20));
    }

    @Test
    void rejectsAnInvertedLatencyRange() {
        assertThatThrownBy(() -> new LocalLlm(1, Duration.ofMillis(10), Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
