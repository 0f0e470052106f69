package dev.heddle.cache.semantic;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The fields of a semantic entry shared through Redis, as one text that {@link dev.heddle.redis.EntrySeal}
 * seals whole: every field a JVM uses when it loads the entry is under the MAC.
 *
 * <p>The text is the fields in a fixed order, each as its length in characters, a colon and the
 * field: {@code 9:rule:a|c1 5:hello ...} (without the spaces), so no field's content can be taken
 * for another field. The vector is little-endian float32, base64.
 *
 * @param partition the context fingerprint, embedder id and scope the entry belongs to
 * @param text the request's last user message
 * @param vector the message's embedding: not empty, every element finite
 * @param preset the name of the preset that encodes and decodes the answer
 * @param answer the answer, as the preset encoded it
 */
record SharedEntry(String partition, String text, float[] vector, String preset, String answer) {

    private static final int FIELDS = 5;
    /** A length longer than this many digits cannot fit in a Java string. */
    private static final int MAX_LENGTH_DIGITS = 10;

    /** @return the entry as one text, for {@link #decode} */
    String encode() {
        StringBuilder encoded = new StringBuilder();
        for (String field : List.of(partition, text, encodeVector(vector), preset, answer)) {
            encoded.append(field.length()).append(':').append(field);
        }
        return encoded.toString();
    }

    /**
     * @param encoded from {@link #encode}
     * @return the entry
     * @throws IllegalArgumentException for any text that is not such an encoding; never anything else
     */
    static SharedEntry decode(String encoded) {
        List<String> fields = new ArrayList<>(FIELDS);
        int at = 0;
        while (fields.size() < FIELDS) {
            int colon = encoded.indexOf(':', at);
            if (colon <= at || colon - at > MAX_LENGTH_DIGITS) throw new IllegalArgumentException("no field length at " + at);
            long length = 0;
            for (int i = at; i < colon; i++) {
                char digit = encoded.charAt(i);
                if (digit < '0' || digit > '9') throw new IllegalArgumentException("no field length at " + at);
                length = length * 10 + (digit - '0');
            }
            if (length > encoded.length() - colon - 1) throw new IllegalArgumentException("a field runs past the end");
            at = colon + 1 + (int) length;
            fields.add(encoded.substring(colon + 1, at));
        }
        if (at != encoded.length()) throw new IllegalArgumentException("text after the last field");
        return new SharedEntry(fields.get(0), fields.get(1), decodeVector(fields.get(2)), fields.get(3), fields.get(4));
    }

    static String encodeVector(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /**
     * @param encoded from {@link #encodeVector}
     * @return the vector
     * @throws IllegalArgumentException when it is no such encoding, is empty, or holds a NaN or an infinity
     */
    static float[] decodeVector(String encoded) {
        byte[] bytes = Base64.getDecoder().decode(encoded);
        if (bytes.length == 0 || bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("not a float32 vector: " + bytes.length + " bytes");
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        for (float element : vector) {
            if (!Float.isFinite(element)) throw new IllegalArgumentException("a vector element is not finite");
        }
        return vector;
    }
}
