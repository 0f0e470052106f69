package dev.heddle.redis;

import dev.heddle.threads.LibraryThreads;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The one place that builds Heddle's Redis clients: a pool of RESP2 connections to a
 * {@link RedisEndpoint}, logged in with its user and password, on its database.
 *
 * <p><b>TLS</b> ({@code rediss://}): the server's certificate is checked against the JVM's trust
 * store and must name the host of the URI (as HTTPS checks it). To trust a private CA, start the JVM
 * with the standard properties, {@code -Djavax.net.ssl.trustStore=/path/to/truststore.p12
 * -Djavax.net.ssl.trustStorePassword=... -Djavax.net.ssl.trustStoreType=PKCS12}; they replace the
 * JDK's {@code cacerts}, so such a store holds every CA the app needs. Client certificates (Redis's
 * {@code tls-auth-clients yes}) come from {@code javax.net.ssl.keyStore} in the same way.
 */
public final class RedisClients {

    /** The name the pool library (commons-pool2, relocated) gives its idle-connection evictor thread. */
    private static final List<String> POOL_THREADS = List.of("commons-pool-evictor");

    private RedisClients() {
    }

    /**
     * Connects lazily: nothing happens on the network until the first command.
     *
     * @param endpoint where, over TLS or not, as whom, which database
     * @param connectTimeout the longest wait to open a TCP connection
     * @param commandTimeout the longest wait for a reply (also each step of the TLS handshake and login), and
     *     for a free pooled connection
     * @param poolSize the most connections, at least 1
     * @return a pooled client; the caller closes it
     */
    public static RedisClient pooled(RedisEndpoint endpoint, Duration connectTimeout, Duration commandTimeout, int poolSize) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (poolSize < 1) throw new IllegalArgumentException("poolSize must be at least 1, but was " + poolSize);
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        pool.setMinIdle(0);
        pool.setMaxWait(commandTimeout);
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(Math.toIntExact(connectTimeout.toMillis()))
                .socketTimeoutMillis(Math.toIntExact(commandTimeout.toMillis()))
                .resp2() // callers read RESP2 replies: plain arrays and integers
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .user(endpoint.user().orElse(null))
                .password(endpoint.password().orElse(null))
                .database(endpoint.database());
        if (endpoint.tls()) {
            SSLParameters verifyHost = new SSLParameters();
            verifyHost.setEndpointIdentificationAlgorithm("HTTPS");
            client.ssl(true)
                    .sslSocketFactory(endpoint.sslSocketFactory().orElseGet(() -> (SSLSocketFactory) SSLSocketFactory.getDefault()))
                    .sslParameters(verifyHost);
        }
        // the first pool in this JVM starts the pool library's idle-connection evictor thread
        return LibraryThreads.adopt("redis", POOL_THREADS, () -> RedisClient.builder()
                .hostAndPort(endpoint.host(), endpoint.port())
                .clientConfig(client.build())
                .poolConfig(pool)
                .build());
    }

    /**
     * @param failure what a command of a client from {@link #pooled} threw
     * @return whether Redis refused the user or password: a wrong password, a password missing, or
     *     a user without the right to a command
     */
    public static boolean isRefusedLogin(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JedisAccessControlException) return true;
            if (cause instanceof JedisDataException && cause.getMessage() != null
                    && (cause.getMessage().startsWith("NOAUTH") || cause.getMessage().startsWith("WRONGPASS"))) {
                return true;
            }
            if (cause.getCause() == cause) break;
        }
        return false;
    }

    /**
     * @param failure what a command of a client from {@link #pooled} threw
     * @return whether Redis refused a write because it reached {@code maxmemory} and may evict nothing
     *     (an {@code OOM} error reply): Redis is up and still answers reads
     */
    public static boolean isFull(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof JedisDataException && cause.getMessage() != null && cause.getMessage().startsWith("OOM ")) {
                return true;
            }
        }
        return false;
    }

    /** @return the message of a {@code NOPERM} reply (a user logged in but not allowed the command) in the causes, or null */
    private static String refusedCommand(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof JedisDataException && cause.getMessage() != null && cause.getMessage().startsWith("NOPERM")) {
                return cause.getMessage();
            }
        }
        return null;
    }

    /**
     * @param failure what a command of a client from {@link #pooled} threw
     * @return what went wrong, to follow "Redis at host:port" in a log line: "is unreachable (...)",
     *     or, when the cause is clear, that it is full, or that the login, a command's permission or
     *     the TLS handshake failed, and what to check
     */
    public static String explain(Throwable failure) {
        String refusedCommand = refusedCommand(failure);
        if (refusedCommand != null) {
            // the login worked: pointing at the password would send the operator the wrong way
            return "refused a command to Heddle's user (" + refusedCommand + "); the login worked, but the Redis ACL does not"
                    + " let that user run the commands Heddle needs on its keys (heddle:*): grant them (ACL SETUSER)";
        }
        if (isFull(failure)) {
            return "is full (" + failure.getMessage() + "): it reached maxmemory and may evict nothing; give it more memory or"
                    + " an eviction policy (maxmemory-policy)";
        }
        if (isRefusedLogin(failure)) {
            return "refused Heddle's login (" + failure.getMessage() + "); check the user and password in the redis URL";
        }
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return "failed the TLS handshake (" + cause.getMessage() + "); with rediss:// the server's certificate must"
                        + " name the host and be signed by a CA the JVM trusts (javax.net.ssl.trustStore), and the server"
                        + " must speak TLS on that port";
            }
        }
        return "is unreachable (" + failure.getMessage() + ")";
    }
}
