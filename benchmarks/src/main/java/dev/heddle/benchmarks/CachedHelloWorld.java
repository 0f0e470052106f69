package dev.heddle.benchmarks;

import dev.heddle.annotations.Cached;

/**
 * The worst case for {@link StartupMeasurement}: an app whose very first class has a {@code @Cached}
 * method, so that it must wait until Heddle's weaver is ready.
 */
public final class CachedHelloWorld {

    private CachedHelloWorld() {
    }

    @Cached(ttl = "1m")
    static String greeting(String name) {
        return "hello, " + name;
    }

    public static void main(String[] args) {
        System.out.println(greeting("world"));
    }
}
