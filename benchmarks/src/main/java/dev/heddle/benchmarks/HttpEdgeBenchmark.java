package dev.heddle.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.heddle.http.FakeExchange;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the HTTP edge adds to a request, in JVMs that run the real agent jar with the {@code http:}
 * section of {@link BenchmarkMain}: the woven {@code HttpServlet#service} of a servlet that writes a
 * small JSON page, called with the servlet API's request and response of the agent's unit tests
 * (map-backed proxies, the same for every variant, made anew for each request).
 *
 * <ul>
 *   <li>{@code unrouted}: a path no route names: the edge only finds that out.</li>
 *   <li>{@code edgeQuota}: a route with a quota (an in-process token bucket): the user from a
 *       header, the check, three {@code X-RateLimit-*} headers, then the servlet.
 *       {@code bucket4jFilter}: the peer, by hand, as a filter would: Bucket4j's
 *       {@code tryConsumeAndReturnRemaining(1)}, the same three headers, the servlet.</li>
 *   <li>{@code edgeCacheHit}: a route with a page cache, the same page every time: key, lookup, the
 *       stored page written. {@code caffeineFilterHit}: the peer, by hand: a Caffeine cache of page
 *       bodies keyed by path, sorted query and user, the page written the same way.</li>
 *   <li>{@code edgeCacheMiss}: a page never asked for (a new query each time): the servlet runs
 *       with a response that records its body, and the page is stored.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HttpEdgeBenchmark {

    private static final byte[] PAGE = "{\"article\":\"42\",\"title\":\"How a heddle lifts the warp\"}"
            .getBytes(StandardCharsets.UTF_8);

    /** A servlet as an app has one: writes a small JSON page through the output stream. */
    public static final class ArticleServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.getOutputStream().write(PAGE);
        }
    }

    private final ArticleServlet servlet = new ArticleServlet();
    private final Bucket bucket = Bucket.builder()
            .addLimit(Bandwidth.builder().capacity(1_000_000_000_000L).refillGreedy(1_000_000_000_000L, Duration.ofHours(1)).build())
            .build();
    private final Cache<String, byte[]> pages = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(1, TimeUnit.HOURS)
            .build();
    private long next;

    @Setup
    public void setUp() throws Exception {
        FakeExchange first = serve(new FakeExchange("GET", "/bench/cached/42", "b=2&a=1").header("X-User-Id", "alice"));
        FakeExchange second = serve(new FakeExchange("GET", "/bench/cached/42", "b=2&a=1").header("X-User-Id", "alice"));
        if (!"HIT".equals(second.responseHeader("X-Cache")) || !"MISS".equals(first.responseHeader("X-Cache"))) {
            throw new IllegalStateException("the HTTP edge is not woven; run through BenchmarkMain (java -jar heddle-benchmarks.jar)");
        }
        pages.put(caffeineKey("/bench/plain/42", "b=2&a=1", "alice"), PAGE);
    }

    private FakeExchange serve(FakeExchange exchange) throws Exception {
        servlet.service(exchange.request(), exchange.response());
        return exchange;
    }

    private static FakeExchange get(String path, String query) {
        return new FakeExchange("GET", path, query).header("X-User-Id", "alice");
    }

    @Benchmark
    public FakeExchange unrouted() throws Exception {
        return serve(get("/bench/plain/42", "b=2&a=1"));
    }

    @Benchmark
    public FakeExchange edgeQuota() throws Exception {
        return serve(get("/bench/quota/42", "b=2&a=1"));
    }

    @Benchmark
    public FakeExchange bucket4jFilter() throws Exception {
        FakeExchange exchange = get("/bench/plain/42", "b=2&a=1");
        HttpServletResponse response = exchange.response();
        var probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) throw new IllegalStateException("refused");
        response.setHeader("X-RateLimit-Limit", "1000000000000");
        response.setHeader("X-RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
        response.setHeader("X-RateLimit-Reset", Long.toString(TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForReset())));
        return serve(exchange);
    }

    @Benchmark
    public FakeExchange edgeCacheHit() throws Exception {
        return serve(get("/bench/cached/42", "b=2&a=1"));
    }

    @Benchmark
    public FakeExchange caffeineFilterHit() throws Exception {
        FakeExchange exchange = get("/bench/plain/42", "b=2&a=1");
        HttpServletRequest request = exchange.request();
        byte[] page = pages.getIfPresent(caffeineKey(request.getServletPath(), request.getQueryString(), request.getHeader("X-User-Id")));
        if (page == null) return serve(exchange);
        HttpServletResponse response = exchange.response();
        response.setStatus(200);
        response.setHeader("X-Cache", "HIT");
        response.setContentType("application/json");
        response.setContentLengthLong(page.length);
        response.getOutputStream().write(page);
        return exchange;
    }

    @Benchmark
    public FakeExchange edgeCacheMiss() throws Exception {
        return serve(get("/bench/cached/42", "n=" + next++));
    }

    private static String caffeineKey(String path, String query, String user) {
        String[] pairs = query.split("&");
        Arrays.sort(pairs);
        return path + "?" + String.join("&", pairs) + "\n" + user;
    }
}
