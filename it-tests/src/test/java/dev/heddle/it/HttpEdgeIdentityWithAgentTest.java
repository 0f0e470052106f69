package dev.heddle.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heddle.demo.mock.MockLlmServer;
import dev.heddle.it.harness.ChildResult;
import dev.heddle.it.harness.ConfigFiles;
import dev.heddle.it.harness.EventFiles;
import dev.heddle.it.harness.Jdk;
import dev.heddle.it.harness.OnEveryJdk;
import dev.heddle.it.harness.TestApps;
import dev.heddle.it.harness.WebApps;
import dev.heddle.it.harness.WebApps.App;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request's user from a JWT, with the agent, in real apps: in the Spring Boot app, whose Spring
 * Security checks bearer tokens (RS256), {@code { jwtClaim: email }} reads the claim from the
 * authenticated principal, {@code principal} gives its name (the {@code sub}), a request without a
 * token falls back to the client's address, and a forged token is refused by the app's security before
 * the edge; in the Jetty app, which checks no token, {@code { jwtClaim: sub, unverified: true }} reads
 * the claim from the token itself. Each visit's users show in the route's events and its per-user
 * rate-limit counters.
 */
class HttpEdgeIdentityWithAgentTest {

    private static final String ARTICLE = "/api/articles/1";

    private static final String VERIFIED = """
            quotas:
              pages:
                tiers:
                  free: { requests: 100/1m }
            http:
              user: [ { jwtClaim: email }, principal, clientAddress ]
              routes:
                - path: /api/articles/*
                  quota: pages
                  cache: { ttl: 10m }
                  event: page_view
            analytics: { directory: '%s' }
            """;

    private static final String UNVERIFIED = VERIFIED.replace("[ { jwtClaim: email }, principal, clientAddress ]",
            "[ { jwtClaim: sub, unverified: true }, clientAddress ]");

    @TempDir
    static Path workDir;

    private static final KeyPair TRUSTED = rsaKeys();
    private static final KeyPair FORGER = rsaKeys();
    private static final Map<String, Visit> VISITS = new ConcurrentHashMap<>();

    /** The answers of one app, in the order asked, and the events it wrote. */
    private record Visit(List<HttpResponse<String>> responses, List<JsonNode> pageViews, long runs, ChildResult exit) {
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException(unavailable);
        }
    }

    /** A compact RS256 JWT, signed as an identity provider signs it. */
    private static String bearer(PrivateKey key, String claimsJson) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String signed = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return "Bearer " + signed + "." + base64.encodeToString(signature.sign());
        } catch (GeneralSecurityException broken) {
            throw new IllegalStateException(broken);
        }
    }

    private static String claims(String subject, String email) {
        long now = System.currentTimeMillis() / 1000;
        return "{\"sub\":\"" + subject + "\"" + (email == null ? "" : ",\"email\":\"" + email + "\"")
                + ",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}";
    }

    private static Visit visit(App app, Jdk jdk) {
        return VISITS.computeIfAbsent(app + " " + jdk, ignored -> drive(app, jdk));
    }

    private static Visit drive(App app, Jdk jdk) {
        Path dir = WebApps.folderFor(workDir, app, jdk);
        Path events = dir.resolve("events");
        try (MockLlmServer llm = MockLlmServer.start()) {
            Files.createDirectories(events);
            Path publicKey = dir.resolve("jwt-public-key.pem");
            Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(TRUSTED.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
            String yaml = (app == App.SPRING_BOOT ? VERIFIED : UNVERIFIED).formatted(events);
            Path config = ConfigFiles.write(dir, "heddle.yaml", yaml);
            var child = TestApps.withAgent(app.child(jdk, dir), TestApps.configArg(config))
                    .jvmFlags("-Dheddle.it.jwt-public-key=" + publicKey);
            try (WebApps.Running web = WebApps.start(child, llm.baseUrl())) {
                String frank = bearer(TRUSTED.getPrivate(), claims("frank", "frank@example.com"));
                String gina = bearer(TRUSTED.getPrivate(), claims("gina", null));
                String forged = bearer(FORGER.getPrivate(), claims("mallory", "frank@example.com"));
                List<HttpResponse<String>> responses = new ArrayList<>();
                responses.add(web.get(ARTICLE, "Authorization", frank));
                responses.add(web.get(ARTICLE, "Authorization", frank));
                responses.add(web.get(ARTICLE, "Authorization", gina));
                responses.add(web.get(ARTICLE));
                responses.add(web.get(ARTICLE, "Authorization", forged));
                long runs = web.runs();
                ChildResult exit = web.stop();
                return new Visit(responses, EventFiles.named(EventFiles.read(events), "page_view"), runs, exit);
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @OnEveryJdk
    void aClaimOfTheTokenTheAppsSecurityCheckedIsTheUserElseThePrincipalElseTheClientAddress(Jdk jdk) {
        Visit visit = visit(App.SPRING_BOOT, jdk);
        List<HttpResponse<String>> responses = visit.responses();

        assertThat(responses.subList(0, 4)).as(visit.exit()::describe).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(visit.pageViews()).extracting(event -> event.path("user").asText())
                .containsExactly("frank@example.com", "frank@example.com", "gina", "127.0.0.1");
        assertThat(responses.subList(0, 4)).extracting(response -> header(response, "X-Cache"))
                .containsExactly("MISS", "HIT", "MISS", "MISS");
        assertThat(responses.subList(0, 4)).extracting(response -> header(response, "X-RateLimit-Remaining"))
                .containsExactly("99", "98", "99", "99");
    }

    @OnEveryJdk
    void aForgedTokenIsRefusedByTheAppsSecurityAndNeverBecomesAUser(Jdk jdk) {
        Visit visit = visit(App.SPRING_BOOT, jdk);
        HttpResponse<String> forged = visit.responses().get(4);

        assertThat(forged.statusCode()).as(visit.exit()::describe).isEqualTo(401);
        assertThat(header(forged, "X-Cache")).isNull();
        assertThat(visit.pageViews()).hasSize(4);
        assertThat(visit.runs()).as("frank's second page came from the cache; the forged request reached no controller")
                .isEqualTo(3);
    }

    @OnEveryJdk
    void anUnverifiedClaimIsReadFromTheTokenItselfWhenConfiguredSo(Jdk jdk) {
        Visit visit = visit(App.JETTY, jdk);

        assertThat(visit.responses()).as(visit.exit()::describe).extracting(HttpResponse::statusCode).containsOnly(200);
        // the Jetty app checks no token: with unverified: true, whatever a token says is believed
        assertThat(visit.pageViews()).extracting(event -> event.path("user").asText())
                .containsExactly("frank", "frank", "gina", "127.0.0.1", "mallory");
        assertThat(visit.responses()).extracting(response -> header(response, "X-Cache"))
                .containsExactly("MISS", "HIT", "MISS", "MISS", "MISS");
    }
}
