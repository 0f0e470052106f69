package dev.heddle.it.web.jetty;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * The one path segment after a servlet's {@code /prefix/*} mapping, as Spring MVC's {@code {id}}
 * matches it: not empty, no further {@code /}. Anything else is a 404 that counts no run, as a path
 * that matches no Spring handler.
 */
final class PathId {

    private PathId() {
    }

    /**
     * @param request the request, whose path info is {@code /<id>}
     * @param response answered 404 when there is no single segment
     * @return the decoded segment, or empty after answering 404
     * @throws IOException if the 404 cannot be sent
     */
    static Optional<String> of(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String pathInfo = request.getPathInfo();
        if (pathInfo == null || pathInfo.length() < 2 || pathInfo.indexOf('/', 1) >= 0) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return Optional.empty();
        }
        return Optional.of(pathInfo.substring(1));
    }
}
