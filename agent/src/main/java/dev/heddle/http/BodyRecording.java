package dev.heddle.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The body of a response as the servlet writes it, bytes through its output stream or characters
 * through its writer, kept up to a limit for the page cache; past the limit nothing more is kept and
 * the page is not cached. What reaches the client is never held back: the recording is a copy.
 */
final class BodyRecording {

    private final long maxBytes;
    private ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private StringBuilder chars = new StringBuilder();
    private boolean wroteBytes;
    private boolean wroteChars;
    private boolean tooLarge;

    /** @param maxBytes the largest body kept */
    BodyRecording(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized void bytes(byte[] buffer, int offset, int length) {
        wroteBytes = true;
        if (tooLarge) return;
        if (bytes.size() + (long) length > maxBytes) {
            overflow();
        } else {
            bytes.write(buffer, offset, length);
        }
    }

    synchronized void character(int c) {
        wroteChars = true;
        if (tooLarge) return;
        if (chars.length() + 1L > maxBytes) {
            overflow();
        } else {
            chars.append((char) c);
        }
    }

    synchronized void characters(CharSequence text, int offset, int length) {
        wroteChars = true;
        if (tooLarge) return;
        // a character is at least one byte: more characters than the limit can never fit
        if (chars.length() + (long) length > maxBytes) {
            overflow();
        } else {
            chars.append(text, offset, offset + length);
        }
    }

    /** The servlet reset its response's buffer: what it wrote so far is not part of the body. */
    synchronized void reset() {
        bytes = new ByteArrayOutputStream();
        chars = new StringBuilder();
        wroteBytes = false;
        wroteChars = false;
        tooLarge = false;
    }

    private void overflow() {
        tooLarge = true;
        bytes = new ByteArrayOutputStream();
        chars = new StringBuilder();
    }

    /**
     * @param characterEncoding the response's character encoding, for a body written as characters
     * @return the whole body, empty when it was larger than the limit or written both ways
     */
    synchronized Optional<byte[]> body(String characterEncoding) {
        if (tooLarge || (wroteBytes && wroteChars)) return Optional.empty();
        if (!wroteChars) return Optional.of(bytes.toByteArray());
        byte[] encoded = chars.toString().getBytes(charset(characterEncoding));
        return encoded.length > maxBytes ? Optional.empty() : Optional.of(encoded);
    }

    private static Charset charset(String name) {
        try {
            return name == null ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.ISO_8859_1;
        }
    }
}
