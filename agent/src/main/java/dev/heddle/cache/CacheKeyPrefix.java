package dev.heddle.cache;

/**
 * The part of a cache key that comes before the arguments.
 *
 * <p>In a rule's own namespace, the key names the method ({@code type:name(descriptor)}), so two
 * implementations of one interface never share answers. In a namespace that several rules or
 * methods share on purpose, the key names only the return type: methods that return the same type
 * share answers for equal arguments, and a method never receives an answer of another type.
 */
public final class CacheKeyPrefix {

    private CacheKeyPrefix() {
    }

    /**
     * @param method the woven method as {@code type:name(descriptor)}
     * @return the prefix for a method's own namespace
     */
    public static String ownNamespace(String method) {
        return "m" + method.length() + ":" + method + "|";
    }

    /**
     * @param method the woven method as {@code type:name(descriptor)}
     * @return the prefix for a shared namespace: the return type only
     */
    public static String sharedNamespace(String method) {
        String returnType = method.substring(method.lastIndexOf(')') + 1);
        return "r" + returnType.length() + ":" + returnType + "|";
    }
}
