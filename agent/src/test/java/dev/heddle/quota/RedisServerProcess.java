package dev.heddle.quota;

import dev.heddle.redis.TestCertificates;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for tests, on a free loopback port, without persistence unless
 * started with {@link #startPersistent(Path)}: the binary named by {@code HEDDLE_REDIS_SERVER}, or
 * {@code redis-server} on the PATH. Without one the test fails and says how to install it.
 *
 * <p>{@link #startTls} starts one that speaks only TLS and {@link #startWithPassword} one that asks
 * for a password ({@code requirepass}); {@link #url()} and {@link #command} then use both.
 *
 * <p>Public, and shipped in the agent's test jar, for the it-tests that run several JVMs against
 * one Redis.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 10_000;

    private final String binary;
    private final int port;
    /** Where the append-only file lives; null for a server that keeps nothing. */
    private final Path dataDir;
    /** The certificates of a server that speaks only TLS; null for plain TCP. */
    private final TestCertificates tls;
    /** The password of the default user; null for none. */
    private final String password;
    private Process process;

    private RedisServerProcess(String binary, int port, Path dataDir) {
        this(binary, port, dataDir, null, null);
    }

    private RedisServerProcess(String binary, int port, Path dataDir, TestCertificates tls, String password) {
        this.binary = binary;
        this.port = port;
        this.dataDir = dataDir;
        this.tls = tls;
        this.password = password;
    }

    /** @return a running server on a free port */
    public static RedisServerProcess start() throws IOException, InterruptedException {
        RedisServerProcess server = new RedisServerProcess(findBinary(), freePort(), null);
        server.startProcess();
        return server;
    }

    /**
     * A server that writes every change to an append-only file before it answers
     * ({@code appendfsync always}), so that {@link #restart()} after {@link #kill()} finds every
     * key it had, with its expiry.
     *
     * @param dataDir an existing folder, normally a temporary one, for the append-only file
     * @return a running server on a free port
     */
    public static RedisServerProcess startPersistent(Path dataDir) throws IOException, InterruptedException {
        RedisServerProcess server = new RedisServerProcess(findBinary(), freePort(), dataDir.toAbsolutePath());
        server.startProcess();
        return server;
    }

    /**
     * A server that speaks only TLS on its port ({@code --port 0 --tls-port <port>}), with the
     * certificate of {@code certificates} and without asking clients for theirs.
     *
     * @param certificates the server's certificate and key, and the CA that signed them
     * @param password the password of the default user ({@code requirepass}); null for none
     * @return a running server on a free port
     */
    public static RedisServerProcess startTls(TestCertificates certificates, String password)
            throws IOException, InterruptedException {
        RedisServerProcess server = new RedisServerProcess(findBinary(), freePort(), null, certificates, password);
        server.startProcess();
        return server;
    }

    /**
     * @param password the password of the default user ({@code requirepass})
     * @return a running server on a free port that refuses commands until a client logs in
     */
    public static RedisServerProcess startWithPassword(String password) throws IOException, InterruptedException {
        RedisServerProcess server = new RedisServerProcess(findBinary(), freePort(), null, null, password);
        server.startProcess();
        return server;
    }

    /** @return the port it listens on, on 127.0.0.1 */
    public int port() {
        return port;
    }

    /**
     * @return {@code redis://127.0.0.1:<port>}; {@code rediss://} for a TLS server, and with
     *     {@code :<password>@}, percent-encoded, for one with a password
     */
    public String url() {
        return (tls == null ? "redis://" : "rediss://") + (password == null ? "" : ":" + percentEncoded(password) + "@")
                + "127.0.0.1:" + port;
    }

    private static String percentEncoded(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Starts the server again on the same port: empty, or, for a {@link #startPersistent} server,
     * with everything it had written.
     */
    public void restart() throws IOException, InterruptedException {
        startProcess();
    }

    /**
     * @param command a command and its arguments, sent as one RESP array, over TLS and after
     *     {@code AUTH} where the server needs them
     * @return the reply: a status or error line as sent ({@code +PONG}, {@code -ERR ...}), an integer
     *     as digits, a bulk string's content (null when absent), an array's elements joined by newlines
     */
    public String command(String... command) throws IOException {
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
             Socket socket = tls == null ? plain : tls.trustingCa().createSocket(plain, "127.0.0.1", port, true)) {
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            if (password != null) {
                send(out, "AUTH", password);
                String login = readReply(in);
                if (!"+OK".equals(login)) throw new IOException("AUTH was answered with " + login);
            }
            send(out, command);
            return readReply(in);
        }
    }

    private static void send(OutputStream out, String... command) throws IOException {
        StringBuilder request = new StringBuilder("*").append(command.length).append("\r\n");
        for (String part : command) {
            request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readReply(DataInputStream in) throws IOException {
        String line = readLine(in);
        switch (line.charAt(0)) {
            case ':':
                return line.substring(1);
            case '$': {
                int length = Integer.parseInt(line.substring(1));
                if (length < 0) return null;
                byte[] content = new byte[length + 2];
                in.readFully(content);
                return new String(content, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line.substring(1));
                StringBuilder elements = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    if (i > 0) elements.append('\n');
                    elements.append(readReply(in));
                }
                return elements.toString();
            }
            default:
                return line;
        }
    }

    private static String readLine(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\r'; b = in.read()) {
            if (b < 0) throw new IOException("the connection closed in a reply");
            line.append((char) b);
        }
        in.read();
        return line.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) kill();
        }
    }

    private void startProcess() throws IOException, InterruptedException {
        Path log = Files.createTempFile("heddle-redis-" + port, ".log");
        log.toFile().deleteOnExit();
        List<String> persistence = dataDir == null
                ? List.of("--appendonly", "no")
                : List.of("--appendonly", "yes", "--appendfsync", "always", "--dir", dataDir.toString());
        List<String> command = new ArrayList<>(List.of(binary, "--bind", "127.0.0.1", "--save", "", "--daemonize", "no",
                "--loglevel", "warning"));
        if (tls == null) {
            command.addAll(List.of("--port", Integer.toString(port)));
        } else {
            command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port),
                    "--tls-cert-file", tls.serverCertificate().toString(), "--tls-key-file", tls.serverKey().toString(),
                    "--tls-ca-cert-file", tls.caCertificate().toString(), "--tls-auth-clients", "no"));
        }
        if (password != null) command.addAll(List.of("--requirepass", password));
        command.addAll(persistence);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                if ("+PONG".equals(command("PING"))) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
                + START_TIMEOUT_MILLIS + " ms: " + Files.readString(log));
    }

    private static String findBinary() {
        String configured = System.getenv("HEDDLE_REDIS_SERVER");
        if (configured != null && !configured.isBlank()) {
            if (new File(configured).canExecute()) return configured;
            throw new IllegalStateException("HEDDLE_REDIS_SERVER names " + configured + ", which is not an executable file");
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(File.pathSeparator)) {
                File candidate = new File(directory, "redis-server");
                if (candidate.canExecute()) return candidate.getPath();
            }
        }
        throw new IllegalStateException("the Redis quota tests need a real redis-server, and none was found: install it"
                + " (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis) or set HEDDLE_REDIS_SERVER"
                + " to the path of a redis-server binary");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
