package dev.heddle.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> KEYS = List.of("ttl", "maxEntries", "namespace", "semantic");

    @Test
    void distanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "ttl")).isEqualTo(3);
        assertThat(Suggestions.distance("ttl", "ttl")).isZero();
    }

    @Test
    void aNameWithinTwoEditsIsSuggested() {
        assertThat(Suggestions.hint("maxEntrys", KEYS)).isEqualTo("did you mean 'maxEntries'?");
    }

    @Test
    void theNearestOfSeveralCloseNamesIsSuggested() {
        assertThat(Suggestions.closest("delays", List.of("delay", "maxDelay"))).contains("delay");
    }

    @Test
    void aNameThatDiffersOnlyInCaseIsSuggestedWhateverItsDistance() {
        assertThat(Suggestions.hint("MAXENTRIES", KEYS)).isEqualTo("did you mean 'maxEntries'?");
    }

    @Test
    void withNothingCloseTheKnownNamesAreListed() {
        assertThat(Suggestions.hint("expiry", KEYS)).isEqualTo("expected one of: ttl, maxEntries, namespace, semantic");
    }
}
