package dev.heddle.weave;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.CacheConfig;
import dev.heddle.config.Durations;
import dev.heddle.config.SemanticConfig;
import java.time.Duration;
import java.util.Optional;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;

/**
 * Reads {@code @dev.heddle.annotations.Cached} from a method's class file, by name: Heddle never
 * loads the app's copy of the annotation type, so any version of it, in any class loader, works.
 */
final class CachedAnnotation {

    static final String TYPE_NAME = "dev.heddle.annotations.Cached";

    private CachedAnnotation() {
    }

    /**
     * @param method a method
     * @return the cache it asks for; empty when it has no {@code @Cached} or its values are invalid
     *     (which is logged)
     */
    static Optional<CacheConfig> of(MethodDescription method) {
        return AnnotationValues.find(method, TYPE_NAME).flatMap(annotation -> read(method, annotation));
    }

    private static Optional<CacheConfig> read(MethodDescription method, AnnotationDescription annotation) {
        String where = "@Cached on " + method.getDeclaringType().getTypeName() + "#" + method.getName();
        String ttlText = AnnotationValues.value(annotation, "ttl", String.class, "1h");
        Duration ttl;
        try {
            ttl = Durations.parse(ttlText);
        } catch (IllegalArgumentException e) {
            AgentLog.warnOnce("cached-ttl:" + where, where + ": ttl: " + e.getMessage() + "; this method is not cached");
            return Optional.empty();
        }
        if (ttl.isZero()) {
            AgentLog.warnOnce("cached-ttl:" + where,
                    where + ": ttl must be positive, but found '" + ttlText + "'; this method is not cached");
            return Optional.empty();
        }
        String namespace = AnnotationValues.value(annotation, "namespace", String.class, "");
        Optional<SemanticConfig> semantic = Optional.empty();
        if (AnnotationValues.value(annotation, "semantic", Boolean.class, false)) {
            double threshold = AnnotationValues.value(annotation, "threshold", Double.class, SemanticConfig.DEFAULT_THRESHOLD);
            if (threshold > 0 && threshold <= 1) {
                semantic = Optional.of(SemanticConfig.withThreshold(threshold));
            } else {
                AgentLog.warnOnce("cached-threshold:" + where, where + ": threshold must be in (0, 1], but found "
                        + threshold + "; the exact cache is used");
            }
        }
        return Optional.of(new CacheConfig(ttl, CacheConfig.DEFAULT_MAX_ENTRIES,
                namespace.isBlank() ? Optional.empty() : Optional.of(namespace), semantic));
    }
}
