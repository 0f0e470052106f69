package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heddle.it.app.StatusApp;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.TestApps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app runs with the agent, a YAML rule, a {@code @Cached} method and {@code status: { port }};
 * after its calls, while it holds still, the test reads {@code /status}, {@code /} and
 * {@code /healthz} over real HTTP, and the app reads the MBean's new attributes itself. Each JDK
 * runs the app once; every test looks at that one run from its own angle.
 */
class StatusEndpointTest {

    private static final String PLAIN_ANSWER = "dev.heddle.it.app.PlainAssistant:answer(Ljava/lang/String;)Ljava/lang/String;";
    private static final String PLAIN_DETAILED_ANSWER = "dev.heddle.it.app.PlainAssistant:answer(Ljava/lang/String;I)Ljava/lang/String;";
    private static final String CACHED_ANSWER = "@Cached dev.heddle.it.app.CachedAssistant:answer(Ljava/lang/String;)Ljava/lang/String;";

    private static final String CONFIG = """
            rules:
              - name: plain-assistant
                match: { type: dev.heddle.it.app.PlainAssistant, method: answer }
                cache: { ttl: 10m }
            status:
              port: %d
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Jdk, Observed> RUNS = new ConcurrentHashMap<>();

    @TempDir
    static Path workDir;

    /** What the test read from the endpoint while the app was paused, and what the app printed. */
    private record Observed(int port, Path config, JsonNode status, String page, HttpResponse<String> healthz, ChildResult result) {
    }

    private static Observed observed(Jdk jdk) {
        return RUNS.computeIfAbsent(jdk, StatusEndpointTest::run);
    }

    private static Observed run(Jdk jdk) {
        try {
            Path dir = Files.createDirectories(workDir.resolve("jdk" + jdk.major()));
            int port = freeLoopbackPort();
            Path config = ConfigFiles.write(dir, "heddle.yaml", CONFIG.formatted(port));
            try (ChildJvm child = TestApps.withAgent(TestApps.app(jdk, StatusApp.class, dir).args(Integer.toString(port)),
                    TestApps.configArg(config)).start()) {
                child.awaitStdoutLine(StatusApp.PAUSED::equals);
                HttpClient client = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + port + "/";
                JsonNode status = JSON.readTree(get(client, base + "status").body());
                String page = get(client, base).body();
                HttpResponse<String> healthz = get(client, base + "healthz");
                child.writeLine(StatusApp.GO);
                return new Observed(port, config, status, page, healthz, child.waitFor());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * A port that was free a moment ago. Another process could take it before the child binds it;
     * the ephemeral range is wide and the child starts within a second, so that stays theoretical.
     */
    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return socket.getLocalPort();
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode rule(Observed observed, String name) {
        return StreamSupport.stream(observed.status().get("rules").spliterator(), false)
                .filter(rule -> rule.get("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + name + " in " + observed.status().toPrettyString()));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    @OnEveryJdk
    void theAppRanItsCallsThroughTheCaches(Jdk jdk) {
        assertPrinted(observed(jdk).result(), "plain.calls=2", "cached.calls=1", "done=true");
    }

    @OnEveryJdk
    void statusCountsTheHitsAndMissesOfTheYamlRule(Jdk jdk) {
        JsonNode plain = rule(observed(jdk), "plain-assistant");

        assertThat(plain.get("kind").asText()).isEqualTo("rule");
        assertThat(plain.get("cacheHits").asLong()).isEqualTo(2);
        assertThat(plain.get("cacheMisses").asLong()).isEqualTo(2);
        assertThat(plain.get("calls").asLong()).isEqualTo(4);
        assertThat(plain.get("semanticHits").asLong()).isZero();
        assertThat(plain.get("circuitState").isNull()).isTrue();
    }

    @OnEveryJdk
    void statusCountsTheCachedAnnotationUnderItsMethod(Jdk jdk) {
        JsonNode cached = rule(observed(jdk), CACHED_ANSWER);

        assertThat(cached.get("kind").asText()).isEqualTo("annotation");
        assertThat(cached.get("cacheHits").asLong()).isEqualTo(1);
        assertThat(cached.get("cacheMisses").asLong()).isEqualTo(1);
        assertThat(cached.get("calls").asLong()).isEqualTo(2);
    }

    @OnEveryJdk
    void statusGroupsTheWovenMethodsByRule(Jdk jdk) {
        Observed observed = observed(jdk);

        assertThat(texts(rule(observed, "plain-assistant").get("wovenMethods")))
                .containsExactly(PLAIN_ANSWER, PLAIN_DETAILED_ANSWER);
        assertThat(texts(rule(observed, CACHED_ANSWER).get("wovenMethods")))
                .containsExactly(CACHED_ANSWER.substring("@Cached ".length()));
        assertThat(observed.status().get("rules").get(0).get("name").asText())
                .as("YAML rules come before annotated methods").isEqualTo("plain-assistant");
    }

    @OnEveryJdk
    void statusReportsTheConfigurationAsVersionOneApplied(Jdk jdk) {
        Observed observed = observed(jdk);
        JsonNode config = observed.status().get("config");

        assertThat(config.get("source").asText()).isEqualTo(observed.config().toString());
        assertThat(config.get("version").asLong()).isEqualTo(1);
        assertThat(config.get("lastReload").get("applied").asBoolean()).isTrue();
        assertThat(config.get("lastReload").get("problems")).isEmpty();
        assertThat(observed.status().get("redis").get("state").asText()).isEqualTo("none");
    }

    @OnEveryJdk
    void thePageShowsTheSameFiguresAndRefreshesItself(Jdk jdk) {
        String page = observed(jdk).page();

        assertThat(page).contains("<title>Heddle status</title>", "<meta http-equiv=\"refresh\" content=\"5\">");
        assertThat(page).contains("<tr><td class=\"text\">plain-assistant</td><td>4</td><td>2</td><td>0</td><td>2</td><td>50%</td>");
        assertThat(page).contains("dev.heddle.it.app.PlainAssistant.answer(String, int)");
        assertThat(page).contains("version 1", "<span class=\"badge ok\">applied</span>");
    }

    @OnEveryJdk
    void healthzAnswersOk(Jdk jdk) {
        HttpResponse<String> healthz = observed(jdk).healthz();

        assertThat(healthz.statusCode()).isEqualTo(200);
        assertThat(healthz.body()).isEqualTo("ok\n");
    }

    @OnEveryJdk
    void theMBeanReadByTheAppHasTheConfigVersionAndTheLastReload(Jdk jdk) {
        ChildResult result = observed(jdk).result();

        assertPrinted(result, "heddle.configVersion=1", "heddle.lastReloadProblems=[]",
                "heddle.redisState=none (quotas count in this process)");
        assertThat(result.value("heddle.lastReload")).get().asString().startsWith("applied version 1 at ");
    }

    @OnEveryJdk
    void theAgentLogsWhereThePageIs(Jdk jdk) {
        Observed observed = observed(jdk);

        assertThat(observed.result().stderr()).contains("[heddle] INFO status page at http://127.0.0.1:" + observed.port() + "/");
    }

    private static final String TOKEN = "it-status-token-" + Long.toHexString(new java.security.SecureRandom().nextLong());
    private static final String EVERY_ADDRESS_CONFIG = """
            rules:
              - name: plain-assistant
                match: { type: dev.heddle.it.app.PlainAssistant, method: answer }
                cache: { ttl: 10m }
            status:
              port: %d
              bind: 0.0.0.0
            %s""";
    private static final Map<Jdk, GuardedRun> GUARDED = new ConcurrentHashMap<>();
    private static final Map<Jdk, UnguardedRun> UNGUARDED = new ConcurrentHashMap<>();

    /** What a client without, with a wrong and with the right token got from an endpoint on 0.0.0.0. */
    private record GuardedRun(int port, HttpResponse<String> missing, HttpResponse<String> wrong, HttpResponse<String> right,
            HttpResponse<String> pageWithToken, HttpResponse<String> healthz, ChildResult result) {
    }

    /** Whether anything listened on the port while the app with 0.0.0.0 and no token held still. */
    private record UnguardedRun(int port, boolean listened, ChildResult result) {
    }

    private static GuardedRun guarded(Jdk jdk) {
        return GUARDED.computeIfAbsent(jdk, StatusEndpointTest::runGuarded);
    }

    private static UnguardedRun unguarded(Jdk jdk) {
        return UNGUARDED.computeIfAbsent(jdk, StatusEndpointTest::runUnguarded);
    }

    private static GuardedRun runGuarded(Jdk jdk) {
        try {
            Path dir = Files.createDirectories(workDir.resolve("guarded-jdk" + jdk.major()));
            int port = freeLoopbackPort();
            Path config = ConfigFiles.write(dir, "heddle.yaml",
                    EVERY_ADDRESS_CONFIG.formatted(port, "  token: ${HEDDLE_STATUS_TOKEN}\n"));
            try (ChildJvm child = TestApps.withAgent(TestApps.app(jdk, StatusApp.class, dir).args(Integer.toString(port))
                    .env("HEDDLE_STATUS_TOKEN", TOKEN), TestApps.configArg(config)).start()) {
                child.awaitStdoutLine(StatusApp.PAUSED::equals);
                HttpClient client = HttpClient.newHttpClient();
                // 0.0.0.0 includes the loopback interface; the Host header names no local host, which only a token allows
                String base = "http://127.0.0.1:" + port + "/";
                HttpResponse<String> missing = get(client, base + "status", null);
                HttpResponse<String> wrong = get(client, base + "status", "Bearer " + TOKEN + "0");
                HttpResponse<String> right = get(client, base + "status", "Bearer " + TOKEN);
                HttpResponse<String> page = get(client, base, "Bearer " + TOKEN);
                HttpResponse<String> healthz = get(client, base + "healthz", null);
                child.writeLine(StatusApp.GO);
                return new GuardedRun(port, missing, wrong, right, page, healthz, child.waitFor());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static UnguardedRun runUnguarded(Jdk jdk) {
        try {
            Path dir = Files.createDirectories(workDir.resolve("unguarded-jdk" + jdk.major()));
            int port = freeLoopbackPort();
            Path config = ConfigFiles.write(dir, "heddle.yaml", EVERY_ADDRESS_CONFIG.formatted(port, ""));
            try (ChildJvm child = TestApps.withAgent(TestApps.app(jdk, StatusApp.class, dir)
                    .args(Integer.toString(port), StatusApp.NO_ENDPOINT), TestApps.configArg(config)).start()) {
                child.awaitStdoutLine(StatusApp.PAUSED::equals);
                // the MBean is up, so the agent has done what it would do at start-up: an endpoint would be listening now
                boolean listened = accepts(port);
                child.writeLine(StatusApp.GO);
                return new UnguardedRun(port, listened, child.waitFor());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean accepts(int port) {
        try (java.net.Socket ignored = new java.net.Socket(InetAddress.getByName("127.0.0.1"), port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) request.header("Authorization", authorization);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @OnEveryJdk
    void boundToEveryAddressTheStatusNeedsTheBearerToken(Jdk jdk) {
        GuardedRun run = guarded(jdk);

        assertThat(run.missing().statusCode()).as(run.result()::describe).isEqualTo(401);
        assertThat(run.missing().headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"heddle\"");
        assertThat(run.missing().body()).isEqualTo("unauthorized\n");
        assertThat(run.wrong().statusCode()).isEqualTo(401);
        assertThat(run.wrong().body()).isEqualTo("unauthorized\n");
        assertThat(run.right().statusCode()).isEqualTo(200);
        assertThat(run.right().body()).contains("\"plain-assistant\"");
        assertThat(run.pageWithToken().statusCode()).isEqualTo(200);
        assertThat(run.pageWithToken().body()).contains("<title>Heddle status</title>");
        assertPrinted(run.result(), "plain.calls=2", "done=true");
    }

    @OnEveryJdk
    void boundToEveryAddressHealthzStaysOpen(Jdk jdk) {
        GuardedRun run = guarded(jdk);

        assertThat(run.healthz().statusCode()).isEqualTo(200);
        assertThat(run.healthz().body()).isEqualTo("ok\n");
    }

    @OnEveryJdk
    void theLogNamesTheBoundAddressAndNeverTheToken(Jdk jdk) {
        GuardedRun run = guarded(jdk);
        ChildResult result = run.result();

        assertThat(result.stderr()).contains("[heddle] INFO status page at http://0.0.0.0:" + run.port() + "/",
                "/ and /status need the bearer token");
        assertThat(result.stderr() + result.stdout() + run.right().body() + run.pageWithToken().body()).doesNotContain(TOKEN);
    }

    @OnEveryJdk
    void boundToEveryAddressWithoutATokenTheAppRunsAndNoPortListens(Jdk jdk) {
        UnguardedRun run = unguarded(jdk);
        ChildResult result = run.result();

        assertPrinted(result, "done=true");
        assertThat(run.listened()).as(result::describe).isFalse();
        assertThat(result.stderr()).contains("heddle.yaml:7:9: status.bind: 0.0.0.0 is not a loopback address, so the status"
                + " endpoint needs a 'token'");
        assertThat(result.stderr()).doesNotContain("status page at");
    }
}
