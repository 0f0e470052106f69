package dev.heddle.preset;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * How the proxies that stand for an SDK's own types (a teed stream, a teed handler, a replay)
 * behave: as objects, by their own identity, and when they pass a call on to what they wrap,
 * throwing exactly what it threw.
 */
final class SdkProxies {

    private SdkProxies() {
    }

    /**
     * @param proxy the proxy
     * @param method a method of {@code Object}: {@code equals}, {@code hashCode} or {@code toString}
     * @param arguments its arguments
     * @param description what {@code toString} says
     * @return the answer by the proxy's own identity
     */
    static Object objectMethod(Object proxy, Method method, Object[] arguments, String description) {
        return switch (method.getName()) {
            case "equals" -> arguments != null && arguments.length == 1 && proxy == arguments[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> description;
            default -> throw new UnsupportedOperationException(method.getName());
        };
    }

    /**
     * @param method the method called on the proxy
     * @param target what the proxy wraps
     * @param arguments the call's arguments
     * @return what the target returned
     * @throws Throwable what the target threw, unwrapped
     */
    static Object forward(Method method, Object target, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException thrown) {
            throw thrown.getCause();
        }
    }
}
