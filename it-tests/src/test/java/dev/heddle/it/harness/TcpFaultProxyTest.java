package dev.heddle.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault proxy itself, in front of an echo server on loopback: each mode does what it says. */
class TcpFaultProxyTest {

    private ServerSocket echo;
    private TcpFaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::echoEverything, "echo-server");
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = TcpFaultProxy.to(echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void passForwardsBothWaysAndCountsTheConnectionAndTheRequest() throws IOException {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "ping")).isEqualTo("ping");
        }
        assertThat(proxy.connections()).isEqualTo(1);
        assertThat(proxy.clientChunks()).isEqualTo(1);
    }

    @Test
    void latencyStillAnswers() throws IOException {
        proxy.latency(Duration.ofMillis(50));
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "slow")).isEqualTo("slow");
        }
    }

    @Test
    void stallReadsTheRequestButNeverAnswersUntilItPassesAgain() throws Exception {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "before")).as("the positive control: it answers").isEqualTo("before");
            proxy.mode(TcpFaultProxy.Mode.STALL);
            assertThatThrownBy(() -> roundTrip(client, "stalled")).isInstanceOf(SocketTimeoutException.class);
            assertThat(proxy.clientChunks()).as("the stalled request was read").isEqualTo(2);
        }
        proxy.mode(TcpFaultProxy.Mode.PASS);
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "after")).isEqualTo("after");
        }
    }

    @Test
    void resetBreaksOpenConnectionsAndEveryNewOne() throws Exception {
        try (Socket open = connect()) {
            assertThat(roundTrip(open, "before")).isEqualTo("before");
            proxy.mode(TcpFaultProxy.Mode.RESET);
            assertThatThrownBy(() -> roundTrip(open, "reset")).isInstanceOf(IOException.class);
        }
        try (Socket fresh = connect()) {
            assertThatThrownBy(() -> roundTrip(fresh, "new")).isInstanceOf(IOException.class);
        }
        assertThat(proxy.connections()).isEqualTo(2);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(1_000);
        return socket;
    }

    /** Sends a word and reads the echo; an end of stream counts as a broken connection. */
    private static String roundTrip(Socket socket, String word) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(word.getBytes(StandardCharsets.UTF_8));
        out.flush();
        byte[] reply = socket.getInputStream().readNBytes(word.length());
        if (reply.length < word.length()) throw new SocketException("connection closed after " + reply.length + " bytes");
        return new String(reply, StandardCharsets.UTF_8);
    }

    private void echoEverything() {
        while (!echo.isClosed()) {
            try {
                Socket connection = echo.accept();
                Thread pump = new Thread(() -> {
                    try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException closed) {
                        // the proxy closed or reset it
                    }
                }, "echo-connection");
                pump.setDaemon(true);
                pump.start();
            } catch (IOException closed) {
                return;
            }
        }
    }
}
