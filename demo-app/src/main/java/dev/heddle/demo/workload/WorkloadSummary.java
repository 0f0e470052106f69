package dev.heddle.demo.workload;

import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a workload is made of, for a benchmark to print beside its results.
 *
 * @param requests how many requests
 * @param lastAtMillis when the last request is sent, 0 when there is none
 * @param users how many users send one or more
 * @param distinctQuestions how many different texts are asked
 * @param families how many paraphrase families are asked
 * @param kinds requests by kind, every kind in declaration order
 * @param features requests by feature, the most asked first
 * @param models requests by model, the most asked first
 * @param tiers requests by the user's plan, the most frequent first
 */
public record WorkloadSummary(int requests, long lastAtMillis, int users, int distinctQuestions, int families,
        Map<RequestKind, Integer> kinds, Map<String, Integer> features, Map<String, Integer> models,
        Map<String, Integer> tiers) {

    /**
     * Counts a workload's requests.
     *
     * @param requests the requests, in the order they are sent
     * @return the counts
     */
    public static WorkloadSummary of(List<PlannedRequest> requests) {
        Map<RequestKind, Integer> kinds = new EnumMap<>(RequestKind.class);
        for (RequestKind kind : RequestKind.values()) {
            kinds.put(kind, 0);
        }
        requests.forEach(request -> kinds.merge(request.kind(), 1, Integer::sum));
        return new WorkloadSummary(requests.size(),
                requests.isEmpty() ? 0 : requests.get(requests.size() - 1).atMillis(),
                distinct(requests, PlannedRequest::user),
                distinct(requests, PlannedRequest::question),
                (int) requests.stream().mapToInt(PlannedRequest::family).filter(family -> family >= 0).distinct().count(),
                Collections.unmodifiableMap(kinds),
                countsOf(requests, PlannedRequest::feature),
                countsOf(requests, PlannedRequest::model),
                countsOf(requests, PlannedRequest::tier));
    }

    /**
     * @param kind a kind
     * @return its share of the requests, 0 when there are none
     */
    public double share(RequestKind kind) {
        return requests == 0 ? 0 : (double) kinds.getOrDefault(kind, 0) / requests;
    }

    /**
     * Five lines, such as:
     * <pre>
     * 3000 requests from 191 users over 240.0 s: 1475 distinct questions, 106 families
     *   kind     REPEAT 1503 (50.1%), PARAPHRASE 210 (7.0%), UNIQUE 1287 (42.9%)
     *   feature  support 1790 (59.7%), docs 760 (25.3%), sales 450 (15.0%)
     *   model    gpt-4o-mini 2240 (74.7%), gpt-4o 760 (25.3%)
     *   tier     free 2100 (70.0%), pro 750 (25.0%), enterprise 150 (5.0%)
     * </pre>
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d requests from %d users over %.1f s: %d distinct questions, %d families%n",
                requests, users, lastAtMillis / 1000.0, distinctQuestions, families)
                + "  kind     " + line(kinds) + System.lineSeparator()
                + "  feature  " + line(features) + System.lineSeparator()
                + "  model    " + line(models) + System.lineSeparator()
                + "  tier     " + line(tiers);
    }

    private String line(Map<?, Integer> counts) {
        return counts.entrySet().stream()
                .map(entry -> String.format(Locale.ROOT, "%s %d (%.1f%%)", entry.getKey(), entry.getValue(),
                        requests == 0 ? 0.0 : 100.0 * entry.getValue() / requests))
                .collect(Collectors.joining(", "));
    }

    private static int distinct(List<PlannedRequest> requests, Function<PlannedRequest, String> field) {
        return (int) requests.stream().map(field).distinct().count();
    }

    private static Map<String, Integer> countsOf(List<PlannedRequest> requests, Function<PlannedRequest, String> field) {
        Map<String, Integer> counts = new HashMap<>();
        requests.forEach(request -> counts.merge(field.apply(request), 1, Integer::sum));
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return Collections.unmodifiableMap(sorted);
    }
}
