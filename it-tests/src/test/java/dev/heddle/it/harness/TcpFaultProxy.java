package dev.heddle.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on 127.0.0.1 in the test JVM that forwards every connection to one target (a
 * {@code redis-server}) and misbehaves on demand, so that a test can make a healthy server look
 * slow, hung or broken to the agent in a child JVM:
 *
 * <ul>
 *   <li>{@link Mode#PASS}: forwards both ways;</li>
 *   <li>{@link Mode#LATENCY}: forwards, but holds each chunk the server sends back for the
 *       {@link #latency(Duration) latency} first (a slow network or a server busy with a slow command);</li>
 *   <li>{@link Mode#STALL}: accepts connections and reads what the client sends, but forwards
 *       nothing and never answers (a hung server, or a packet-dropping firewall after the connect);</li>
 *   <li>{@link Mode#RESET}: resets every open connection and each new one at once (TCP RST).</li>
 * </ul>
 *
 * <p>The mode applies at once, to open connections too. The proxy counts the connections it accepted
 * and the chunks clients sent, so that a test can tell how often the agent tried the server.
 * Threads are daemons named {@code tcp-fault-proxy-*}; {@link #close()} ends them all.
 */
public final class TcpFaultProxy implements AutoCloseable {

    /** How the proxy treats traffic. */
    public enum Mode {
        /** Forwards both ways. */
        PASS,
        /** Forwards, each chunk from the server after the configured latency. */
        LATENCY,
        /** Reads what clients send, forwards nothing, answers nothing. */
        STALL,
        /** Resets every connection. */
        RESET
    }

    private static final int BUFFER = 16 * 1024;

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.PASS);
    private final AtomicLong latencyMillis = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong clientChunks = new AtomicLong();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private TcpFaultProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
        Thread acceptor = new Thread(this::acceptLoop, "tcp-fault-proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy on a free loopback port, in {@link Mode#PASS}.
     *
     * @param targetPort the port on 127.0.0.1 to forward to
     * @return the running proxy; close it
     */
    public static TcpFaultProxy to(int targetPort) {
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            return new TcpFaultProxy(listener, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback", e);
        }
    }

    /** @return the proxy's port on 127.0.0.1 */
    public int port() {
        return listener.getLocalPort();
    }

    /** @return {@code redis://127.0.0.1:<port>}, for a proxy in front of Redis */
    public String redisUrl() {
        return "redis://127.0.0.1:" + port();
    }

    /**
     * Switches the mode; {@link Mode#RESET} also resets every open connection now.
     *
     * @param next the new mode
     */
    public void mode(Mode next) {
        mode.set(Objects.requireNonNull(next));
        if (next == Mode.RESET) {
            open.forEach(TcpFaultProxy::reset);
        }
    }

    /**
     * Sets the delay of {@link Mode#LATENCY} and switches to it.
     *
     * @param perChunk how long each chunk from the server is held
     */
    public void latency(Duration perChunk) {
        latencyMillis.set(perChunk.toMillis());
        mode(Mode.LATENCY);
    }

    /** @return connections accepted since the start */
    public long connections() {
        return connections.get();
    }

    /** @return chunks read from clients since the start (a pipelined request is usually one) */
    public long clientChunks() {
        return clientChunks.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(TcpFaultProxy::closeQuietly);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            if (mode.get() == Mode.RESET) {
                reset(client);
                continue;
            }
            open.add(client);
            Socket server = new Socket();
            try {
                server.connect(target, 2_000);
            } catch (IOException e) {
                reset(client);
                open.remove(client);
                continue;
            }
            open.add(server);
            start("up", () -> pump(client, server, true));
            start("down", () -> pump(server, client, false));
        }
    }

    private void start(String direction, Runnable pump) {
        Thread thread = new Thread(pump, "tcp-fault-proxy-" + direction + "-" + listener.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** Copies from one socket to the other, as the mode says, until either closes. */
    private void pump(Socket from, Socket to, boolean fromClient) {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (fromClient) clientChunks.incrementAndGet();
                Mode now = mode.get();
                if (now == Mode.RESET) {
                    break;
                }
                if (now == Mode.STALL) {
                    continue; // read, never forwarded, never answered
                }
                if (now == Mode.LATENCY && !fromClient) {
                    Thread.sleep(latencyMillis.get());
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the other side closed or was reset: end this connection
        } finally {
            if (mode.get() == Mode.RESET) {
                reset(from);
                reset(to);
            } else {
                closeQuietly(from);
                closeQuietly(to);
            }
            open.remove(from);
            open.remove(to);
        }
    }

    /** Closes with SO_LINGER 0, which sends a TCP RST instead of a FIN. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
