package dev.heddle.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class FlatIndexTest {

    private static final int DIMENSION = 64;

    /** @return a random unit vector (uniform on the sphere) */
    static float[] randomUnit(Random random, int dimension) {
        float[] vector = new float[dimension];
        for (int d = 0; d < dimension; d++) vector[d] = (float) random.nextGaussian();
        return normalized(vector);
    }

    static float[] normalized(float[] vector) {
        double norm = 0;
        for (float x : vector) norm += x * x;
        for (int d = 0; d < vector.length; d++) vector[d] /= (float) Math.sqrt(norm);
        return vector;
    }

    /** The reference: every similarity in double precision, sorted. */
    private static List<Neighbor> bruteForce(float[][] vectors, float[] query, int k, float minSimilarity) {
        List<Neighbor> all = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            double dot = 0;
            for (int d = 0; d < query.length; d++) dot += (double) query[d] * vectors[i][d];
            if (dot >= minSimilarity) all.add(new Neighbor(i, (float) dot));
        }
        all.sort(Comparator.comparingDouble(Neighbor::similarity).reversed());
        return all.subList(0, Math.min(k, all.size()));
    }

    private static float[][] fill(VectorIndex index, Random random, int count, int dimension) {
        float[][] vectors = new float[count][];
        for (int i = 0; i < count; i++) {
            vectors[i] = randomUnit(random, dimension);
            index.add(i, vectors[i]);
        }
        return vectors;
    }

    @Test
    void nearestIsTheExactTopKOfABruteForceScan() {
        Random random = new Random(1);
        FlatIndex index = new FlatIndex(384);
        float[][] vectors = fill(index, random, 3000, 384);
        for (int q = 0; q < 50; q++) {
            float[] query = randomUnit(random, 384);
            List<Neighbor> expected = bruteForce(vectors, query, 10, -1);
            List<Neighbor> found = index.nearest(query, 10, -1);
            assertThat(found).extracting(Neighbor::id).containsExactlyElementsOf(expected.stream().map(Neighbor::id).toList());
            for (int i = 0; i < found.size(); i++) {
                assertThat(found.get(i).similarity()).isCloseTo(expected.get(i).similarity(), within(1e-5f));
            }
        }
    }

    @Test
    void aDimensionThatIsNoMultipleOfTheUnrollingIsScannedToItsLastElement() {
        Random random = new Random(2);
        FlatIndex index = new FlatIndex(13);
        float[][] vectors = fill(index, random, 200, 13);
        float[] query = randomUnit(random, 13);
        assertThat(index.nearest(query, 5, -1)).extracting(Neighbor::id)
                .containsExactlyElementsOf(bruteForce(vectors, query, 5, -1).stream().map(Neighbor::id).toList());
    }

    @Test
    void minSimilarityLeavesOutTheLessSimilarEntries() {
        Random random = new Random(3);
        FlatIndex index = new FlatIndex(DIMENSION);
        float[][] vectors = fill(index, random, 500, DIMENSION);
        float[] query = vectors[17];

        List<Neighbor> found = index.nearest(query, 10, 0.2f);

        assertThat(found).extracting(Neighbor::id)
                .containsExactlyElementsOf(bruteForce(vectors, query, 10, 0.2f).stream().map(Neighbor::id).toList());
        assertThat(found).allSatisfy(neighbor -> assertThat(neighbor.similarity()).isGreaterThanOrEqualTo(0.2f));
        assertThat(found.get(0).id()).isEqualTo(17);
        assertThat(index.nearest(query, 10, 1.5f)).isEmpty();
    }

    @Test
    void aKAboveTheSizeReturnsEveryEntryBestFirst() {
        FlatIndex index = new FlatIndex(DIMENSION);
        fill(index, new Random(4), 7, DIMENSION);

        List<Neighbor> found = index.nearest(randomUnit(new Random(5), DIMENSION), 100, -1);

        assertThat(found).hasSize(7);
        assertThat(found).extracting(Neighbor::similarity).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void anEmptyIndexAndANonPositiveKFindNothing() {
        FlatIndex index = new FlatIndex(DIMENSION);
        float[] query = randomUnit(new Random(6), DIMENSION);
        assertThat(index.nearest(query, 5, -1)).isEmpty();
        index.add(1, query);
        assertThat(index.nearest(query, 0, -1)).isEmpty();
    }

    @Test
    void removingAnEntryTakesItOutAndLeavesTheOthersFindable() {
        Random random = new Random(7);
        FlatIndex index = new FlatIndex(DIMENSION);
        float[][] vectors = fill(index, random, 100, DIMENSION);
        for (int i = 0; i < 100; i += 3) index.remove(i);
        index.remove(1_000);

        assertThat(index.size()).isEqualTo(100 - 34);
        for (int i = 0; i < 100; i++) {
            List<Neighbor> found = index.nearest(vectors[i], 1, -1);
            if (i % 3 == 0) {
                assertThat(found.get(0).id()).isNotEqualTo(i);
            } else {
                assertThat(found.get(0).id()).isEqualTo(i);
                assertThat(found.get(0).similarity()).isCloseTo(1f, within(1e-5f));
            }
        }
    }

    @Test
    void addingAnIdAgainReplacesItsVector() {
        Random random = new Random(8);
        FlatIndex index = new FlatIndex(DIMENSION);
        float[][] vectors = fill(index, random, 50, DIMENSION);
        float[] moved = randomUnit(random, DIMENSION);

        index.add(10, moved);

        assertThat(index.size()).isEqualTo(50);
        assertThat(index.nearest(moved, 1, -1).get(0).id()).isEqualTo(10);
        assertThat(index.nearest(vectors[10], 1, 0.99f)).isEmpty();
    }

    @Test
    void theIndexKeepsACopyOfTheVector() {
        FlatIndex index = new FlatIndex(DIMENSION);
        float[] vector = randomUnit(new Random(9), DIMENSION);
        float[] query = vector.clone();
        index.add(1, vector);
        Arrays.fill(vector, 0);
        assertThat(index.nearest(query, 1, 0.99f)).extracting(Neighbor::id).containsExactly(1L);
    }

    @Test
    void vectorsOfAnotherDimensionAreRejected() {
        FlatIndex index = new FlatIndex(DIMENSION);
        assertThatThrownBy(() -> index.add(1, new float[DIMENSION + 1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.nearest(new float[3], 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentWritesAndLookupsNeitherThrowNorLoseEntries() throws InterruptedException {
        FlatIndex index = new FlatIndex(DIMENSION);
        int writers = 4;
        int perWriter = 1_000;
        float[][] vectors = new float[writers * perWriter][];
        Random random = new Random(10);
        for (int i = 0; i < vectors.length; i++) vectors[i] = randomUnit(random, DIMENSION);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int first = w * perWriter;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = first; i < first + perWriter; i++) {
                        index.add(i, vectors[i]);
                        // A short-lived entry too, so that removals move slots under the readers.
                        index.add(-1 - i, vectors[i]);
                        index.remove(-1 - i);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (int r = 0; r < 2; r++) {
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    Random queries = new Random();
                    while (writing.get()) {
                        List<Neighbor> found = index.nearest(vectors[queries.nextInt(vectors.length)], 5, -1);
                        assertThat(found).extracting(Neighbor::similarity).isSortedAccordingTo(Comparator.reverseOrder());
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread thread : threads.subList(0, writers)) thread.join(TimeUnit.MINUTES.toMillis(2));
        writing.set(false);
        for (Thread thread : threads) thread.join(TimeUnit.MINUTES.toMillis(1));

        assertThat(failures).isEmpty();
        assertThat(index.size()).isEqualTo(vectors.length);
        for (int i = 0; i < vectors.length; i++) {
            assertThat(index.nearest(vectors[i], 1, 0.99f)).extracting(Neighbor::id).containsExactly((long) i);
        }
    }
}
