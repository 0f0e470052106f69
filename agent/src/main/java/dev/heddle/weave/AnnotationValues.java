package dev.heddle.weave;

import dev.heddle.bootstrap.AgentLog;
import java.util.Optional;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationValue;
import net.bytebuddy.description.method.MethodDescription;

/** Reads Heddle annotations from class files by the annotation type's name, never by loading it. */
final class AnnotationValues {

    private AnnotationValues() {
    }

    /**
     * @param method a method
     * @param typeName an annotation type's binary name
     * @return the annotation, when the method carries it
     */
    static Optional<AnnotationDescription> find(MethodDescription method, String typeName) {
        for (AnnotationDescription annotation : method.getDeclaredAnnotations()) {
            if (annotation.getAnnotationType().getName().equals(typeName)) return Optional.of(annotation);
        }
        return Optional.empty();
    }

    /** A value as written, or the default when the class file omits it (as it does for defaults). */
    static <T> T value(AnnotationDescription annotation, String property, Class<T> type, T fallback) {
        try {
            for (MethodDescription.InDefinedShape declared : annotation.getAnnotationType().getDeclaredMethods()) {
                if (declared.getName().equals(property)) {
                    AnnotationValue<?, ?> value = annotation.getValue(declared);
                    return type.cast(value.resolve());
                }
            }
        } catch (RuntimeException unresolvable) {
            AgentLog.debug(() -> "cannot read @" + annotation.getAnnotationType().getSimpleName() + "." + property
                    + ", using " + fallback + ": " + unresolvable);
        }
        return fallback;
    }
}
