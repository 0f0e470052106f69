package dev.heddle.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.cache.semantic.HnswIndexTest.Clustered;
import dev.heddle.cache.semantic.HnswIndexTest.HeldExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdaptiveIndexTest {

    private static final int DIMENSION = 64;
    private static final int SWITCH = 1_000;

    private final Clustered data = new Clustered(1_500, DIMENSION, 15, 1);
    private final HeldExecutor background = new HeldExecutor();
    private final AdaptiveIndex index = new AdaptiveIndex(DIMENSION, SWITCH, HnswIndex.Parameters.defaults(), background);

    private void addFirst(int count) {
        for (int i = 0; i < count; i++) index.add(i, data.vectors[i]);
    }

    /** @return paraphrases of some of the first entries */
    private List<float[]> queries(int count) {
        List<float[]> queries = new ArrayList<>();
        for (int i = 0; i < count; i++) queries.add(data.perturbed(i * 7 % SWITCH));
        return queries;
    }

    private List<Long> bestOf(List<float[]> queries) {
        List<Long> best = new ArrayList<>();
        for (float[] query : queries) best.add(index.nearest(query, 1, 0.8f).get(0).id());
        return best;
    }

    @Test
    void belowTheSwitchSizeTheFlatIndexAnswers() {
        addFirst(SWITCH - 1);

        assertThat(index.approximate()).isFalse();
        assertThat(index.building()).isFalse();
        assertThat(background.tasks).isEmpty();
        assertThat(index.size()).isEqualTo(SWITCH - 1);
    }

    @Test
    void reachingTheSwitchSizeBuildsTheGraphInTheBackgroundAndThenSwitchesToIt() {
        addFirst(SWITCH);

        assertThat(index.building()).isTrue();
        assertThat(index.approximate()).isFalse();
        background.take().run();

        assertThat(index.building()).isFalse();
        assertThat(index.approximate()).isTrue();
        assertThat(index.size()).isEqualTo(SWITCH);
    }

    @Test
    void theBestEntryIsTheSameBeforeDuringAndAfterTheBuild() throws InterruptedException {
        addFirst(SWITCH);
        List<float[]> queries = queries(200);
        List<Long> before = bestOf(queries);
        Thread builder = new Thread(background.take());

        builder.start();
        List<List<Long>> during = new ArrayList<>();
        while (index.building()) during.add(bestOf(queries));
        builder.join(TimeUnit.MINUTES.toMillis(2));

        assertThat(index.approximate()).isTrue();
        assertThat(during).allSatisfy(best -> assertThat(best).isEqualTo(before));
        assertThat(bestOf(queries)).isEqualTo(before);
    }

    @Test
    void writesDuringTheBuildReachTheGraph() {
        addFirst(SWITCH);
        Runnable build = background.take();

        for (int i = SWITCH; i < 1_500; i++) index.add(i, data.vectors[i]);
        for (int i = 0; i < 100; i++) index.remove(i);
        index.add(100, data.vectors[1_499]);
        assertThat(index.nearest(data.vectors[1_200], 1, 0.999f)).extracting(Neighbor::id).containsExactly(1_200L);
        build.run();

        assertThat(index.approximate()).isTrue();
        assertThat(index.size()).isEqualTo(1_500 - 100);
        for (int i = 0; i < 1_500; i++) {
            List<Neighbor> found = index.nearest(data.vectors[i], 1, 0.999f);
            if (i <= 100) assertThat(found).isEmpty(); // 100 now holds the vector of 1,499
            else if (i == 1_499) assertThat(found).extracting(Neighbor::id).containsAnyOf(100L, 1_499L);
            else assertThat(found).extracting(Neighbor::id).containsExactly((long) i);
        }
    }

    @Test
    void concurrentLookupsDuringTheBuildNeverFail() throws InterruptedException {
        addFirst(SWITCH);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread builder = new Thread(background.take());
        Thread reader = new Thread(() -> {
            try {
                while (!index.approximate()) {
                    for (int i = 0; i < SWITCH; i += 97) {
                        assertThat(index.nearest(data.vectors[i], 1, 0.999f)).extracting(Neighbor::id).containsExactly((long) i);
                    }
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        });

        builder.start();
        reader.start();
        for (int i = SWITCH; i < 1_200; i++) index.add(i, data.vectors[i]);
        builder.join(TimeUnit.MINUTES.toMillis(2));
        reader.join(TimeUnit.MINUTES.toMillis(1));

        assertThat(failures).isEmpty();
        assertThat(index.size()).isEqualTo(1_200);
        for (int i = 0; i < 1_200; i++) {
            assertThat(index.nearest(data.vectors[i], 1, 0.999f)).extracting(Neighbor::id).containsExactly((long) i);
        }
    }
}
