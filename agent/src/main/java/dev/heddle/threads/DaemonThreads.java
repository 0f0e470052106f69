package dev.heddle.threads;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** A thread factory for Heddle's pools: daemon threads named {@code heddle-<purpose>-<n>}. */
public final class DaemonThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    /** @param purpose what the pool's threads do, such as {@code otlp-export} */
    public DaemonThreads(String purpose) {
        this.prefix = "heddle-" + purpose + "-";
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
