package dev.heddle.status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may read the status endpoint. On a loopback address, only requests that name a local host
 * (against DNS rebinding); with a token, on any address, only requests that carry
 * {@code Authorization: Bearer <token>}. {@code /healthz} needs no token: it answers {@code ok}
 * and reveals nothing, and load balancers probe it without credentials.
 */
final class StatusAccess {

    /** What a request may be: served, refused for its host name, or refused for its credentials. */
    enum Verdict { ALLOWED, WRONG_HOST, UNAUTHORIZED }

    /**
     * The host names a request to a loopback endpoint may carry. A page on another site that makes
     * its name resolve to 127.0.0.1 (DNS rebinding) sends its own name, and is refused.
     */
    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final String BEARER = "bearer ";
    /** The one path open without a token. */
    static final String HEALTH = "/healthz";

    private final boolean checkHost;
    /** The token's SHA-256, never the token: equal-length digests make the comparison's time independent of the guess. */
    private final Optional<byte[]> tokenDigest;

    private StatusAccess(boolean checkHost, Optional<byte[]> tokenDigest) {
        this.checkHost = checkHost;
        this.tokenDigest = tokenDigest;
    }

    /**
     * @param loopback whether the endpoint listens on a loopback address, where a browser page on
     *     this machine is the threat and the Host header the defence; elsewhere the token is the
     *     defence, since a page cannot add the header
     * @param token the bearer token, if any
     * @return the rules of access
     */
    static StatusAccess of(boolean loopback, Optional<String> token) {
        return new StatusAccess(loopback, token.map(StatusAccess::digest));
    }

    /** @return whether requests must carry the token */
    boolean needsToken() {
        return tokenDigest.isPresent();
    }

    /**
     * @param host the request's Host header, null when it has none
     * @param authorization the request's Authorization header, null when it has none
     * @param path the request's path
     * @return whether to serve it
     */
    Verdict judge(String host, String authorization, String path) {
        if (checkHost && !isLocalHost(host)) return Verdict.WRONG_HOST;
        if (tokenDigest.isEmpty() || path.equals(HEALTH)) return Verdict.ALLOWED;
        return carriesToken(authorization) ? Verdict.ALLOWED : Verdict.UNAUTHORIZED;
    }

    private boolean carriesToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return false;
        }
        return MessageDigest.isEqual(tokenDigest.get(), digest(authorization.substring(BEARER.length()).strip()));
    }

    /** A missing Host (HTTP/1.0) cannot come from a browser page, so it is accepted. */
    private static boolean isLocalHost(String host) {
        if (host == null) return true;
        String name = host.toLowerCase(Locale.ROOT);
        int portSeparator = name.lastIndexOf(':');
        if (portSeparator > name.lastIndexOf(']')) name = name.substring(0, portSeparator);
        return LOCAL_HOSTS.contains(name);
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime has SHA-256", impossible);
        }
    }
}
