package dev.heddle.embeddings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The uncased BERT tokenizer that both shipped models were trained with, as Hugging Face's
 * {@code tokenizer.json} describes it: {@code BertNormalizer} (clean text, pad CJK ideographs,
 * lowercase, strip accents), {@code BertPreTokenizer} (split on white space and punctuation),
 * greedy longest-match-first {@code WordPiece} with {@code ##} continuations, and
 * {@code [CLS] text [SEP]}.
 *
 * <p>Written here rather than taken from a library because the libraries that read
 * {@code tokenizer.json} from Java (DJL's, LangChain4j's) load a native Rust library of their own; this
 * is the whole algorithm for the one tokenizer type the companion jar ships.
 */
final class WordPieceTokenizer {

    private static final int MAX_CHARS_PER_WORD = 100;

    private final Map<String, Integer> vocabulary;
    private final int unknown;
    private final int classify;
    private final int separator;
    private final int maxTokens;

    private WordPieceTokenizer(Map<String, Integer> vocabulary, int maxTokens) {
        this.vocabulary = vocabulary;
        this.unknown = id(vocabulary, "[UNK]");
        this.classify = id(vocabulary, "[CLS]");
        this.separator = id(vocabulary, "[SEP]");
        this.maxTokens = maxTokens;
    }

    /**
     * @param tokenizerJson a Hugging Face {@code tokenizer.json} whose model is WordPiece
     * @param maxTokens the most token ids a text becomes, {@code [CLS]} and {@code [SEP]} included
     * @return the tokenizer
     * @throws IOException when the file cannot be read or holds no vocabulary
     */
    static WordPieceTokenizer read(InputStream tokenizerJson, int maxTokens) throws IOException {
        Map<String, Integer> vocabulary = new HashMap<>(40_000);
        try (JsonParser parser = new JsonFactory().createParser(tokenizerJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) throw new IOException("tokenizer.json is not an object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("model")) {
                    readVocabulary(parser, vocabulary);
                } else {
                    parser.skipChildren();
                }
            }
        }
        if (vocabulary.isEmpty()) throw new IOException("tokenizer.json has no model.vocab");
        return new WordPieceTokenizer(vocabulary, maxTokens);
    }

    private static void readVocabulary(JsonParser parser, Map<String, Integer> vocabulary) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("vocab") && parser.currentToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String token = parser.currentName();
                    parser.nextToken();
                    vocabulary.put(token, parser.getIntValue());
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private static int id(Map<String, Integer> vocabulary, String token) {
        Integer id = vocabulary.get(token);
        if (id == null) throw new IllegalArgumentException("the vocabulary has no " + token);
        return id;
    }

    /**
     * @param text any text
     * @return its token ids, starting with {@code [CLS]} and ending with {@code [SEP]}, cut to the maximum
     */
    long[] encode(String text) {
        List<Integer> ids = new ArrayList<>();
        ids.add(classify);
        for (String word : words(normalize(text))) {
            wordPieces(word, ids);
            if (ids.size() >= maxTokens - 1) break;
        }
        int length = Math.min(ids.size(), maxTokens - 1);
        long[] encoded = new long[length + 1];
        for (int i = 0; i < length; i++) encoded[i] = ids.get(i);
        encoded[length] = separator;
        return encoded;
    }

    /** BertNormalizer: drop control characters, white space as a space, CJK padded, lower case, no accents. */
    static String normalize(String text) {
        StringBuilder cleaned = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(codePoint -> {
            if (codePoint == 0 || codePoint == 0xFFFD || isControl(codePoint)) return;
            if (isWhitespace(codePoint)) {
                cleaned.append(' ');
            } else if (isCjk(codePoint)) {
                cleaned.append(' ').appendCodePoint(codePoint).append(' ');
            } else {
                cleaned.appendCodePoint(codePoint);
            }
        });
        String decomposed = Normalizer.normalize(cleaned.toString().toLowerCase(java.util.Locale.ROOT), Normalizer.Form.NFD);
        StringBuilder stripped = new StringBuilder(decomposed.length());
        decomposed.codePoints()
                .filter(codePoint -> Character.getType(codePoint) != Character.NON_SPACING_MARK)
                .forEach(stripped::appendCodePoint);
        return stripped.toString();
    }

    /** BertPreTokenizer: white space separates words, and every punctuation character is a word of its own. */
    static List<String> words(String normalized) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        normalized.codePoints().forEach(codePoint -> {
            if (isWhitespace(codePoint)) {
                flush(word, words);
            } else if (isPunctuation(codePoint)) {
                flush(word, words);
                words.add(new String(Character.toChars(codePoint)));
            } else {
                word.appendCodePoint(codePoint);
            }
        });
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    private void wordPieces(String word, List<Integer> ids) {
        if (word.codePointCount(0, word.length()) > MAX_CHARS_PER_WORD) {
            ids.add(unknown);
            return;
        }
        List<Integer> pieces = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer found = null;
            while (start < end) {
                String candidate = (start > 0 ? "##" : "") + word.substring(start, end);
                found = vocabulary.get(candidate);
                if (found != null) break;
                end = word.offsetByCodePoints(end, -1);
            }
            if (found == null) {
                ids.add(unknown);
                return;
            }
            pieces.add(found);
            start = end;
        }
        ids.addAll(pieces);
    }

    private static boolean isWhitespace(int codePoint) {
        return codePoint == ' ' || codePoint == '\t' || codePoint == '\n' || codePoint == '\r'
                || Character.getType(codePoint) == Character.SPACE_SEPARATOR;
    }

    private static boolean isControl(int codePoint) {
        if (codePoint == '\t' || codePoint == '\n' || codePoint == '\r') return false;
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE
                || type == Character.SURROGATE || type == Character.UNASSIGNED;
    }

    private static boolean isPunctuation(int codePoint) {
        if ((codePoint >= 33 && codePoint <= 47) || (codePoint >= 58 && codePoint <= 64)
                || (codePoint >= 91 && codePoint <= 96) || (codePoint >= 123 && codePoint <= 126)) {
            return true;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static boolean isCjk(int codePoint) {
        return (codePoint >= 0x4E00 && codePoint <= 0x9FFF) || (codePoint >= 0x3400 && codePoint <= 0x4DBF)
                || (codePoint >= 0x20000 && codePoint <= 0x2A6DF) || (codePoint >= 0x2A700 && codePoint <= 0x2B73F)
                || (codePoint >= 0x2B740 && codePoint <= 0x2B81F) || (codePoint >= 0x2B820 && codePoint <= 0x2CEAF)
                || (codePoint >= 0xF900 && codePoint <= 0xFAFF) || (codePoint >= 0x2F800 && codePoint <= 0x2FA1F);
    }
}
