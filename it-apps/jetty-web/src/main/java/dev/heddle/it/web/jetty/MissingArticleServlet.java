package dev.heddle.it.web.jetty;

import dev.heddle.it.web.ControllerRuns;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/** A 404 with a body written by the servlet itself, which a cache must not keep; it still counts a run. */
final class MissingArticleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> id = PathId.of(request, response);
        if (id.isEmpty()) {
            return;
        }
        ControllerRuns.countOne();
        // setStatus, not sendError: the body is the app's, not the container's error page.
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("no article " + id.get());
    }
}
