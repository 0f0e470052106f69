package dev.heddle.analytics;

import dev.heddle.bootstrap.AgentLog;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Takes analytics events off the app's threads and hands them, in batches, to one or more
 * {@link EventSink}s on a thread of its own.
 *
 * <p>On the app's thread, {@link #offer} puts the event on a bounded queue and returns: it never
 * blocks, never throws, and allocates nothing but the queue's slot. When the queue is full (the
 * sinks are slower than the app), the event is dropped and counted in {@link #dropped()}; the first
 * drop logs one warning.
 *
 * <p>The writer's thread, a daemon named {@value #THREAD_NAME}, is started by the constructor and
 * waits on the queue while there is nothing to write. A batch holds up to {@code batchSize} events:
 * what arrives within {@code maxDelay} of its first event, or less when {@link #flush} or
 * {@link #close} asks for it. Each batch goes to every sink in turn; a sink that throws loses that
 * batch (counted in {@link #failed()}, logged once per kind of failure) and the writer goes on, with
 * the next sink and the next batch.
 *
 * <p>The writer registers no shutdown hook: whoever owns it decides whether to {@link #close} it
 * when the JVM exits. Events still queued when a daemon thread is stopped by the JVM's exit are lost.
 */
public final class EventWriter {

    /** How many events the queue holds by default. */
    public static final int DEFAULT_CAPACITY = 65_536;
    /** The most events in one batch, by default. */
    public static final int DEFAULT_BATCH_SIZE = 512;
    /** How long a batch waits for more events after its first, by default. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(200);
    /** The name of the writer's thread. */
    public static final String THREAD_NAME = "heddle-events";

    /** Put in line by {@link #close}: the writer's thread ends after the events ahead of it. */
    private static final Object STOP = new Object();

    /**
     * The events, and between them the markers that {@link #flush} (a {@link CountDownLatch}) and
     * {@link #close} ({@link #STOP}) put in line: a marker is reached only after every event
     * offered before it, in the queue's own order, so no counter on the hot path is needed.
     */
    private final ArrayBlockingQueue<Object> queue;
    private final List<EventSink> sinks;
    private final int capacity;
    private final int batchSize;
    private final long maxDelayNanos;
    private final Thread thread;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder failed = new LongAdder();
    /** The writer's thread only: the batch being handed out, and the read-only view the sinks get. */
    private final List<AnalyticsEvent> batch;
    private final List<AnalyticsEvent> batchView;
    private volatile boolean closed;
    /** Set after the first drop, so that a full queue costs a volatile read and not a log lookup. */
    private volatile boolean warnedFull;

    /**
     * A writer with a queue of {@value #DEFAULT_CAPACITY} events, batches of up to
     * {@value #DEFAULT_BATCH_SIZE} and a batch delay of 200 ms.
     *
     * @param sinks where the events go, each batch to each sink in this order
     */
    public EventWriter(List<? extends EventSink> sinks) {
        this(DEFAULT_CAPACITY, sinks);
    }

    /**
     * @param capacity how many events the queue holds before events are dropped
     * @param sinks where the events go, each batch to each sink in this order
     */
    public EventWriter(int capacity, List<? extends EventSink> sinks) {
        this(capacity, DEFAULT_BATCH_SIZE, DEFAULT_MAX_DELAY, sinks);
    }

    /**
     * Starts the writer's thread.
     *
     * @param capacity how many events the queue holds before events are dropped
     * @param batchSize the most events handed to a sink at once
     * @param maxDelay how long a batch waits for more events after its first one; zero to write
     *     whatever is queued at once
     * @param sinks where the events go, each batch to each sink in this order
     * @throws IllegalArgumentException when a size is below one, the delay negative, or there is no sink
     */
    public EventWriter(int capacity, int batchSize, Duration maxDelay, List<? extends EventSink> sinks) {
        if (capacity < 1) throw new IllegalArgumentException("the event queue needs a capacity of at least 1, not " + capacity);
        if (batchSize < 1) throw new IllegalArgumentException("a batch needs room for at least 1 event, not " + batchSize);
        if (maxDelay.isNegative()) throw new IllegalArgumentException("the batch delay cannot be negative: " + maxDelay);
        if (sinks.isEmpty()) throw new IllegalArgumentException("an event writer needs at least one sink");
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.sinks = List.copyOf(sinks);
        this.batchSize = batchSize;
        this.maxDelayNanos = maxDelay.toNanos();
        this.batch = new ArrayList<>(batchSize);
        this.batchView = Collections.unmodifiableList(batch);
        this.thread = new Thread(this::run, THREAD_NAME);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues an event for the sinks. Never blocks and never throws.
     *
     * @param event the event; null is ignored
     * @return whether it was queued; false when the queue is full or the writer closed (the event is
     *     then counted in {@link #dropped()}), or the event null
     */
    public boolean offer(AnalyticsEvent event) {
        if (event == null) return false;
        if (!closed && queue.offer(event)) return true;
        dropped.increment();
        if (!warnedFull && !closed) {
            warnedFull = true;
            AgentLog.warnOnce("analytics-queue-full", "analytics: the event queue is full (" + capacity
                    + " events): events are dropped until the event store catches up (logged once)");
        }
        return false;
    }

    /**
     * Waits until every event offered before this call has been handed to the sinks (written or
     * failed), writing the batch in progress at once rather than after its delay. For tests and
     * shutdown: it may block while the queue is full.
     *
     * @param maxWait the longest wait
     * @return whether they were handed out in time; false also when the writer's thread has ended
     */
    public boolean flush(Duration maxWait) {
        if (!thread.isAlive()) return false;
        long deadline = System.nanoTime() + maxWait.toNanos();
        CountDownLatch handed = new CountDownLatch(1);
        try {
            return queue.offer(handed, maxWait.toNanos(), TimeUnit.NANOSECONDS)
                    && handed.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops taking events, hands every event already queued to the sinks, ends the writer's thread
     * and closes the sinks (on that thread, after their last batch). When that takes longer than
     * {@code maxWait}, the thread is interrupted: the batch in progress may be lost, the events still
     * queued are counted as dropped, and the sinks are closed as the thread ends. Calling it again
     * does no harm.
     *
     * @param maxWait the longest wait
     * @return whether the thread ended in time
     */
    public boolean close(Duration maxWait) {
        closed = true;
        long deadline = System.nanoTime() + maxWait.toNanos();
        try {
            if (thread.isAlive() && queue.offer(STOP, maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) return true;
        thread.interrupt();
        return false;
    }

    /**
     * @return events dropped: offered while the queue was full or after {@link #close}, or still
     *     queued when a close gave up
     */
    public long dropped() {
        return dropped.sum();
    }

    /** @return events a sink stored; an event that two sinks stored counts twice */
    public long written() {
        return written.sum();
    }

    /** @return batches a sink failed to store (it threw); a batch that two sinks failed counts twice */
    public long failed() {
        return failed.sum();
    }

    private void run() {
        List<Object> taken = new ArrayList<>(batchSize);
        try {
            boolean stopping = false;
            while (!stopping) {
                taken.add(queue.take());
                gather(taken);
                stopping = hand(taken);
                taken.clear();
            }
        } catch (InterruptedException givenUp) {
            // close gave up waiting: what was taken but not written is lost
            dropped.add(taken.stream().filter(AnalyticsEvent.class::isInstance).count());
        } finally {
            for (Object left : queue) {
                if (left instanceof AnalyticsEvent) dropped.increment();
            }
            queue.clear();
            closeSinks();
        }
    }

    /**
     * Adds to {@code taken} what arrives until it holds a batch, a marker arrives, or the first
     * element has waited the batch delay.
     */
    private void gather(List<Object> taken) throws InterruptedException {
        long deadline = System.nanoTime() + maxDelayNanos;
        int scanned = 0;
        while (true) {
            for (; scanned < taken.size(); scanned++) {
                if (!(taken.get(scanned) instanceof AnalyticsEvent)) return;
            }
            if (taken.size() >= batchSize) return;
            if (queue.drainTo(taken, batchSize - taken.size()) > 0) continue;
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            Object next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) return;
            taken.add(next);
        }
    }

    /**
     * Writes the events taken, in order; at a marker, first writes the events before it.
     *
     * @return whether {@link #close} asked the thread to stop
     */
    private boolean hand(List<Object> taken) {
        boolean stopping = false;
        for (Object item : taken) {
            if (item instanceof AnalyticsEvent event) {
                batch.add(event);
            } else {
                writeBatch();
                if (item == STOP) {
                    stopping = true;
                } else {
                    ((CountDownLatch) item).countDown();
                }
            }
        }
        writeBatch();
        return stopping;
    }

    private void writeBatch() {
        if (batch.isEmpty()) return;
        for (EventSink sink : sinks) {
            try {
                sink.write(batchView);
                written.add(batch.size());
            } catch (IOException | RuntimeException | LinkageError failure) {
                failed.increment();
                AgentLog.warnOnce("analytics-sink:" + sink.getClass().getName() + ":" + failure.getClass().getName(),
                        "analytics: " + sink + " could not store a batch of " + batch.size() + " events, which is lost (the"
                                + " writer goes on; further failures of this kind are logged only with debug=true): "
                                + failure);
            }
        }
        batch.clear();
    }

    private void closeSinks() {
        for (EventSink sink : sinks) {
            try {
                sink.close();
            } catch (IOException | RuntimeException | LinkageError failure) {
                AgentLog.warnOnce("analytics-sink-close:" + sink.getClass().getName(), "analytics: " + sink
                        + " did not close cleanly: " + failure);
            }
        }
    }
}
