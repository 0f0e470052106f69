package dev.heddle.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FalseHitGuardTest {

    private final FalseHitGuard guard = new FalseHitGuard();

    @Test
    void unitsSwappedAroundANumberAreNotTheSameQuestion() {
        assertThat(guard.agrees("How do I convert 10 miles to km?", "How do I convert 10 km to miles?")).isFalse();
    }

    @ParameterizedTest(name = "{0} | {1}")
    @CsvSource(delimiter = '|', value = {
        "How should Californians vote on 2016's Proposition 55? | How should Californians vote on 2016's Proposition 54?",
        "What is 7 times 8? | What is 7 times 9?",
        "Give me two examples of recursion | Give me three examples of recursion",
        "Why do Russians dislike Poles? | Why do Poles dislike Russians?",
        "What are the pros and cons of eating tofu over bean curd? | What are the pros and cons of eating bean curd over tofu?",
        "What are the things Muslims can do in India? | What are the things Muslims cannot do in India?",
        "Why can't I sleep at night? | Why can I sleep at night?",
        "What is a good rehab center in Washington County AL? | What is a good rehab center in Marshall County AL?",
        "Which public sector pays the highest salary? | Which public sector pays the highest salary in India?",
    })
    void questionsThatDifferInANumberANegationARoleOrANameDisagree(String question, String cached) {
        assertThat(guard.agrees(question, cached)).isFalse();
        assertThat(guard.agrees(cached, question)).isFalse();
    }

    @ParameterizedTest(name = "{0} | {1}")
    @CsvSource(delimiter = '|', value = {
        "How can I make money fast? | How do I make money fast?",
        "What is the difference between search engine and browser? | What is the difference between a browser and a search engine?",
        "Why do women wear revealing/tight clothing? | Why do women wear tight/revealing clothes?",
        "Physically, how does it feel to be old? | How does it feel to be old physically?",
        "Why is Manaphy annoying in Pokemon Ranger? | In Pokemon ranger, why is manaphy annoying?",
        "What is one of your favorite life hacks? | What are some of your favorite life hacks?",
        "Why don't people like jury duty? | Why do people not like jury duty?",
        "Is it worth buying the iPhone 7? | Is it worth buying iPhone 7?",
    })
    void paraphrasesAgree(String question, String cached) {
        assertThat(guard.agrees(question, cached)).isTrue();
        assertThat(guard.agrees(cached, question)).isTrue();
    }

    @Test
    void numbersInWordsAndInDigitsAreTheSame() {
        assertThat(guard.agrees("What is 7 times 8?", "What is seven times eight?")).isTrue();
    }

    @Test
    void identicalTextsAlwaysAgree() {
        String text = "Compare 3 plans for Acme's API in Berlin, not Paris.";
        assertThat(guard.agrees(text, text)).isTrue();
    }

    @Test
    void emptyTextsAgree() {
        assertThat(guard.agrees("", "")).isTrue();
    }
}
