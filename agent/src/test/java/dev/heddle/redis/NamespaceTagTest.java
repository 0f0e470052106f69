package dev.heddle.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamespaceTagTest {

    @Test
    void bracesAndPercentSignsInANamespaceAreEncodedSoTheTagEndsAtItsOwnBrace() {
        assertThat(NamespaceTag.of("rule:bot")).isEqualTo("{rule:bot}");
        assertThat(NamespaceTag.of("a{b}%c")).isEqualTo("{a%7Bb%7D%25c}");
    }

    @Test
    void theNamespaceIsReadBackFromAKey() {
        assertThat(NamespaceTag.namespaceIn("heddle:c:" + NamespaceTag.of("a{b}%7Bc") + ":openai-java@v1:00"))
                .contains("a{b}%7Bc");
        assertThat(NamespaceTag.namespaceIn("heddle:c:no-tag")).isEmpty();
    }
}
