package dev.heddle.it;

import static dev.heddle.it.harness.ChildAssertions.assertPrinted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.FaultKind;
import dev.heddle.demo.mock.FaultPlan;
import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.it.app.sdk.SecretWorkloadApp;
import dev.heddle.it.harness.ChildJvm;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.OtlpReceiver;
import dev.heddle.it.harness.SdkApps;
import dev.heddle.it.harness.TestApps;
import dev.heddle.quota.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets and content never leave the app through the agent. An unmodified openai-java app runs
 * with the agent against the mock vendor, with an API key {@code sk-heddle-secret-<random>}, a
 * Redis that needs a password (given in the {@code redis:} URL from the environment), a status
 * token, and prompts that start with a random marker (the vendor's answers quote the prompt and
 * carry a {@code (ref ...)} code of their own): caching (exact and semantic), a quota that refuses
 * the fifth question, retries of two 500s from the vendor, spans, metrics and analytics events as
 * OTLP logs to the in-test receiver, events as JSON Lines files, the status endpoint (JSON and
 * HTML) and the MBean's attributes. Then everything the agent wrote — stderr, stdout, every file it
 * left in the working directory, every span, metric and log record received, both status bodies,
 * every JMX value — is searched for the key, the passwords, the token, the prompt marker and the
 * answers' codes. None may be there. A second run does it again with {@code debug=true}.
 *
 * <p>Positive controls, so that the search can fail: the answers the app got hold the prompt
 * marker and the codes (so the vendor saw the prompt and answered with them); the haystacks are
 * not empty (spans of rule {@code openai}, metrics, log records, {@code llm_call} events, the rule
 * in both status bodies and in the MBean); and a third run with {@code captureContent: true} does
 * put the prompt marker on its spans. That third run is also given a wrong Redis password: the
 * agent warns that Redis refused its login, without the password.
 */
class SecretsNeverWrittenTest {

    private static final String CONFIG = """
            redis: ${REDIS_URL}
            status: { port: %d, token: "${HEDDLE_STATUS_TOKEN}" }
            telemetry:
              exporter: otlp
              endpoint: %s
              protocol: http/protobuf
              metricInterval: 1s
              captureContent: %s
            analytics: { directory: events, otlpLogs: true }
            rules:
              - name: openai
                preset: openai-java
                cache: { ttl: 1h, semantic: { threshold: 0.9 } }
                quota: per-user
                retry: { maxAttempts: 3, delay: 10ms }
                track: true
            quotas:
              per-user:
                tiers:
                  free: { requests: 4/1h }
                default: free
            """;
    private static final Pattern ANSWER_CODE = Pattern.compile("\\(ref [0-9a-f]+\\)");
    private static final Duration EXPORTS = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Map<Jdk, Run> PLAIN = new ConcurrentHashMap<>();
    private static final Map<Jdk, Run> DEBUG = new ConcurrentHashMap<>();
    private static final Map<Jdk, Run> CAPTURING = new ConcurrentHashMap<>();

    @TempDir
    static Path workDir;

    /** The secrets of one run, all random. */
    private record Secrets(String apiKey, String redisPassword, String statusToken, String promptMarker) {

        static Secrets random() {
            return new Secrets("sk-heddle-secret-" + hex(12), "redis-pw-" + hex(12), "status-token-" + hex(12), "PROMPTMARK" + hex(6));
        }
    }

    /** What one run left, each haystack by name, and what the app received from the vendor. */
    private record Run(Secrets secrets, String wrongRedisPassword, ChildResult result, Map<String, String> haystacks,
            String answers, List<OtlpReceiver.ReceivedSpan> spans, int logRecords, int metrics, int vendorRequests) {

        List<String> answerCodes() {
            List<String> codes = new ArrayList<>();
            Matcher matcher = ANSWER_CODE.matcher(answers);
            while (matcher.find()) codes.add(matcher.group());
            return codes;
        }

        /** @return every needle, by what it is */
        Map<String, String> needles() {
            Map<String, String> needles = new LinkedHashMap<>();
            needles.put("the API key", secrets.apiKey());
            needles.put("the Redis password", secrets.redisPassword());
            if (wrongRedisPassword != null) needles.put("the wrong Redis password", wrongRedisPassword);
            needles.put("the status token", secrets.statusToken());
            needles.put("the prompt marker", secrets.promptMarker());
            answerCodes().forEach(code -> needles.put("the answer code " + code, code));
            return needles;
        }

        String describe() {
            return result.describe();
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static Run plain(Jdk jdk) {
        return PLAIN.computeIfAbsent(jdk, it -> run(it, "plain", false, false, false));
    }

    private static Run debug(Jdk jdk) {
        return DEBUG.computeIfAbsent(jdk, it -> run(it, "debug", true, false, false));
    }

    private static Run capturing(Jdk jdk) {
        return CAPTURING.computeIfAbsent(jdk, it -> run(it, "capturing", false, true, true));
    }

    private static Run run(Jdk jdk, String name, boolean debug, boolean captureContent, boolean wrongRedisPassword) {
        Secrets secrets = Secrets.random();
        String wrongPassword = wrongRedisPassword ? "wrong-pw-" + hex(12) : null;
        try (MockLlmServer vendor = MockLlmServer.start();
                RedisServerProcess redis = RedisServerProcess.startWithPassword(secrets.redisPassword());
                OtlpReceiver receiver = OtlpReceiver.start()) {
            Path dir = Files.createDirectories(workDir.resolve(name + "-jdk" + jdk.major()));
            int port = freeLoopbackPort();
            Path config = ConfigFiles.write(dir, "heddle.yaml", CONFIG.formatted(port, receiver.endpoint(), captureContent));
            String redisUrl = wrongPassword == null ? redis.url() : redis.url().replace(secrets.redisPassword(), wrongPassword);
            // two 500s: the first question is retried twice, and the error path logs what it logs
            vendor.faults(FaultPlan.next(2, FaultKind.SERVER_ERROR));
            String agentArgs = TestApps.configArg(config) + (debug ? ",debug=true" : "");
            Map<String, String> haystacks = new LinkedHashMap<>();
            ChildResult result;
            try (ChildJvm child = TestApps.withAgent(SdkApps.app(jdk, SecretWorkloadApp.class, dir)
                    .args(vendor.baseUrl(), secrets.promptMarker())
                    .env("OPENAI_API_KEY", secrets.apiKey())
                    .env("REDIS_URL", redisUrl)
                    .env("HEDDLE_STATUS_TOKEN", secrets.statusToken())
                    .timeout(Duration.ofSeconds(120)), agentArgs).start()) {
                child.awaitStdoutLine(SecretWorkloadApp.PAUSED::equals);
                HttpClient client = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + port + "/";
                haystacks.put("the status JSON", get(client, base + "status", secrets.statusToken()));
                haystacks.put("the status page", get(client, base, secrets.statusToken()));
                child.writeLine(SecretWorkloadApp.GO);
                result = child.waitFor();
            }
            haystacks.put("stdout", result.stdout());
            haystacks.put("stderr", result.stderr());
            List<Path> written;
            try (Stream<Path> files = Files.walk(dir)) {
                written = files.filter(Files::isRegularFile)
                        .filter(file -> !file.equals(config) && !file.getFileName().toString().equals(SecretWorkloadApp.ANSWERS))
                        .toList();
            }
            for (Path file : written) {
                haystacks.put("file " + dir.relativize(file), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
            List<OtlpReceiver.ReceivedSpan> spans = receiver.awaitSpans(1, span -> span.scopeName().equals("dev.heddle"), EXPORTS);
            StringBuilder otlp = new StringBuilder();
            receiver.spans().forEach(span -> otlp.append(span.resource()).append(span.span()).append('\n'));
            receiver.metrics().forEach(metric -> otlp.append(metric.resource()).append(metric.metric()).append('\n'));
            receiver.logs().forEach(log -> otlp.append(log.resource()).append(log.log()).append('\n'));
            haystacks.put("the OTLP exports", otlp.toString());
            String answers = Files.readString(dir.resolve(SecretWorkloadApp.ANSWERS));
            return new Run(secrets, wrongPassword, result, haystacks, answers, receiver.spans(), receiver.logs().size(),
                    receiver.metrics().size(), (int) vendor.stats().requests(MockLlmServer.CHAT_COMPLETIONS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String get(HttpClient client, String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return socket.getLocalPort();
        }
    }

    /** @return {@code <needle> in <haystack>} for every needle found; empty when none is */
    private static List<String> leaks(Run run) {
        List<String> leaks = new ArrayList<>();
        run.needles().forEach((needle, value) -> run.haystacks().forEach((haystack, text) -> {
            int at = text.indexOf(value);
            if (at >= 0) {
                leaks.add(needle + " in " + haystack + ": ..." + text.substring(Math.max(0, at - 200), Math.min(text.length(), at + 100)) + "...");
            }
        }));
        return leaks;
    }

    private static void assertTheWorkloadRan(Run run) {
        ChildResult result = run.result();
        assertPrinted(result, "q1.cached=stored", "q6.cached=hit", "q7.cached=semantic", "done=true");
        assertThat(result.value("q5.failure")).as("the quota refuses the fifth question\n" + run.describe()).isPresent();
        assertThat(run.vendorRequests()).as("four questions, the first tried three times").isEqualTo(6);
    }

    @OnEveryJdk
    void theWorkloadUsedEveryPolicyAndEveryOutput(Jdk jdk) {
        Run run = plain(jdk);

        assertTheWorkloadRan(run);
        assertThat(run.spans()).as("spans of the rule").anyMatch(span -> "openai".equals(span.attributes().get("heddle.rule")));
        assertThat(run.metrics()).as("metric exports").isPositive();
        assertThat(run.logRecords()).as("events as OTLP log records").isPositive();
        assertThat(run.haystacks()).hasKeySatisfying(new org.assertj.core.api.Condition<>(
                name -> name.startsWith("file events"), "an events file"));
        assertThat(String.join("\n", run.haystacks().values())).contains("llm_call");
        assertThat(run.haystacks().get("the status JSON")).contains("\"openai\"");
        assertThat(run.haystacks().get("the status page")).contains("openai");
        assertThat(run.haystacks().get("file " + SecretWorkloadApp.JMX)).contains("openai", "Rules=");
    }

    @OnEveryJdk
    void theVendorSawThePromptAndAnsweredWithTheMarkerAndItsCodes(Jdk jdk) {
        Run run = plain(jdk);

        assertThat(run.answers()).as(run::describe).contains(run.secrets().promptMarker());
        assertThat(run.answerCodes()).as(run.answers()).hasSizeGreaterThanOrEqualTo(4);
    }

    @OnEveryJdk
    void noSecretPromptOrAnswerIsInAnythingTheAgentWrote(Jdk jdk) {
        Run run = plain(jdk);

        assertThat(leaks(run)).as(run::describe).isEmpty();
    }

    @OnEveryJdk
    void noSecretPromptOrAnswerIsInTheDebugLogEither(Jdk jdk) {
        Run run = debug(jdk);

        assertTheWorkloadRan(run);
        assertThat(run.result().stderr()).as("debug lines").contains("[heddle] DEBUG");
        assertThat(leaks(run)).as(run::describe).isEmpty();
    }

    @OnEveryJdk
    void withCaptureContentThePromptMarkerIsOnTheSpans(Jdk jdk) {
        Run run = capturing(jdk);

        assertThat(run.haystacks().get("the OTLP exports")).as(run::describe).contains(run.secrets().promptMarker());
    }

    @OnEveryJdk
    void aWrongRedisPasswordIsReportedWithoutThePassword(Jdk jdk) {
        Run run = capturing(jdk);
        String stderr = run.result().stderr();

        assertThat(stderr).as(run::describe).contains("refused Heddle's login");
        assertThat(stderr).doesNotContain(run.wrongRedisPassword()).doesNotContain(run.secrets().redisPassword());
        assertThat(run.haystacks().get("the status JSON")).doesNotContain(run.wrongRedisPassword());
    }
}
