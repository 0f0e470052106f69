package dev.heddle.demo.mock;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How a {@link MockLlmServer} is started: its port, its latency, its seed, its thread count, the
 * faults it begins with, its capacity and the clock of its fault schedules. Immutable; change it
 * with the {@code with...} methods.
 *
 * <p>Every answered request waits a time drawn from the {@linkplain #latency() latency model}, from
 * a {@link java.util.Random} seeded with {@code seed}: by default
 * {@link LatencyModel#fixed(long, long) fixed} ({@code latencyMillis} plus a uniform extra in
 * {@code [0, jitterMillis]}), or {@link LatencyModel#lognormal(long, double, long) lognormal}
 * with a long tail. Fault responses (other than {@link FaultKind#SLOW}) come back at once, as a
 * real gateway's rejections do.
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
    /** The default seed of the latency draws and of the fault draws. */
    public static final long DEFAULT_SEED = 42L;
    /** The capacity that means no limit on concurrent requests: the default. */
    public static final int UNLIMITED = 0;

    private static final MockSettings DEFAULTS = new MockSettings(0, LatencyModel.fixed(0, 0), DEFAULT_SEED,
            DEFAULT_THREADS, FaultSchedule.none(), UNLIMITED, System::nanoTime, 0);

    private final int port;
    private final LatencyModel latency;
    private final long seed;
    private final int threads;
    private final FaultSchedule schedule;
    private final int capacity;
    private final LongSupplier nanoClock;
    private final long chunkMillis;

    private MockSettings(int port, LatencyModel latency, long seed, int threads, FaultSchedule schedule,
            int capacity, LongSupplier nanoClock, long chunkMillis) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (ephemeral) to 65535, got " + port);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        checkCapacity(capacity);
        if (chunkMillis < 0) {
            throw new IllegalArgumentException("chunkMillis must be 0 or more, got " + chunkMillis);
        }
        this.chunkMillis = chunkMillis;
        this.port = port;
        this.latency = Objects.requireNonNull(latency, "latency");
        this.seed = seed;
        this.threads = threads;
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.capacity = capacity;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Refuses a negative capacity; shared with {@link MockLlmServer#capacity(int)}. */
    static int checkCapacity(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 (no limit) or more, got " + capacity);
        }
        return capacity;
    }

    /**
     * An ephemeral port, no latency ({@code LatencyModel.fixed(0, 0)}), no faults, seed
     * {@value #DEFAULT_SEED}, {@value #DEFAULT_THREADS} threads, no capacity limit, and
     * {@link System#nanoTime()} as the clock.
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

    /** @return how long an answered request waits */
    public LatencyModel latency() {
        return latency;
    }

    /**
     * @return the fixed latency of a {@link LatencyModel#fixed(long, long) fixed} model, in
     *         milliseconds; 0 for another model
     */
    public long latencyMillis() {
        return latency instanceof LatencyModel.Fixed fixed ? fixed.millis() : 0;
    }

    /**
     * @return the bound of the uniform extra latency of a {@link LatencyModel#fixed(long, long) fixed}
     *         model, in milliseconds; 0 for another model
     */
    public long jitterMillis() {
        return latency instanceof LatencyModel.Fixed fixed ? fixed.jitterMillis() : 0;
    }

    /** @return the seed of the latency draws and of the fault draws */
    public long seed() {
        return seed;
    }

    /** @return how many threads serve requests */
    public int threads() {
        return threads;
    }

    /** @return the fault schedule that the server starts with; its clock starts with the server */
    public FaultSchedule schedule() {
        return schedule;
    }

    /** @return the background of the fault schedule that the server starts with */
    public FaultPlan faults() {
        return schedule.background();
    }

    /**
     * @return how many API requests the server starts out serving at once; {@value #UNLIMITED}
     *         for no limit
     */
    public int capacity() {
        return capacity;
    }

    /** @return the clock of the fault schedules, in nanoseconds, like {@link System#nanoTime()} */
    public LongSupplier nanoClock() {
        return nanoClock;
    }

    /**
     * @param newPort the port; 0 picks a free one
     * @return a copy with that port
     */
    public MockSettings withPort(int newPort) {
        return new MockSettings(newPort, latency, seed, threads, schedule, capacity, nanoClock, chunkMillis);
    }

    /**
     * @param model how long an answered request waits
     * @return a copy with that latency model
     */
    public MockSettings withLatency(LatencyModel model) {
        return new MockSettings(port, model, seed, threads, schedule, capacity, nanoClock, chunkMillis);
    }

    /**
     * A fixed latency, with the jitter of a fixed model in force (none after another model).
     *
     * @param millis the fixed latency, 0 or more
     * @return a copy with {@code LatencyModel.fixed(millis, jitterMillis())}
     */
    public MockSettings withLatencyMillis(long millis) {
        return withLatency(LatencyModel.fixed(millis, jitterMillis()));
    }

    /**
     * A uniform jitter, with the fixed latency of a fixed model in force (none after another model).
     *
     * @param millis the upper bound of the uniform random extra latency, 0 or more
     * @return a copy with {@code LatencyModel.fixed(latencyMillis(), millis)}
     */
    public MockSettings withJitterMillis(long millis) {
        return withLatency(LatencyModel.fixed(latencyMillis(), millis));
    }

    /**
     * @param newSeed the seed of the latency draws and of the fault draws
     * @return a copy with that seed
     */
    public MockSettings withSeed(long newSeed) {
        return new MockSettings(port, latency, newSeed, threads, schedule, capacity, nanoClock, chunkMillis);
    }

    /**
     * @param count the number of serving threads, 1 or more
     * @return a copy with that many threads
     */
    public MockSettings withThreads(int count) {
        return new MockSettings(port, latency, seed, count, schedule, capacity, nanoClock, chunkMillis);
    }

    /**
     * @param plan the faults to start with, for all time
     * @return a copy with a schedule of only that background ({@link FaultSchedule#of(FaultPlan)})
     */
    public MockSettings withFaults(FaultPlan plan) {
        return withSchedule(FaultSchedule.of(plan));
    }

    /**
     * @param newSchedule the fault schedule to start with; its clock starts when the server starts
     * @return a copy with that schedule
     */
    public MockSettings withSchedule(FaultSchedule newSchedule) {
        return new MockSettings(port, latency, seed, threads, newSchedule, capacity, nanoClock, chunkMillis);
    }

    /**
     * @param maxConcurrent at most this many API requests served at once, more get 429;
     *        {@value #UNLIMITED} for no limit
     * @return a copy with that capacity
     */
    public MockSettings withCapacity(int maxConcurrent) {
        return new MockSettings(port, latency, seed, threads, schedule, maxConcurrent, nanoClock, chunkMillis);
    }

    /**
     * The clock that times the phases of a {@link FaultSchedule}; tests drive one by hand instead
     * of waiting.
     *
     * @param nanoTime nanoseconds, like {@link System#nanoTime()} (the default)
     * @return a copy with that clock
     */
    public MockSettings withNanoClock(LongSupplier nanoTime) {
        return new MockSettings(port, latency, seed, threads, schedule, capacity, nanoTime, chunkMillis);
    }

    /** @return how long a streamed answer waits before each event after the first, in milliseconds */
    public long chunkMillis() {
        return chunkMillis;
    }

    /**
     * Paces streamed answers like a model that generates as it sends: the first event goes out after
     * the latency, each later one this long after the one before.
     *
     * @param millis the wait between two events of a stream, 0 or more
     * @return a copy with that pace
     */
    public MockSettings withChunkMillis(long millis) {
        return new MockSettings(port, latency, seed, threads, schedule, capacity, nanoClock, millis);
    }

    @Override
    public String toString() {
        return "MockSettings[port=" + port + ", latency=" + latency + ", seed=" + seed + ", threads=" + threads
                + ", schedule=" + schedule + ", capacity=" + capacity + ", chunkMillis=" + chunkMillis + "]";
    }
}
