package dev.heddle.cache.semantic;

import dev.heddle.bootstrap.AgentLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * One namespace's view of the shared semantic entries, on its own daemon thread: it loads the
 * entries that the feed names and that still exist ({@code XRANGE} of the feed, then {@code GET}
 * and {@code PTTL} of each entry, pipelined, each opened by the store's seal), then follows the feed ({@code XREAD BLOCK} from the
 * last record seen), adding the entries other JVMs store and dropping those they evict. Records this
 * store wrote itself are skipped: their entries are in this JVM already.
 *
 * <p>When Redis fails, the feed waits (from {@value #MIN_BACKOFF_MILLIS} ms, doubling, to
 * {@value #MAX_BACKOFF_MILLIS} ms), connects again and loads everything again: entries it already
 * has are skipped, and records it missed while Redis was away (or that a Redis restart lost) cannot
 * leave it behind.
 */
final class SemanticFeed implements AutoCloseable {

    /** The field of a record for an entry stored. */
    static final String ADDED = "id";
    /** The field of a record for an entry evicted. */
    static final String EVICTED = "evict";
    /** The field that names the store that wrote a record. */
    static final String ORIGIN = "o";
    /** How long one read of the feed blocks in Redis. */
    static final Duration BLOCK = Duration.ofSeconds(1);
    static final long MIN_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 2_000;
    /** Records per read of the feed. */
    private static final int PAGE = 500;
    /** Entries fetched per pipeline. */
    private static final int BATCH = 200;

    /**
     * An entry another JVM shared.
     *
     * @param uuid its id across JVMs
     * @param partition its partition
     * @param text the request's last user message
     * @param vector its embedding
     * @param preset the preset that decodes the answer
     * @param encodedAnswer the answer, as the preset encoded it
     * @param remainingMillis how much longer Redis keeps it
     */
    record RemoteEntry(String uuid, String partition, String text, float[] vector, String preset, String encodedAnswer,
            long remainingMillis) {
    }

    /** Where a feed's changes go: the namespace's semantic cache. */
    interface Listener {

        /** @return whether this entry is in the local index already (stored here, or loaded before) */
        boolean knows(String uuid);

        /** Another JVM shared an entry. */
        void added(RemoteEntry entry);

        /** An entry was evicted (by another JVM); an unknown one is ignored. */
        void evicted(String uuid);
    }

    private final RedisSemanticStore store;
    private final String namespace;
    private final String feedKey;
    private final Listener listener;
    private final Thread thread;
    private final CountDownLatch firstLoad = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile RedisClient client;
    /** The last record read; on the feed's thread only. */
    private StreamEntryID last;
    private volatile long loads;

    SemanticFeed(RedisSemanticStore store, String namespace, Listener listener) {
        this.store = store;
        this.namespace = namespace;
        this.feedKey = RedisSemanticStore.feedKey(namespace);
        this.listener = listener;
        this.thread = new Thread(this::run, "heddle-semantic-feed-" + namespace);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Waits for the first load to end, loaded or failed.
     *
     * @param maxWait the longest wait
     * @return whether it ended
     */
    boolean awaitFirstLoad(Duration maxWait) {
        try {
            return firstLoad.await(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return whether the first load has ended, loaded or failed */
    boolean firstLoadEnded() {
        return firstLoad.getCount() == 0;
    }

    /** @return how many times the entries were loaded in full (once, and once more after each outage) */
    long loads() {
        return loads;
    }

    private void run() {
        try {
            runUntilClosed();
        } finally {
            RedisClient open = client;
            if (open != null) open.close();
        }
    }

    private void runUntilClosed() {
        long backoff = MIN_BACKOFF_MILLIS;
        while (!closed) {
            try {
                if (client == null) client = store.feedClient();
                load();
                loads++;
                store.answered();
                firstLoad.countDown();
                backoff = MIN_BACKOFF_MILLIS;
                while (!closed) follow();
            } catch (RuntimeException | LinkageError failure) {
                firstLoad.countDown();
                if (closed) return;
                if (failure instanceof RuntimeException e) {
                    store.failed(e);
                } else {
                    AgentLog.warnOnce("semantic-feed:" + namespace, "semantic cache '" + namespace + "': the feed of shared"
                            + " entries failed: " + failure);
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    if (closed) return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    /** Loads every entry that the feed names, that still exists and that this JVM does not have yet. */
    private void load() {
        Set<String> wanted = new LinkedHashSet<>();
        StreamEntryID seen = null;
        while (!closed) {
            String from = seen == null ? "-" : new StreamEntryID(seen.getTime(), seen.getSequence() + 1).toString();
            List<StreamEntry> page = client.xrange(feedKey, from, "+", PAGE);
            for (StreamEntry record : page) {
                seen = record.getID();
                Map<String, String> fields = record.getFields();
                if (store.origin().equals(fields.get(ORIGIN))) continue;
                String added = fields.get(ADDED);
                String evicted = fields.get(EVICTED);
                if (added != null && !listener.knows(added)) wanted.add(added);
                if (evicted != null) {
                    wanted.remove(evicted);
                    listener.evicted(evicted);
                }
            }
            if (page.size() < PAGE) break;
        }
        fetch(wanted);
        last = seen == null ? new StreamEntryID(0, 0) : seen;
    }

    /** Reads the feed once, waiting up to {@link #BLOCK} for a record, and applies what it finds. */
    private void follow() {
        // sent as a plain command, so that the client's reply timeout (BLOCK plus the command timeout) bounds it
        Object reply = client.sendCommand(Protocol.Command.XREAD, "COUNT", Integer.toString(PAGE), "BLOCK",
                Long.toString(BLOCK.toMillis()), "STREAMS", feedKey, last.toString());
        store.answered();
        if (!(reply instanceof List<?> streams)) return;
        Set<String> wanted = new LinkedHashSet<>();
        for (Object stream : streams) {
            List<?> keyAndRecords = (List<?>) stream;
            for (Object item : (List<?>) keyAndRecords.get(1)) {
                List<?> record = (List<?>) item;
                last = new StreamEntryID(text(record.get(0)));
                Map<String, String> fields = new HashMap<>();
                List<?> flat = (List<?>) record.get(1);
                for (int i = 0; i + 1 < flat.size(); i += 2) fields.put(text(flat.get(i)), text(flat.get(i + 1)));
                if (store.origin().equals(fields.get(ORIGIN))) continue;
                String added = fields.get(ADDED);
                String evicted = fields.get(EVICTED);
                if (added != null && !listener.knows(added)) wanted.add(added);
                if (evicted != null) {
                    wanted.remove(evicted);
                    listener.evicted(evicted);
                }
            }
        }
        fetch(wanted);
    }

    private static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    /** Reads the entries, pipelined, and adds those that still exist and can be read. */
    private void fetch(Set<String> uuids) {
        List<String> all = new ArrayList<>(uuids);
        for (int from = 0; from < all.size() && !closed; from += BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            List<Response<String>> values = new ArrayList<>(batch.size());
            List<Response<Long>> ttls = new ArrayList<>(batch.size());
            try (Pipeline pipeline = client.pipelined()) {
                for (String uuid : batch) {
                    String key = RedisSemanticStore.entryKey(namespace, uuid);
                    values.add(pipeline.get(key));
                    ttls.add(pipeline.pttl(key));
                }
                pipeline.sync();
            }
            for (int i = 0; i < batch.size(); i++) {
                RemoteEntry entry = entry(batch.get(i), values.get(i).get(), ttls.get(i).get());
                if (entry != null) listener.added(entry);
            }
        }
    }

    /** @return the entry; null when it is gone, or rejected or unreadable (see {@link RedisSemanticStore#open}) */
    private RemoteEntry entry(String uuid, String stored, long remainingMillis) {
        if (stored == null || remainingMillis <= 0) return null;
        SharedEntry entry = store.open(namespace, RedisSemanticStore.entryKey(namespace, uuid), stored);
        if (entry == null) return null;
        return new RemoteEntry(uuid, entry.partition(), entry.text(), entry.vector(), entry.preset(), entry.answer(),
                remainingMillis);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        RedisClient open = client;
        if (open != null) open.close();
    }
}
