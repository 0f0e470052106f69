package dev.heddle.weave;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers "can this class loader see this type?" from the class file's presence, without loading
 * anything, and remembers the answer per loader. A rule's classes are examined only in loaders that
 * can see the rule's type, which keeps hierarchy matching off the start-up path of every other
 * class (OpenTelemetry's {@code hasClassesNamed}).
 */
final class ClassLoaderGate {

    private final Cache<ClassLoader, Map<String, Boolean>> seen = Caffeine.newBuilder()
            // cleanup runs on the weaving thread, never on the app's shared ForkJoinPool.commonPool
            .executor(Runnable::run).weakKeys().build();

    /**
     * @param loader the loader, never the bootstrap loader (null)
     * @param typeName a binary type name
     * @return whether the loader, or a parent, holds the type's class file
     */
    boolean canSee(ClassLoader loader, String typeName) {
        Map<String, Boolean> types = seen.get(loader, ignored -> new ConcurrentHashMap<>());
        return types.computeIfAbsent(typeName,
                name -> loader.getResource(name.replace('.', '/') + ".class") != null);
    }
}
