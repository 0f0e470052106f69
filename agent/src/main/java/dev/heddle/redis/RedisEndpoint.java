package dev.heddle.redis;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * Where a Redis is and how to log in to it, read from a {@code redis://} or {@code rediss://} URI:
 * {@code rediss://user:password@host:6380/2}.
 *
 * <ul>
 *   <li>{@code rediss} connects over TLS; the server's certificate must be trusted by the JVM's
 *       trust store (see {@link RedisClients}) and must name the host.</li>
 *   <li>The port defaults to {@value #DEFAULT_PORT}, for both schemes.</li>
 *   <li>The user information, percent-decoded, is {@code user:password}, {@code :password} or,
 *       as redis-cli reads it, just {@code password} (the user is then {@code default}). Characters
 *       such as {@code / # ? @ : %} in a password must be percent-encoded ({@code %2F %23 %3F %40
 *       %3A %25}).</li>
 *   <li>The path is the database number, {@code /2}; none means 0.</li>
 * </ul>
 *
 * <p>{@link #toString()} never shows the password (nor the user): it is the {@code host:port} that
 * log lines name.
 */
public final class RedisEndpoint {

    /** The port when the URI names none. */
    public static final int DEFAULT_PORT = 6379;

    private final String host;
    private final int port;
    private final boolean tls;
    private final String user;
    private final String password;
    private final int database;
    private final SSLSocketFactory sslSocketFactory;

    private RedisEndpoint(String host, int port, boolean tls, String user, String password, int database,
                          SSLSocketFactory sslSocketFactory) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.user = user;
        this.password = password;
        this.database = database;
        this.sslSocketFactory = sslSocketFactory;
    }

    /**
     * @param host a host name or address
     * @param port a port
     * @return {@code redis://host:port}: no TLS, no password, database 0
     */
    public static RedisEndpoint of(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) throw new IllegalArgumentException("the Redis host is empty");
        return new RedisEndpoint(host, checkedPort(port, host), false, null, null, 0, null);
    }

    /**
     * @param uri such as {@code redis://localhost:6379} or {@code rediss://:secret@cache.internal:6380/1}
     * @return the endpoint
     * @throws IllegalArgumentException saying what is wrong with the URI; the message never contains
     *     its user information
     */
    public static RedisEndpoint parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        String text = uri.strip();
        URI parsed;
        try {
            parsed = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid(text, "it is not a valid URI: " + e.getReason() + hintFor(text));
        }
        String scheme = parsed.getScheme() == null ? null : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !(scheme.equals("redis") || scheme.equals("rediss"))) {
            throw invalid(text, "it must start with redis:// or, for TLS, rediss://");
        }
        if (parsed.isOpaque() || parsed.getHost() == null) {
            throw invalid(text, "it names no host, or its host and port cannot be read" + hintFor(text));
        }
        if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw invalid(text, "it has a query (?...) or a fragment (#...), which Heddle does not read" + hintFor(text));
        }
        String host = parsed.getHost();
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port = parsed.getPort() == -1 ? DEFAULT_PORT : checkedPort(parsed.getPort(), host);
        String user = null;
        String password = null;
        String userInfo = parsed.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = emptyToNull(decode(userInfo, text));
            } else {
                user = emptyToNull(decode(userInfo.substring(0, colon), text));
                password = emptyToNull(decode(userInfo.substring(colon + 1), text));
            }
        }
        return new RedisEndpoint(host, port, scheme.equals("rediss"), user, password, database(parsed.getRawPath(), text), null);
    }

    /**
     * @param uri any text meant as a Redis URI, even an invalid one
     * @return the text with its user information, if any, replaced by {@code ****}: fit for a log line
     */
    public static String redact(String uri) {
        if (uri == null) return null;
        int start = uri.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int at = uri.lastIndexOf('@');
        if (at < start) return uri;
        return uri.substring(0, start) + "****" + uri.substring(at);
    }

    /**
     * @param factory makes the TLS sockets, and so decides which certificates are trusted; null for
     *     the JVM's default
     * @return this endpoint with the factory; used only for {@code rediss}
     */
    public RedisEndpoint withSslSocketFactory(SSLSocketFactory factory) {
        return new RedisEndpoint(host, port, tls, user, password, database, factory);
    }

    /** @return the host, an IPv6 address without brackets */
    public String host() {
        return host;
    }

    /** @return the port */
    public int port() {
        return port;
    }

    /** @return whether connections use TLS ({@code rediss}) */
    public boolean tls() {
        return tls;
    }

    /** @return the user to log in as; empty for Redis's {@code default} user */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** @return the password; empty to log in with none */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** @return the database number, 0 unless the URI's path names one */
    public int database() {
        return database;
    }

    /** @return the factory of TLS sockets; empty for the JVM's default */
    public Optional<SSLSocketFactory> sslSocketFactory() {
        return Optional.ofNullable(sslSocketFactory);
    }

    /** @return {@code host:port}, with {@code /database} unless 0 and {@code (TLS)} for rediss; never the user or password */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + (database == 0 ? "" : "/" + database)
                + (tls ? " (TLS)" : "");
    }

    private static int checkedPort(int port, String host) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the Redis port of " + host + " must be between 1 and 65535, but was " + port);
        }
        return port;
    }

    private static int database(String path, String text) {
        if (path == null || path.isEmpty() || path.equals("/")) return 0;
        String number = path.substring(1);
        if (!number.isEmpty() && number.length() <= 9 && number.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Integer.parseInt(number);
        }
        throw invalid(text, "its path must be a database number such as /2, but was '" + path + "'" + hintFor(text));
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }

    /** Percent-decodes as URIs do: {@code +} stays a plus; the bytes are UTF-8. */
    private static String decode(String raw, String text) {
        if (raw.indexOf('%') < 0) return raw;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            int percent = raw.indexOf('%', i);
            if (percent < 0) percent = raw.length();
            bytes.writeBytes(raw.substring(i, percent).getBytes(StandardCharsets.UTF_8));
            if (percent == raw.length()) break;
            int high = percent + 2 < raw.length() ? Character.digit(raw.charAt(percent + 1), 16) : -1;
            int low = percent + 2 < raw.length() ? Character.digit(raw.charAt(percent + 2), 16) : -1;
            if (high < 0 || low < 0) throw invalid(text, "its user or password has a '%' that is not followed by two hex digits");
            bytes.write(high * 16 + low);
            i = percent + 3;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String hintFor(String text) {
        return text.indexOf('@') >= 0
                ? " (characters such as / # ? @ : % in a password must be percent-encoded: %2F %23 %3F %40 %3A %25)"
                : "";
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("'" + redact(text) + "' is not a usable Redis URI: " + why);
    }
}
