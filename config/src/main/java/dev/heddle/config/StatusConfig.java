package dev.heddle.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

/**
 * The status endpoint: {@code status: { port: 9464, bind: 127.0.0.1, token: ${HEDDLE_STATUS_TOKEN} }}.
 * Without {@code status:} there is no endpoint.
 *
 * @param port the TCP port, from 1 to 65535, or 0 for any free port (the agent logs the one it got)
 * @param bind the address to listen on: 127.0.0.1 unless given; any other than a loopback address
 *     needs a {@code token}
 * @param token the bearer token that {@code /} and {@code /status} require, when given; never shown
 *     by {@link #toString()}
 */
public record StatusConfig(int port, InetAddress bind, Optional<String> token) {

    /** The highest TCP port. */
    public static final int MAX_PORT = 65_535;
    /** The shortest token accepted: 16 characters, as many bits as a random UUID's half. */
    public static final int MIN_TOKEN_LENGTH = 16;
    /** 127.0.0.1, the default address: not {@code localhost}, which may resolve to ::1 first. */
    public static final InetAddress IPV4_LOOPBACK = ipv4Loopback();

    public StatusConfig {
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port must be from 0 to " + MAX_PORT + ", but was " + port);
        }
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(token, "token");
        if (token.isPresent() && token.get().length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the token must have at least " + MIN_TOKEN_LENGTH + " characters");
        }
        if (token.isEmpty() && !bind.isLoopbackAddress()) {
            throw new IllegalArgumentException("an endpoint bound to " + bind.getHostAddress() + " needs a token");
        }
    }

    /**
     * @param port the port on 127.0.0.1
     * @return an endpoint on 127.0.0.1 without a token
     */
    public static StatusConfig onLoopback(int port) {
        return new StatusConfig(port, IPV4_LOOPBACK, Optional.empty());
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException impossible) {
            throw new AssertionError("four bytes are an IPv4 address", impossible);
        }
    }

    /** @return whether only this machine can reach the endpoint */
    public boolean loopbackOnly() {
        return bind.isLoopbackAddress();
    }

    /** @return the fields, with a token shown as {@code <hidden>} */
    @Override
    public String toString() {
        return "StatusConfig[port=" + port + ", bind=" + bind.getHostAddress()
                + (token.isPresent() ? ", token=<hidden>" : "") + "]";
    }
}
