package dev.heddle.pipeline;

import dev.heddle.bootstrap.AgentLog;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a woven method's original body again, for stages that need another attempt (retries,
 * fallbacks to the same method). The nested call passes through the woven advice untouched: while
 * it runs, {@link #isReentry()} is true on this thread and the pipeline steps aside.
 */
public final class OriginalMethod {

    private static final ThreadLocal<Boolean> REENTRY = new ThreadLocal<>();

    private static final ClassValue<Map<String, Method>> METHODS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private OriginalMethod() {
    }

    /** @return whether the current thread is inside {@link #invoke}, where woven calls run untouched */
    public static boolean isReentry() {
        return REENTRY.get() != null;
    }

    /**
     * Invokes the method again, with the pipeline stepped aside for this one call.
     *
     * @param type the class that declares the method
     * @param signature {@code binary.type.Name:name(descriptor)}, as the advice passes it
     * @param self the receiver, null for a static method
     * @param arguments the arguments
     * @return what the method returned, boxed
     * @throws Throwable what the method threw, unwrapped
     */
    public static Object invoke(Class<?> type, String signature, Object self, Object[] arguments) throws Throwable {
        Method method = METHODS.get(type).computeIfAbsent(signature, ignored -> find(type, signature));
        return invoke(method, self, arguments);
    }

    /**
     * Whether the method can be invoked again: it exists and Heddle may make it accessible (a class
     * in a module that does not open its package to Heddle may not).
     *
     * @param type the class that declares the method
     * @param signature {@code binary.type.Name:name(descriptor)}
     * @return true when {@link #invoke} can run it
     */
    public static boolean isInvocable(Class<?> type, String signature) {
        try {
            METHODS.get(type).computeIfAbsent(signature, ignored -> find(type, signature));
            return true;
        } catch (RuntimeException notInvocable) {
            AgentLog.warnOnce("not-invocable:" + signature, signature + " cannot be invoked again by Heddle (" + notInvocable
                    + "); its retries, circuit breaker and timeout are off and it runs as without them");
            return false;
        }
    }

    /**
     * Invokes another method of the same class with the same arguments, for a fallback. It runs as
     * any call of it would, through its own policies when Heddle wove it.
     *
     * @param type the class that declares the woven method
     * @param signature the woven method's signature
     * @param name the other method's name; it takes the same parameters and returns a compatible type
     * @param self the receiver, null for a static method
     * @param arguments the arguments
     * @return what the other method returned
     * @throws Throwable what it threw, unwrapped
     */
    public static Object invokeOther(Class<?> type, String signature, String name, Object self, Object[] arguments)
            throws Throwable {
        Method other = METHODS.get(type).computeIfAbsent(signature + "->" + name, ignored -> other(type, signature, name));
        try {
            return other.invoke(self, arguments);
        } catch (InvocationTargetException thrownByTheMethod) {
            throw thrownByTheMethod.getCause();
        }
    }

    private static Method other(Class<?> type, String signature, String name) {
        Method woven = find(type, signature);
        for (Class<?> declaring = type; declaring != null; declaring = declaring.getSuperclass()) {
            try {
                Method candidate = declaring.getDeclaredMethod(name, woven.getParameterTypes());
                if (!woven.getReturnType().isAssignableFrom(candidate.getReturnType())) {
                    throw new IllegalStateException(name + " returns " + candidate.getReturnType().getName() + ", not a "
                            + woven.getReturnType().getName());
                }
                candidate.setAccessible(true);
                return candidate;
            } catch (NoSuchMethodException notHere) {
                // look in the superclass
            }
        }
        throw new IllegalStateException("no method " + name + " with the parameters of " + woven.getName() + " in " + type.getName());
    }

    private static Object invoke(Method method, Object self, Object[] arguments) throws Throwable {
        Boolean outer = REENTRY.get();
        REENTRY.set(Boolean.TRUE);
        try {
            return method.invoke(self, arguments);
        } catch (InvocationTargetException thrownByTheMethod) {
            throw thrownByTheMethod.getCause();
        } finally {
            if (outer == null) REENTRY.remove();
        }
    }

    private static Method find(Class<?> type, String signature) {
        String nameAndDescriptor = signature.substring(signature.lastIndexOf(':') + 1);
        int parenthesis = nameAndDescriptor.indexOf('(');
        String name = nameAndDescriptor.substring(0, parenthesis);
        String descriptor = nameAndDescriptor.substring(parenthesis);
        for (Method candidate : type.getDeclaredMethods()) {
            if (candidate.getName().equals(name) && MethodType.methodType(candidate.getReturnType(),
                    candidate.getParameterTypes()).toMethodDescriptorString().equals(descriptor)) {
                candidate.setAccessible(true);
                return candidate;
            }
        }
        throw new IllegalStateException("no method " + nameAndDescriptor + " in " + type.getName());
    }
}
