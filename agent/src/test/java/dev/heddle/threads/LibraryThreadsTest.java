package dev.heddle.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LibraryThreadsTest {

    private final CountDownLatch stop = new CountDownLatch(1);

    @AfterEach
    void stopThreads() {
        stop.countDown();
    }

    private Thread started(String name) {
        Thread thread = new Thread(() -> {
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Test
    void aThreadTheLibraryStartsGetsAHeddleName() {
        Thread worker = LibraryThreads.adopt("otel", List.of("BatchSpanProcessor_WorkerThread-"),
                () -> started("BatchSpanProcessor_WorkerThread-1"));

        assertThat(worker.getName()).isEqualTo("heddle-otel-BatchSpanProcessor_WorkerThread-1");
    }

    @Test
    void aThreadThatWasAlreadyRunningKeepsItsName() {
        Thread appsOwn = started("BatchSpanProcessor_WorkerThread-1");

        LibraryThreads.adopt("otel", List.of("BatchSpanProcessor_WorkerThread-"), () -> started("something-else"));

        assertThat(appsOwn.getName()).isEqualTo("BatchSpanProcessor_WorkerThread-1");
    }

    @Test
    void aNewThreadWithAnotherNameKeepsIt() {
        Thread other = LibraryThreads.adopt("redis", List.of("commons-pool-evictor"), () -> started("app-worker"));

        assertThat(other.getName()).isEqualTo("app-worker");
    }

    @Test
    void daemonThreadsAreNamedAfterTheirPurposeAndNumbered() {
        DaemonThreads threads = new DaemonThreads("otlp-export");

        Thread first = threads.newThread(() -> { });
        Thread second = threads.newThread(() -> { });

        assertThat(first.getName()).isEqualTo("heddle-otlp-export-1");
        assertThat(second.getName()).isEqualTo("heddle-otlp-export-2");
        assertThat(first.isDaemon()).isTrue();
    }
}
