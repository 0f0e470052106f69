package dev.heddle.benchmarks;

import dev.heddle.benchmarks.SemanticLookupBenchmark.ClusteredVectors;
import dev.heddle.cache.semantic.FlatIndex;
import dev.heddle.cache.semantic.HnswIndex;
import dev.heddle.cache.semantic.Neighbor;
import dev.heddle.cache.semantic.VectorIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The quality beside {@link SemanticLookupBenchmark}'s speed: for each size, the graph's build
 * time, and its recall against the exact index on the benchmark's data and queries: recall@1 (the
 * graph's best is the exact best: what a cache hit needs) and recall@10 (the share of the exact ten
 * best that the graph's ten best hold).
 *
 * <pre>
 * java -cp benchmarks/target/heddle-benchmarks.jar dev.heddle.benchmarks.SemanticIndexRecall [--variants] [--hard] [size ...]
 * </pre>
 *
 * <p>Sizes default to 1,000, 10,000 and 100,000. With {@code --variants}, other parameters are
 * measured beside the defaults: simple neighbour selection instead of the heuristic, and other
 * beams and link counts. With {@code --hard}, the entries come in bigger, more varied topics
 * ({@link ClusteredVectors#generateHard}). The query time printed is a plain mean over the queries, single-threaded,
 * for comparing the variants; the benchmark's figures are JMH's.
 */
public final class SemanticIndexRecall {

    private static final int QUERIES = 500;

    private SemanticIndexRecall() {
    }

    public static void main(String[] args) {
        boolean variants = false;
        boolean hard = false;
        List<Integer> sizes = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--variants")) variants = true;
            else if (arg.equals("--hard")) hard = true;
            else sizes.add(Integer.parseInt(arg));
        }
        if (sizes.isEmpty()) sizes = List.of(1_000, 10_000, 100_000);
        HnswIndex.Parameters defaults = HnswIndex.Parameters.defaults();
        List<String> names = new ArrayList<>(List.of("default " + describe(defaults)));
        List<HnswIndex.Parameters> tried = new ArrayList<>(List.of(defaults));
        if (variants) {
            add(names, tried, "simple selection", defaults.withHeuristic(false));
            add(names, tried, "efSearch 32", defaults.withEfSearch(32));
            add(names, tried, "efSearch 128", defaults.withEfSearch(128));
            add(names, tried, "efConstruction 64", defaults.withEfConstruction(64));
            add(names, tried, "efConstruction 200", defaults.withEfConstruction(200));
            add(names, tried, "M 8", defaults.withM(8));
            add(names, tried, "M 24", defaults.withM(24));
        }
        System.out.printf("%-9s %-48s %10s %9s %10s %11s%n", "size", "index", "build ms", "recall@1", "recall@10", "query µs");
        for (int size : sizes) {
            ClusteredVectors data = hard ? ClusteredVectors.generateHard(size, 42) : ClusteredVectors.generate(size, 42);
            float[][] queries = data.queries(QUERIES, 7);
            long start = System.nanoTime();
            FlatIndex flat = (FlatIndex) SemanticLookupBenchmark.build("flat", data);
            long flatBuild = System.nanoTime() - start;
            List<List<Neighbor>> exact = new ArrayList<>();
            for (float[] query : queries) exact.add(flat.nearest(query, 10, -1));
            long flatQueries = timeQueries(flat, queries);
            System.out.printf("%-9s %-48s %10s %9s %10s %11.1f%n", String.format("%,d", size), "flat", flatBuild / 1_000_000,
                    "1", "1", flatQueries / 1e3 / QUERIES);
            for (int v = 0; v < tried.size(); v++) {
                start = System.nanoTime();
                HnswIndex graph = new HnswIndex(ClusteredVectors.DIMENSION, tried.get(v), Runnable::run);
                for (int i = 0; i < data.vectors.length; i++) graph.add(i, data.vectors[i]);
                long build = System.nanoTime() - start;
                double top1 = 0;
                double top10 = 0;
                for (int q = 0; q < QUERIES; q++) {
                    List<Neighbor> found = graph.nearest(queries[q], 10, -1);
                    List<Neighbor> truth = exact.get(q);
                    if (!found.isEmpty() && found.get(0).id() == truth.get(0).id()) top1++;
                    Set<Long> truthIds = new HashSet<>();
                    for (Neighbor neighbor : truth) truthIds.add(neighbor.id());
                    for (Neighbor neighbor : found) if (truthIds.contains(neighbor.id())) top10++;
                }
                long graphQueries = timeQueries(graph, queries);
                System.out.printf("%-9s %-48s %10d %9.3f %10.3f %11.1f%n", String.format("%,d", size), "hnsw " + names.get(v),
                        build / 1_000_000, top1 / QUERIES, top10 / (10.0 * QUERIES), graphQueries / 1e3 / QUERIES);
            }
        }
    }

    /** The second of two passes over the queries, so that the first warms the JIT up. */
    private static long timeQueries(VectorIndex index, float[][] queries) {
        long elapsed = 0;
        for (int pass = 0; pass < 2; pass++) {
            long start = System.nanoTime();
            for (float[] query : queries) index.nearest(query, 5, 0.8f);
            elapsed = System.nanoTime() - start;
        }
        return elapsed;
    }

    private static void add(List<String> names, List<HnswIndex.Parameters> tried, String name, HnswIndex.Parameters parameters) {
        names.add(name);
        tried.add(parameters);
    }

    private static String describe(HnswIndex.Parameters p) {
        return "(M " + p.m() + ", efC " + p.efConstruction() + ", efS " + p.efSearch()
                + (p.heuristic() ? ", heuristic" : ", simple") + ")";
    }
}
