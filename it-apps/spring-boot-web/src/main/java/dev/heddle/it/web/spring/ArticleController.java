package dev.heddle.it.web.spring;

import dev.heddle.it.web.ArticleJson;
import dev.heddle.it.web.ControllerRuns;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The article pages a response cache may or may not keep. The content types are set on each response
 * rather than with {@code produces}, so that, as in the Jetty app, a request's {@code Accept} header
 * never changes the answer.
 */
@RestController
class ArticleController {

    static final MediaType JSON_UTF8 = MediaType.parseMediaType("application/json;charset=UTF-8");
    static final MediaType TEXT_UTF8 = MediaType.parseMediaType("text/plain;charset=UTF-8");

    /** The x's written per {@code write} of a big body: big bodies never sit in memory whole. */
    private static final int CHUNK_BYTES = 8192;

    /** An article: cacheable as far as the app is concerned. */
    @GetMapping("/api/articles/{id}")
    ResponseEntity<String> article(@PathVariable("id") String id, HttpServletRequest request) {
        return ResponseEntity.ok().contentType(JSON_UTF8).body(articleJson(id, request));
    }

    /** The same body for a POST, which a response cache must never keep or answer. */
    @PostMapping("/api/articles/{id}")
    ResponseEntity<String> postArticle(@PathVariable("id") String id, HttpServletRequest request) {
        return ResponseEntity.ok().contentType(JSON_UTF8).body(articleJson(id, request));
    }

    /** An article marked {@code Cache-Control: private}, which a shared cache must not keep. */
    @GetMapping("/api/private/{id}")
    ResponseEntity<String> privateArticle(@PathVariable("id") String id, HttpServletRequest request) {
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "private").contentType(JSON_UTF8)
                .body(articleJson(id, request));
    }

    /** An article marked {@code Cache-Control: no-store}, which no cache may keep. */
    @GetMapping("/api/no-store/{id}")
    ResponseEntity<String> noStoreArticle(@PathVariable("id") String id, HttpServletRequest request) {
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").contentType(JSON_UTF8)
                .body(articleJson(id, request));
    }

    /** A 404 with a body, which a cache must not keep; it still counts a run. */
    @GetMapping("/api/missing/{id}")
    ResponseEntity<String> missingArticle(@PathVariable("id") String id) {
        ControllerRuns.countOne();
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(TEXT_UTF8).body("no article " + id);
    }

    /** A body of that many {@code x} bytes, written through the response's output stream. */
    @GetMapping("/api/big/{bytes}")
    void big(@PathVariable("bytes") String bytes, HttpServletResponse response) throws IOException {
        ControllerRuns.countOne();
        long size = parseSize(bytes);
        if (size < 0) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType(TEXT_UTF8.toString());
            response.getWriter().write("not a byte count: " + bytes);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.TEXT_PLAIN_VALUE);
        byte[] chunk = new byte[CHUNK_BYTES];
        Arrays.fill(chunk, (byte) 'x');
        OutputStream out = response.getOutputStream();
        for (long left = size; left > 0; left -= CHUNK_BYTES) {
            out.write(chunk, 0, (int) Math.min(left, CHUNK_BYTES));
        }
    }

    private static String articleJson(String id, HttpServletRequest request) {
        long served = ControllerRuns.countOne();
        return ArticleJson.of(id, request.getHeader("X-User-Id"), request.getHeader(HttpHeaders.ACCEPT_LANGUAGE),
                request.getQueryString(), served);
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
