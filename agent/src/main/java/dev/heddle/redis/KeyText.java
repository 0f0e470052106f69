package dev.heddle.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a Java string for hashing it into a Redis key: UTF-8, except that an unpaired
 * surrogate (a {@code char} in {@code U+D800..U+DFFF} that is not half of a pair) is written as the
 * three bytes UTF-8 would give its value. {@link String#getBytes} writes every unpaired surrogate
 * as {@code '?'} instead, so "a" followed by U+D800, "a" followed by U+DBFF, and "a?" would hash
 * alike and share one cached answer. The three-byte form never occurs in valid UTF-8, so the encoding
 * tells every string apart (it is "WTF-8"), and a string without unpaired surrogates keeps its
 * UTF-8 bytes, and so the keys it had before.
 */
public final class KeyText {

    private KeyText() {
    }

    /**
     * @param text any string, valid UTF-16 or not
     * @return bytes that differ for different strings
     */
    public static byte[] bytes(String text) {
        int firstUnpaired = firstUnpairedSurrogate(text);
        if (firstUnpaired < 0) return text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 16);
        out.writeBytes(text.substring(0, firstUnpaired).getBytes(StandardCharsets.UTF_8));
        int i = firstUnpaired;
        while (i < text.length()) {
            int next = nextUnpairedSurrogate(text, i);
            int end = next < 0 ? text.length() : next;
            out.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
            if (next < 0) break;
            char surrogate = text.charAt(next);
            out.write(0xE0 | (surrogate >> 12));
            out.write(0x80 | ((surrogate >> 6) & 0x3F));
            out.write(0x80 | (surrogate & 0x3F));
            i = next + 1;
        }
        return out.toByteArray();
    }

    private static int firstUnpairedSurrogate(String text) {
        return nextUnpairedSurrogate(text, 0);
    }

    private static int nextUnpairedSurrogate(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isSurrogate(c)) continue;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }
}
