package dev.heddle.cache.semantic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Approximate search in a hierarchical navigable small-world graph (HNSW; Malkov and Yashunin,
 * "Efficient and robust approximate nearest neighbor search using Hierarchical Navigable Small World
 * graphs", IEEE TPAMI 2020). Every entry is a node on layer 0 and, with probability falling by a
 * factor {@code M} per layer, on the layers above; a look-up descends greedily from the top layer's
 * entry point and searches layer 0 with a beam of {@code efSearch} candidates. A look-up computes
 * a few thousand similarities instead of one per entry.
 *
 * <p>Written here rather than taken from a library on purpose: the Java HNSW libraries are large
 * for an agent jar that is kept small (hnswlib-core pulls in eclipse-collections, about 10 MB;
 * Lucene core is 3.6 MB), and the part needed here, with its concurrency, is a few hundred lines.
 *
 * <p>Storage is compact: the vectors one after the other in a float array, the layer-0 links in
 * one int array ({@code 2M + 1} ints a node: the count, then the neighbours), the links of the few
 * nodes above layer 0 in a small int array per node.
 *
 * <p>Removal marks the node deleted (a tombstone): it still routes searches, but is never
 * returned. When tombstones exceed {@link Parameters#rebuildShare()} of the nodes, a fresh graph of
 * the live entries is built in the background from the same vector storage, while this graph keeps
 * answering; writes made meanwhile go to both, and the fresh graph replaces this one when done.
 *
 * <p>Concurrency: writers are serialized. A writer searches the graph for a new node's neighbours
 * without any lock that readers take (no other writer can change it), computes every link list it
 * will change, and then holds the write lock only to store them; bigger arrays are copied before
 * that lock too. So a look-up waits at most for a few array stores, never for a search or a
 * rebuild.
 */
public final class HnswIndex implements VectorIndex {

    /** Runs each background build on a new daemon thread: builds are rare (a switch, a rebuild). */
    static final Executor DAEMON_THREAD = task -> {
        Thread thread = new Thread(task, "heddle-vector-index-build");
        thread.setDaemon(true);
        thread.start();
    };

    private static final int INITIAL_CAPACITY = 64;
    /** Levels above this are never drawn in practice (probability M^-16); the cap only bounds arrays. */
    private static final int MAX_LEVEL = 16;

    private final int dimension;
    private final Parameters parameters;
    private final Executor background;
    /** Serializes writers, and the background builder's steps with them. */
    private final Object writes = new Object();
    /** Readers search under the read lock; a writer stores a node's links under the write lock. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Scratch space for searches, one per concurrent search, reused to spare allocation. */
    private final ConcurrentLinkedQueue<Search> searches = new ConcurrentLinkedQueue<>();
    private volatile Graph graph;
    /** The graph being rebuilt in the background, or null; under {@link #writes}. */
    private Graph rebuilding;
    /** The ids written since the rebuild's snapshot: the builder skips them; under {@link #writes}. */
    private Set<Long> touched;
    private int rebuilds;

    /**
     * The tuning of an index.
     *
     * @param m the links a node gets on each layer above 0 ({@code 2m} on layer 0)
     * @param efConstruction the beam width of the search that finds a new node's neighbours
     * @param efSearch the beam width of a look-up (at least {@code k} is used)
     * @param heuristic whether neighbours are chosen by the paper's heuristic (a candidate is kept
     *     only if it is nearer to the node than to every neighbour already kept, which spreads the
     *     links across directions) or simply as the nearest
     * @param rebuildShare the share of deleted nodes above which the graph is rebuilt, in (0, 1]
     * @param seed the seed of the random levels, so that a build is reproducible
     */
    public record Parameters(int m, int efConstruction, int efSearch, boolean heuristic, double rebuildShare, long seed) {

        public Parameters {
            if (m < 2) throw new IllegalArgumentException("m must be at least 2, but was " + m);
            if (efConstruction < 1) {
                throw new IllegalArgumentException("efConstruction must be positive, but was " + efConstruction);
            }
            if (efSearch < 1) throw new IllegalArgumentException("efSearch must be positive, but was " + efSearch);
            if (!(rebuildShare > 0 && rebuildShare <= 1)) {
                throw new IllegalArgumentException("rebuildShare must be in (0, 1], but was " + rebuildShare);
            }
        }

        /**
         * M 16, efConstruction 100, efSearch 64, the heuristic, rebuild at a quarter deleted: chosen
         * from the measurements in docs/benchmarks.md ("Semantic lookup").
         *
         * @return the defaults
         */
        public static Parameters defaults() {
            return new Parameters(16, 100, 64, true, 0.25, 42);
        }

        /**
         * @param value the beam width of a look-up
         * @return these parameters with it
         */
        public Parameters withEfSearch(int value) {
            return new Parameters(m, efConstruction, value, heuristic, rebuildShare, seed);
        }

        /**
         * @param value the beam width of an insertion
         * @return these parameters with it
         */
        public Parameters withEfConstruction(int value) {
            return new Parameters(m, value, efSearch, heuristic, rebuildShare, seed);
        }

        /**
         * @param value the links per node and layer
         * @return these parameters with it
         */
        public Parameters withM(int value) {
            return new Parameters(value, efConstruction, efSearch, heuristic, rebuildShare, seed);
        }

        /**
         * @param value whether to select neighbours by the heuristic
         * @return these parameters with it
         */
        public Parameters withHeuristic(boolean value) {
            return new Parameters(m, efConstruction, efSearch, value, rebuildShare, seed);
        }

        /**
         * @param value the share of tombstones that starts a rebuild
         * @return these parameters with it
         */
        public Parameters withRebuildShare(double value) {
            return new Parameters(m, efConstruction, efSearch, heuristic, value, seed);
        }
    }

    /**
     * An index with the {@linkplain Parameters#defaults() default parameters}, rebuilt on a daemon
     * thread.
     *
     * @param dimension the length of every vector
     */
    public HnswIndex(int dimension) {
        this(dimension, Parameters.defaults(), DAEMON_THREAD);
    }

    /**
     * @param dimension the length of every vector
     * @param parameters the tuning
     * @param background where rebuilds run
     */
    public HnswIndex(int dimension, Parameters parameters, Executor background) {
        if (dimension <= 0) throw new IllegalArgumentException("dimension must be positive, but was " + dimension);
        this.dimension = dimension;
        this.parameters = parameters;
        this.background = background;
        this.graph = new Graph(dimension, parameters, parameters.seed(), INITIAL_CAPACITY);
    }

    @Override
    public void add(long id, float[] vector) {
        checkDimension(vector);
        synchronized (writes) {
            Graph current = graph;
            Search search = acquire();
            try {
                Insertion insertion = current.plan(id, vector, 0, search);
                lock.writeLock().lock();
                try {
                    current.apply(insertion);
                } finally {
                    lock.writeLock().unlock();
                }
                if (rebuilding != null) {
                    rebuilding.apply(rebuilding.plan(id, vector, 0, search));
                    touched.add(id);
                }
            } finally {
                release(search);
            }
            rebuildIfWorn();
        }
    }

    @Override
    public void remove(long id) {
        synchronized (writes) {
            Graph current = graph;
            lock.writeLock().lock();
            try {
                current.remove(id);
            } finally {
                lock.writeLock().unlock();
            }
            if (rebuilding != null) {
                rebuilding.remove(id);
                touched.add(id);
            }
            rebuildIfWorn();
        }
    }

    @Override
    public List<Neighbor> nearest(float[] query, int k, float minSimilarity) {
        checkDimension(query);
        if (k <= 0) return List.of();
        Search search = acquire();
        lock.readLock().lock();
        try {
            return graph.nearest(query, k, Math.max(parameters.efSearch(), k), minSimilarity, search);
        } finally {
            lock.readLock().unlock();
            release(search);
        }
    }

    @Override
    public int size() {
        return graph.live;
    }

    /** @return the deleted nodes the current graph still holds */
    int tombstones() {
        synchronized (writes) {
            return graph.deletedCount;
        }
    }

    /** @return how many rebuilds have replaced the graph */
    int rebuilds() {
        synchronized (writes) {
            return rebuilds;
        }
    }

    /** Starts a rebuild when tombstones exceed their share and none is running; under {@link #writes}. */
    private void rebuildIfWorn() {
        Graph current = graph;
        if (rebuilding != null || current.deletedCount == 0) return;
        if (current.deletedCount < parameters.rebuildShare() * current.count) return;
        // Snapshot: the storage's vector and id slots below count are never written again, so the
        // builder may read them without a lock; the tombstones change, so they are copied.
        Storage snapshot = current.storage;
        int nodes = current.count;
        boolean[] deletedAtSnapshot = Arrays.copyOf(snapshot.deleted, nodes);
        long seed = parameters.seed() + rebuilds + 1;
        Graph fresh = new Graph(dimension, parameters, seed, Math.max(INITIAL_CAPACITY, current.live));
        rebuilding = fresh;
        touched = new HashSet<>();
        try {
            background.execute(() -> rebuild(fresh, snapshot, nodes, deletedAtSnapshot));
        } catch (RejectedExecutionException e) {
            rebuilding = null;
            touched = null;
        }
    }

    private void rebuild(Graph fresh, Storage snapshot, int nodes, boolean[] deletedAtSnapshot) {
        Search search = acquire();
        boolean swapped = false;
        try {
            for (int node = 0; node < nodes; node++) {
                if (deletedAtSnapshot[node]) continue;
                // One node per turn of the lock, so a writer waits for at most one insertion.
                synchronized (writes) {
                    long id = snapshot.ids[node];
                    if (!touched.contains(id)) fresh.apply(fresh.plan(id, snapshot.vectors, node * dimension, search));
                }
            }
            synchronized (writes) {
                // No lock for readers: one that still holds the old graph finishes on it, and no
                // writer changes it any more; the volatile write publishes the fresh graph.
                graph = fresh;
                rebuilds++;
                rebuilding = null;
                touched = null;
                swapped = true;
            }
        } finally {
            if (!swapped) {
                // The old graph goes on answering; the next write that finds it worn tries again.
                synchronized (writes) {
                    rebuilding = null;
                    touched = null;
                }
            }
            release(search);
        }
    }

    private Search acquire() {
        Search search = searches.poll();
        return search != null ? search : new Search();
    }

    private void release(Search search) {
        searches.offer(search);
    }

    private void checkDimension(float[] vector) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("expected a vector of " + dimension + " dimensions, but it has " + vector.length);
        }
    }

    /**
     * The arrays of a graph; replaced as a whole when full, so that a reader sees one consistent
     * set. Node {@code n}'s vector is at {@code n * dimension}, its layer-0 links at
     * {@code n * (2M + 1)}: the count, then the neighbours; its links on layers 1 to its level in
     * {@code upper[n]}, {@code M + 1} ints a layer; {@code upper[n]} is null on layer 0 only.
     */
    private static final class Storage {
        final float[] vectors;
        final long[] ids;
        final boolean[] deleted;
        final int[] links0;
        final int[][] upper;

        Storage(int capacity, int dimension, int m0) {
            this(new float[Math.multiplyExact(capacity, dimension)], new long[capacity], new boolean[capacity],
                    new int[Math.multiplyExact(capacity, m0 + 1)], new int[capacity][]);
        }

        private Storage(float[] vectors, long[] ids, boolean[] deleted, int[] links0, int[][] upper) {
            this.vectors = vectors;
            this.ids = ids;
            this.deleted = deleted;
            this.links0 = links0;
            this.upper = upper;
        }

        int capacity() {
            return ids.length;
        }

        Storage grown(int dimension, int m0) {
            // By half, like ArrayList: a doubling of 100k vectors would leave up to 150 MB unused.
            int capacity = capacity() + (capacity() >> 1);
            return new Storage(Arrays.copyOf(vectors, Math.multiplyExact(capacity, dimension)), Arrays.copyOf(ids, capacity),
                    Arrays.copyOf(deleted, capacity), Arrays.copyOf(links0, Math.multiplyExact(capacity, m0 + 1)),
                    Arrays.copyOf(upper, capacity));
        }
    }

    /** A new node's links and the neighbours' changed lists, computed before any is stored. */
    private static final class Insertion {
        long id;
        int node;
        int level;
        Storage storage;
        int replaced = -1;
        final List<int[]> neighbourLists = new ArrayList<>();
        final List<int[]> neighbourPlaces = new ArrayList<>();
    }

    /** One graph: not thread-safe by itself, {@link HnswIndex} orders its readers and writers. */
    private static final class Graph {
        final int dimension;
        final int m;
        final int m0;
        final int efConstruction;
        final boolean heuristic;
        final double levelFactor;
        final SplittableRandom random;
        /** live id to node; used only by writers. */
        final Map<Long, Integer> nodes = new HashMap<>();
        Storage storage;
        int count;
        int deletedCount;
        volatile int live;
        int entry = -1;
        int topLevel = -1;

        Graph(int dimension, Parameters parameters, long seed, int capacity) {
            this.dimension = dimension;
            this.m = parameters.m();
            this.m0 = 2 * parameters.m();
            this.efConstruction = parameters.efConstruction();
            this.heuristic = parameters.heuristic();
            this.levelFactor = 1 / Math.log(parameters.m());
            this.random = new SplittableRandom(seed);
            this.storage = new Storage(capacity, dimension, m0);
        }

        List<Neighbor> nearest(float[] query, int k, int ef, float minSimilarity, Search search) {
            Storage s = storage;
            if (live == 0) return List.of();
            int node = entry;
            float similarity = FlatIndex.dot(query, 0, s.vectors, node * dimension, dimension);
            for (int layer = topLevel; layer > 0; layer--) {
                node = greedy(s, query, 0, node, similarity, layer, search);
                similarity = search.greedySimilarity;
            }
            searchLayer(s, query, 0, node, similarity, ef, 0, true, search);
            Heap results = search.results;
            int found = results.size();
            int[] best = new int[found];
            float[] similarities = new float[found];
            for (int i = found - 1; i >= 0; i--) {
                best[i] = results.topValue();
                similarities[i] = results.topKey();
                results.pop();
            }
            List<Neighbor> neighbours = new ArrayList<>(Math.min(k, found));
            for (int i = 0; i < found && neighbours.size() < k && similarities[i] >= minSimilarity; i++) {
                neighbours.add(new Neighbor(s.ids[best[i]], similarities[i]));
            }
            return neighbours;
        }

        /**
         * Finds the new node's neighbours and the neighbours' new lists. Reads the graph only; the
         * node's own slot is written, which no reader reaches before {@link #apply} links it.
         */
        Insertion plan(long id, float[] vector, int offset, Search search) {
            Insertion insertion = new Insertion();
            insertion.id = id;
            insertion.node = count;
            insertion.level = Math.min(MAX_LEVEL, (int) (-Math.log(1 - random.nextDouble()) * levelFactor));
            Integer replaced = nodes.get(id);
            if (replaced != null) insertion.replaced = replaced;
            Storage s = count < storage.capacity() ? storage : storage.grown(dimension, m0);
            insertion.storage = s;
            int node = insertion.node;
            System.arraycopy(vector, offset, s.vectors, node * dimension, dimension);
            s.ids[node] = id;
            s.deleted[node] = false;
            s.links0[node * (m0 + 1)] = 0;
            s.upper[node] = insertion.level > 0 ? new int[insertion.level * (m + 1)] : null;
            if (entry < 0) return insertion;

            int nearest = entry;
            float similarity = FlatIndex.dot(vector, offset, s.vectors, nearest * dimension, dimension);
            for (int layer = topLevel; layer > insertion.level; layer--) {
                nearest = greedy(s, vector, offset, nearest, similarity, layer, search);
                similarity = search.greedySimilarity;
            }
            for (int layer = Math.min(insertion.level, topLevel); layer >= 0; layer--) {
                searchLayer(s, vector, offset, nearest, similarity, efConstruction, layer, false, search);
                Candidates found = Candidates.fromResults(search.results);
                nearest = found.nodes[0];
                similarity = found.similarities[0];
                int[] chosen = select(s, found, m);
                setLinks(s, node, layer, chosen, chosen.length);
                int maxLinks = layer == 0 ? m0 : m;
                for (int neighbour : chosen) {
                    insertion.neighbourPlaces.add(new int[] {neighbour, layer});
                    insertion.neighbourLists.add(linksWith(s, neighbour, layer, node, maxLinks));
                }
            }
            return insertion;
        }

        /** Stores what {@link #plan} found; under the write lock when readers may be searching. */
        void apply(Insertion insertion) {
            storage = insertion.storage;
            for (int i = 0; i < insertion.neighbourLists.size(); i++) {
                int[] place = insertion.neighbourPlaces.get(i);
                int[] list = insertion.neighbourLists.get(i);
                setLinks(storage, place[0], place[1], list, list.length);
            }
            if (insertion.replaced >= 0) {
                storage.deleted[insertion.replaced] = true;
                deletedCount++;
            } else {
                live++;
            }
            nodes.put(insertion.id, insertion.node);
            count++;
            if (insertion.level > topLevel) {
                entry = insertion.node;
                topLevel = insertion.level;
            }
        }

        void remove(long id) {
            Integer node = nodes.remove(id);
            if (node == null) return;
            storage.deleted[node] = true;
            deletedCount++;
            live--;
        }

        /** The neighbour's list on a layer with the new node added, pruned to {@code maxLinks}. */
        private int[] linksWith(Storage s, int neighbour, int layer, int node, int maxLinks) {
            int[] links = layer == 0 ? s.links0 : s.upper[neighbour];
            int base = layer == 0 ? neighbour * (m0 + 1) : (layer - 1) * (m + 1);
            int size = links[base];
            if (size < maxLinks) {
                int[] list = Arrays.copyOfRange(links, base + 1, base + 2 + size);
                list[size] = node;
                return list;
            }
            Candidates candidates = new Candidates(size + 1);
            int at = neighbour * dimension;
            for (int i = 0; i < size; i++) {
                int other = links[base + 1 + i];
                candidates.add(other, FlatIndex.dot(s.vectors, at, s.vectors, other * dimension, dimension));
            }
            candidates.add(node, FlatIndex.dot(s.vectors, at, s.vectors, node * dimension, dimension));
            candidates.sortBestFirst();
            return select(s, candidates, maxLinks);
        }

        /** At most {@code max} of the candidates (best first), by the heuristic or simply the first. */
        private int[] select(Storage s, Candidates candidates, int max) {
            if (!heuristic || candidates.size <= max) {
                return Arrays.copyOf(candidates.nodes, Math.min(max, candidates.size));
            }
            int[] kept = new int[max];
            int keptCount = 0;
            for (int i = 0; i < candidates.size && keptCount < max; i++) {
                int candidate = candidates.nodes[i];
                float toBase = candidates.similarities[i];
                boolean diverse = true;
                for (int j = 0; j < keptCount && diverse; j++) {
                    float toKept = FlatIndex.dot(s.vectors, candidate * dimension, s.vectors, kept[j] * dimension, dimension);
                    diverse = toKept <= toBase;
                }
                if (diverse) kept[keptCount++] = candidate;
            }
            return Arrays.copyOf(kept, keptCount);
        }

        private void setLinks(Storage s, int node, int layer, int[] list, int size) {
            int[] links = layer == 0 ? s.links0 : s.upper[node];
            int base = layer == 0 ? node * (m0 + 1) : (layer - 1) * (m + 1);
            links[base] = size;
            System.arraycopy(list, 0, links, base + 1, size);
        }

        /** Moves to the most similar neighbour while one is more similar (an upper layer, beam 1). */
        private int greedy(Storage s, float[] query, int offset, int start, float startSimilarity, int layer, Search search) {
            int current = start;
            float best = startSimilarity;
            boolean moved = true;
            while (moved) {
                moved = false;
                int[] links = s.upper[current];
                int base = (layer - 1) * (m + 1);
                for (int i = 1, size = links[base]; i <= size; i++) {
                    int other = links[base + i];
                    float similarity = FlatIndex.dot(query, offset, s.vectors, other * dimension, dimension);
                    if (similarity > best) {
                        best = similarity;
                        current = other;
                        moved = true;
                    }
                }
            }
            search.greedySimilarity = best;
            return current;
        }

        /**
         * The beam search of one layer: leaves the best {@code ef} nodes found in
         * {@code search.results}, only live ones when {@code liveOnly}. Deleted nodes are still
         * walked through; with them, the search goes on until it holds {@code ef} live results (or
         * has seen every reachable node).
         */
        private void searchLayer(Storage s, float[] query, int offset, int start, float startSimilarity, int ef, int layer,
                boolean liveOnly, Search search) {
            search.startVisit(s.capacity());
            Heap candidates = search.candidates;
            Heap results = search.results;
            candidates.clear();
            results.clear();
            search.firstVisit(start);
            candidates.push(startSimilarity, start);
            if (!liveOnly || !s.deleted[start]) results.push(startSimilarity, start);
            while (candidates.size() > 0) {
                float similarity = candidates.topKey();
                if (results.size() >= ef && similarity < results.topKey()) break;
                int current = candidates.topValue();
                candidates.pop();
                int[] links = layer == 0 ? s.links0 : s.upper[current];
                int base = layer == 0 ? current * (m0 + 1) : (layer - 1) * (m + 1);
                for (int i = 1, size = links[base]; i <= size; i++) {
                    int other = links[base + i];
                    if (!search.firstVisit(other)) continue;
                    float otherSimilarity = FlatIndex.dot(query, offset, s.vectors, other * dimension, dimension);
                    if (results.size() < ef || otherSimilarity > results.topKey()) {
                        candidates.push(otherSimilarity, other);
                        if (!liveOnly || !s.deleted[other]) {
                            results.push(otherSimilarity, other);
                            if (results.size() > ef) results.pop();
                        }
                    }
                }
            }
        }
    }

    /** Nodes with their similarity to a base node, best first once sorted. */
    private static final class Candidates {
        final int[] nodes;
        final float[] similarities;
        int size;

        Candidates(int capacity) {
            nodes = new int[capacity];
            similarities = new float[capacity];
        }

        static Candidates fromResults(Heap results) {
            Candidates candidates = new Candidates(results.size());
            candidates.size = results.size();
            for (int i = candidates.size - 1; i >= 0; i--) {
                candidates.nodes[i] = results.topValue();
                candidates.similarities[i] = results.topKey();
                results.pop();
            }
            return candidates;
        }

        void add(int node, float similarity) {
            nodes[size] = node;
            similarities[size] = similarity;
            size++;
        }

        /** Insertion sort: at most 2M + 1 entries. */
        void sortBestFirst() {
            for (int i = 1; i < size; i++) {
                int node = nodes[i];
                float similarity = similarities[i];
                int j = i - 1;
                while (j >= 0 && similarities[j] < similarity) {
                    nodes[j + 1] = nodes[j];
                    similarities[j + 1] = similarities[j];
                    j--;
                }
                nodes[j + 1] = node;
                similarities[j + 1] = similarity;
            }
        }
    }

    /** The scratch space of one search: visit marks and the two heaps. */
    private static final class Search {
        final Heap candidates = new Heap(true);
        final Heap results = new Heap(false);
        /** A node is visited when its mark equals the epoch, so starting a search needs no clearing. */
        int[] marks = new int[0];
        int epoch;
        float greedySimilarity;

        void startVisit(int capacity) {
            if (marks.length < capacity) marks = new int[capacity];
            if (++epoch == 0) {
                Arrays.fill(marks, 0);
                epoch = 1;
            }
        }

        boolean firstVisit(int node) {
            if (marks[node] == epoch) return false;
            marks[node] = epoch;
            return true;
        }
    }

    /** A binary heap of (similarity, node): the most similar at the top, or the least. */
    private static final class Heap {
        private final boolean mostSimilarOnTop;
        private float[] keys = new float[64];
        private int[] values = new int[64];
        private int size;

        Heap(boolean mostSimilarOnTop) {
            this.mostSimilarOnTop = mostSimilarOnTop;
        }

        int size() {
            return size;
        }

        float topKey() {
            return keys[0];
        }

        int topValue() {
            return values[0];
        }

        void clear() {
            size = 0;
        }

        void push(float key, int value) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!above(key, keys[parent])) break;
                keys[i] = keys[parent];
                values[i] = values[parent];
                i = parent;
            }
            keys[i] = key;
            values[i] = value;
        }

        void pop() {
            size--;
            if (size == 0) return;
            float key = keys[size];
            int value = values[size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && above(keys[child + 1], keys[child])) child++;
                if (!above(keys[child], key)) break;
                keys[i] = keys[child];
                values[i] = values[child];
                i = child;
            }
            keys[i] = key;
            values[i] = value;
        }

        private boolean above(float a, float b) {
            return mostSimilarOnTop ? a > b : a < b;
        }
    }
}
