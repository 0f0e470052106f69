package dev.heddle.it.web.jetty;

import dev.heddle.it.web.ArticleJson;
import dev.heddle.it.web.ControllerRuns;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * An article for GET and POST (a response cache must never keep or answer the POST), optionally
 * marked with a {@code Cache-Control} value such as {@code private} or {@code no-store}.
 */
final class ArticleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The {@code Cache-Control} header of every answer; null for none. */
    private final String cacheControl;

    ArticleServlet(String cacheControl) {
        this.cacheControl = cacheControl;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (cacheControl != null) {
            // Spring's app maps POST only for /api/articles: the same 405 here.
            super.doPost(request, response);
            return;
        }
        answer(request, response);
    }

    private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> id = PathId.of(request, response);
        if (id.isEmpty()) {
            return;
        }
        long served = ControllerRuns.countOne();
        String body = ArticleJson.of(id.get(), request.getHeader("X-User-Id"), request.getHeader("Accept-Language"),
                request.getQueryString(), served);
        response.setStatus(HttpServletResponse.SC_OK);
        if (cacheControl != null) {
            response.setHeader("Cache-Control", cacheControl);
        }
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write(body);
    }
}
