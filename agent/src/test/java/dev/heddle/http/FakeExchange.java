package dev.heddle.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request and its response as a servlet container hands them to {@code HttpServlet#service}: the
 * servlet API's own interfaces, backed by maps, for the HTTP edge's unit tests and its benchmark
 * (public for the benchmarks module, which reads it from the agent's test jar). The it-tests run the
 * edge in real containers.
 */
public final class FakeExchange {

    final String method;
    final String path;
    final String query;
    final Map<String, String> requestHeaders = new HashMap<>();
    final Map<String, Object> attributes = new HashMap<>();
    String remoteAddress = "127.0.0.1";
    Principal principal;
    DispatcherType dispatcherType = DispatcherType.REQUEST;

    int status = 200;
    String contentType;
    String characterEncoding = "UTF-8";
    final Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private PrintWriter writer;

    final HttpServletRequest request;
    final HttpServletResponse response;

    /**
     * @param method the request's method
     * @param path its path within the app
     * @param query its raw query string, or null
     */
    public FakeExchange(String method, String path, String query) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, called, arguments) -> switch (called.getName()) {
                    case "getMethod" -> method;
                    case "getServletPath" -> path;
                    case "getPathInfo" -> null;
                    case "getQueryString" -> query;
                    case "getHeader" -> header((String) arguments[0]);
                    case "getRemoteAddr" -> remoteAddress;
                    case "getUserPrincipal" -> principal;
                    case "getDispatcherType" -> dispatcherType;
                    case "isAsyncStarted" -> false;
                    case "getAttribute" -> attributes.get((String) arguments[0]);
                    case "setAttribute" -> attributes.put((String) arguments[0], arguments[1]);
                    case "toString" -> "request " + method + " " + path;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    default -> throw new UnsupportedOperationException(called.getName());
                });
        ServletOutputStream stream = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        };
        this.response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, called, arguments) -> switch (called.getName()) {
                    case "setStatus" -> {
                        status = (Integer) arguments[0];
                        yield null;
                    }
                    case "getStatus" -> status;
                    case "setHeader" -> {
                        responseHeaders.put((String) arguments[0], new ArrayList<>(List.of((String) arguments[1])));
                        yield null;
                    }
                    case "addHeader" -> {
                        responseHeaders.computeIfAbsent((String) arguments[0], name -> new ArrayList<>()).add((String) arguments[1]);
                        yield null;
                    }
                    case "getHeader" -> responseHeader((String) arguments[0]);
                    case "getHeaderNames" -> new ArrayList<>(responseHeaders.keySet());
                    case "getHeaders" -> responseHeaders.getOrDefault((String) arguments[0], List.of());
                    case "getContentType" -> contentType;
                    case "setContentType" -> {
                        contentType = (String) arguments[0];
                        yield null;
                    }
                    case "setContentLengthLong" -> {
                        responseHeaders.put("Content-Length", new ArrayList<>(List.of(arguments[0].toString())));
                        yield null;
                    }
                    case "getCharacterEncoding" -> characterEncoding;
                    case "getOutputStream" -> stream;
                    case "getWriter" -> {
                        if (writer == null) writer = new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8), true);
                        yield writer;
                    }
                    case "reset" -> {
                        body.reset();
                        responseHeaders.clear();
                        status = 200;
                        yield null;
                    }
                    case "resetBuffer" -> {
                        body.reset();
                        yield null;
                    }
                    case "isCommitted" -> false;
                    case "flushBuffer" -> {
                        if (writer != null) writer.flush();
                        yield null;
                    }
                    case "toString" -> "response of " + method + " " + path;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    default -> throw new UnsupportedOperationException(called.getName());
                });
    }

    /**
     * @param name a request header's name
     * @param value its value
     * @return this exchange
     */
    public FakeExchange header(String name, String value) {
        requestHeaders.put(name.toLowerCase(java.util.Locale.ROOT), value);
        return this;
    }

    private String header(String name) {
        return requestHeaders.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** @return the request, as the container hands it to the servlet */
    public HttpServletRequest request() {
        return request;
    }

    /** @return the response, as the container hands it to the servlet */
    public HttpServletResponse response() {
        return response;
    }

    /**
     * @param name a response header's name, any case
     * @return its first value, or null
     */
    public String responseHeader(String name) {
        for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) return header.getValue().get(0);
        }
        return null;
    }

    /** @return the response's body as UTF-8 text */
    public String bodyText() {
        if (writer != null) writer.flush();
        return body.toString(StandardCharsets.UTF_8);
    }
}
