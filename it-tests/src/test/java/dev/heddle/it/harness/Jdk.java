package dev.heddle.it.harness;

import java.nio.file.Path;

/**
 * A JDK that child JVMs can run on.
 *
 * @param home the JDK's home folder, the one with {@code bin/java} and {@code release}
 * @param major the feature version, such as 17 or 25
 */
public record Jdk(Path home, int major) {

    /**
     * The {@code java} launcher of this JDK.
     *
     * @return the path to {@code bin/java}
     */
    public Path javaExecutable() {
        return home.resolve("bin").resolve("java");
    }

    /** The name shown in test reports, for example {@code JDK 25 (/usr/lib/jvm/temurin-25-jdk-amd64)}. */
    @Override
    public String toString() {
        return "JDK " + major + " (" + home + ")";
    }
}
