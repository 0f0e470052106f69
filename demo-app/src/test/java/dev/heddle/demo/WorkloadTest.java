package dev.heddle.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    private static final Workload.Ask SUPPORT_ASK = new Workload.Ask(1, "alice", Feature.SUPPORT, "Where is my order?");
    private static final Workload.Ask DOCS_ASK = new Workload.Ask(1, "alice", Feature.DOCS, "What is an embedding?");

    @Test
    void sameSeedGivesTheSameVisitsAndAsks() {
        assertThat(Workload.visits(40, 42)).isEqualTo(Workload.visits(40, 42));
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
    void visitsGoOnUntilTheAsksAreAskedAndSomeOnlyViewAPage() {
        List<Workload.Visit> visits = Workload.visits(40, 42);

        assertThat(Workload.asks(visits)).isEqualTo(Workload.generate(40, 42))
                .extracting(Workload.Ask::number).containsExactlyElementsOf(IntStream.rangeClosed(1, 40).boxed().toList());
        assertThat(visits).extracting(Workload.Visit::number)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, visits.size()).boxed().toList());
        assertThat(visits).filteredOn(visit -> visit.ask().isEmpty()).isNotEmpty();
        assertThat(visits.get(visits.size() - 1).ask()).isPresent();
        assertThat(visits).allSatisfy(visit -> {
            assertThat(Workload.PAGES).contains(visit.page());
            visit.ask().ifPresent(ask -> assertThat(ask.user()).isEqualTo(visit.user()));
        });
    }

    @Test
    void someVisitorsNeverAsk() {
        List<Workload.Visit> visits = Workload.visits(40, 42);

        Set<String> visitors = visits.stream().map(Workload.Visit::user).collect(Collectors.toSet());
        Set<String> askers = Workload.asks(visits).stream().map(Workload.Ask::user).collect(Collectors.toSet());
        assertThat(visitors).containsAll(askers).hasSizeGreaterThan(askers.size());
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

    @Test
    void theVariantMakesAnotherSupportRequestButNotAnotherDocsRequest() {
        Workload.Ask alice = new Workload.Ask(1, "alice", Feature.SUPPORT, "Where is my order?");
        Workload.Ask bob = new Workload.Ask(2, "bob", Feature.SUPPORT, "Where is my order?");
        Workload.Ask aliceDocs = new Workload.Ask(3, "alice", Feature.DOCS, "What is an embedding?");
        Workload.Ask bobDocs = new Workload.Ask(4, "bob", Feature.DOCS, "What is an embedding?");
        List<Workload.Ask> asks = List.of(alice, bob, aliceDocs, bobDocs);

        assertThat(Workload.distinctRequests(asks, Map.of())).isEqualTo(2);
        assertThat(Workload.distinctRequests(asks, Map.of("alice", "control", "bob", "control"))).isEqualTo(2);
        assertThat(Workload.distinctRequests(asks, Map.of("alice", "control", "bob", "concise"))).isEqualTo(3);
    }

    @Test
    void aVisitWithoutAnAskOrAboveTheRatingShareIsNotRated() {
        assertThat(visit(Optional.empty(), 0.0, 0.0).rating(Optional.empty())).isEmpty();
        assertThat(visit(Optional.of(SUPPORT_ASK), Workload.RATING_SHARE, 0.0).rating(Optional.of("concise"))).isEmpty();
    }

    @Test
    void aRatingIsPositiveBelowTheLikeProbabilityOfTheAnswer() {
        double between = (Experiment.LIKE_PROBABILITY + Experiment.SIMULATED_LIKE_PROBABILITY) / 2;
        Workload.Visit support = visit(Optional.of(SUPPORT_ASK), 0.0, between);
        Workload.Visit docs = visit(Optional.of(DOCS_ASK), 0.0, between);

        assertThat(support.rating(Optional.of(Experiment.LIKED_VARIANT))).contains(Workload.Rating.POSITIVE);
        assertThat(support.rating(Optional.of("control"))).contains(Workload.Rating.NEGATIVE);
        assertThat(support.rating(Optional.empty())).contains(Workload.Rating.NEGATIVE);
        assertThat(docs.rating(Optional.of(Experiment.LIKED_VARIANT))).contains(Workload.Rating.NEGATIVE);
        assertThat(visit(Optional.of(DOCS_ASK), 0.0, Experiment.LIKE_PROBABILITY / 2).rating(Optional.empty()))
                .contains(Workload.Rating.POSITIVE);
    }

    @Test
    void ratingsAreScoredOneAndZero() {
        assertThat(Workload.Rating.POSITIVE.score()).isEqualTo(1.0);
        assertThat(Workload.Rating.POSITIVE.label()).isEqualTo("positive");
        assertThat(Workload.Rating.NEGATIVE.score()).isEqualTo(0.0);
        assertThat(Workload.Rating.NEGATIVE.label()).isEqualTo("negative");
    }

    private static Workload.Visit visit(Optional<Workload.Ask> ask, double rateDraw, double likeDraw) {
        return new Workload.Visit(1, "alice", "/", ask, rateDraw, likeDraw);
    }
}
