package dev.heddle.bootstrap;

/**
 * The HTTP edge as woven servlet code sees it: what Heddle does around
 * {@code HttpServlet#service(ServletRequest, ServletResponse)}. Implemented inside Heddle's own class
 * loader and installed in {@link EdgeDispatcher}; on the bootstrap class path so that a servlet API
 * in any class loader reaches it.
 */
public interface EdgeHandler {

    /**
     * A request is about to be served.
     *
     * @param servletApi the class that declares the woven method ({@code HttpServlet}), whose class
     *     loader holds the servlet API
     * @param request the {@code ServletRequest}
     * @param response the {@code ServletResponse}
     * @return null to let the request be served untouched; {@link EdgeDispatcher#ANSWERED} when Heddle
     *     wrote the whole response (a refusal or a cached page) and the servlet must not run; any
     *     other object is a token for {@link #response} and {@link #exit}
     */
    Object enter(Class<?> servletApi, Object request, Object response);

    /**
     * @param token the token from {@link #enter}
     * @param response the response the servlet was called with
     * @return the response the servlet runs with: the same, or one that also records the body
     */
    Object response(Object token, Object response);

    /**
     * The servlet returned or threw.
     *
     * @param token the token from {@link #enter}
     * @param thrown what it threw, or null
     */
    void exit(Object token, Throwable thrown);
}
