package dev.heddle.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.embed.Embedder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The semantic tier with a stand-in embedder whose vectors are chosen by hand, so that each test
 * says exactly how similar two texts are.
 */
class SemanticCacheTest {

    /** Texts mapped to fixed 3-dimensional directions; anything else points along z. */
    private static final class HandEmbedder implements Embedder {
        private final Map<String, float[]> vectors;
        private final AtomicInteger calls = new AtomicInteger();

        HandEmbedder(Map<String, float[]> vectors) {
            this.vectors = vectors;
        }

        @Override
        public String id() {
            return "hand@1";
        }

        @Override
        public float[] embed(String text) {
            calls.incrementAndGet();
            float[] vector = vectors.getOrDefault(text, new float[] {0, 0, 1});
            double norm = Math.sqrt(vector[0] * vector[0] + vector[1] * vector[1] + vector[2] * vector[2]);
            return new float[] {(float) (vector[0] / norm), (float) (vector[1] / norm), (float) (vector[2] / norm)};
        }
    }

    private final HandEmbedder embedder = new HandEmbedder(Map.of(
            "How do I learn Python quickly?", new float[] {1, 0, 0},
            "What is the fastest way to learn Python?", new float[] {1, 0.2f, 0},
            "How do I cook rice?", new float[] {0, 1, 0},
            "How do I convert 10 miles to km?", new float[] {0.7f, 0.7f, 0},
            "How do I convert 10 km to miles?", new float[] {0.7f, 0.71f, 0}));

    private SemanticCache cache(FalseHitGuard guard) {
        return new SemanticCache("test", embedder, 0.9, guard, Duration.ofHours(1), 100);
    }

    @Test
    void aSimilarQuestionInTheSamePartitionIsAnsweredFromTheCache() {
        SemanticCache cache = cache(new FalseHitGuard());
        String partition = cache.partition("gpt-4o|system:be brief", "*");
        cache.store(cache.lookup(partition, "How do I learn Python quickly?", null), "Practice daily.");

        SemanticCache.Lookup hit = cache.lookup(partition, "What is the fastest way to learn Python?", null);

        assertThat(hit.isHit()).isTrue();
        assertThat(hit.answer()).isEqualTo("Practice daily.");
        assertThat(hit.similarity()).isGreaterThan(0.9).isLessThan(1.0);
    }

    @Test
    void anotherContextOrScopeNeverSeesTheEntry() {
        SemanticCache cache = cache(new FalseHitGuard());
        String alice = cache.partition("gpt-4o|system:be brief", "user:alice");
        cache.store(cache.lookup(alice, "How do I learn Python quickly?", null), "Practice daily.");

        assertThat(cache.lookup(cache.partition("gpt-4o|system:be brief", "user:bob"), "How do I learn Python quickly?", null)
                .isHit()).isFalse();
        assertThat(cache.lookup(cache.partition("gpt-4o-mini|system:be brief", "user:alice"), "How do I learn Python quickly?",
                null).isHit()).isFalse();
        assertThat(cache.lookup(alice, "How do I learn Python quickly?", null).isHit()).isTrue();
    }

    @Test
    void aDissimilarQuestionMisses() {
        SemanticCache cache = cache(new FalseHitGuard());
        String partition = cache.partition("ctx", "*");
        cache.store(cache.lookup(partition, "How do I learn Python quickly?", null), "Practice daily.");

        assertThat(cache.lookup(partition, "How do I cook rice?", null).isHit()).isFalse();
    }

    @Test
    void theGuardTurnsDownASimilarQuestionWithSwappedUnits() {
        SemanticCache guarded = cache(new FalseHitGuard());
        SemanticCache unguarded = cache(null);
        for (SemanticCache cache : new SemanticCache[] {guarded, unguarded}) {
            String partition = cache.partition("ctx", "*");
            cache.store(cache.lookup(partition, "How do I convert 10 miles to km?", null), "Multiply by 1.609.");
        }

        assertThat(unguarded.lookup(unguarded.partition("ctx", "*"), "How do I convert 10 km to miles?", null).isHit()).isTrue();
        assertThat(guarded.lookup(guarded.partition("ctx", "*"), "How do I convert 10 km to miles?", null).isHit()).isFalse();
    }

    @Test
    void aPartitionWhoseLastEntryIsEvictedIsDroppedSoPartitionsStayWithinMaxEntries() {
        SemanticCache cache = new SemanticCache("test", embedder, 0.9, null, Duration.ofHours(1), 10);
        for (int conversation = 0; conversation < 5; conversation++) {
            cache.store(cache.lookup(cache.partition("gpt-4o|history:" + conversation, "*"), "How do I learn Python quickly?",
                    null), "Practice daily.");
        }
        // the control: below the bound, each conversation has its partition
        assertThat(cache.size()).isEqualTo(5);
        assertThat(cache.partitions()).isEqualTo(5);

        for (int conversation = 5; conversation < 1_000; conversation++) {
            cache.store(cache.lookup(cache.partition("gpt-4o|history:" + conversation, "*"), "How do I learn Python quickly?",
                    null), "Practice daily.");
        }

        assertThat(cache.size()).isLessThanOrEqualTo(10);
        assertThat(cache.partitions()).isLessThanOrEqualTo(10);
    }

    @Test
    void anEvictedEntryNeverAnswersAgain() {
        SemanticCache cache = cache(new FalseHitGuard());
        String partition = cache.partition("ctx", "*");
        long id = cache.store(cache.lookup(partition, "How do I learn Python quickly?", null), "Practice daily.");

        assertThat(cache.evict(id)).isTrue();

        assertThat(cache.lookup(partition, "What is the fastest way to learn Python?", null).isHit()).isFalse();
        assertThat(cache.size()).isZero();
    }

    @Test
    void anEntryIsEvictedByItsKey() {
        SemanticCache cache = cache(new FalseHitGuard());
        String partition = cache.partition("ctx", "*");
        long id = cache.store(cache.lookup(partition, "How do I learn Python quickly?", null), "Practice daily.");
        String key = cache.keyOf(id);

        assertThat(key).isEqualTo("heddle:s:{test}:local:" + id);
        assertThat(cache.evict(key)).isTrue();
        assertThat(cache.lookup(partition, "What is the fastest way to learn Python?", null).isHit()).isFalse();
    }

    @Test
    void aNewAnswerToTheSameMessageReplacesTheOlderOne() {
        SemanticCache cache = cache(new FalseHitGuard());
        String partition = cache.partition("ctx", "*");
        cache.store(cache.lookup(partition, "How do I learn Python quickly?", null), "old");
        cache.store(cache.lookup(partition, "How do I learn Python quickly?", null), "new");

        assertThat(cache.lookup(partition, "What is the fastest way to learn Python?", null).answer()).isEqualTo("new");
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void anAnswerOlderThanTheCallersMaximumAgeIsNotServed() throws InterruptedException {
        SemanticCache cache = cache(new FalseHitGuard());
        String partition = cache.partition("ctx", "*");
        cache.store(cache.lookup(partition, "How do I learn Python quickly?", null), "Practice daily.");
        Thread.sleep(20);

        assertThat(cache.lookup(partition, "How do I learn Python quickly?", Duration.ofMillis(1)).isHit()).isFalse();
        assertThat(cache.lookup(partition, "How do I learn Python quickly?", Duration.ofMinutes(1)).isHit()).isTrue();
    }

    @Test
    void theCapacityBoundsEveryPartitionTogether() {
        SemanticCache cache = new SemanticCache("test", embedder, 0.9, null, Duration.ofHours(1), 2);
        for (int i = 0; i < 10; i++) {
            String partition = cache.partition("ctx" + i, "*");
            cache.store(cache.lookup(partition, "How do I learn Python quickly?", null), "answer " + i);
        }

        assertThat(cache.size()).isLessThanOrEqualTo(2);
    }
}
