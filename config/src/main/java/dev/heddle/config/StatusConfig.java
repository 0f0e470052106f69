package dev.heddle.config;

/**
 * The local status endpoint: {@code status: { port: 9464 }}. Without {@code status:} there is no
 * endpoint.
 *
 * @param port the TCP port on 127.0.0.1, from 1 to 65535, or 0 for any free port (the agent logs
 *     the one it got)
 */
public record StatusConfig(int port) {

    /** The highest TCP port. */
    public static final int MAX_PORT = 65_535;

    public StatusConfig {
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port must be from 0 to " + MAX_PORT + ", but was " + port);
        }
    }
}
