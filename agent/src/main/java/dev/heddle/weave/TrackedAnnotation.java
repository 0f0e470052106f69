package dev.heddle.weave;

import dev.heddle.config.TrackConfig;
import java.util.Optional;
import net.bytebuddy.description.method.MethodDescription;

/**
 * Reads {@code @dev.heddle.annotations.Tracked} from a method's class file, by name, like
 * {@link CachedAnnotation}: the app event of each call, named by {@code event} or, when that is
 * empty, after the method.
 */
final class TrackedAnnotation {

    static final String TYPE_NAME = "dev.heddle.annotations.Tracked";

    private TrackedAnnotation() {
    }

    /**
     * @param method a method
     * @return the event it asks for; empty when it has no {@code @Tracked}
     */
    static Optional<TrackConfig> of(MethodDescription method) {
        return AnnotationValues.find(method, TYPE_NAME).map(annotation -> {
            String event = AnnotationValues.value(annotation, "event", String.class, "").strip();
            return new TrackConfig(event.isEmpty() ? Optional.of(method.getName()) : Optional.of(event));
        });
    }
}
