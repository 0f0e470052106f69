package dev.heddle.report;

import dev.heddle.analytics.AnalyticsEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many events of each name, and by how many users: the first table of the summary.
 *
 * @param events all events
 * @param byEvent per event name, the most frequent first
 * @param usersByEvent per event name, how many distinct users did it
 * @param users distinct users
 * @param sessions distinct sessions
 * @param first the earliest event's time, or null without events
 * @param last the latest event's time, or null without events
 */
public record EventCounts(long events, Map<String, Long> byEvent, Map<String, Long> usersByEvent, long users, long sessions,
        Instant first, Instant last) {

    public EventCounts {
        byEvent = Collections.unmodifiableMap(new LinkedHashMap<>(byEvent));
        usersByEvent = Collections.unmodifiableMap(new LinkedHashMap<>(usersByEvent));
    }

    /**
     * @param events the events, sorted by time
     * @return their counts
     */
    public static EventCounts of(List<AnalyticsEvent> events) {
        Map<String, Long> counts = new HashMap<>();
        Map<String, Set<String>> usersOf = new HashMap<>();
        Set<String> users = new HashSet<>();
        Set<String> sessions = new HashSet<>();
        for (AnalyticsEvent event : events) {
            counts.merge(event.event(), 1L, Long::sum);
            Set<String> eventUsers = usersOf.computeIfAbsent(event.event(), name -> new HashSet<>());
            if (event.user() != null) {
                users.add(event.user());
                eventUsers.add(event.user());
            }
            if (event.session() != null) sessions.add(event.session());
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> byEvent = new LinkedHashMap<>();
        Map<String, Long> usersByEvent = new LinkedHashMap<>();
        for (Map.Entry<String, Long> entry : sorted) {
            byEvent.put(entry.getKey(), entry.getValue());
            usersByEvent.put(entry.getKey(), (long) usersOf.get(entry.getKey()).size());
        }
        return new EventCounts(events.size(), byEvent, usersByEvent, users.size(), sessions.size(),
                events.isEmpty() ? null : events.get(0).time(), events.isEmpty() ? null : events.get(events.size() - 1).time());
    }
}
