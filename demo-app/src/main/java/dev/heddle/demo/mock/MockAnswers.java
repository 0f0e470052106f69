package dev.heddle.demo.mock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock model: deterministic answers and token counts.
 *
 * <h2>Answers</h2>
 * An answer reads {@code "<model> answers (t=<temperature>): <sentence>"}. The sentence quotes the
 * last user message (cut to 60 characters) and picks its other words, and a short reference code,
 * from a SHA-256 hash of the model, the system prompt, every message (role and text, in order), the
 * temperature and the choice index. So the same request always gets the same answer, and a different
 * model, temperature, system prompt or any earlier message gives a different one. The user, top_p,
 * stream flag and tools do not change the answer. The temperature appears as written in the
 * request ({@code 0.2}, {@code 1}), or as {@code default} when the request sets none.
 *
 * <h2>Tokens</h2>
 * A text's token count is the number of its word pieces: every maximal run of letters and digits is
 * one token, and every other character that is not white space (punctuation, symbols) is one token
 * of its own. So {@code "Hi, gpt-4o!"} is 6 tokens: {@code Hi , gpt - 4o !}. A request's prompt
 * tokens are the sum over the system prompt and every message's text; its completion tokens are the
 * sum over its answers. A {@code max_tokens} (or {@code max_completion_tokens}) smaller than the
 * answer cuts the answer after that many tokens, and the answer ends with {@code "length"} (OpenAI)
 * or {@code "max_tokens"} (Anthropic) instead of a normal stop.
 */
public final class MockAnswers {

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+|[^\\s\\p{L}\\p{N}]");
    private static final int TOPIC_CHARS = 60;

    private static final String[] OPENINGS = {
        "In short,", "Put simply,", "The usual answer to", "Most engineers would say that",
        "At its core,", "Broadly speaking,", "As a rule of thumb,", "Seen from the loom,",
    };
    private static final String[] CLAIMS = {
        "comes down to keeping each thread in its place", "is about doing the cheap thing first",
        "depends on what you measure", "rests on a few simple ideas", "is mostly a matter of patience",
        "turns on the order of the steps", "is easier than it looks", "needs one careful decision",
    };
    private static final String[] CLOSINGS = {
        "and the rest is detail.", "so start small.", "though it varies by case.",
        "which most teams learn the hard way.", "and that is usually enough.",
        "so check the edge cases.", "and then measure again.", "as the manual says.",
    };

    /**
     * One answer and its size.
     *
     * @param text the answer text, cut to the token limit if there is one
     * @param tokens its completion tokens
     * @param truncated whether the token limit cut it
     */
    record Answer(String text, int tokens, boolean truncated) {
    }

    private MockAnswers() {
    }

    /**
     * Counts the tokens of a text by the rule in the class comment.
     *
     * @param text any text; {@code null} counts 0
     * @return the token count
     */
    public static int countTokens(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        Matcher matcher = TOKEN.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    /** The prompt tokens of a conversation: its system prompt and all of its messages. */
    static int promptTokens(Conversation conversation) {
        int tokens = countTokens(conversation.system());
        for (Conversation.Turn turn : conversation.turns()) {
            tokens += countTokens(turn.text());
        }
        return tokens;
    }

    /**
     * The answer to a conversation.
     *
     * @param conversation the request
     * @param choice the choice index, from 0; choice 0 is the answer of a request for one choice
     */
    static Answer answer(Conversation conversation, int choice) {
        byte[] hash = hash(conversation, choice);
        String topic = quotedTopic(conversation.lastUserText());
        String full = conversation.model() + " answers (t=" + conversation.temperature() + "): "
                + pick(OPENINGS, hash[0]) + " \"" + topic + "\" " + pick(CLAIMS, hash[1]) + " "
                + pick(CLOSINGS, hash[2]) + " (ref " + HexFormat.of().formatHex(hash, 3, 7) + ")";
        int tokens = countTokens(full);
        Integer limit = conversation.maxTokens();
        if (limit == null || tokens <= limit) {
            return new Answer(full, tokens, false);
        }
        Matcher matcher = TOKEN.matcher(full);
        int end = 0;
        for (int i = 0; i < limit && matcher.find(); i++) {
            end = matcher.end();
        }
        return new Answer(full.substring(0, end), limit, true);
    }

    /**
     * What an answer quotes of the last user message, between double quotes: the message with its
     * white space runs made single spaces, cut to 60 characters and then ended with {@code ...};
     * {@code your question} for an empty message. A client that knows which message it sent can
     * tell from this whether an answer (a cached one, say) was given to that message.
     *
     * @param lastUserMessage the text of the request's last user message; {@code null} counts as empty
     * @return the quoted text, without the quotes
     */
    public static String quotedTopic(String lastUserMessage) {
        String topic = lastUserMessage == null ? "" : lastUserMessage.trim().replaceAll("\\s+", " ");
        if (topic.isEmpty()) {
            return "your question";
        }
        return topic.length() > TOPIC_CHARS ? topic.substring(0, TOPIC_CHARS).trim() + "..." : topic;
    }

    /**
     * Splits an answer into stream chunks: each word with the white space before it, so that the
     * chunks joined give the answer back.
     */
    static List<String> chunks(String answer) {
        List<String> chunks = new ArrayList<>();
        Matcher words = Pattern.compile("\\s*\\S+").matcher(answer);
        int end = 0;
        while (words.find()) {
            chunks.add(words.group());
            end = words.end();
        }
        if (end < answer.length()) {
            chunks.add(answer.substring(end));
        }
        return chunks;
    }

    private static String pick(String[] options, byte selector) {
        return options[Byte.toUnsignedInt(selector) % options.length];
    }

    private static byte[] hash(Conversation conversation, int choice) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
        update(digest, conversation.model());
        update(digest, conversation.system());
        for (Conversation.Turn turn : conversation.turns()) {
            update(digest, turn.role());
            update(digest, turn.text());
        }
        update(digest, conversation.temperature());
        if (choice > 0) {
            update(digest, "choice " + choice);
        }
        return digest.digest();
    }

    private static void update(MessageDigest digest, String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        // length-prefixed, so that moving text between fields changes the hash
        digest.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
            (byte) (bytes.length >>> 8), (byte) bytes.length});
        digest.update(bytes);
    }
}
