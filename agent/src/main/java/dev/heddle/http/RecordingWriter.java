package dev.heddle.http;

import java.io.PrintWriter;

/**
 * The writer a captured response gives the servlet: everything goes to the response's own writer,
 * as it would without Heddle, and a copy of the characters to the {@link BodyRecording}.
 * {@code print} and {@code format} reach these {@code write} methods; {@code println} is overridden
 * because {@link PrintWriter} writes its line separator straight to the underlying writer.
 */
final class RecordingWriter extends PrintWriter {

    private final BodyRecording recording;

    RecordingWriter(PrintWriter responseWriter, BodyRecording recording) {
        super(responseWriter, false);
        this.recording = recording;
    }

    @Override
    public void write(int c) {
        super.write(c);
        recording.character(c);
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
        super.write(buffer, offset, length);
        recording.characters(java.nio.CharBuffer.wrap(buffer), offset, length);
    }

    @Override
    public void write(String text, int offset, int length) {
        super.write(text, offset, length);
        recording.characters(text, offset, length);
    }

    @Override
    public void println() {
        write(System.lineSeparator());
    }
}
