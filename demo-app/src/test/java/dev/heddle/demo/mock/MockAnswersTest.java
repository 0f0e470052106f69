package dev.heddle.demo.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The token rule and the answer text, apart from HTTP. */
class MockAnswersTest {

    private static Conversation ask(String model, String temperature, Integer maxTokens, String... userTurns) {
        List<Conversation.Turn> turns = java.util.Arrays.stream(userTurns)
                .map(text -> new Conversation.Turn("user", text)).toList();
        return new Conversation(model, "", turns, temperature, null, maxTokens, 1, false, false);
    }

    @Test
    void everyRunOfLettersAndDigitsIsOneTokenAndEveryOtherVisibleCharacterIsOne() {
        assertThat(MockAnswers.countTokens("Hi, gpt-4o!")).isEqualTo(6);
        assertThat(MockAnswers.countTokens("What is a heddle?")).isEqualTo(5);
        assertThat(MockAnswers.countTokens("Grüße, 世界")).isEqualTo(3);
        assertThat(MockAnswers.countTokens("  \n\t ")).isZero();
        assertThat(MockAnswers.countTokens("")).isZero();
        assertThat(MockAnswers.countTokens(null)).isZero();
    }

    @Test
    void answerNamesTheModelAndTemperatureAndQuotesTheLastUserMessage() {
        MockAnswers.Answer answer = MockAnswers.answer(ask("m1", "0.2", null, "Hello", "What is a heddle?"), 0);

        assertThat(answer.text()).startsWith("m1 answers (t=0.2): ").contains("\"What is a heddle?\"")
                .doesNotContain("Hello").matches(".*\\(ref [0-9a-f]{8}\\)$");
        assertThat(answer.tokens()).isEqualTo(MockAnswers.countTokens(answer.text()));
        assertThat(answer.truncated()).isFalse();
    }

    @Test
    void longQuestionsAreQuotedShort() {
        String question = "word ".repeat(40).trim();

        String answer = MockAnswers.answer(ask("m", "default", null, question), 0).text();

        assertThat(answer).contains("...\"").hasSizeLessThan(question.length() + 60);
    }

    @Test
    void quotedTopicIsWhatTheAnswerQuotes() {
        String question = "  How   do I\tweave " + "a long question ".repeat(6);

        String answer = MockAnswers.answer(ask("m", "default", null, question), 0).text();

        assertThat(MockAnswers.quotedTopic(question)).endsWith("...").hasSizeLessThanOrEqualTo(63);
        assertThat(answer).contains("\"" + MockAnswers.quotedTopic(question) + "\"");
        assertThat(MockAnswers.quotedTopic("What is a heddle?")).isEqualTo("What is a heddle?");
        assertThat(MockAnswers.quotedTopic(" ")).isEqualTo("your question");
    }

    @Test
    void earlierTurnsChangeTheAnswerThroughTheHash() {
        String alone = MockAnswers.answer(ask("m", "default", null, "Why?"), 0).text();
        String afterHistory = MockAnswers.answer(ask("m", "default", null, "Tell me about looms.", "Why?"), 0).text();

        assertThat(afterHistory).isNotEqualTo(alone);
    }

    @Test
    void tokenLimitCutsAfterThatManyTokens() {
        MockAnswers.Answer answer = MockAnswers.answer(ask("m", "0.5", 7, "q"), 0);

        // m answers ( t = 0 . : seven tokens
        assertThat(answer.text()).isEqualTo("m answers (t=0.");
        assertThat(answer.tokens()).isEqualTo(7);
        assertThat(answer.truncated()).isTrue();
    }

    @Test
    void streamChunksJoinBackToTheAnswer() {
        String answer = MockAnswers.answer(ask("gpt-4o-mini", "default", null, "What is a heddle?"), 0).text();

        List<String> chunks = MockAnswers.chunks(answer);

        assertThat(String.join("", chunks)).isEqualTo(answer);
        assertThat(chunks).hasSizeGreaterThan(5);
        assertThat(chunks.subList(1, chunks.size())).allSatisfy(chunk -> assertThat(chunk).startsWith(" "));
    }
}
