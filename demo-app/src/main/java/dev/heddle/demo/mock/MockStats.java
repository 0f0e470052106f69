package dev.heddle.demo.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * What reached a {@link MockLlmServer}: live, thread-safe counters.
 *
 * <ul>
 *   <li>{@link #requests()}: every request to an API endpoint ({@code /v1/chat/completions},
 *       {@code /v1/embeddings}, {@code /v1/messages}), answered, faulted or rejected; also split by
 *       endpoint, by model and by user ({@link #ANONYMOUS} when the request names none). Admin
 *       requests and unknown paths are not counted.</li>
 *   <li>{@link #faulted()}: requests that got a fault from the {@link FaultPlan}, by kind. A
 *       {@link FaultKind#SLOW} request counts here and, since it is answered, in
 *       {@link #answered()} too.</li>
 *   <li>{@link #rejected()}: requests answered 400 (bad JSON, missing fields) or 405.</li>
 *   <li>{@link #overCapacity()}: requests answered 429 because the server's capacity was taken
 *       (see {@link MockLlmServer#capacity(int)}). They are not faults: they are no part of
 *       {@link #faulted()} or {@link #faults(FaultKind) faults(RATE_LIMIT)}, took no request number
 *       of the fault plan and no fault draw. {@link #rateLimited()} is every 429 of either cause.</li>
 *   <li>Tokens by model: the prompt and completion tokens of answered requests only.</li>
 *   <li>{@link #inFlight()}: the API requests being served now (admitted, not yet answered);
 *       {@link #peakInFlight()}: the most at once since the start or the last reset.</li>
 *   <li>{@link #countsByPhase()}: the admitted requests again, split by the part of the
 *       {@link FaultSchedule} that was in force when their fault was drawn
 *       ({@value FaultSchedule#BACKGROUND} or a phase's name): how many, how many answered,
 *       rejected, and faulted by kind. So a benchmark can tell what each phase did.</li>
 * </ul>
 *
 * <p>So every API request ends in exactly one of {@link #answered()}, {@link #faulted()},
 * {@link #rejected()} and {@link #overCapacity()}, except a {@link FaultKind#SLOW} one, which is in
 * both {@code answered} and {@code faulted}.
 */
public final class MockStats {

    /** The user of a request that names none. */
    public static final String ANONYMOUS = "anonymous";

    private final LongAdder requests = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder overCapacity = new LongAdder();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final IntSupplier inFlight;
    private final ConcurrentHashMap<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byModel = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byUser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<FaultKind, LongAdder> faults = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> promptTokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> completionTokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PhaseCounters> phases = new ConcurrentHashMap<>();

    /**
     * What happened to the admitted API requests while one part of a {@link FaultSchedule} was in
     * force.
     *
     * @param requests the requests that drew their fault under it
     * @param answered those that got a normal answer ({@link FaultKind#SLOW} ones included)
     * @param rejected those answered 400 for their body
     * @param faults those that got a fault, by kind; kinds that never happened left out
     */
    public record PhaseCounts(long requests, long answered, long rejected, Map<FaultKind, Long> faults) {
        /** Copies the faults. */
        public PhaseCounts {
            faults = Collections.unmodifiableMap(faults.isEmpty() ? new EnumMap<>(FaultKind.class)
                    : new EnumMap<>(faults));
        }

        /** @return the requests that got a fault of any kind */
        public long faulted() {
            return faults.values().stream().mapToLong(Long::longValue).sum();
        }

        /**
         * @param kind a fault kind
         * @return the requests that got that fault
         */
        public long faults(FaultKind kind) {
            return faults.getOrDefault(kind, 0L);
        }
    }

    /** The live counters behind a {@link PhaseCounts}. */
    private static final class PhaseCounters {
        final LongAdder requests = new LongAdder();
        final LongAdder answered = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final EnumMap<FaultKind, LongAdder> faults = new EnumMap<>(FaultKind.class);

        PhaseCounters() {
            for (FaultKind kind : FaultKind.values()) {
                faults.put(kind, new LongAdder());
            }
        }

        PhaseCounts snapshot() {
            EnumMap<FaultKind, Long> byKind = new EnumMap<>(FaultKind.class);
            faults.forEach((kind, count) -> {
                if (count.sum() > 0) {
                    byKind.put(kind, count.sum());
                }
            });
            return new PhaseCounts(requests.sum(), answered.sum(), rejected.sum(), byKind);
        }
    }

    /** @param inFlight the server's live count of the API requests it is serving */
    MockStats(IntSupplier inFlight) {
        this.inFlight = inFlight;
    }

    void recordRequest(String endpoint, String model, String user) {
        requests.increment();
        add(byEndpoint, endpoint, 1);
        if (model != null) {
            add(byModel, model, 1);
        }
        add(byUser, user == null || user.isEmpty() ? ANONYMOUS : user, 1);
    }

    /** An admitted request drew its fault ({@code null}: none) under the phase {@code phase}. */
    void recordDraw(String phase, FaultKind fault) {
        PhaseCounters counters = phase(phase);
        counters.requests.increment();
        if (fault != null) {
            counters.faults.get(fault).increment();
            faults.computeIfAbsent(fault, k -> new LongAdder()).increment();
        }
    }

    private PhaseCounters phase(String phase) {
        return phases.computeIfAbsent(phase, p -> new PhaseCounters());
    }

    /** A request was answered 405, before it was admitted. */
    void recordRejected() {
        rejected.increment();
    }

    /** An admitted request, which drew under {@code phase}, was answered 400. */
    void recordRejected(String phase) {
        rejected.increment();
        phase(phase).rejected.increment();
    }

    void recordOverCapacity() {
        overCapacity.increment();
    }

    /** A request was admitted, and {@code nowInFlight} are being served with it. */
    void recordAdmitted(int nowInFlight) {
        peakInFlight.accumulateAndGet(nowInFlight, Math::max);
    }

    void recordAnswer(String phase, String model, long prompt, long completion) {
        answered.increment();
        phase(phase).answered.increment();
        add(promptTokens, model, prompt);
        add(completionTokens, model, completion);
    }

    private static <K> void add(ConcurrentHashMap<K, LongAdder> map, K key, long amount) {
        map.computeIfAbsent(key, k -> new LongAdder()).add(amount);
    }

    /**
     * Sets every counter back to zero. {@link #peakInFlight()} starts again from the requests in
     * flight now; {@link #inFlight()} is live and not a counter.
     */
    public void reset() {
        requests.reset();
        answered.reset();
        rejected.reset();
        overCapacity.reset();
        peakInFlight.set(inFlight.getAsInt());
        byEndpoint.clear();
        byModel.clear();
        byUser.clear();
        faults.clear();
        promptTokens.clear();
        completionTokens.clear();
        phases.clear();
    }

    /** @return requests to the API endpoints, whatever their outcome */
    public long requests() {
        return requests.sum();
    }

    /** @return requests that got a normal answer (including {@link FaultKind#SLOW} ones) */
    public long answered() {
        return answered.sum();
    }

    /** @return requests that got a fault of any kind */
    public long faulted() {
        return faults.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** @return requests answered 400 or 405 */
    public long rejected() {
        return rejected.sum();
    }

    /**
     * @return requests answered 429 because the capacity was taken; not counted as faults
     */
    public long overCapacity() {
        return overCapacity.sum();
    }

    /**
     * @return every 429 sent: {@link #overCapacity()} plus {@link #faults(FaultKind)
     *         faults(RATE_LIMIT)}
     */
    public long rateLimited() {
        return overCapacity() + faults(FaultKind.RATE_LIMIT);
    }

    /** @return the API requests being served right now (admitted under the capacity, not yet answered) */
    public int inFlight() {
        return inFlight.getAsInt();
    }

    /** @return the most API requests served at once since the server started or the stats were reset */
    public int peakInFlight() {
        return peakInFlight.get();
    }

    /**
     * @param endpoint a path such as {@code /v1/chat/completions}
     * @return the requests to it
     */
    public long requests(String endpoint) {
        return get(byEndpoint, endpoint);
    }

    /**
     * @param model a model name
     * @return the requests that named it
     */
    public long requestsForModel(String model) {
        return get(byModel, model);
    }

    /**
     * @param user a user, or {@link #ANONYMOUS}
     * @return the requests made for that user
     */
    public long requestsForUser(String user) {
        return get(byUser, user);
    }

    /**
     * @param kind a fault kind
     * @return how many requests got that fault
     */
    public long faults(FaultKind kind) {
        return get(faults, kind);
    }

    /**
     * @param model a model name
     * @return the prompt tokens of its answered requests
     */
    public long promptTokens(String model) {
        return get(promptTokens, model);
    }

    /**
     * @param model a model name
     * @return the completion tokens of its answered requests
     */
    public long completionTokens(String model) {
        return get(completionTokens, model);
    }

    /** @return a sorted snapshot: requests by endpoint */
    public Map<String, Long> requestsByEndpoint() {
        return snapshot(byEndpoint);
    }

    /** @return a sorted snapshot: requests by model */
    public Map<String, Long> requestsByModel() {
        return snapshot(byModel);
    }

    /** @return a sorted snapshot: requests by user */
    public Map<String, Long> requestsByUser() {
        return snapshot(byUser);
    }

    /** @return a snapshot: faults by kind, kinds that never happened left out */
    public Map<FaultKind, Long> faultsByKind() {
        EnumMap<FaultKind, Long> copy = new EnumMap<>(FaultKind.class);
        faults.forEach((kind, count) -> {
            if (count.sum() > 0) {
                copy.put(kind, count.sum());
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    /**
     * What each part of the fault schedule did: the admitted API requests split by the part in
     * force when their fault was drawn, {@value FaultSchedule#BACKGROUND} or a phase's name. Parts
     * that had no request are left out. Requests over the capacity and 405s are in no part: they
     * draw no fault.
     *
     * @return a snapshot sorted by name
     */
    public Map<String, PhaseCounts> countsByPhase() {
        TreeMap<String, PhaseCounts> copy = new TreeMap<>();
        phases.forEach((name, counters) -> copy.put(name, counters.snapshot()));
        return Collections.unmodifiableMap(copy);
    }

    /** @return a sorted snapshot: prompt tokens by model */
    public Map<String, Long> promptTokensByModel() {
        return snapshot(promptTokens);
    }

    /** @return a sorted snapshot: completion tokens by model */
    public Map<String, Long> completionTokensByModel() {
        return snapshot(completionTokens);
    }

    private static <K> long get(ConcurrentHashMap<K, LongAdder> map, K key) {
        LongAdder adder = map.get(key);
        return adder == null ? 0 : adder.sum();
    }

    private static Map<String, Long> snapshot(ConcurrentHashMap<String, LongAdder> map) {
        TreeMap<String, Long> copy = new TreeMap<>();
        map.forEach((key, count) -> copy.put(key, count.sum()));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * The counters as the JSON that {@code GET /admin/stats} returns.
     *
     * @return a new JSON object
     */
    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("requests", requests());
        json.put("answered", answered());
        json.put("faulted", faulted());
        json.put("rejected", rejected());
        json.put("overCapacity", overCapacity());
        json.put("rateLimited", rateLimited());
        json.put("inFlight", inFlight());
        json.put("peakInFlight", peakInFlight());
        putAll(json.putObject("byEndpoint"), requestsByEndpoint());
        putAll(json.putObject("byModel"), requestsByModel());
        putAll(json.putObject("byUser"), requestsByUser());
        ObjectNode faultNode = json.putObject("faults");
        faultsByKind().forEach((kind, count) -> faultNode.put(kind.name(), count));
        ObjectNode phaseNode = json.putObject("phases");
        countsByPhase().forEach((name, counts) -> {
            ObjectNode node = phaseNode.putObject(name).put("requests", counts.requests())
                    .put("answered", counts.answered()).put("rejected", counts.rejected());
            ObjectNode byKind = node.putObject("faults");
            counts.faults().forEach((kind, count) -> byKind.put(kind.name(), count));
        });
        ObjectNode tokens = json.putObject("tokens");
        Map<String, Long> prompts = promptTokensByModel();
        Map<String, Long> completions = completionTokensByModel();
        for (String model : prompts.keySet()) {
            long prompt = prompts.getOrDefault(model, 0L);
            long completion = completions.getOrDefault(model, 0L);
            tokens.putObject(model).put("prompt", prompt).put("completion", completion)
                    .put("total", prompt + completion);
        }
        return json;
    }

    private static void putAll(ObjectNode node, Map<String, Long> counts) {
        counts.forEach(node::put);
    }

    @Override
    public String toString() {
        return "MockStats" + toJson();
    }
}
