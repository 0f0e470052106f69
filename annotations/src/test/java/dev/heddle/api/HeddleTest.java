package dev.heddle.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HeddleTest {

    @Test
    void runAsMakesTheUserCurrentOnlyInsideTheScope() throws Exception {
        assertThat(Heddle.currentUser()).isEmpty();
        String seen = Heddle.runAs("alice", () -> Heddle.currentUser().orElseThrow());
        assertThat(seen).isEqualTo("alice");
        assertThat(Heddle.currentUser()).isEmpty();
    }

    @Test
    void nestedScopesRestoreTheOuterUser() {
        Heddle.runAs("alice", () -> {
            Heddle.runAs("bob", () -> {
                assertThat(Heddle.currentUser()).contains("bob");
            });
            assertThat(Heddle.currentUser()).contains("alice");
        });
    }

    @Test
    void theScopeEndsEvenWhenTheWorkThrows() {
        assertThatThrownBy(() -> Heddle.runAs("alice", () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(Heddle.currentUser()).isEmpty();
    }

    @Test
    void blankUserIsRejected() {
        assertThatThrownBy(() -> Heddle.runAs(" ", () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trackIsANoOpWithoutTheAgent() {
        Heddle.track("signup", Map.of("plan", "pro"));
        assertThatThrownBy(() -> Heddle.track(null, Map.of())).isInstanceOf(NullPointerException.class);
    }
}
