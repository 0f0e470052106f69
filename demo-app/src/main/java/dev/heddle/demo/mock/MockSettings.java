package dev.heddle.demo.mock;

import java.util.Objects;

/**
 * How a {@link MockLlmServer} is started: its port, its latency, its seed, its thread count, the
 * faults it begins with and its capacity. Immutable; change it with the {@code with...} methods.
 *
 * <p>Every answered request waits {@code latencyMillis} plus a uniform random extra in
 * {@code [0, jitterMillis]}, drawn from a {@link java.util.Random} seeded with {@code seed}.
 * Fault responses (other than {@link FaultKind#SLOW}) come back at once, as a real gateway's
 * rejections do.
 *
 * <p>The {@linkplain #capacity() capacity} is the vendor's concurrency limit: at most that many API
 * requests are served at once, and one more is answered 429 at once (see
 * {@link MockLlmServer#capacity(int)}). {@value #UNLIMITED} means no limit. The latency is what
 * makes requests overlap: with {@code withLatencyMillis(200)} every admitted request holds its slot
 * for at least 200 ms. Keep {@link #threads()} above the capacity: a request that finds every
 * thread busy waits for one instead of being answered 429.
 */
public final class MockSettings {

    /** The default number of threads that serve requests. */
    public static final int DEFAULT_THREADS = 32;
    /** The default seed of the latency jitter and of the fault draws. */
    public static final long DEFAULT_SEED = 42L;
    /** The capacity that means no limit on concurrent requests: the default. */
    public static final int UNLIMITED = 0;

    private static final MockSettings DEFAULTS =
            new MockSettings(0, 0, 0, DEFAULT_SEED, DEFAULT_THREADS, FaultPlan.none(), UNLIMITED);

    private final int port;
    private final long latencyMillis;
    private final long jitterMillis;
    private final long seed;
    private final int threads;
    private final FaultPlan faults;
    private final int capacity;

    private MockSettings(int port, long latencyMillis, long jitterMillis, long seed, int threads,
            FaultPlan faults, int capacity) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (ephemeral) to 65535, got " + port);
        }
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latencyMillis must be >= 0, got " + latencyMillis);
        }
        if (jitterMillis < 0) {
            throw new IllegalArgumentException("jitterMillis must be >= 0, got " + jitterMillis);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        checkCapacity(capacity);
        this.port = port;
        this.latencyMillis = latencyMillis;
        this.jitterMillis = jitterMillis;
        this.seed = seed;
        this.threads = threads;
        this.faults = Objects.requireNonNull(faults, "faults");
        this.capacity = capacity;
    }

    /** Refuses a negative capacity; shared with {@link MockLlmServer#capacity(int)}. */
    static int checkCapacity(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 (no limit) or more, got " + capacity);
        }
        return capacity;
    }

    /**
     * An ephemeral port, no latency, no faults, seed {@value #DEFAULT_SEED}, {@value #DEFAULT_THREADS}
     * threads, no capacity limit.
     *
     * @return the defaults
     */
    public static MockSettings defaults() {
        return DEFAULTS;
    }

    /** @return the port to bind on 127.0.0.1; 0 picks a free one */
    public int port() {
        return port;
    }

    /** @return the fixed latency of every answered request, in milliseconds */
    public long latencyMillis() {
        return latencyMillis;
    }

    /** @return the upper bound of the uniform random extra latency, in milliseconds */
    public long jitterMillis() {
        return jitterMillis;
    }

    /** @return the seed of the jitter and of the fault draws */
    public long seed() {
        return seed;
    }

    /** @return how many threads serve requests */
    public int threads() {
        return threads;
    }

    /** @return the faults that the server starts with */
    public FaultPlan faults() {
        return faults;
    }

    /**
     * @return how many API requests the server starts out serving at once; {@value #UNLIMITED}
     *         for no limit
     */
    public int capacity() {
        return capacity;
    }

    /**
     * @param newPort the port; 0 picks a free one
     * @return a copy with that port
     */
    public MockSettings withPort(int newPort) {
        return new MockSettings(newPort, latencyMillis, jitterMillis, seed, threads, faults, capacity);
    }

    /**
     * @param millis the fixed latency, 0 or more
     * @return a copy with that latency
     */
    public MockSettings withLatencyMillis(long millis) {
        return new MockSettings(port, millis, jitterMillis, seed, threads, faults, capacity);
    }

    /**
     * @param millis the upper bound of the uniform random extra latency, 0 or more
     * @return a copy with that jitter
     */
    public MockSettings withJitterMillis(long millis) {
        return new MockSettings(port, latencyMillis, millis, seed, threads, faults, capacity);
    }

    /**
     * @param newSeed the seed of the jitter and of the fault draws
     * @return a copy with that seed
     */
    public MockSettings withSeed(long newSeed) {
        return new MockSettings(port, latencyMillis, jitterMillis, newSeed, threads, faults, capacity);
    }

    /**
     * @param count the number of serving threads, 1 or more
     * @return a copy with that many threads
     */
    public MockSettings withThreads(int count) {
        return new MockSettings(port, latencyMillis, jitterMillis, seed, count, faults, capacity);
    }

    /**
     * @param plan the faults to start with
     * @return a copy with that plan
     */
    public MockSettings withFaults(FaultPlan plan) {
        return new MockSettings(port, latencyMillis, jitterMillis, seed, threads, plan, capacity);
    }

    /**
     * @param maxConcurrent at most this many API requests served at once, more get 429;
     *        {@value #UNLIMITED} for no limit
     * @return a copy with that capacity
     */
    public MockSettings withCapacity(int maxConcurrent) {
        return new MockSettings(port, latencyMillis, jitterMillis, seed, threads, faults, maxConcurrent);
    }

    @Override
    public String toString() {
        return "MockSettings[port=" + port + ", latencyMillis=" + latencyMillis + ", jitterMillis="
                + jitterMillis + ", seed=" + seed + ", threads=" + threads + ", faults=" + faults
                + ", capacity=" + capacity + "]";
    }
}
