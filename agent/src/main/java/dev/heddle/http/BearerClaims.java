package dev.heddle.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads a claim of the JWT in an {@code Authorization: Bearer} header <em>without checking its
 * signature</em>: only for {@code { jwtClaim: ..., unverified: true }}, behind a gateway that checked
 * the token. Anything that is not a well-formed token gives no claim, never an error.
 */
final class BearerClaims {

    /** A larger payload is not a token a gateway let through; it is not decoded. */
    static final int MAX_PAYLOAD_CHARS = 16 * 1024;

    private static final String BEARER = "bearer ";
    private static final JsonFactory JSON = new JsonFactory();

    private BearerClaims() {
    }

    /**
     * @param authorization the request's {@code Authorization} header, or null
     * @param claim the claim's name, a top-level member of the payload
     * @return the claim's value when it is a string or a number
     */
    static Optional<String> claim(String authorization, String claim) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(BEARER.length()).strip();
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (secondDot < 0 || secondDot - firstDot - 1 > MAX_PAYLOAD_CHARS) return Optional.empty();
        byte[] payload;
        try {
            payload = Base64.getUrlDecoder().decode(token.substring(firstDot + 1, secondDot));
        } catch (IllegalArgumentException notBase64Url) {
            return Optional.empty();
        }
        return member(payload, claim);
    }

    private static Optional<String> member(byte[] json, String name) {
        try (JsonParser parser = JSON.createParser(new String(json, StandardCharsets.UTF_8))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) return Optional.empty();
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals(name)) {
                    return switch (value) {
                        case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Optional.of(parser.getText());
                        default -> Optional.empty();
                    };
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (IOException | RuntimeException malformed) {
            return Optional.empty();
        }
    }
}
