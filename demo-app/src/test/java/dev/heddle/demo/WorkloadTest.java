package dev.heddle.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    @Test
    void sameSeedGivesTheSameAsks() {
        assertThat(Workload.generate(40, 42)).isEqualTo(Workload.generate(40, 42));
        assertThat(Workload.generate(40, 42)).isNotEqualTo(Workload.generate(40, 43));
    }

    @Test
    void asksAreNumberedAndComeFromTheirFeaturesPool() {
        List<Workload.Ask> asks = Workload.generate(200, 42);

        assertThat(asks).hasSize(200);
        for (int i = 0; i < asks.size(); i++) {
            Workload.Ask ask = asks.get(i);
            assertThat(ask.number()).isEqualTo(i + 1);
            assertThat(Workload.USERS).contains(ask.user());
            assertThat(ask.feature().questions()).contains(ask.question());
        }
        assertThat(asks).extracting(Workload.Ask::feature).contains(Feature.values());
        assertThat(asks).extracting(Workload.Ask::user).containsAll(Workload.USERS);
    }

    @Test
    void popularQuestionsRepeat() {
        List<Workload.Ask> asks = Workload.generate(40, 42);

        assertThat(Workload.distinctRequests(asks)).isGreaterThan(1).isLessThan(asks.size());
    }

    @Test
    void theUserDoesNotMakeAnotherRequest() {
        Workload.Ask alice = new Workload.Ask(1, "alice", Feature.SUPPORT, "Where is my order?");
        Workload.Ask bob = new Workload.Ask(2, "bob", Feature.SUPPORT, "Where is my order?");
        Workload.Ask docs = new Workload.Ask(3, "bob", Feature.DOCS, "Where is my order?");

        assertThat(Workload.distinctRequests(List.of(alice, bob))).isEqualTo(1);
        assertThat(Workload.distinctRequests(List.of(alice, bob, docs))).isEqualTo(2);
    }
}
