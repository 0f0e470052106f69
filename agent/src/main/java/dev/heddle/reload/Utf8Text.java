package dev.heddle.reload;

import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigProblem;
import dev.heddle.config.Location;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The text of a configuration file, which must be UTF-8. A file replaced by binary bytes or saved
 * in another encoding is rejected with the line and column of its first bad byte, rather than read
 * with replacement characters that the YAML parser would then report as something else.
 */
final class Utf8Text {

    private Utf8Text() {
    }

    /**
     * @param content the file's bytes
     * @param source the file's name, for the problem's location
     * @return the text
     * @throws ConfigException naming where the first byte that is not UTF-8 is
     */
    static String decode(byte[] content, String source) throws ConfigException {
        ByteBuffer bytes = ByteBuffer.wrap(content);
        // UTF-8 never has more chars than bytes
        CharBuffer chars = CharBuffer.allocate(content.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(bytes, chars, true);
        if (!result.isError()) return chars.flip().toString();
        int offset = bytes.position();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (content[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = new String(content, lineStart, offset - lineStart, StandardCharsets.UTF_8).length() + 1;
        throw new ConfigException(List.of(new ConfigProblem(new Location(source, line, column), String.format(
                "the file is not UTF-8 text: byte 0x%02X at offset %d; save it as UTF-8", content[offset] & 0xFF, offset))));
    }
}
