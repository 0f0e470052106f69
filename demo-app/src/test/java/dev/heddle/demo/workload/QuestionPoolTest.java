package dev.heddle.demo.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuestionPoolTest {

    @TempDir
    Path dir;

    @Test
    void theBundledPoolHasAHundredFamiliesOfTwoToFourWordingsAndOverAThousandUniqueQuestions() {
        QuestionPool pool = QuestionPool.bundled();

        assertThat(pool.families()).isEqualTo(106);
        assertThat(IntStream.range(0, pool.families()).map(family -> pool.wordings(family).size()))
                .allSatisfy(wordings -> assertThat(wordings).isBetween(2, 4));
        assertThat(IntStream.range(0, pool.families()).map(family -> pool.wordings(family).size() - 1).sum()).isEqualTo(266);
        assertThat(pool.uniqueQuestions()).hasSize(1280).doesNotHaveDuplicates()
                .allSatisfy(question -> assertThat(question).endsWith("?"));
    }

    @Test
    void familyOfFindsTheFamilyOfEveryWordingAndMinusOneForAnyOtherText() {
        QuestionPool pool = QuestionPool.bundled();

        for (int family = 0; family < pool.families(); family++) {
            for (String wording : pool.wordings(family)) {
                assertThat(pool.familyOf(wording)).as(wording).isEqualTo(family);
            }
        }
        assertThat(pool.uniqueQuestions()).allSatisfy(question -> assertThat(pool.familyOf(question)).isEqualTo(-1));
        assertThat(pool.familyOf("How do I reset my password?")).isZero();
        assertThat(pool.familyOf("how do I reset my password?")).isEqualTo(-1);
        assertThat(pool.familyOf("What is a heddle?")).isEqualTo(-1);
    }

    @Test
    void aPoolRejectsAFamilyOfOneWordingATextGivenTwiceAndNoFamilies() {
        assertThatThrownBy(() -> QuestionPool.of(List.of(List.of("Only one?")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two wordings");
        assertThatThrownBy(() -> QuestionPool.of(List.of(List.of("A?", "B?"), List.of("C?", "A?")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice: A?");
        assertThatThrownBy(() -> QuestionPool.of(List.of(List.of("A?", "B?")), List.of("B?")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice: B?");
        assertThatThrownBy(() -> QuestionPool.of(List.of(), List.of("A?")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one paraphrase family");
    }

    @Test
    void qqpFamiliesAreDuplicatePairsAndItsUniqueQuestionsThoseOfNonDuplicatesInNoDuplicatePair() throws IOException {
        Path pairs = write(
                pair("How do I learn Java?", "What is the best way to learn Java?", true),
                pair("How can I lose weight?", "What should I do to lose weight?", true),
                pair("Why is the sky blue?", "Why is the sea blue?", false),
                pair("How do I learn Java?", "How do I learn Kotlin?", false),
                pair("What is love?", "What is LOVE", true),
                pair("What is love?", "Who wrote Hamlet?", false),
                pair("Why is the sky blue?", "why is the sky blue", false));

        QuestionPool pool = QuestionPool.fromQqp(pairs, 2, 1);

        assertThat(List.of(pool.wordings(0), pool.wordings(1))).containsExactlyInAnyOrder(
                List.of("How do I learn Java?", "What is the best way to learn Java?"),
                List.of("How can I lose weight?", "What should I do to lose weight?"));
        assertThat(pool.uniqueQuestions())
                .containsExactly("Why is the sky blue?", "Why is the sea blue?", "How do I learn Kotlin?", "Who wrote Hamlet?");
        assertThat(pool.familyOf("What should I do to lose weight?")).isEqualTo(pool.familyOf("How can I lose weight?")).isNotNegative();
        assertThatThrownBy(() -> QuestionPool.fromQqp(pairs, 3, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 2 groups of duplicate pairs");
    }

    @Test
    void duplicatePairsThatShareAQuestionGiveOneFamilyAtMost() throws IOException {
        Path pairs = write(
                pair("How do I learn Java?", "What is the best way to learn Java?", true),
                pair("What is the best way to learn Java?", "How should a beginner learn Java?", true),
                pair("How should a beginner learn Java?", "Where do I start with Java?", true),
                pair("How can I lose weight?", "What should I do to lose weight?", true));

        for (long seed = 0; seed < 20; seed++) {
            QuestionPool pool = QuestionPool.fromQqp(pairs, 2, seed);

            int weightLoss = pool.familyOf("How can I lose weight?");
            assertThat(weightLoss).isNotNegative();
            assertThat(pool.wordings(1 - weightLoss)).allSatisfy(wording -> assertThat(wording).contains("Java"));
            assertThat(pool.uniqueQuestions()).isEmpty();
        }
        assertThatThrownBy(() -> QuestionPool.fromQqp(pairs, 3, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 2 groups of duplicate pairs");
    }

    @Test
    void theSeedChoosesTheQqpFamilies() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add(pair("How do I bake bread number " + i + "?", "What is a recipe for bread number " + i + "?", true));
        }
        Path pairs = write(lines.toArray(String[]::new));

        assertThat(firstWordings(QuestionPool.fromQqp(pairs, 5, 1))).isEqualTo(firstWordings(QuestionPool.fromQqp(pairs, 5, 1)))
                .isNotEqualTo(firstWordings(QuestionPool.fromQqp(pairs, 5, 2)));
        Set<String> across = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            across.addAll(firstWordings(QuestionPool.fromQqp(pairs, 5, seed)));
        }
        assertThat(across).hasSizeGreaterThan(20);
    }

    @Test
    void aLineThatIsNotAPairIsReportedWithItsFileAndLine() throws IOException {
        Path notJson = write(pair("A?", "B?", true), "{\"a\": \"C?\", \"b\":");
        Path noLabel = write(pair("A?", "B?", true), "", "{\"a\": \"C?\", \"b\": \"D?\"}");

        assertThatThrownBy(() -> QuestionPool.fromQqp(notJson, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(notJson + ":2: not JSON");
        assertThatThrownBy(() -> QuestionPool.fromQqp(noLabel, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(noLabel + ":3: expected");
    }

    private static List<String> firstWordings(QuestionPool pool) {
        return IntStream.range(0, pool.families()).mapToObj(family -> pool.wordings(family).get(0)).toList();
    }

    private static String pair(String a, String b, boolean duplicate) {
        return "{\"a\": \"" + a + "\", \"b\": \"" + b + "\", \"duplicate\": " + duplicate + "}";
    }

    private Path write(String... lines) throws IOException {
        Path file = Files.createTempFile(dir, "pairs", ".jsonl");
        return Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    }
}
