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
     * For a preset's methods: the preset and the request type, so that the blocking and the
     * asynchronous client of one SDK share answers to equal requests.
     *
     * @param preset the preset name
     * @param method the woven method as {@code type:name(descriptor)}
     * @return the prefix
     */
    public static String preset(String preset, String method) {
        int open = method.indexOf('(');
        int firstParameterEnd = method.indexOf(';', open);
        String requestType = firstParameterEnd < 0 ? method.substring(open) : method.substring(open + 1, firstParameterEnd + 1);
        String text = preset + "|" + requestType;
        return "p" + text.length() + ":" + text + "|";
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
