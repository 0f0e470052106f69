package dev.heddle.benchmarks;

import dev.heddle.cache.semantic.FlatIndex;
import dev.heddle.cache.semantic.HnswIndex;
import dev.heddle.cache.semantic.Neighbor;
import dev.heddle.cache.semantic.VectorIndex;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One look-up of the semantic cache's vector index, {@code nearest(query, 5, 0.8)}, exact
 * ({@link FlatIndex}) and approximate ({@link HnswIndex}, default parameters), at 1,000, 10,000 and
 * 100,000 entries of 384 dimensions (the local embedder's). The entries are
 * {@linkplain ClusteredVectors clustered} unit vectors from a fixed seed; each query is a stored
 * vector slightly perturbed (cosine about 0.96 to it), as a paraphrase of an earlier prompt is,
 * pre-generated and taken in turn.
 *
 * <p>The set-up prints the graph's build time, and the recall of the graph against the exact
 * index is printed by {@link SemanticIndexRecall}. The agent's classes come from its shaded jar.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SemanticLookupBenchmark {

    private static final int QUERIES = 1024;

    @Param({"1000", "10000", "100000"})
    public int size;

    @Param({"flat", "hnsw"})
    public String index;

    private VectorIndex vectors;
    private float[][] queries;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        ClusteredVectors data = ClusteredVectors.generate(size, 42);
        queries = data.queries(QUERIES, 7);
        long start = System.nanoTime();
        vectors = build(index, data);
        System.out.printf("%n%s index of %,d entries built in %,d ms%n", index, size, (System.nanoTime() - start) / 1_000_000);
    }

    @Benchmark
    public List<Neighbor> nearest() {
        float[] query = queries[next++ & (QUERIES - 1)];
        return vectors.nearest(query, 5, 0.8f);
    }

    /**
     * @param kind {@code flat} or {@code hnsw}
     * @param data the entries
     * @return an index of them, their ids their positions
     */
    static VectorIndex build(String kind, ClusteredVectors data) {
        VectorIndex built = switch (kind) {
            case "flat" -> new FlatIndex(ClusteredVectors.DIMENSION);
            case "hnsw" -> new HnswIndex(ClusteredVectors.DIMENSION);
            default -> throw new IllegalArgumentException("unknown index " + kind);
        };
        for (int i = 0; i < data.vectors.length; i++) built.add(i, data.vectors[i]);
        return built;
    }

    /**
     * Unit vectors in topics, standing in for sentence embeddings. Uniform random vectors are the
     * worst case of every approximate index: in 384 dimensions all are almost equally far apart,
     * and text embeddings are not like that. Here each entry belongs to one of the topics (one per
     * 100 entries): a random topic centre, plus a variation of weight 0.8 within the topic's own
     * 32-dimensional subspace (so that the entries near an entry differ in a few directions, as
     * paraphrases and related questions do), plus isotropic noise of weight 0.3. Two entries of one
     * topic have a cosine of about 0.6, of different topics about 0. {@link #generateHard} makes
     * topics of 1,000 entries varying in 128 dimensions, where an approximate index has more to
     * lose.
     */
    static final class ClusteredVectors {
        static final int DIMENSION = 384;
        private static final double VARIATION = 0.8;
        private static final double NOISE = 0.3;
        private static final double QUERY_NOISE = 0.3;

        final float[][] vectors;

        private ClusteredVectors(float[][] vectors) {
            this.vectors = vectors;
        }

        /** @return the benchmark's entries: topics of about 100, varying in 32 dimensions */
        static ClusteredVectors generate(int size, long seed) {
            return generate(size, seed, 100, 32);
        }

        /** @return harder entries: topics of about 1,000, varying in 128 dimensions */
        static ClusteredVectors generateHard(int size, long seed) {
            return generate(size, seed, 1_000, 128);
        }

        private static ClusteredVectors generate(int size, long seed, int perTopic, int rank) {
            SplittableRandom random = new SplittableRandom(seed);
            int topics = Math.max(10, size / perTopic);
            float[][] centres = new float[topics][];
            float[][][] bases = new float[topics][][];
            for (int t = 0; t < topics; t++) {
                centres[t] = normalized(gaussian(random, 1));
                bases[t] = new float[rank][];
                for (int r = 0; r < rank; r++) bases[t][r] = gaussian(random, 1 / Math.sqrt(DIMENSION));
            }
            float[][] vectors = new float[size][];
            for (int i = 0; i < size; i++) {
                int t = random.nextInt(topics);
                float[] vector = gaussian(random, NOISE / Math.sqrt(DIMENSION));
                for (int d = 0; d < DIMENSION; d++) vector[d] += centres[t][d];
                for (int r = 0; r < rank; r++) {
                    float weight = (float) (random.nextGaussian() * VARIATION / Math.sqrt(rank));
                    float[] direction = bases[t][r];
                    for (int d = 0; d < DIMENSION; d++) vector[d] += weight * direction[d];
                }
                vectors[i] = normalized(vector);
            }
            return new ClusteredVectors(vectors);
        }

        /**
         * @param count how many
         * @param seed the seed
         * @return stored vectors, each with isotropic noise of weight 0.3 added (cosine about 0.96)
         */
        float[][] queries(int count, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            float[][] queries = new float[count][];
            for (int q = 0; q < count; q++) {
                float[] query = gaussian(random, QUERY_NOISE / Math.sqrt(DIMENSION));
                float[] stored = vectors[random.nextInt(vectors.length)];
                for (int d = 0; d < DIMENSION; d++) query[d] += stored[d];
                queries[q] = normalized(query);
            }
            return queries;
        }

        private static float[] gaussian(SplittableRandom random, double scale) {
            float[] vector = new float[DIMENSION];
            for (int d = 0; d < DIMENSION; d++) vector[d] = (float) (random.nextGaussian() * scale);
            return vector;
        }

        private static float[] normalized(float[] vector) {
            double norm = 0;
            for (float x : vector) norm += x * x;
            float scale = (float) (1 / Math.sqrt(norm));
            for (int d = 0; d < vector.length; d++) vector[d] *= scale;
            return vector;
        }
    }
}
