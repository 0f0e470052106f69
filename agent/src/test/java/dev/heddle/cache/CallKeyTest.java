package dev.heddle.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallKeyTest {

    private static final String PREFIX = CacheKeyPrefix.ownNamespace("com.example.Bot:answer(Ljava/lang/Object;)Ljava/lang/String;");

    record Question(String text, int level) {
    }

    enum Tone { FORMAL, CASUAL }

    @Test
    void equalPlainArgumentsThatAreDifferentInstancesGiveEqualKeys() throws Exception {
        CallKey first = CallKey.of(PREFIX, new Object[] {new String("hi"), 1, Tone.FORMAL, null});
        CallKey second = CallKey.of(PREFIX, new Object[] {new String("hi"), 1, Tone.FORMAL, null});

        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
    }

    @Test
    void equalRecordsThatAreDifferentInstancesGiveEqualKeys() throws Exception {
        assertThat(CallKey.of(PREFIX, new Object[] {new Question("hi", 2)}))
                .isEqualTo(CallKey.of(PREFIX, new Object[] {new Question("hi", 2)}));
        assertThat(CallKey.of(PREFIX, new Object[] {new Question("hi", 2)}))
                .isNotEqualTo(CallKey.of(PREFIX, new Object[] {new Question("hi", 3)}));
    }

    @Test
    void aStringArgumentNeverEqualsAnEncodedArgumentWithTheSameText() throws Exception {
        List<String> list = List.of("a");
        String encodingOfTheList = ArgumentKey.encode(list);

        assertThat(CallKey.of(PREFIX, new Object[] {encodingOfTheList})).isNotEqualTo(CallKey.of(PREFIX, new Object[] {list}));
    }

    @Test
    void boxedNumbersOfDifferentTypesGiveDifferentKeys() throws Exception {
        assertThat(CallKey.of(PREFIX, new Object[] {1})).isNotEqualTo(CallKey.of(PREFIX, new Object[] {1L}));
        assertThat(CallKey.of(PREFIX, new Object[] {0.0})).isNotEqualTo(CallKey.of(PREFIX, new Object[] {-0.0}));
    }

    @Test
    void theSameArgumentsUnderAnotherPrefixGiveAnotherKey() throws Exception {
        String other = CacheKeyPrefix.ownNamespace("com.example.Other:answer(Ljava/lang/Object;)Ljava/lang/String;");

        assertThat(CallKey.of(PREFIX, new Object[] {"hi"})).isNotEqualTo(CallKey.of(other, new Object[] {"hi"}));
    }

    @Test
    void theCallersArgumentArrayIsNeverChanged() throws Exception {
        Question question = new Question("hi", 1);
        Object[] arguments = {"plain", question};

        CallKey.of(PREFIX, arguments);

        assertThat(arguments).containsExactly("plain", question);
    }

    @Test
    void anArgumentWithoutAValueBasedKeyIsRefused() {
        assertThatThrownBy(() -> CallKey.of(PREFIX, new Object[] {"hi", new Object()}))
                .isInstanceOf(UnkeyableArgumentException.class).hasMessageContaining("java.lang.Object");
    }

    @Test
    void twoPromptsThatDifferOnlyInAnUnpairedSurrogateGetDifferentRedisKeys() throws Exception {
        List<String> prompts = List.of("tell me about \uD800", "tell me about \uDBFF", "tell me about ?");

        List<String> redisKeys = new ArrayList<>();
        for (String prompt : prompts) {
            redisKeys.add(RedisResponseStore.key("rule:bot", "openai-java", CallKey.of(PREFIX, new Object[] {prompt}).canonicalText()));
        }

        assertThat(redisKeys).doesNotHaveDuplicates();
    }

    @Test
    void aStringArgumentAtTheKeyLimitKeepsItsTextAndOneBeyondItIsKeptAsItsDigest() throws Exception {
        String atTheLimit = "x".repeat(ArgumentKey.MAX_KEY_CHARS - PREFIX.length());
        String beyond = atTheLimit + "x";

        assertThat(CallKey.of(PREFIX, new Object[] {atTheLimit}).canonicalText()).endsWith("x]");
        CallKey digested = CallKey.of(PREFIX, new Object[] {beyond});
        assertThat(digested.canonicalText()).startsWith(PREFIX + "#sha256:").hasSize(PREFIX.length() + "#sha256:".length() + 64);
        assertThat(digested).isEqualTo(CallKey.of(PREFIX, new Object[] {new String(beyond.toCharArray())}));
        assertThat(digested).isNotEqualTo(CallKey.of(PREFIX, new Object[] {atTheLimit + "y"}));
        assertThat(digested).isNotEqualTo(CallKey.of(PREFIX + "other", new Object[] {beyond}));
    }
}
