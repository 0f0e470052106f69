package dev.heddle.bootstrap;

/**
 * The one entry point of the woven servlet code, as {@link Dispatcher} is for woven LLM calls: static
 * methods that never throw and do nothing until the agent installs an {@link EdgeHandler}, so that a
 * request is served exactly as without Heddle whenever the handler is missing or fails.
 */
public final class EdgeDispatcher {

    /** The token of a request that Heddle answered itself: the servlet does not run. */
    public static final Object ANSWERED = new Object();

    private static volatile EdgeHandler handler;

    private EdgeDispatcher() {
    }

    /**
     * Installs the edge. Called once by the agent.
     *
     * @param edge the handler every woven request enters
     */
    public static void install(EdgeHandler edge) {
        handler = edge;
    }

    /**
     * See {@link EdgeHandler#enter}; never throws.
     *
     * @param servletApi the class that declares the woven method
     * @param request the request
     * @param response the response
     * @return a token, {@link #ANSWERED}, or null when the request is served untouched
     */
    public static Object enter(Class<?> servletApi, Object request, Object response) {
        EdgeHandler current = handler;
        if (current == null) return null;
        try {
            return current.enter(servletApi, request, response);
        } catch (Throwable internalError) {
            AgentLog.internalError("edge.enter", internalError);
            return null;
        }
    }

    /**
     * @param token the token from {@link #enter}
     * @return true when Heddle answered the request and the servlet must not run
     */
    public static boolean answered(Object token) {
        return token == ANSWERED;
    }

    /**
     * See {@link EdgeHandler#response}; never throws.
     *
     * @param token the token from {@link #enter}, possibly null
     * @param response the response the servlet was called with
     * @return the response the servlet runs with
     */
    public static Object response(Object token, Object response) {
        EdgeHandler current = handler;
        if (token == null || token == ANSWERED || current == null) return response;
        try {
            Object replaced = current.response(token, response);
            return replaced == null ? response : replaced;
        } catch (Throwable internalError) {
            AgentLog.internalError("edge.response", internalError);
            return response;
        }
    }

    /**
     * See {@link EdgeHandler#exit}; never throws.
     *
     * @param token the token from {@link #enter}, possibly null
     * @param thrown what the servlet threw, or null
     */
    public static void exit(Object token, Throwable thrown) {
        EdgeHandler current = handler;
        if (token == null || token == ANSWERED || current == null) return;
        try {
            current.exit(token, thrown);
        } catch (Throwable internalError) {
            AgentLog.internalError("edge.exit", internalError);
        }
    }
}
