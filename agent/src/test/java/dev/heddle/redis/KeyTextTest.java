package dev.heddle.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyTextTest {

    @Test
    void getBytesMakesDifferentUnpairedSurrogatesEqualWhichIsWhyKeysDoNotUseIt() {
        // the control: the JDK's UTF-8 encoder writes '?' for each of them
        assertThat("a\uD800".getBytes(StandardCharsets.UTF_8)).isEqualTo("a\uDBFF".getBytes(StandardCharsets.UTF_8))
                .isEqualTo("a?".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void stringsThatDifferOnlyInUnpairedSurrogatesGiveDifferentBytes() {
        List<String> texts = List.of("a\uD800", "a\uDBFF", "a\uDC00", "a?", "a\uFFFD", "a", "\uD800a", "a\uD800\uD800",
                "a\uDC00\uD800", "a\uD83D\uDE00");

        assertThat(texts.stream().map(KeyText::bytes).map(bytes -> new String(bytes, StandardCharsets.ISO_8859_1)).distinct())
                .hasSameSizeAs(texts);
    }

    @Test
    void aStringWithoutUnpairedSurrogatesKeepsItsUtf8Bytes() {
        for (String text : List.of("", "plain", "Grüße, 世界", "emoji \uD83D\uDE00 pair", "a?")) {
            assertThat(KeyText.bytes(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void anUnpairedSurrogateIsWrittenAsTheThreeBytesOfItsValue() {
        assertThat(KeyText.bytes("x\uD800y")).containsExactly('x', 0xED, 0xA0, 0x80, 'y');
        assertThat(KeyText.bytes("\uDFFF")).containsExactly(0xED, 0xBF, 0xBF);
    }
}
