package dev.heddle.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.config.ConfigLoader;
import dev.heddle.config.StatusConfig;
import dev.heddle.pipeline.Registry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusServerTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private StatusServer server;

    @BeforeEach
    void start() throws IOException {
        server = StatusServer.start(0, StatusReports::busy);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url()).resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** An HTTP/1.1 request written by hand, since HttpClient does not let a caller set Host. */
    private String rawResponse(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void statusAnswersTheReportAsJson() throws Exception {
        HttpResponse<String> response = send("GET", "/status");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(StatusJsonTest.parse(response.body())).containsKey("rules");
        assertThat(response.body()).isEqualTo(StatusJson.render(StatusReports.busy()));
    }

    @Test
    void theRootAnswersTheHtmlPage() throws Exception {
        HttpResponse<String> response = send("GET", "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(response.body()).isEqualTo(StatusPage.render(StatusReports.busy()));
    }

    @Test
    void healthzAnswersOk() throws Exception {
        HttpResponse<String> response = send("GET", "/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    @Test
    void anyOtherPathIsNotFound() throws Exception {
        assertThat(send("GET", "/metrics").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/status/").statusCode()).isEqualTo(404);
    }

    @Test
    void anyMethodButGetIsNotAllowed() throws Exception {
        for (String method : new String[] {"POST", "PUT", "DELETE", "HEAD"}) {
            HttpResponse<String> response = send(method, "/status");

            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).as(method).contains("GET");
        }
    }

    @Test
    void aRequestForAnotherHostNameIsForbidden() throws IOException {
        String response = rawResponse("GET /status HTTP/1.1\r\nHost: attacker.example:" + server.port()
                + "\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 403").doesNotContain("support-bot");
    }

    @Test
    void aRequestForLocalhostIsServed() throws IOException {
        String response = rawResponse("GET /healthz HTTP/1.1\r\nHost: localhost:" + server.port()
                + "\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nok\n");
    }

    @Test
    void itListensOnTheIpv4LoopbackAddressOnly() {
        assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
    }

    @Test
    void itsThreadsNeverKeepTheAppAlive() throws Exception {
        send("GET", "/healthz");

        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(thread -> thread.getName().startsWith("HTTP-Dispatcher") || thread.getName().startsWith("heddle-status"))
                .isNotEmpty()
                .allMatch(Thread::isDaemon);
    }

    @Test
    void withoutStatusInTheConfigurationThereIsNoEndpoint() throws Exception {
        Registry registry = new Registry(ConfigLoader.parse("rules: []", "heddle.yaml"));

        assertThat(StatusServer.start(registry)).isEmpty();
    }

    @Test
    void aPortInUseCostsTheEndpointAndNothingElse() throws Exception {
        Registry registry = new Registry(ConfigLoader.parse("status: { port: " + server.port() + " }", "heddle.yaml"));

        assertThat(StatusServer.start(registry)).isEmpty();
    }

    @Test
    void theConfiguredPortIsServed() throws Exception {
        Registry registry = new Registry(ConfigLoader.parse("status: { port: 0 }", "heddle.yaml"));

        Optional<StatusServer> started = StatusServer.start(registry);
        try {
            assertThat(started).isPresent();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(started.get().url() + "status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(StatusJsonTest.parse(response.body())).containsKey("config");
            assertThat(response.body()).contains("\"source\" : \"heddle.yaml\"");
        } finally {
            started.ifPresent(StatusServer::close);
        }
    }

    private static final String TOKEN = "status-token-0123456789abcdef";

    private static HttpResponse<String> get(HttpClient client, String url, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) request.header("Authorization", authorization);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withATokenTheStatusAndThePageNeedIt() throws Exception {
        try (StatusServer guarded = StatusServer.start(StatusConfig.IPV4_LOOPBACK, 0, Optional.of(TOKEN), StatusReports::busy)) {
            for (String path : new String[] {"", "status"}) {
                HttpResponse<String> missing = get(client, guarded.url() + path, null);
                HttpResponse<String> wrong = get(client, guarded.url() + path, "Bearer " + TOKEN.replace('0', '1'));
                HttpResponse<String> right = get(client, guarded.url() + path, "Bearer " + TOKEN);

                for (HttpResponse<String> refused : List.of(missing, wrong)) {
                    assertThat(refused.statusCode()).as(path).isEqualTo(401);
                    assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"heddle\"");
                    assertThat(refused.body()).isEqualTo("unauthorized\n");
                }
                assertThat(right.statusCode()).as(path).isEqualTo(200);
                assertThat(right.body()).contains("support-bot");
            }
        }
    }

    @Test
    void withATokenHealthzStaysOpen() throws Exception {
        try (StatusServer guarded = StatusServer.start(StatusConfig.IPV4_LOOPBACK, 0, Optional.of(TOKEN), StatusReports::busy)) {
            HttpResponse<String> response = get(client, guarded.url() + "healthz", null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok\n");
        }
    }

    @Test
    void boundToEveryAddressItAnswersAnyHostNameThatBringsTheToken() throws Exception {
        try (StatusServer everywhere = StatusServer.start(InetAddress.getByName("0.0.0.0"), 0, Optional.of(TOKEN), StatusReports::busy)) {
            String withToken = raw(everywhere.port(), "GET /status HTTP/1.1\r\nHost: heddle.internal.example\r\n"
                    + "Authorization: Bearer " + TOKEN + "\r\nConnection: close\r\n\r\n");
            String withoutToken = raw(everywhere.port(), "GET /status HTTP/1.1\r\nHost: heddle.internal.example\r\n"
                    + "Connection: close\r\n\r\n");

            assertThat(everywhere.address().getAddress().isAnyLocalAddress()).isTrue();
            assertThat(everywhere.url()).isEqualTo("http://0.0.0.0:" + everywhere.port() + "/");
            assertThat(withToken).startsWith("HTTP/1.1 200").contains("support-bot");
            assertThat(withoutToken).startsWith("HTTP/1.1 401").doesNotContain("support-bot");
        }
    }

    @Test
    void aFloodOfRequestsWhileTheHandlerIsBusyIsTurnedAwayBeyondTheQueueAndTheEndpointAnswersAfterwards() throws Exception {
        CountDownLatch handlerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        int flood = StatusServer.MAX_QUEUED_REQUESTS + 16;
        List<Socket> sockets = new ArrayList<>();
        try (StatusServer busy = StatusServer.start(StatusConfig.IPV4_LOOPBACK, 0, Optional.empty(), () -> {
            handlerBusy.countDown();
            awaitQuietly(release);
            return StatusReports.busy();
        })) {
            Socket first = request(busy.port());
            sockets.add(first);
            assertThat(handlerBusy.await(10, TimeUnit.SECONDS)).as("the first request holds the one handler").isTrue();
            for (int i = 0; i < flood; i++) sockets.add(request(busy.port()));

            int turnedAway = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean[] closed = new boolean[sockets.size()];
            while (turnedAway < flood - StatusServer.MAX_QUEUED_REQUESTS && System.nanoTime() < deadline) {
                for (int i = 1; i < sockets.size(); i++) {
                    if (!closed[i] && closedWithoutAnswer(sockets.get(i))) {
                        closed[i] = true;
                        turnedAway++;
                    }
                }
            }
            release.countDown();
            int answered = 0;
            for (int i = 0; i < sockets.size(); i++) {
                if (closed[i]) continue;
                sockets.get(i).setSoTimeout(20_000);
                if (new String(sockets.get(i).getInputStream().readAllBytes(), StandardCharsets.UTF_8).startsWith("HTTP/1.1 200")) {
                    answered++;
                }
            }

            assertThat(turnedAway).as("requests beyond the queue are closed unanswered").isEqualTo(flood - StatusServer.MAX_QUEUED_REQUESTS);
            assertThat(answered).as("the busy one and the queued ones are answered").isEqualTo(StatusServer.MAX_QUEUED_REQUESTS + 1);
            HttpResponse<String> after = client.send(HttpRequest.newBuilder(URI.create(busy.url()).resolve("/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).isEqualTo(200);
        } finally {
            release.countDown();
            for (Socket socket : sockets) socket.close();
        }
    }

    private static Socket request(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.getOutputStream().write("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Whether the server closed this connection without a byte of answer; waits a moment for it. */
    private static boolean closedWithoutAnswer(Socket socket) throws IOException {
        socket.setSoTimeout(10);
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException stillWaiting) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theUrlOfAnIpv6AddressIsBracketed() throws Exception {
        try (StatusServer ipv6 = StatusServer.start(InetAddress.getByName("::1"), 0, Optional.empty(), StatusReports::busy)) {
            assertThat(ipv6.url()).isEqualTo("http://[0:0:0:0:0:0:0:1]:" + ipv6.port() + "/");
        } catch (java.net.SocketException noIpv6) {
            org.junit.jupiter.api.Assumptions.abort("this machine has no IPv6 loopback: " + noIpv6);
        }
    }

    @Test
    void theConfiguredBindAndTokenAreServed() throws Exception {
        Registry registry = new Registry(ConfigLoader.parse("status: { port: 0, bind: 0.0.0.0, token: " + TOKEN + " }", "heddle.yaml"));

        Optional<StatusServer> started = StatusServer.start(registry);
        try {
            assertThat(started).isPresent();
            assertThat(started.get().address().getAddress().isAnyLocalAddress()).isTrue();
            String base = "http://127.0.0.1:" + started.get().port() + "/status";
            assertThat(get(client, base, null).statusCode()).isEqualTo(401);
            assertThat(get(client, base, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
            assertThat(get(client, base, "Bearer " + TOKEN).body()).doesNotContain(TOKEN);
        } finally {
            started.ifPresent(StatusServer::close);
        }
    }

    private static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
