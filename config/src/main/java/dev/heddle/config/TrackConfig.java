package dev.heddle.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An app event for each call of a rule's methods: {@code track: { event: query_submitted, properties: { length: arg0.length } }}.
 *
 * @param event the analytics event name; empty means the rule's name
 * @param properties event properties, name to where the value comes from: an argument path such as
 *     {@code arg0} or {@code arg0.customer.id}, or {@code return} / {@code return.text} for the
 *     method's answer
 */
public record TrackConfig(Optional<String> event, Map<String, String> properties) {

    public TrackConfig {
        Objects.requireNonNull(event, "event");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * @param event the analytics event name; empty means the rule's name
     */
    public TrackConfig(Optional<String> event) {
        this(event, Map.of());
    }
}
