package dev.heddle.resilience;

import java.util.List;

/**
 * Matches a failure against exception types named in YAML, by name, without loading them: the
 * failure's class or one of its superclasses or interfaces must have one of the names.
 */
public final class ExceptionTypes {

    private ExceptionTypes() {
    }

    /**
     * @param failure what a call threw
     * @param typeNames binary class names
     * @return whether the failure is an instance of one of the named types
     */
    public static boolean isAnyOf(Throwable failure, List<String> typeNames) {
        return isAnyOf(failure.getClass(), typeNames);
    }

    private static boolean isAnyOf(Class<?> type, List<String> typeNames) {
        if (type == null) return false;
        if (typeNames.contains(type.getName())) return true;
        for (Class<?> implemented : type.getInterfaces()) {
            if (isAnyOf(implemented, typeNames)) return true;
        }
        return isAnyOf(type.getSuperclass(), typeNames);
    }
}
