package dev.heddle.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tokenizer against the real vocabulary of both shipped models (BERT uncased, 30,522 tokens).
 * Expected tokenizations are derived by hand from that vocabulary, following Hugging Face's
 * BertNormalizer, BertPreTokenizer and greedy longest-match-first WordPiece; the ids are the
 * vocabulary's, read back into tokens so that a failure shows words rather than numbers.
 */
class WordPieceTokenizerTest {

    private static final String MINILM = "all-minilm-l6-v2-q-tokenizer.json";
    private static final String BGE = "bge-small-en-v1.5-q-tokenizer.json";
    private static final Map<Long, String> TOKENS = tokensById(MINILM);

    private static WordPieceTokenizer tokenizer(String resource, int maxTokens) {
        try (InputStream json = resource(resource)) {
            return WordPieceTokenizer.read(json, maxTokens);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = WordPieceTokenizerTest.class.getClassLoader().getResourceAsStream(name);
        assertThat(in).as(name + " on the test class path").isNotNull();
        return in;
    }

    /** The vocabulary read independently of the tokenizer, inverted. */
    private static Map<Long, String> tokensById(String resource) {
        Map<Long, String> tokens = new HashMap<>();
        try (InputStream in = resource(resource); JsonParser json = new JsonFactory().createParser(in)) {
            boolean inVocabulary = false;
            for (JsonToken token = json.nextToken(); token != null; token = json.nextToken()) {
                if (token == JsonToken.FIELD_NAME && json.currentName().equals("vocab")) {
                    json.nextToken();
                    inVocabulary = true;
                } else if (inVocabulary && token == JsonToken.FIELD_NAME) {
                    String text = json.currentName();
                    json.nextToken();
                    tokens.put(json.getLongValue(), text);
                } else if (inVocabulary && token == JsonToken.END_OBJECT) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }

    private static List<String> tokens(WordPieceTokenizer tokenizer, String text) {
        List<String> tokens = new ArrayList<>();
        for (long id : tokenizer.encode(text)) tokens.add(TOKENS.get(id));
        return tokens;
    }

    private static List<String> tokens(String text) {
        return tokens(tokenizer(MINILM, 128), text);
    }

    @Test
    void encodesTheVocabularyIdsBetweenClsAndSep() {
        assertThat(tokenizer(MINILM, 128).encode("Hello, world!")).containsExactly(101, 7592, 1010, 2088, 999, 102);
    }

    @Test
    void everyPunctuationCharacterIsAWordOfItsOwn() {
        assertThat(tokens("Hello, world!")).containsExactly("[CLS]", "hello", ",", "world", "!", "[SEP]");
        assertThat(tokens("a-b")).containsExactly("[CLS]", "a", "-", "b", "[SEP]");
    }

    @Test
    void lowerCasesAndStripsAccents() {
        assertThat(tokens("Café NAÏVE")).containsExactly("[CLS]", "cafe", "naive", "[SEP]");
    }

    @Test
    void aWordMissingFromTheVocabularyBecomesItsLongestPiecesWithContinuations() {
        assertThat(tokens("tokenization")).containsExactly("[CLS]", "token", "##ization", "[SEP]");
        assertThat(tokens("embeddings")).containsExactly("[CLS]", "em", "##bed", "##ding", "##s", "[SEP]");
    }

    @Test
    void aWordWithACharacterOutsideTheVocabularyIsOneUnknownToken() {
        assertThat(tokens("a 🧵 b")).containsExactly("[CLS]", "a", "[UNK]", "b", "[SEP]");
        assertThat(tokens("a🧵")).containsExactly("[CLS]", "[UNK]", "[SEP]");
    }

    @Test
    void chineseCharactersAreWordsOfTheirOwn() {
        assertThat(tokens("中文")).containsExactly("[CLS]", "中", "文", "[SEP]");
    }

    @Test
    void whiteSpaceSeparatesWordsAndControlCharactersVanish() {
        assertThat(tokens("  hello\tworld\n\u0000")).containsExactly("[CLS]", "hello", "world", "[SEP]");
    }

    @Test
    void anEmptyTextIsClsAndSepAlone() {
        assertThat(tokens("")).containsExactly("[CLS]", "[SEP]");
    }

    @Test
    void truncationKeepsSepLast() {
        WordPieceTokenizer five = tokenizer(MINILM, 5);

        assertThat(tokens(five, "the quick brown fox jumps")).containsExactly("[CLS]", "the", "quick", "brown", "[SEP]");
        assertThat(tokens(five, "embeddings")).containsExactly("[CLS]", "em", "##bed", "##ding", "[SEP]");
    }

    @Test
    void bothModelsShareOneVocabulary() {
        String text = "Café tokenization, 中文 and a 🧵!";

        assertThat(tokenizer(BGE, 512).encode(text)).containsExactly(tokenizer(MINILM, 128).encode(text));
    }
}
