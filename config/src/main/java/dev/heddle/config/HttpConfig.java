package dev.heddle.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code http:} section: what Heddle does at the edge of a web app, for the requests of the
 * configured paths: who the request is for (the user of every LLM call made while serving it), a
 * quota that answers 429 with rate-limit headers, and a cache of idempotent GET responses.
 * Immutable. See {@code docs/http.md}.
 *
 * @param user where a request's user comes from, tried in order until one gives a value
 * @param routes the configured paths, in file order; the first that matches a request applies
 */
public record HttpConfig(List<IdentitySource> user, List<Route> routes) {

    /** Where a request's user comes from, when no earlier source gave one. */
    public sealed interface IdentitySource {
    }

    /**
     * A request header, such as {@code X-User-Id}, set by a gateway the app trusts.
     *
     * @param name the header's name
     */
    public record Header(String name) implements IdentitySource {
        /** Checks the name. */
        public Header {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A claim of the request's JWT bearer token.
     *
     * @param claim the claim, such as {@code sub}
     * @param unverified true to read it from the {@code Authorization: Bearer} token without checking
     *     its signature (only behind a gateway that checked it); false to read it only from the
     *     app's authenticated principal, which its own security checked
     */
    public record JwtClaim(String claim, boolean unverified) implements IdentitySource {
        /** Checks the claim. */
        public JwtClaim {
            Objects.requireNonNull(claim, "claim");
        }
    }

    /** The name of the app's authenticated principal ({@code HttpServletRequest.getUserPrincipal()}). */
    public record Principal() implements IdentitySource {
    }

    /** The client's address, as the server saw it (a proxy's, behind one). */
    public record ClientAddress() implements IdentitySource {
    }

    /**
     * The paths one entry of {@code routes:} covers, and what Heddle does for them.
     *
     * @param path an Ant-style pattern: {@code *} matches within one segment, {@code **} any number
     *     of segments, such as {@code /api/ask/**}
     * @param methods the HTTP methods it covers, upper case; empty for every method
     * @param quota the name of the quota (in {@code quotas:}) each request is charged to
     * @param cache the response cache of its GET requests
     * @param event the analytics event each served request writes (such as {@code page_view}), a
     *     step of a funnel without code; none when empty
     */
    public record Route(String path, Set<String> methods, Optional<String> quota, Optional<ResponseCache> cache,
            Optional<String> event) {
        /** Copies the methods. */
        public Route {
            Objects.requireNonNull(path, "path");
            methods = Set.copyOf(methods);
            Objects.requireNonNull(quota, "quota");
            Objects.requireNonNull(cache, "cache");
            Objects.requireNonNull(event, "event");
        }

        /**
         * A route without an analytics event.
         *
         * @param path the path pattern
         * @param methods the methods, empty for every method
         * @param quota the quota's name
         * @param cache the response cache
         */
        public Route(String path, Set<String> methods, Optional<String> quota, Optional<ResponseCache> cache) {
            this(path, methods, quota, cache, Optional.empty());
        }
    }

    /**
     * The response cache of a route's GET requests: only a 200 with a body under the limit, and
     * never a response that says {@code Cache-Control: no-store} or {@code private}.
     *
     * @param ttl how long a response is served from the cache
     * @param maxBodyBytes the largest body kept
     * @param vary request headers that are part of the key, besides the path and the sorted query
     * @param perUser true to keep one copy per user (the default), false to share it among users
     */
    public record ResponseCache(Duration ttl, long maxBodyBytes, List<String> vary, boolean perUser) {
        /** The largest body kept when the section does not say: 1 MiB. */
        public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;

        /** Copies the headers. */
        public ResponseCache {
            Objects.requireNonNull(ttl, "ttl");
            vary = List.copyOf(vary);
        }
    }

    /** The identity sources when the section names none: the authenticated principal, then the client's address. */
    public static final List<IdentitySource> DEFAULT_USER = List.of(new Principal(), new ClientAddress());

    /** Copies the lists. */
    public HttpConfig {
        user = List.copyOf(user);
        routes = List.copyOf(routes);
    }
}
