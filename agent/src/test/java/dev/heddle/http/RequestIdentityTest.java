package dev.heddle.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.config.HttpConfig;
import jakarta.servlet.http.HttpServlet;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestIdentityTest {

    private static String user(List<HttpConfig.IdentitySource> sources, FakeExchange exchange) {
        return new RequestIdentity(sources).userOf(ServletApi.of(HttpServlet.class).orElseThrow(), exchange.request);
    }

    private static String bearer(String payloadJson) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return "Bearer " + encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    /** A principal as Spring Security's JwtAuthenticationToken gives it: the claims under getTokenAttributes(). */
    public static final class TokenPrincipal implements Principal {
        private final Map<String, Object> attributes;

        TokenPrincipal(Map<String, Object> attributes) {
            this.attributes = attributes;
        }

        @Override
        public String getName() {
            return "token-principal";
        }

        public Map<String, Object> getTokenAttributes() {
            return attributes;
        }
    }

    /** A principal as MicroProfile JWT gives it: getClaim(name). */
    public static final class ClaimPrincipal implements Principal {
        @Override
        public String getName() {
            return "claim-principal";
        }

        public Object getClaim(String claim) {
            return claim.equals("tenant") ? 42 : null;
        }
    }

    @Test
    void theFirstSourceThatNamesTheUserWins() {
        FakeExchange exchange = new FakeExchange("GET", "/", null).header("X-User-Id", "  alice ");
        exchange.principal = () -> "bob";

        assertThat(user(List.of(new HttpConfig.Header("X-User-Id"), new HttpConfig.Principal()), exchange)).isEqualTo("alice");
        assertThat(user(List.of(new HttpConfig.Header("X-Other"), new HttpConfig.Principal()), exchange)).isEqualTo("bob");
    }

    @Test
    void aRequestNoSourceNamesIsAnonymousAndAnOverlongIdIsNoId() {
        FakeExchange exchange = new FakeExchange("GET", "/", null).header("X-User-Id", "x".repeat(257));

        assertThat(user(List.of(new HttpConfig.Header("X-User-Id"), new HttpConfig.Principal()), exchange)).isEqualTo("anonymous");
        assertThat(user(List.of(new HttpConfig.Header("X-User-Id"), new HttpConfig.ClientAddress()), exchange)).isEqualTo("127.0.0.1");
    }

    @Test
    void anUnverifiedClaimIsReadFromTheBearerTokenOnlyWhenConfiguredSo() {
        FakeExchange exchange = new FakeExchange("GET", "/", null).header("Authorization", bearer("{\"iss\":\"gw\",\"sub\":\"carol\",\"n\":7}"));

        assertThat(user(List.of(new HttpConfig.JwtClaim("sub", true)), exchange)).isEqualTo("carol");
        assertThat(user(List.of(new HttpConfig.JwtClaim("n", true)), exchange)).isEqualTo("7");
        // verified: only the app's authenticated principal counts, and this request has none
        assertThat(user(List.of(new HttpConfig.JwtClaim("sub", false)), exchange)).isEqualTo("anonymous");
    }

    @Test
    void aVerifiedClaimComesFromTheAppsAuthenticatedPrincipal() {
        FakeExchange spring = new FakeExchange("GET", "/", null);
        spring.principal = new TokenPrincipal(Map.of("sub", "dave"));
        FakeExchange microProfile = new FakeExchange("GET", "/", null);
        microProfile.principal = new ClaimPrincipal();

        assertThat(user(List.of(new HttpConfig.JwtClaim("sub", false)), spring)).isEqualTo("dave");
        assertThat(user(List.of(new HttpConfig.JwtClaim("tenant", false)), microProfile)).isEqualTo("42");
    }

    @Test
    void malformedTokensGiveNoClaim() {
        for (String authorization : List.of("Basic YWxpY2U6cHc=", "Bearer", "Bearer abc", "Bearer a.!!!.c", bearer("[1,2]"),
                bearer("{\"sub\":{\"nested\":1}}"), bearer("{\"sub\":"), "Bearer a." + "A".repeat(BearerClaims.MAX_PAYLOAD_CHARS + 1) + ".c")) {
            assertThat(BearerClaims.claim(authorization, "sub")).as(authorization).isEmpty();
        }
        assertThat(BearerClaims.claim(bearer("{\"a\":[1,{\"sub\":\"inner\"}],\"sub\":\"outer\"}"), "sub")).contains("outer");
    }
}
