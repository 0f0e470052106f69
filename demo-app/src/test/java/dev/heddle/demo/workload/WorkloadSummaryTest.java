package dev.heddle.demo.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadSummaryTest {

    private static PlannedRequest request(int index, String user, String tier, String feature, String model,
            String question, int family, RequestKind kind) {
        return new PlannedRequest(index, 1_000L * index, user, tier, feature, "prompt of " + feature, model, question, family, kind);
    }

    private static final List<PlannedRequest> REQUESTS = List.of(
            request(0, "user-001", "free", "support", "gpt-4o-mini", "Where is my order?", 0, RequestKind.UNIQUE),
            request(1, "user-002", "pro", "support", "gpt-4o-mini", "Where is my order?", 0, RequestKind.REPEAT),
            request(2, "user-001", "free", "support", "gpt-4o-mini", "How can I track my order?", 0, RequestKind.PARAPHRASE),
            request(3, "user-003", "free", "docs", "gpt-4o", "Do API keys expire?", 1, RequestKind.UNIQUE),
            request(4, "user-001", "free", "sales", "gpt-4o-mini", "Can I use jute on a floor loom?", -1, RequestKind.UNIQUE));

    @Test
    void countsTheRequestsByKindFeatureModelAndTier() {
        WorkloadSummary summary = WorkloadSummary.of(REQUESTS);

        assertThat(summary.requests()).isEqualTo(5);
        assertThat(summary.lastAtMillis()).isEqualTo(4_000);
        assertThat(summary.users()).isEqualTo(3);
        assertThat(summary.distinctQuestions()).isEqualTo(4);
        assertThat(summary.families()).isEqualTo(2);
        assertThat(summary.kinds()).containsExactly(entry(RequestKind.REPEAT, 1), entry(RequestKind.PARAPHRASE, 1),
                entry(RequestKind.UNIQUE, 3));
        assertThat(summary.features()).containsExactly(entry("support", 3), entry("docs", 1), entry("sales", 1));
        assertThat(summary.models()).containsExactly(entry("gpt-4o-mini", 4), entry("gpt-4o", 1));
        assertThat(summary.tiers()).containsExactly(entry("free", 4), entry("pro", 1));
        assertThat(summary.share(RequestKind.UNIQUE)).isEqualTo(0.6);
    }

    @Test
    void printsOneLineOfTotalsAndOneLineForEachCount() {
        assertThat(WorkloadSummary.of(REQUESTS).toString().lines()).containsExactly(
                "5 requests from 3 users over 4.0 s: 4 distinct questions, 2 families",
                "  kind     REPEAT 1 (20.0%), PARAPHRASE 1 (20.0%), UNIQUE 3 (60.0%)",
                "  feature  support 3 (60.0%), docs 1 (20.0%), sales 1 (20.0%)",
                "  model    gpt-4o-mini 4 (80.0%), gpt-4o 1 (20.0%)",
                "  tier     free 4 (80.0%), pro 1 (20.0%)");
    }

    @Test
    void anEmptyWorkloadHasNoShares() {
        WorkloadSummary summary = WorkloadSummary.of(List.of());

        assertThat(summary.share(RequestKind.REPEAT)).isZero();
        assertThat(summary.toString()).startsWith("0 requests from 0 users over 0.0 s");
    }

    @Test
    void aRepeatOrParaphraseWithoutAFamilyIsRejected() {
        assertThatThrownBy(() -> request(0, "u", "free", "support", "gpt-4o", "Q?", -1, RequestKind.REPEAT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REPEAT needs a family");
    }

    private static <K> Map.Entry<K, Integer> entry(K key, int value) {
        return Map.entry(key, value);
    }
}
