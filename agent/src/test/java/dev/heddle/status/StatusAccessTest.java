package dev.heddle.status;

import static dev.heddle.status.StatusAccess.Verdict.ALLOWED;
import static dev.heddle.status.StatusAccess.Verdict.UNAUTHORIZED;
import static dev.heddle.status.StatusAccess.Verdict.WRONG_HOST;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusAccessTest {

    private static final String TOKEN = "s3cret-token-0123456789";
    private final StatusAccess loopbackOpen = StatusAccess.of(true, Optional.empty());
    private final StatusAccess loopbackWithToken = StatusAccess.of(true, Optional.of(TOKEN));
    private final StatusAccess everywhereWithToken = StatusAccess.of(false, Optional.of(TOKEN));

    @Test
    void onLoopbackWithoutATokenALocalHostNameIsEnough() {
        assertThat(loopbackOpen.judge("127.0.0.1:9464", null, "/status")).isEqualTo(ALLOWED);
        assertThat(loopbackOpen.judge("localhost", null, "/")).isEqualTo(ALLOWED);
        assertThat(loopbackOpen.judge("[::1]:9464", null, "/")).isEqualTo(ALLOWED);
        assertThat(loopbackOpen.judge(null, null, "/")).as("HTTP/1.0 sends no Host").isEqualTo(ALLOWED);
        assertThat(loopbackOpen.needsToken()).isFalse();
    }

    @Test
    void onLoopbackAnotherHostNameIsRefusedEvenWithTheToken() {
        assertThat(loopbackOpen.judge("attacker.example:9464", null, "/status")).isEqualTo(WRONG_HOST);
        assertThat(loopbackWithToken.judge("attacker.example", "Bearer " + TOKEN, "/status")).isEqualTo(WRONG_HOST);
    }

    @Test
    void elsewhereAnyHostNameIsServedWithTheToken() {
        assertThat(everywhereWithToken.judge("status.internal.example:9464", "Bearer " + TOKEN, "/status")).isEqualTo(ALLOWED);
        assertThat(everywhereWithToken.judge("10.1.2.3", "bearer " + TOKEN, "/")).as("the scheme is case-insensitive").isEqualTo(ALLOWED);
    }

    @Test
    void aMissingOrWrongTokenIsUnauthorized() {
        assertThat(everywhereWithToken.judge("10.1.2.3", null, "/status")).isEqualTo(UNAUTHORIZED);
        assertThat(everywhereWithToken.judge("10.1.2.3", "Bearer ", "/status")).isEqualTo(UNAUTHORIZED);
        assertThat(everywhereWithToken.judge("10.1.2.3", "Bearer " + TOKEN + "x", "/status")).isEqualTo(UNAUTHORIZED);
        assertThat(everywhereWithToken.judge("10.1.2.3", "Bearer " + TOKEN.substring(1), "/")).isEqualTo(UNAUTHORIZED);
        assertThat(everywhereWithToken.judge("10.1.2.3", "Basic " + TOKEN, "/")).isEqualTo(UNAUTHORIZED);
        assertThat(everywhereWithToken.judge("10.1.2.3", TOKEN, "/")).isEqualTo(UNAUTHORIZED);
        assertThat(loopbackWithToken.judge("127.0.0.1", null, "/status")).as("a token on loopback is required too").isEqualTo(UNAUTHORIZED);
    }

    @Test
    void healthzNeedsNoToken() {
        assertThat(everywhereWithToken.judge("10.1.2.3", null, "/healthz")).isEqualTo(ALLOWED);
    }

    @Test
    void anUnknownPathWithoutTheTokenIsUnauthorizedRatherThanNotFound() {
        assertThat(everywhereWithToken.judge("10.1.2.3", null, "/metrics")).isEqualTo(UNAUTHORIZED);
    }
}
