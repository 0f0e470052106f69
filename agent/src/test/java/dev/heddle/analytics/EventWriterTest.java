package dev.heddle.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heddle.bootstrap.StandardErrorCapture;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventWriterTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration AN_HOUR = Duration.ofHours(1);

    private final List<EventWriter> writers = new ArrayList<>();

    @AfterEach
    void closeWriters() {
        writers.forEach(writer -> writer.close(Duration.ofSeconds(5)));
    }

    private EventWriter writer(int capacity, int batchSize, Duration maxDelay, EventSink... sinks) {
        EventWriter writer = new EventWriter(capacity, batchSize, maxDelay, List.of(sinks));
        writers.add(writer);
        return writer;
    }

    private static AnalyticsEvent event(String thread, long sequence) {
        return AnalyticsEvent.app(Instant.EPOCH, "step", thread, null, null, Map.of("n", sequence));
    }

    private static AnalyticsEvent event(long sequence) {
        return event("main", sequence);
    }

    /** Keeps every event it is given, and the threads that gave them. */
    static class RecordingSink implements EventSink {
        final List<AnalyticsEvent> events = new CopyOnWriteArrayList<>();
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);
        volatile Thread closedOn;

        @Override
        public void write(List<AnalyticsEvent> batch) throws IOException {
            threads.add(Thread.currentThread());
            batchSizes.add(batch.size());
            events.addAll(batch);
        }

        @Override
        public void close() {
            closedOn = Thread.currentThread();
            closed.countDown();
        }

        List<Long> sequences() {
            return events.stream().map(event -> (Long) event.properties().get("n")).toList();
        }
    }

    /** Holds the writer's thread in its first write until released. */
    static class BlockingSink extends RecordingSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void write(List<AnalyticsEvent> batch) throws IOException {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while blocked");
            }
            super.write(batch);
        }
    }

    @Test
    void eventsOfferedFromEightThreadsAllArriveInTheOrderEachThreadOfferedThem() throws Exception {
        RecordingSink sink = new RecordingSink();
        EventWriter writer = writer(EventWriter.DEFAULT_CAPACITY, 512, Duration.ofMillis(5), sink);
        int threads = 8;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> accepted = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String name = "t" + t;
            accepted.add(pool.submit(() -> {
                start.await();
                long queued = 0;
                for (long n = 0; n < perThread; n++) {
                    if (writer.offer(event(name, n))) queued++;
                }
                return queued;
            }));
        }
        start.countDown();
        for (Future<Long> each : accepted) assertThat(each.get(30, TimeUnit.SECONDS)).isEqualTo(perThread);
        pool.shutdown();

        assertThat(writer.flush(PATIENCE)).isTrue();

        assertThat(writer.written()).isEqualTo(threads * perThread);
        assertThat(writer.dropped()).isZero();
        assertThat(writer.failed()).isZero();
        assertThat(sink.batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, 512));
        Map<String, List<Long>> byThread = new HashMap<>();
        for (AnalyticsEvent event : sink.events) {
            byThread.computeIfAbsent(event.user(), name -> new ArrayList<>()).add((Long) event.properties().get("n"));
        }
        List<Long> inOrder = LongStream.range(0, perThread).boxed().toList();
        assertThat(byThread).hasSize(threads);
        assertThat(byThread.values()).allSatisfy(sequences -> assertThat(sequences).isEqualTo(inOrder));
    }

    @Test
    void aFullQueueDropsAndCountsTheEventsWhileOfferReturnsAndWarnsOnce() throws Exception {
        BlockingSink sink = new BlockingSink();
        EventWriter writer = writer(4, 1, Duration.ZERO, sink);
        assertThat(writer.offer(event(0))).isTrue();
        assertThat(sink.entered.await(30, TimeUnit.SECONDS)).isTrue();

        List<Boolean> offered = new ArrayList<>();
        String log = StandardErrorCapture.during(() -> {
            for (long n = 1; n <= 10; n++) offered.add(writer.offer(event(n)));
        });

        assertThat(offered).containsExactly(true, true, true, true, false, false, false, false, false, false);
        assertThat(writer.dropped()).isEqualTo(6);
        assertThat(log).containsOnlyOnce("event queue is full (4 events)");
        sink.release.countDown();
        assertThat(writer.flush(PATIENCE)).isTrue();
        assertThat(sink.sequences()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(writer.written()).isEqualTo(5);
    }

    @Test
    void aThrowingSinkLosesItsBatchesWhileTheWriterAndTheOtherSinkGoOn() {
        List<Integer> thrown = new CopyOnWriteArrayList<>();
        EventSink throwing = new RecordingSink() {
            @Override
            public void write(List<AnalyticsEvent> batch) throws IOException {
                thrown.add(batch.size());
                if (thrown.size() % 2 == 0) throw new IllegalStateException("broken sink");
                throw new IOException("disk full");
            }
        };
        RecordingSink healthy = new RecordingSink();
        EventWriter writer = writer(EventWriter.DEFAULT_CAPACITY, 100, Duration.ofMillis(5), throwing, healthy);

        String log = StandardErrorCapture.during(() -> {
            for (long n = 0; n < 1_000; n++) writer.offer(event(n));
            assertThat(writer.flush(PATIENCE)).isTrue();
            for (long n = 1_000; n < 1_500; n++) writer.offer(event(n));
            assertThat(writer.flush(PATIENCE)).isTrue();
        });

        assertThat(healthy.sequences()).isEqualTo(LongStream.range(0, 1_500).boxed().toList());
        assertThat(healthy.batchSizes).isEqualTo(thrown);
        assertThat(writer.written()).isEqualTo(1_500);
        assertThat(writer.failed()).isEqualTo(thrown.size()).isGreaterThanOrEqualTo(15);
        assertThat(log).contains("could not store", "disk full");
    }

    @Test
    void flushWritesTheBatchInProgressWithoutWaitingForItsDelay() {
        RecordingSink sink = new RecordingSink();
        EventWriter writer = writer(100, 512, AN_HOUR, sink);
        writer.offer(event(1));
        writer.offer(event(2));

        assertThat(writer.flush(PATIENCE)).isTrue();

        assertThat(sink.sequences()).containsExactly(1L, 2L);
        assertThat(sink.batchSizes).containsExactly(2);
    }

    @Test
    void closeWritesWhatIsQueuedThenClosesTheSinksOnTheWritersThread() throws Exception {
        RecordingSink sink = new RecordingSink();
        EventWriter writer = writer(100, 512, AN_HOUR, sink);
        for (long n = 0; n < 10; n++) writer.offer(event(n));

        assertThat(writer.close(PATIENCE)).isTrue();

        assertThat(sink.sequences()).hasSize(10);
        assertThat(sink.closed.getCount()).isZero();
        assertThat(sink.closedOn).isSameAs(sink.threads.get(0));
        assertThat(writer.offer(event(10))).isFalse();
        assertThat(writer.dropped()).isEqualTo(1);
        assertThat(writer.flush(PATIENCE)).isFalse();
        assertThat(writer.close(PATIENCE)).isTrue();
    }

    @Test
    void aCloseThatAStuckSinkOutlastsGivesUpAndCountsTheQueuedEventsAsDropped() throws Exception {
        BlockingSink sink = new BlockingSink();
        EventWriter writer = writer(10, 1, Duration.ZERO, sink);
        writer.offer(event(0));
        assertThat(sink.entered.await(30, TimeUnit.SECONDS)).isTrue();
        for (long n = 1; n <= 3; n++) writer.offer(event(n));

        assertThat(writer.close(Duration.ofMillis(50))).isFalse();

        assertThat(sink.closed.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.failed()).isEqualTo(1);
        assertThat(writer.dropped()).isEqualTo(3);
        assertThat(writer.written()).isZero();
    }

    @Test
    void theWritersThreadIsADaemonNamedHeddleEvents() {
        RecordingSink sink = new RecordingSink();
        EventWriter writer = writer(100, 512, Duration.ZERO, sink);
        writer.offer(event(1));

        assertThat(writer.flush(PATIENCE)).isTrue();

        assertThat(sink.threads).allSatisfy(thread -> {
            assertThat(thread.getName()).isEqualTo("heddle-events");
            assertThat(thread.isDaemon()).isTrue();
        });
    }

    @Test
    void aNullEventIsRefusedWithoutAnError() {
        EventWriter writer = writer(100, 512, Duration.ZERO, new RecordingSink());

        assertThat(writer.offer(null)).isFalse();
        assertThat(writer.dropped()).isZero();
    }

    @Test
    void aWriterWithoutSinksIsRefused() {
        assertThatThrownBy(() -> new EventWriter(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one sink");
    }
}
