package dev.heddle.preset;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls public methods of an SDK's objects. Heddle's presets live in Heddle's class loader and cannot
 * link against the app's SDK, so they call it by name; the methods found are remembered per class.
 * A method is called through a public type that declares it, since SDKs often return instances of
 * package-private implementation classes.
 */
final class SdkReflection {

    private static final ClassValue<Map<String, Method>> METHODS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private SdkReflection() {
    }

    /**
     * @param target the object
     * @param name a public method's name
     * @param parameterTypes its parameter types
     * @param arguments the arguments
     * @return what it returned; an {@link Optional} is returned as it is
     * @throws IllegalStateException when the method is missing or throws
     */
    static Object call(Object target, String name, Class<?>[] parameterTypes, Object... arguments) {
        Class<?> type = target.getClass();
        String signature = name + Arrays.toString(parameterTypes);
        Method method = METHODS.get(type).computeIfAbsent(signature, ignored -> find(type, name, parameterTypes));
        return invoke(method, target, arguments);
    }

    /**
     * @param target the object
     * @param name a public method without parameters
     * @return what it returned
     */
    static Object call(Object target, String name) {
        return call(target, name, new Class<?>[0]);
    }

    /**
     * @param target the object
     * @param name a public method without parameters
     * @return what it returned, unwrapped from an {@link Optional}; empty when null or empty
     */
    static Optional<Object> value(Object target, String name) {
        Object value = call(target, name);
        if (value instanceof Optional<?> optional) return optional.map(Object.class::cast);
        return Optional.ofNullable(value);
    }

    /**
     * @param target the object
     * @param name a method without parameters
     * @return whether the object has that public method
     */
    static boolean has(Object target, String name) {
        try {
            target.getClass().getMethod(name);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * @param loader the SDK's class loader
     * @param className a public class
     * @param name a public static method without parameters
     * @return what it returned
     */
    static Object callStatic(ClassLoader loader, String className, String name) {
        try {
            Class<?> type = Class.forName(className, true, loader);
            return invoke(type.getMethod(name), null);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("the SDK has no " + className + "." + name + "()", e);
        }
    }

    /**
     * @param loader the SDK's class loader
     * @param className a class name
     * @return the class
     */
    static Class<?> load(ClassLoader loader, String className) {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the SDK has no class " + className, e);
        }
    }

    private static Object invoke(Method method, Object target, Object... arguments) {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(method + " failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(method + " is not accessible", e);
        }
    }

    private static Method find(Class<?> type, String name, Class<?>[] parameterTypes) {
        Method method;
        try {
            method = type.getMethod(name, parameterTypes);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no public method " + name, e);
        }
        if (Modifier.isPublic(method.getDeclaringClass().getModifiers())) return method;
        return publiclyDeclared(type, name, parameterTypes)
                .orElseThrow(() -> new IllegalStateException(name + " of " + type.getName() + " is declared by no public type"));
    }

    /** The same method as declared by a public superclass or interface. */
    private static Optional<Method> publiclyDeclared(Class<?> type, String name, Class<?>[] parameterTypes) {
        if (type == null) return Optional.empty();
        if (Modifier.isPublic(type.getModifiers())) {
            try {
                return Optional.of(type.getMethod(name, parameterTypes));
            } catch (NoSuchMethodException notHere) {
                // look further up
            }
        }
        for (Class<?> implemented : type.getInterfaces()) {
            Optional<Method> found = publiclyDeclared(implemented, name, parameterTypes);
            if (found.isPresent()) return found;
        }
        return publiclyDeclared(type.getSuperclass(), name, parameterTypes);
    }
}
