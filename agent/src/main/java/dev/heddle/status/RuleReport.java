package dev.heddle.status;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One rule (or annotated method) on the status page: its woven methods, its counters, and the
 * state of its circuits.
 *
 * @param counters the rule's counters, as the MBean shows them; {@link RuleStatus#getName()} is the rule name
 * @param annotation whether the owner is an annotated method rather than a YAML rule
 * @param wovenMethods its woven methods, as {@code binary.type.Name:method(descriptor)}, sorted
 * @param calls calls counted at the rule's first counting step (see {@link StatusReport})
 * @param circuitState {@code closed}, {@code open} or {@code half-open} (the worst of its circuits);
 *     empty without a circuit breaker
 * @param circuits the state of each circuit by key ({@code ""} for the rule's one circuit, else a
 *     method, a model or {@code <overflow>}); empty before the first call
 */
public record RuleReport(RuleStatus counters, boolean annotation, List<String> wovenMethods, long calls,
        Optional<String> circuitState, Map<String, String> circuits) {

    public RuleReport {
        wovenMethods = List.copyOf(wovenMethods);
        circuits = Collections.unmodifiableMap(new TreeMap<>(circuits));
    }

    /** @return the rule name, or {@code @Cached type:method(descriptor)} for an annotated method */
    public String name() {
        return counters.getName();
    }
}
