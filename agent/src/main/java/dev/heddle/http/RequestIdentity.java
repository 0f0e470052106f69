package dev.heddle.http;

import dev.heddle.config.HttpConfig;
import dev.heddle.identity.UserResolver;
import java.security.Principal;
import java.util.List;
import java.util.Optional;

/**
 * Finds a request's user from the {@code http.user} sources, in order: the first that gives a value
 * wins; a request that none names is {@value UserResolver#ANONYMOUS}. Immutable.
 */
final class RequestIdentity {

    /** A longer value is not an id but noise or an attack on the counters' keys: the next source is tried. */
    static final int MAX_USER_CHARS = 256;

    private final List<HttpConfig.IdentitySource> sources;

    RequestIdentity(List<HttpConfig.IdentitySource> sources) {
        this.sources = List.copyOf(sources);
    }

    /**
     * @param api the servlet API of the request
     * @param request the request
     * @return the user's id, never null or blank
     */
    String userOf(ServletApi api, Object request) {
        for (HttpConfig.IdentitySource source : sources) {
            Optional<String> user = read(source, api, request).map(String::strip)
                    .filter(value -> !value.isEmpty() && value.length() <= MAX_USER_CHARS);
            if (user.isPresent()) return user.get();
        }
        return UserResolver.ANONYMOUS;
    }

    private static Optional<String> read(HttpConfig.IdentitySource source, ServletApi api, Object request) {
        if (source instanceof HttpConfig.Header header) return Optional.ofNullable(api.header(request, header.name()));
        if (source instanceof HttpConfig.JwtClaim jwt) {
            return jwt.unverified() ? BearerClaims.claim(api.header(request, "Authorization"), jwt.claim())
                    : PrincipalClaims.claim(api.principal(request), jwt.claim());
        }
        if (source instanceof HttpConfig.Principal) {
            Principal principal = api.principal(request);
            return principal == null ? Optional.empty() : Optional.ofNullable(principal.getName());
        }
        return Optional.ofNullable(api.remoteAddress(request));
    }
}
