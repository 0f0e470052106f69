package dev.heddle.it.harness;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Child JVMs for the test apps that call real LLM SDKs: their class path is the whole test class
 * path (the SDKs, their dependencies and the compiled test apps), never the agent.
 */
public final class SdkApps {

    private SdkApps() {
    }

    /**
     * @param jdk the JDK to run on
     * @param mainClass the test app
     * @param workingDirectory the child's working directory
     * @return a builder without the agent
     */
    public static ChildJvm.Builder app(Jdk jdk, Class<?> mainClass, Path workingDirectory) {
        return TestApps.light(jdk, workingDirectory).classpath(testClassPath()).mainClass(mainClass);
    }

    /**
     * Surefire names the real class path in {@code surefire.test.class.path}; {@code java.class.path}
     * may be a manifest-only jar. The agent's own module jar, which Maven puts there only to build
     * the agent first, and the test JVM's Byte Buddy are left out: an app has neither.
     */
    static List<Path> testClassPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .filter(entry -> !entry.contains("heddle-agent") && !entry.contains("byte-buddy"))
                .map(Path::of)
                .toList();
    }
}
