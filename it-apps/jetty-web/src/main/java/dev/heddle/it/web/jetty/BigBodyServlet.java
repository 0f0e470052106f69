package dev.heddle.it.web.jetty;

import dev.heddle.it.web.ControllerRuns;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;

/** A body of as many {@code x} bytes as the path says, written through the response's output stream. */
final class BigBodyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The x's written per {@code write}: big bodies never sit in memory whole. */
    private static final int CHUNK_BYTES = 8192;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> bytes = PathId.of(request, response);
        if (bytes.isEmpty()) {
            return;
        }
        ControllerRuns.countOne();
        long size = parseSize(bytes.get());
        if (size < 0) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("not a byte count: " + bytes.get());
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/plain");
        byte[] chunk = new byte[CHUNK_BYTES];
        Arrays.fill(chunk, (byte) 'x');
        OutputStream out = response.getOutputStream();
        for (long left = size; left > 0; left -= CHUNK_BYTES) {
            out.write(chunk, 0, (int) Math.min(left, CHUNK_BYTES));
        }
    }

    /** The size asked for, or -1 if it is not a non-negative number. */
    private static long parseSize(String text) {
        try {
            return Math.max(-1, Long.parseLong(text));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
