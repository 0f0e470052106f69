package dev.heddle.benchmarks.macro;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the benchmark's own, on a free port of 127.0.0.1, keeping nothing on
 * disk: the binary named by {@code HEDDLE_REDIS_SERVER}, or the one on the PATH, found as the tests'
 * {@code RedisServerProcess} finds it.
 */
final class LocalRedis implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 10_000;

    private final Process process;
    private final int port;
    private final String version;

    private LocalRedis(Process process, int port, String version) {
        this.process = process;
        this.port = port;
        this.version = version;
    }

    /** @return the redis-server binary, or empty when there is none */
    static Optional<String> findBinary() {
        String configured = System.getenv("HEDDLE_REDIS_SERVER");
        if (configured != null && !configured.isBlank()) {
            return new File(configured).canExecute() ? Optional.of(configured) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String directory : path.split(File.pathSeparator)) {
            File candidate = new File(directory, "redis-server");
            if (candidate.canExecute()) return Optional.of(candidate.getPath());
        }
        return Optional.empty();
    }

    /**
     * @param binary the redis-server binary
     * @return a server that answers PING
     * @throws IOException when it cannot be started or does not answer in time
     */
    static LocalRedis start(String binary) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(List.of(binary, "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("redis-server exited with " + process.exitValue());
            try {
                if (command(port, "PING").startsWith("+PONG")) {
                    String info = command(port, "INFO", "server");
                    int at = info.indexOf("redis_version:");
                    int end = at < 0 ? -1 : info.indexOf('\r', at);
                    String version = end < 0 ? "?" : info.substring(at + "redis_version:".length(), end);
                    return new LocalRedis(process, port, version);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not answer PING on port " + port + " within " + START_TIMEOUT_MILLIS + " ms");
    }

    /** @return {@code redis://127.0.0.1:<port>} */
    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** @return the server's version, as INFO says it */
    String version() {
        return version;
    }

    /** Sends one command and returns the raw reply, read until the server pauses. */
    private static String command(int port, String... words) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1_000);
            StringBuilder request = new StringBuilder("*").append(words.length).append("\r\n");
            for (String word : words) {
                request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int read = in.read(buffer);
            if (read < 0) throw new IOException("no reply");
            return new String(buffer, 0, read, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
