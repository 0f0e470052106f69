package dev.heddle.pipeline;

import dev.heddle.identity.PropertyPath;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The app event of each call of a method: {@code @Tracked(event = "query_submitted")}, or a rule's
 * {@code track: { event: ..., properties: { ... } }}.
 *
 * @param event the event's name
 * @param properties each property's name and where its value comes from
 */
record TrackPlan(String event, Map<String, PropertyPath> properties) {

    TrackPlan {
        properties = Map.copyOf(properties);
    }

    /**
     * @param arguments the call's arguments
     * @param answer what the method returned, or null
     * @return the properties that have a value, in a stable order
     */
    Map<String, Object> propertiesOf(Object[] arguments, Object answer) {
        if (properties.isEmpty()) return Map.of();
        Map<String, Object> values = new LinkedHashMap<>();
        properties.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(property -> property.getValue().valueOf(arguments, answer).ifPresent(value -> values.put(property.getKey(), value)));
        return values;
    }
}
