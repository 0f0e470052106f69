package dev.heddle.cache.semantic;

import static dev.heddle.cache.semantic.FlatIndexTest.normalized;
import static dev.heddle.cache.semantic.FlatIndexTest.randomUnit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class HnswIndexTest {

    private static final int DIMENSION = 64;

    /**
     * Unit vectors in topics, like sentence embeddings: a topic centre, a variation within the
     * topic's own low-dimensional subspace, a little isotropic noise. (Uniform random vectors are
     * the worst case of every approximate index, and unlike embeddings.)
     */
    static final class Clustered {
        final float[][] vectors;
        private final Random random;

        Clustered(int count, int dimension, int topics, long seed) {
            random = new Random(seed);
            int rank = 32;
            float[][] centres = new float[topics][];
            float[][][] bases = new float[topics][rank][];
            for (int t = 0; t < topics; t++) {
                centres[t] = randomUnit(random, dimension);
                for (int r = 0; r < rank; r++) bases[t][r] = randomUnit(random, dimension);
            }
            vectors = new float[count][];
            for (int i = 0; i < count; i++) {
                int t = random.nextInt(topics);
                float[] vector = scaled(randomUnit(random, dimension), 0.3f);
                for (int d = 0; d < dimension; d++) vector[d] += centres[t][d];
                for (int r = 0; r < rank; r++) {
                    float weight = (float) (random.nextGaussian() * 0.8 / Math.sqrt(rank));
                    for (int d = 0; d < dimension; d++) vector[d] += weight * bases[t][r][d];
                }
                vectors[i] = normalized(vector);
            }
        }

        /** @return a stored vector with noise added: cosine about 0.96 to it, as a paraphrase */
        float[] perturbed(int index) {
            float[] query = scaled(randomUnit(random, vectors[index].length), 0.3f);
            for (int d = 0; d < query.length; d++) query[d] += vectors[index][d];
            return normalized(query);
        }

        void addTo(VectorIndex index) {
            for (int i = 0; i < vectors.length; i++) index.add(i, vectors[i]);
        }

        private static float[] scaled(float[] vector, float factor) {
            for (int d = 0; d < vector.length; d++) vector[d] *= factor;
            return vector;
        }
    }

    /** Holds background tasks until the test runs them. */
    static final class HeldExecutor implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        synchronized Runnable take() {
            assertThat(tasks).hasSize(1);
            return tasks.remove(0);
        }
    }

    private static HnswIndex synchronous(HnswIndex.Parameters parameters) {
        return new HnswIndex(DIMENSION, parameters, Runnable::run);
    }

    private static Set<Long> ids(List<Neighbor> neighbours) {
        Set<Long> ids = new HashSet<>();
        for (Neighbor neighbour : neighbours) ids.add(neighbour.id());
        return ids;
    }

    @Test
    void recallAtTenAgainstTheExactIndexIsAtLeast95PercentOnClusteredVectors() {
        Clustered data = new Clustered(20_000, 384, 200, 1);
        FlatIndex exact = new FlatIndex(384);
        HnswIndex graph = new HnswIndex(384, HnswIndex.Parameters.defaults(), Runnable::run);
        data.addTo(exact);
        data.addTo(graph);

        Random pick = new Random(2);
        int queries = 200;
        int foundOfTen = 0;
        int sameBest = 0;
        for (int q = 0; q < queries; q++) {
            float[] query = data.perturbed(pick.nextInt(data.vectors.length));
            List<Neighbor> truth = exact.nearest(query, 10, -1);
            List<Neighbor> found = graph.nearest(query, 10, -1);
            Set<Long> truthIds = ids(truth);
            for (Neighbor neighbour : found) if (truthIds.contains(neighbour.id())) foundOfTen++;
            if (found.get(0).id() == truth.get(0).id()) sameBest++;
        }

        assertThat(graph.size()).isEqualTo(20_000);
        assertThat(foundOfTen / (10.0 * queries)).isGreaterThanOrEqualTo(0.95);
        assertThat(sameBest / (double) queries).isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void neighboursAreBestFirstAndAtLeastMinSimilar() {
        Clustered data = new Clustered(2_000, DIMENSION, 20, 3);
        HnswIndex graph = synchronous(HnswIndex.Parameters.defaults());
        data.addTo(graph);

        List<Neighbor> found = graph.nearest(data.perturbed(5), 20, 0.5f);

        assertThat(found).isNotEmpty().hasSizeLessThanOrEqualTo(20);
        assertThat(found.get(0).id()).isEqualTo(5);
        for (int i = 1; i < found.size(); i++) {
            assertThat(found.get(i).similarity()).isLessThanOrEqualTo(found.get(i - 1).similarity());
        }
        assertThat(found).allSatisfy(neighbour -> assertThat(neighbour.similarity()).isGreaterThanOrEqualTo(0.5f));
    }

    @Test
    void aKAboveEfSearchStillGetsKNeighbours() {
        Clustered data = new Clustered(1_000, DIMENSION, 10, 4);
        HnswIndex graph = synchronous(HnswIndex.Parameters.defaults().withEfSearch(8));
        data.addTo(graph);

        assertThat(graph.nearest(data.vectors[0], 50, -1)).hasSize(50);
    }

    @Test
    void anEmptyIndexFindsNothing() {
        HnswIndex graph = synchronous(HnswIndex.Parameters.defaults());
        float[] query = randomUnit(new Random(5), DIMENSION);
        assertThat(graph.nearest(query, 5, -1)).isEmpty();
        graph.add(1, query);
        graph.remove(1);
        assertThat(graph.nearest(query, 5, -1)).isEmpty();
        assertThat(graph.size()).isZero();
    }

    @Test
    void deletedIdsNeverComeBackWhileTheyAreTombstones() {
        Clustered data = new Clustered(3_000, DIMENSION, 30, 6);
        // No rebuild: every deleted node stays in the graph, routing searches.
        HnswIndex graph = synchronous(HnswIndex.Parameters.defaults().withRebuildShare(1));
        data.addTo(graph);
        Set<Long> deleted = new HashSet<>();
        for (int i = 0; i < 3_000; i += 2) {
            graph.remove(i);
            deleted.add((long) i);
        }

        assertThat(graph.tombstones()).isEqualTo(1_500);
        assertThat(graph.size()).isEqualTo(1_500);
        for (int i = 0; i < 3_000; i++) {
            List<Neighbor> found = graph.nearest(data.vectors[i], 10, -1);
            assertThat(ids(found)).doesNotContainAnyElementsOf(deleted);
            assertThat(found).hasSize(10);
            if (i % 2 == 1) assertThat(found.get(0).id()).isEqualTo(i);
        }
    }

    @Test
    void manyDeletionsRebuildTheGraphWhichStillFindsEveryLiveEntry() {
        Clustered data = new Clustered(6_000, DIMENSION, 60, 7);
        HnswIndex graph = synchronous(HnswIndex.Parameters.defaults());
        for (int i = 0; i < 4_000; i++) graph.add(i, data.vectors[i]);
        Set<Long> live = new HashSet<>();
        for (long i = 0; i < 6_000; i++) live.add(i);
        Random random = new Random(8);
        for (int i = 0; i < 4_000; i++) {
            if (random.nextInt(10) < 8) {
                graph.remove(i);
                live.remove((long) i);
            }
        }
        for (int i = 4_000; i < 6_000; i++) graph.add(i, data.vectors[i]);

        assertThat(graph.rebuilds()).isGreaterThan(0);
        assertThat(graph.tombstones()).isLessThan(graph.size());
        assertThat(graph.size()).isEqualTo(live.size());
        int sameBest = 0;
        for (int i = 0; i < 6_000; i++) {
            List<Neighbor> found = graph.nearest(data.vectors[i], 5, -1);
            assertThat(ids(found)).isSubsetOf(live);
            if (live.contains((long) i) && found.get(0).id() == i) sameBest++;
        }
        assertThat(sameBest / (double) live.size()).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void writesDuringABackgroundRebuildReachTheNewGraph() {
        Clustered data = new Clustered(2_500, DIMENSION, 25, 9);
        HeldExecutor background = new HeldExecutor();
        HnswIndex graph = new HnswIndex(DIMENSION, HnswIndex.Parameters.defaults(), background);
        for (int i = 0; i < 2_000; i++) graph.add(i, data.vectors[i]);
        for (int i = 0; i < 600; i++) graph.remove(i);
        Runnable rebuild = background.take();

        // While the rebuild waits: the old graph answers, and takes writes.
        for (int i = 2_000; i < 2_500; i++) graph.add(i, data.vectors[i]);
        for (int i = 600; i < 700; i++) graph.remove(i);
        graph.add(700, data.vectors[2_499]);
        assertThat(graph.nearest(data.vectors[1_000], 1, -1).get(0).id()).isEqualTo(1_000);
        assertThat(graph.rebuilds()).isZero();
        rebuild.run();

        assertThat(graph.rebuilds()).isEqualTo(1);
        assertThat(graph.tombstones()).isZero();
        assertThat(graph.size()).isEqualTo(2_500 - 700);
        for (int i = 0; i < 2_500; i++) {
            List<Neighbor> found = graph.nearest(data.vectors[i], 1, 0.999f);
            if (i <= 700) assertThat(found).isEmpty(); // 700 now holds the vector of 2,499
            else if (i == 2_499) assertThat(ids(found)).isSubsetOf(Set.of(700L, 2_499L));
            else assertThat(found).extracting(Neighbor::id).containsExactly((long) i);
        }
    }

    @Test
    void addingAnIdAgainMovesItToTheNewVector() {
        Clustered data = new Clustered(1_000, DIMENSION, 10, 10);
        HnswIndex graph = synchronous(HnswIndex.Parameters.defaults());
        data.addTo(graph);
        float[] moved = randomUnit(new Random(11), DIMENSION);

        graph.add(3, moved);

        assertThat(graph.size()).isEqualTo(1_000);
        assertThat(graph.nearest(moved, 1, -1)).extracting(Neighbor::id).containsExactly(3L);
        assertThat(graph.nearest(data.vectors[3], 1, 0.999f)).isEmpty();
    }
}
