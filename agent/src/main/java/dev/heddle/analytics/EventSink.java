package dev.heddle.analytics;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Where an {@link EventWriter} puts its events: a file store, a column store. The writer calls a sink
 * from its one thread only, one batch at a time, so a sink needs no locking of its own.
 *
 * <p>A sink's {@code toString()} names it in the warnings the writer logs when it fails.
 */
public interface EventSink extends Closeable {

    /**
     * Stores one batch. When it throws, the writer counts the batch as failed and goes on with the
     * next one; the sink decides whether it can write again (a file store starts a new file).
     *
     * @param batch the events, oldest first; never empty; valid only during the call (the writer
     *     reuses the list), and not to be changed
     * @throws IOException when the batch could not be stored, in full or in part
     */
    void write(List<AnalyticsEvent> batch) throws IOException;

    /**
     * Releases what the sink holds (an open file, a connection). Called once, after the last batch.
     *
     * @throws IOException when what was written could not be completed
     */
    @Override
    void close() throws IOException;
}
