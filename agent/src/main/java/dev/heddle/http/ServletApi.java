package dev.heddle.http;

import dev.heddle.bootstrap.AgentLog;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The Jakarta Servlet API of one class loader, called by reflection: Heddle's own classes cannot link
 * against the app's servlet API, which may sit in any class loader (a Spring Boot jar's, Tomcat's
 * common loader). One instance per woven {@code HttpServlet} class; immutable.
 */
final class ServletApi {

    private static final String PACKAGE = "jakarta.servlet.";

    private static final ClassValue<Optional<ServletApi>> APIS = new ClassValue<>() {
        @Override
        protected Optional<ServletApi> computeValue(Class<?> httpServlet) {
            try {
                return Optional.of(new ServletApi(httpServlet.getClassLoader()));
            } catch (ReflectiveOperationException | LinkageError | RuntimeException unusable) {
                AgentLog.warnOnce("servlet-api:" + httpServlet.getClassLoader(), "the servlet API of " + httpServlet.getClassLoader()
                        + " cannot be used (" + unusable + "); its requests are served without Heddle's http: section");
                return Optional.empty();
            }
        }
    };

    final Class<?> httpRequest;
    final Class<?> httpResponse;
    final Class<?> responseWrapper;
    private final Method getMethod;
    private final Method getServletPath;
    private final Method getPathInfo;
    private final Method getQueryString;
    private final Method getHeader;
    private final Method getRemoteAddr;
    private final Method getUserPrincipal;
    private final Method getDispatcherType;
    private final Method isAsyncStarted;
    private final Method getAttribute;
    private final Method setAttribute;
    private final Method setStatus;
    private final Method getStatus;
    private final Method setHeader;
    private final Method addHeader;
    private final Method getHeaderNames;
    private final Method getHeaders;
    private final Method getContentType;
    private final Method setContentType;
    private final Method setContentLength;
    private final Method getOutputStream;
    private final Method getWriter;
    private final Method getCharacterEncoding;
    private final Method reset;
    private final Method resetBuffer;

    private ServletApi(ClassLoader loader) throws ReflectiveOperationException {
        httpRequest = Class.forName(PACKAGE + "http.HttpServletRequest", false, loader);
        httpResponse = Class.forName(PACKAGE + "http.HttpServletResponse", false, loader);
        responseWrapper = Class.forName(PACKAGE + "http.HttpServletResponseWrapper", false, loader);
        getMethod = httpRequest.getMethod("getMethod");
        getServletPath = httpRequest.getMethod("getServletPath");
        getPathInfo = httpRequest.getMethod("getPathInfo");
        getQueryString = httpRequest.getMethod("getQueryString");
        getHeader = httpRequest.getMethod("getHeader", String.class);
        getRemoteAddr = httpRequest.getMethod("getRemoteAddr");
        getUserPrincipal = httpRequest.getMethod("getUserPrincipal");
        getDispatcherType = httpRequest.getMethod("getDispatcherType");
        isAsyncStarted = httpRequest.getMethod("isAsyncStarted");
        getAttribute = httpRequest.getMethod("getAttribute", String.class);
        setAttribute = httpRequest.getMethod("setAttribute", String.class, Object.class);
        setStatus = httpResponse.getMethod("setStatus", int.class);
        getStatus = httpResponse.getMethod("getStatus");
        setHeader = httpResponse.getMethod("setHeader", String.class, String.class);
        addHeader = httpResponse.getMethod("addHeader", String.class, String.class);
        getHeaderNames = httpResponse.getMethod("getHeaderNames");
        getHeaders = httpResponse.getMethod("getHeaders", String.class);
        getContentType = httpResponse.getMethod("getContentType");
        setContentType = httpResponse.getMethod("setContentType", String.class);
        setContentLength = httpResponse.getMethod("setContentLengthLong", long.class);
        getOutputStream = httpResponse.getMethod("getOutputStream");
        getWriter = httpResponse.getMethod("getWriter");
        getCharacterEncoding = httpResponse.getMethod("getCharacterEncoding");
        reset = httpResponse.getMethod("reset");
        resetBuffer = httpResponse.getMethod("resetBuffer");
    }

    /**
     * @param httpServlet the woven {@code HttpServlet} class
     * @return its loader's servlet API, empty when it cannot be used
     */
    static Optional<ServletApi> of(Class<?> httpServlet) {
        return APIS.get(httpServlet);
    }

    /** @return whether both are HTTP ones, which the edge acts on */
    boolean isHttp(Object request, Object response) {
        return httpRequest.isInstance(request) && httpResponse.isInstance(response);
    }

    String method(Object request) {
        return (String) call(getMethod, request);
    }

    /** The path within the app, decoded and normalized by the server, without the query: what its servlets are mapped by. */
    String path(Object request) {
        String servletPath = (String) call(getServletPath, request);
        String pathInfo = (String) call(getPathInfo, request);
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    String queryString(Object request) {
        return (String) call(getQueryString, request);
    }

    String header(Object request, String name) {
        return (String) call(getHeader, request, name);
    }

    String remoteAddress(Object request) {
        return (String) call(getRemoteAddr, request);
    }

    Principal principal(Object request) {
        return (Principal) call(getUserPrincipal, request);
    }

    /** @return whether the container dispatched the request from a client, not a forward, include or error page */
    boolean isClientDispatch(Object request) {
        Object type = call(getDispatcherType, request);
        return type != null && type.toString().equals("REQUEST");
    }

    boolean isAsyncStarted(Object request) {
        return (Boolean) call(isAsyncStarted, request);
    }

    Object attribute(Object request, String name) {
        return call(getAttribute, request, name);
    }

    void attribute(Object request, String name, Object value) {
        call(setAttribute, request, name, value);
    }

    void status(Object response, int status) {
        call(setStatus, response, status);
    }

    int status(Object response) {
        return (Integer) call(getStatus, response);
    }

    void setHeader(Object response, String name, String value) {
        call(setHeader, response, name, value);
    }

    void addHeader(Object response, String name, String value) {
        call(addHeader, response, name, value);
    }

    /** @return every header of the response as name and value, a header with several values several times */
    List<String[]> headers(Object response) {
        List<String[]> headers = new ArrayList<>();
        for (Object name : (Collection<?>) call(getHeaderNames, response)) {
            for (Object value : (Collection<?>) call(getHeaders, response, name)) {
                headers.add(new String[] {(String) name, (String) value});
            }
        }
        return headers;
    }

    String contentType(Object response) {
        return (String) call(getContentType, response);
    }

    void contentType(Object response, String type) {
        call(setContentType, response, type);
    }

    void contentLength(Object response, long length) {
        call(setContentLength, response, length);
    }

    /** @return the response's {@code ServletOutputStream} */
    Object outputStream(Object response) throws java.io.IOException {
        return callThrowingIo(getOutputStream, response);
    }

    java.io.PrintWriter writer(Object response) throws java.io.IOException {
        return (java.io.PrintWriter) callThrowingIo(getWriter, response);
    }

    String characterEncoding(Object response) {
        return (String) call(getCharacterEncoding, response);
    }

    void reset(Object response) {
        call(reset, response);
    }

    void resetBuffer(Object response) {
        call(resetBuffer, response);
    }

    /** Writes bytes to a {@code ServletOutputStream}, which extends {@link java.io.OutputStream}. */
    static void write(Object servletOutputStream, byte[] bytes) throws java.io.IOException {
        java.io.OutputStream stream = (java.io.OutputStream) servletOutputStream;
        stream.write(bytes);
        stream.flush();
    }

    private static Object call(Method method, Object target, Object... arguments) {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof RuntimeException runtime) throw runtime;
            if (cause instanceof Error error) throw error;
            throw new IllegalStateException(method.getName() + " failed", cause);
        } catch (IllegalAccessException inaccessible) {
            throw new IllegalStateException(method.getName() + " is not accessible", inaccessible);
        }
    }

    private static Object callThrowingIo(Method method, Object target) throws java.io.IOException {
        try {
            return method.invoke(target);
        } catch (InvocationTargetException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof java.io.IOException io) throw io;
            if (cause instanceof RuntimeException runtime) throw runtime;
            if (cause instanceof Error error) throw error;
            throw new IllegalStateException(method.getName() + " failed", cause);
        } catch (IllegalAccessException inaccessible) {
            throw new IllegalStateException(method.getName() + " is not accessible", inaccessible);
        }
    }
}
