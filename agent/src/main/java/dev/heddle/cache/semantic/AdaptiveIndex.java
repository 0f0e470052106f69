package dev.heddle.cache.semantic;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The semantic cache's index: exact while small, approximate once large. It starts as a
 * {@link FlatIndex}; when an addition brings it to the switch size, an {@link HnswIndex} is built
 * in the background from the flat entries while the flat index keeps answering (and takes the
 * writes, which also go to the graph), and then replaces it for good; the flat index is dropped.
 * There is no way back: a cache that once grew that large is likely to again.
 *
 * <p>The default switch size, {@value #DEFAULT_SWITCH_SIZE} entries, comes from the measurement in
 * docs/benchmarks.md ("Semantic lookup": 384 dimensions, 2 vCPUs, JMH). An exact scan costs about
 * 0.17 µs an entry; the graph's look-up grows slowly with the size. At 500 entries the two are
 * even (about 70 µs); at 1,000 every measured iteration of the graph was faster than every one of
 * the scan (60 to 125 µs against 160 to 205 µs), at a recall of 1.0; at 10,000 the graph is 5 to 9
 * times faster, at 100,000 about 30 times. Below the switch the exact index costs less memory and
 * no build; the build at the switch takes well under a second of one core.
 */
public final class AdaptiveIndex implements VectorIndex {

    /** The size at which the graph is built, from the measurement in docs/benchmarks.md. */
    public static final int DEFAULT_SWITCH_SIZE = 1_000;

    private final int dimension;
    private final int switchSize;
    private final HnswIndex.Parameters parameters;
    private final Executor background;
    /** Serializes writers, and the background build's steps with them. */
    private final Object writes = new Object();
    /** The index that answers: the flat one, then the graph. */
    private volatile VectorIndex active;
    /** Until the switch; under {@link #writes}. */
    private FlatIndex flat;
    /** The graph being built, or null; under {@link #writes}. */
    private HnswIndex building;
    /** The ids written since the build's snapshot: the builder skips them; under {@link #writes}. */
    private Set<Long> touched;

    /**
     * An index that switches at {@link #DEFAULT_SWITCH_SIZE}, with the default graph parameters,
     * building on a daemon thread.
     *
     * @param dimension the length of every vector
     */
    public AdaptiveIndex(int dimension) {
        this(dimension, DEFAULT_SWITCH_SIZE, HnswIndex.Parameters.defaults(), HnswIndex.DAEMON_THREAD);
    }

    /**
     * @param dimension the length of every vector
     * @param switchSize the size at which the graph is built
     * @param parameters the graph's tuning
     * @param background where the graph is built, and later rebuilt
     */
    public AdaptiveIndex(int dimension, int switchSize, HnswIndex.Parameters parameters, Executor background) {
        if (switchSize < 1) throw new IllegalArgumentException("switchSize must be positive, but was " + switchSize);
        this.dimension = dimension;
        this.switchSize = switchSize;
        this.parameters = parameters;
        this.background = background;
        this.flat = new FlatIndex(dimension);
        this.active = flat;
    }

    @Override
    public void add(long id, float[] vector) {
        synchronized (writes) {
            active.add(id, vector);
            if (building != null) {
                building.add(id, vector);
                touched.add(id);
            } else if (flat != null && flat.size() >= switchSize) {
                startBuild();
            }
        }
    }

    @Override
    public void remove(long id) {
        synchronized (writes) {
            active.remove(id);
            if (building != null) {
                building.remove(id);
                touched.add(id);
            }
        }
    }

    @Override
    public List<Neighbor> nearest(float[] query, int k, float minSimilarity) {
        return active.nearest(query, k, minSimilarity);
    }

    @Override
    public int size() {
        return active.size();
    }

    /** @return whether the graph answers now */
    boolean approximate() {
        return active instanceof HnswIndex;
    }

    /** @return whether the graph is being built */
    boolean building() {
        synchronized (writes) {
            return building != null;
        }
    }

    /** Under {@link #writes}. */
    private void startBuild() {
        // The ids are the snapshot; each vector is read from the flat index when its turn comes,
        // so the build needs no copy of the vectors.
        long[] ids = flat.ids();
        HnswIndex graph = new HnswIndex(dimension, parameters, background);
        building = graph;
        touched = new HashSet<>();
        try {
            background.execute(() -> build(graph, ids));
        } catch (RejectedExecutionException e) {
            building = null;
            touched = null;
        }
    }

    private void build(HnswIndex graph, long[] ids) {
        boolean switched = false;
        try {
            for (long id : ids) {
                // One entry per turn of the lock, so a writer waits for at most one insertion. An id
                // written since the snapshot is in the graph already, or removed from both.
                synchronized (writes) {
                    if (touched.contains(id)) continue;
                    float[] vector = flat.vector(id);
                    if (vector != null) graph.add(id, vector);
                }
            }
            synchronized (writes) {
                active = graph;
                flat = null;
                building = null;
                touched = null;
                switched = true;
            }
        } finally {
            if (!switched) {
                // The flat index goes on answering; the next addition tries again.
                synchronized (writes) {
                    building = null;
                    touched = null;
                }
            }
        }
    }
}
