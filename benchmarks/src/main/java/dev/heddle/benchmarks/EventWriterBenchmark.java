package dev.heddle.benchmarks;

import dev.heddle.analytics.AnalyticsEvent;
import dev.heddle.analytics.EventJson;
import dev.heddle.analytics.EventSink;
import dev.heddle.analytics.EventWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What recording an analytics event costs the app's thread: average time of one call, beside what a
 * plain queue and an on-thread writer would pay, in the same run. The event is a typical
 * {@code llm_call} event (user, session, rule, model, one experiment, tokens, cost, latency, one
 * property), the same object every time.
 *
 * <ul>
 *   <li>{@code heddleWriter_offer}: {@link EventWriter#offer} with the default queue (65,536 events),
 *       batches and delay, into a sink that discards the batches, so that the writer's thread drains
 *       as fast as it can. {@code _2threads}: two app threads offer at once.</li>
 *   <li>{@code arrayBlockingQueue_offer}: the floor, {@code ArrayBlockingQueue.offer} of the same
 *       event into a queue of the same capacity, drained by a thread of its own in batches of 512
 *       ({@code take}, then {@code drainTo}), as the writer's thread does.</li>
 *   <li>{@code eventJson_line}: what a naive writer would pay on the app's thread before any I/O:
 *       {@link EventJson#line} of the event.</li>
 * </ul>
 *
 * <p>Offered in a tight loop ({@code pace=0}), events come faster than one thread can drain them on
 * a small machine: the queue fills and offers fail (the writer drops and counts the event, the plain
 * queue returns false), so the figures mix accepted and refused offers. The refused ones are reported
 * beside them ({@code refused}, a secondary result per iteration), and the tear-downs print the
 * totals. With {@code pace=200}, every benchmark first burns {@code Blackhole.consumeCPU(200)}, as
 * an app does work between two events; {@code paceOnly} (and {@code paceOnly_2threads})
 * measures that alone, to be subtracted.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventWriterBenchmark {

    /** {@code Blackhole.consumeCPU} tokens spent before each operation. */
    @Param({"0", "200"})
    public int pace;

    /** The event every benchmark records. */
    @State(Scope.Benchmark)
    public static class Event {
        AnalyticsEvent event;

        @Setup(Level.Trial)
        public void setUp() {
            event = new AnalyticsEvent(Instant.parse("2026-12-06T06:30:00.123Z"), AnalyticsEvent.LLM_CALL, "user-4711",
                    "session-42", "support-bot", "gpt-4o-mini", Map.of("prompt", "short"), "miss", null, 812L, 164L,
                    0.000221, null, 843.5, "ok", null, Map.of("channel", "web"));
        }
    }

    /** Heddle's writer, into a sink that discards. */
    @State(Scope.Benchmark)
    public static class Writer {
        EventWriter writer;

        @Setup(Level.Trial)
        public void setUp() {
            writer = new EventWriter(List.of(new EventSink() {
                @Override
                public void write(List<AnalyticsEvent> batch) {
                    // discarded: only the caller's side is measured
                }

                @Override
                public void close() {
                    // nothing held
                }
            }));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            writer.close(Duration.ofSeconds(10));
            System.out.printf("%nEventWriter: %,d events written, %,d dropped%n", writer.written(), writer.dropped());
        }
    }

    /** A plain bounded queue of the same capacity, drained in batches on a thread of its own. */
    @State(Scope.Benchmark)
    public static class PlainQueue {
        ArrayBlockingQueue<Object> queue;
        Thread drainer;
        volatile long drained;

        @Setup(Level.Trial)
        public void setUp() {
            queue = new ArrayBlockingQueue<>(EventWriter.DEFAULT_CAPACITY);
            drainer = new Thread(() -> {
                List<Object> batch = new ArrayList<>(EventWriter.DEFAULT_BATCH_SIZE);
                try {
                    while (true) {
                        batch.add(queue.take());
                        queue.drainTo(batch, EventWriter.DEFAULT_BATCH_SIZE - 1);
                        drained += batch.size();
                        batch.clear();
                    }
                } catch (InterruptedException stopped) {
                    // the trial is over
                }
            }, "plain-queue-drainer");
            drainer.setDaemon(true);
            drainer.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            drainer.interrupt();
            drainer.join(10_000);
            System.out.printf("%nArrayBlockingQueue: %,d events drained%n", drained);
        }
    }

    /** The offers that failed because the queue was full, counted the same way for both queues. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Refused {
        public long refused;

        @Setup(Level.Iteration)
        public void reset() {
            refused = 0;
        }

        boolean count(boolean accepted) {
            if (!accepted) refused++;
            return accepted;
        }
    }

    @Benchmark
    public void paceOnly() {
        Blackhole.consumeCPU(pace);
    }

    @Benchmark
    @Threads(2)
    public void paceOnly_2threads() {
        Blackhole.consumeCPU(pace);
    }

    @Benchmark
    public boolean heddleWriter_offer(Writer writer, Event event, Refused refused) {
        Blackhole.consumeCPU(pace);
        return refused.count(writer.writer.offer(event.event));
    }

    @Benchmark
    @Threads(2)
    public boolean heddleWriter_offer_2threads(Writer writer, Event event, Refused refused) {
        Blackhole.consumeCPU(pace);
        return refused.count(writer.writer.offer(event.event));
    }

    @Benchmark
    public boolean arrayBlockingQueue_offer(PlainQueue queue, Event event, Refused refused) {
        Blackhole.consumeCPU(pace);
        return refused.count(queue.queue.offer(event.event));
    }

    @Benchmark
    @Threads(2)
    public boolean arrayBlockingQueue_offer_2threads(PlainQueue queue, Event event, Refused refused) {
        Blackhole.consumeCPU(pace);
        return refused.count(queue.queue.offer(event.event));
    }

    @Benchmark
    public String eventJson_line(Event event) {
        Blackhole.consumeCPU(pace);
        return EventJson.line(event.event);
    }
}
