package dev.heddle.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.heddle.config.HttpConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The GET response cache of one route, in this process: pages expire {@code ttl} after they were
 * stored, and the cache keeps at most {@value #MAX_BYTES} bytes, least recently used pages going
 * first. Decides what may be stored: a {@code 200} whose body fits {@code maxBodyBytes}, that sets no
 * cookie, says neither {@code Cache-Control: no-store}, {@code private} nor {@code no-cache}, and
 * varies by no request header the route does not key by.
 */
final class PageCache {

    /** The memory one route's pages may take. */
    static final long MAX_BYTES = 64L << 20;

    /** Headers that belong to one exchange, not to the page: never replayed from the cache. */
    private static final Set<String> EXCHANGE_HEADERS = Set.of("date", "content-length", "transfer-encoding", "connection",
            "keep-alive", "set-cookie", "x-cache", "retry-after", "x-ratelimit-limit", "x-ratelimit-remaining",
            "x-ratelimit-reset", "content-type");

    private final HttpConfig.ResponseCache settings;
    private final Set<String> keyedHeaders;
    private final Cache<PageKey, StoredPage> pages;

    PageCache(HttpConfig.ResponseCache settings) {
        this.settings = settings;
        Set<String> keyed = new java.util.HashSet<>();
        for (String header : settings.vary()) keyed.add(header.toLowerCase(Locale.ROOT));
        this.keyedHeaders = Set.copyOf(keyed);
        this.pages = Caffeine.newBuilder()
                .expireAfterWrite(settings.ttl())
                .maximumWeight(MAX_BYTES)
                .<PageKey, StoredPage>weigher((key, page) -> page.weight())
                .build();
    }

    /** @return the route's cache settings */
    HttpConfig.ResponseCache settings() {
        return settings;
    }

    /**
     * @param api the request's servlet API
     * @param request the request
     * @param path its path
     * @param user its user
     * @return the key of its page
     */
    PageKey keyOf(ServletApi api, Object request, String path, String user) {
        List<String> vary = new ArrayList<>(settings.vary().size());
        for (String header : settings.vary()) vary.add(api.header(request, header));
        return PageKey.of(path, api.queryString(request), vary, settings.perUser() ? user : null);
    }

    Optional<StoredPage> get(PageKey key) {
        return Optional.ofNullable(pages.getIfPresent(key));
    }

    /**
     * Stores the page when it may be cached.
     *
     * @param key its key
     * @param status the response's status
     * @param contentType its content type
     * @param headers its headers
     * @param body its body, empty when it was too large or unreadable
     * @return why it was not stored, or empty when it was
     */
    Optional<String> offer(PageKey key, int status, String contentType, List<String[]> headers, Optional<byte[]> body) {
        Optional<String> refusal = refusal(status, headers, body);
        if (refusal.isPresent()) return refusal;
        List<String[]> kept = new ArrayList<>();
        for (String[] header : headers) {
            if (!EXCHANGE_HEADERS.contains(header[0].toLowerCase(Locale.ROOT))) kept.add(header.clone());
        }
        pages.put(key, new StoredPage(status, contentType, List.copyOf(kept), body.get()));
        return Optional.empty();
    }

    private Optional<String> refusal(int status, List<String[]> headers, Optional<byte[]> body) {
        if (status != 200) return Optional.of("status " + status);
        if (body.isEmpty()) return Optional.of("a body over maxBodyBytes (" + settings.maxBodyBytes() + "), or written both as bytes and as text");
        for (String[] header : headers) {
            String name = header[0].toLowerCase(Locale.ROOT);
            String value = header[1].toLowerCase(Locale.ROOT);
            if (name.equals("set-cookie")) return Optional.of("it sets a cookie");
            if (name.equals("cache-control")) {
                for (String directive : value.split(",")) {
                    String bare = directive.strip();
                    int equals = bare.indexOf('=');
                    if (equals >= 0) bare = bare.substring(0, equals).strip();
                    if (bare.equals("no-store") || bare.equals("private") || bare.equals("no-cache")) {
                        return Optional.of("Cache-Control: " + bare);
                    }
                }
            }
            if (name.equals("vary")) {
                for (String varied : value.split(",")) {
                    String bare = varied.strip();
                    if (!bare.isEmpty() && !keyedHeaders.contains(bare)) {
                        return Optional.of("Vary: " + bare + ", a header the route's cache is not keyed by");
                    }
                }
            }
        }
        return Optional.empty();
    }
}
