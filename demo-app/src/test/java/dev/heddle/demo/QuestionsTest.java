package dev.heddle.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QuestionsTest {

    @Test
    void popularQuestionsAreAskedMoreOften() {
        Random random = new Random(42);
        int[] counts = new int[12];
        IntStream.range(0, 10_000).forEach(i -> counts[Questions.zipfRank(12, Questions.ZIPF_EXPONENT, random)]++);

        assertThat(counts[0]).isGreaterThan(counts[1]);
        assertThat(counts[1]).isGreaterThan(counts[5]);
        assertThat(counts[5]).isGreaterThan(counts[11]);
        assertThat(counts[11]).isPositive();
    }

    @Test
    void exponentZeroIsUniform() {
        Random random = new Random(7);
        int[] counts = new int[4];
        IntStream.range(0, 40_000).forEach(i -> counts[Questions.zipfRank(4, 0, random)]++);

        assertThat(IntStream.of(counts).boxed()).allSatisfy(count -> assertThat(count).isBetween(9_000, 11_000));
    }

    @Test
    void picksFromThePool() {
        Random random = new Random(1);

        assertThat(IntStream.range(0, 100).mapToObj(i -> Questions.pick(Questions.SUPPORT, random)))
                .allSatisfy(question -> assertThat(Questions.SUPPORT).contains(question));
        assertThat(Questions.pick(java.util.List.of("only"), random)).isEqualTo("only");
    }

    @Test
    void poolsHaveNoDuplicates() {
        assertThat(Questions.SUPPORT).doesNotHaveDuplicates();
        assertThat(Questions.DOCS).doesNotHaveDuplicates();
    }

    @Test
    void anEmptyPoolIsAnError() {
        assertThatThrownBy(() -> Questions.zipfRank(0, 1, new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
