package dev.heddle.cache.semantic;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Exact search: a look-up computes the query's similarity to every entry and keeps the best
 * {@code k} in a small bounded heap. The vectors lie one after the other in a single float array
 * (slot {@code s} at {@code s * dimension}), so a scan reads memory in order, which the hardware
 * prefetches; a removal moves the last slot into the hole, keeping the slots dense. A scan costs
 * about 0.17 µs an entry of 384 dimensions on the project's 2-vCPU machine, 17 to 27 ms at 100,000
 * entries (154 MB of floats; "Semantic lookup" in docs/benchmarks.md), which is why
 * {@link AdaptiveIndex} moves to {@link HnswIndex} above a size.
 *
 * <p>Readers scan under a read lock. Writers are serialized among themselves and change the
 * storage in place under the write lock, which they hold for one vector's copy; when the arrays are
 * full, the bigger copies are made before that lock is taken, while readers go on scanning the old
 * ones (no other writer can change them meanwhile).
 */
public final class FlatIndex implements VectorIndex {

    /** Small: the semantic cache keeps an index per partition (request, user or tenant), most of them small. */
    private static final int INITIAL_CAPACITY = 8;

    private final int dimension;
    /** Serializes writers; the writer holding it may read the storage without {@link #lock}. */
    private final Object writes = new Object();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** id to slot; used only by writers, under {@link #writes}. */
    private final Map<Long, Integer> slots = new HashMap<>();
    private float[] vectors;
    private long[] ids;
    private volatile int count;

    /** @param dimension the length of every vector */
    public FlatIndex(int dimension) {
        if (dimension <= 0) throw new IllegalArgumentException("dimension must be positive, but was " + dimension);
        this.dimension = dimension;
        this.vectors = new float[INITIAL_CAPACITY * dimension];
        this.ids = new long[INITIAL_CAPACITY];
    }

    @Override
    public void add(long id, float[] vector) {
        checkDimension(vector);
        synchronized (writes) {
            Integer existing = slots.get(id);
            float[] biggerVectors = null;
            long[] biggerIds = null;
            if (existing == null && count == ids.length) {
                int capacity = grownCapacity(ids.length);
                biggerVectors = Arrays.copyOf(vectors, Math.multiplyExact(capacity, dimension));
                biggerIds = Arrays.copyOf(ids, capacity);
            }
            lock.writeLock().lock();
            try {
                if (biggerVectors != null) {
                    vectors = biggerVectors;
                    ids = biggerIds;
                }
                int slot = existing != null ? existing : count;
                System.arraycopy(vector, 0, vectors, slot * dimension, dimension);
                if (existing == null) {
                    ids[slot] = id;
                    slots.put(id, slot);
                    count = slot + 1;
                }
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    @Override
    public void remove(long id) {
        synchronized (writes) {
            Integer slot = slots.remove(id);
            if (slot == null) return;
            lock.writeLock().lock();
            try {
                int last = count - 1;
                if (slot != last) {
                    System.arraycopy(vectors, last * dimension, vectors, slot * dimension, dimension);
                    ids[slot] = ids[last];
                    slots.put(ids[slot], slot);
                }
                count = last;
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    @Override
    public List<Neighbor> nearest(float[] query, int k, float minSimilarity) {
        checkDimension(query);
        if (k <= 0) return List.of();
        lock.readLock().lock();
        try {
            int n = count;
            if (n == 0) return List.of();
            float[] stored = vectors;
            TopK best = new TopK(Math.min(k, n));
            for (int slot = 0, offset = 0; slot < n; slot++, offset += dimension) {
                float similarity = dot(query, 0, stored, offset, dimension);
                if (similarity >= minSimilarity) best.offer(similarity, slot);
            }
            return best.toNeighbors(ids);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int size() {
        return count;
    }

    /** @return the ids held now, in slot order (a copy) */
    long[] ids() {
        lock.readLock().lock();
        try {
            return Arrays.copyOf(ids, count);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * @param id an entry's id
     * @return a copy of its vector, or null when absent
     */
    float[] vector(long id) {
        synchronized (writes) {
            Integer slot = slots.get(id);
            return slot == null ? null : Arrays.copyOfRange(vectors, slot * dimension, (slot + 1) * dimension);
        }
    }

    private void checkDimension(float[] vector) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("expected a vector of " + dimension + " dimensions, but it has " + vector.length);
        }
    }

    private static int grownCapacity(int capacity) {
        // By half, like ArrayList: at 100k entries of 384 floats a doubling would leave up to 150 MB unused.
        return Math.max(capacity + (capacity >> 1), INITIAL_CAPACITY);
    }

    /**
     * The dot product of {@code length} floats of {@code a} and {@code b}. Eight independent
     * accumulators: a single one makes every addition wait for the previous (the JIT may not
     * reorder float additions), so the loop would run at the latency of one addition per element
     * instead of the throughput of the adders; on this project's machine, it takes half the time of the
     * plain loop. The order of additions differs from the plain loop, so results may differ in the
     * last bits.
     */
    static float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (int end = length - 7; i < end; i += 8) {
            int x = aOffset + i;
            int y = bOffset + i;
            s0 += a[x] * b[y];
            s1 += a[x + 1] * b[y + 1];
            s2 += a[x + 2] * b[y + 2];
            s3 += a[x + 3] * b[y + 3];
            s4 += a[x + 4] * b[y + 4];
            s5 += a[x + 5] * b[y + 5];
            s6 += a[x + 6] * b[y + 6];
            s7 += a[x + 7] * b[y + 7];
        }
        for (; i < length; i++) s0 += a[aOffset + i] * b[bOffset + i];
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** The best {@code capacity} slots seen: a min-heap, so the weakest is at the root to be replaced. */
    private static final class TopK {
        private final float[] similarities;
        private final int[] slots;
        private int size;

        TopK(int capacity) {
            similarities = new float[capacity];
            slots = new int[capacity];
        }

        void offer(float similarity, int slot) {
            if (size < slots.length) {
                int i = size++;
                while (i > 0) {
                    int parent = (i - 1) >>> 1;
                    if (similarities[parent] <= similarity) break;
                    similarities[i] = similarities[parent];
                    slots[i] = slots[parent];
                    i = parent;
                }
                similarities[i] = similarity;
                slots[i] = slot;
            } else if (similarity > similarities[0]) {
                siftDownFromRoot(similarity, slot);
            }
        }

        private void siftDownFromRoot(float similarity, int slot) {
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && similarities[child + 1] < similarities[child]) child++;
                if (similarities[child] >= similarity) break;
                similarities[i] = similarities[child];
                slots[i] = slots[child];
                i = child;
            }
            similarities[i] = similarity;
            slots[i] = slot;
        }

        /** Empties the heap, weakest first, into a list filled from its end: best first. */
        List<Neighbor> toNeighbors(long[] ids) {
            Neighbor[] sorted = new Neighbor[size];
            while (size > 0) {
                sorted[size - 1] = new Neighbor(ids[slots[0]], similarities[0]);
                size--;
                if (size > 0) siftDownFromRoot(similarities[size], slots[size]);
            }
            return List.of(sorted);
        }
    }
}
