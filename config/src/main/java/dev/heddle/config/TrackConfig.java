package dev.heddle.config;

import java.util.Optional;

/**
 * Tracking settings: {@code track: { event: support_question }}.
 *
 * @param event the analytics event name; empty means the rule's name
 */
public record TrackConfig(Optional<String> event) {
}
