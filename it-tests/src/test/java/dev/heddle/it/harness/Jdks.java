package dev.heddle.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDKs that every integration scenario runs on.
 *
 * <p>By default: the JDK running the tests ({@code java.home}), plus every other JDK under
 * {@code /usr/lib/jvm} whose {@code release} file says major version 21 or 25, one per major
 * version. The system property {@code heddle.it.jdks} (comma-separated JDK homes) replaces that
 * list entirely.
 */
public final class Jdks {

    /** The system property that lists JDK homes, comma-separated, instead of the default search. */
    public static final String OVERRIDE_PROPERTY = "heddle.it.jdks";

    /** The major versions searched for beside the current JDK. */
    static final Set<Integer> EXTRA_MAJORS = Set.of(21, 25);

    private static final Path JVM_FOLDER = Path.of("/usr/lib/jvm");
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");

    private Jdks() {
    }

    /**
     * The JDKs to run children on; the argument source of {@link OnEveryJdk}.
     *
     * @return at least one JDK, the current one first unless overridden
     */
    public static List<Jdk> all() {
        String override = System.getProperty(OVERRIDE_PROPERTY, "").trim();
        if (!override.isEmpty()) {
            return fromHomes(override);
        }
        Map<Integer, Jdk> byMajor = new LinkedHashMap<>();
        Jdk current = current();
        byMajor.put(current.major(), current);
        for (Jdk candidate : installedUnder(JVM_FOLDER)) {
            if (EXTRA_MAJORS.contains(candidate.major())) {
                byMajor.putIfAbsent(candidate.major(), candidate);
            }
        }
        return List.copyOf(byMajor.values());
    }

    /**
     * The JDK that runs this test.
     *
     * @return the JDK at {@code java.home}
     */
    public static Jdk current() {
        Path home = Path.of(System.getProperty("java.home"));
        return new Jdk(home, majorOf(home).orElse(Runtime.version().feature()));
    }

    /**
     * The JDKs directly under a folder, in name order: the folders with {@code bin/java} and a
     * readable {@code release} file.
     *
     * @param folder a folder such as {@code /usr/lib/jvm}
     * @return the JDKs found, none if the folder does not exist
     */
    static List<Jdk> installedUnder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Jdk> found = new ArrayList<>();
        try (Stream<Path> children = Files.list(folder)) {
            for (Path home : children.sorted().toList()) {
                if (Files.isExecutable(home.resolve("bin/java"))) {
                    majorOf(home).ifPresent(major -> found.add(new Jdk(home, major)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        return found;
    }

    /**
     * The major version of the JDK at {@code home}, from its {@code release} file.
     *
     * @param home a JDK home
     * @return the major version, empty if there is no readable {@code release} file
     */
    static Optional<Integer> majorOf(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            return parseMajor(Files.readString(release));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The major version in the text of a {@code release} file: {@code JAVA_VERSION="17.0.15"} is 17,
     * {@code JAVA_VERSION="1.8.0_402"} is 8.
     *
     * @param releaseFile the file's content
     * @return the major version, empty if there is no {@code JAVA_VERSION} line
     */
    static Optional<Integer> parseMajor(String releaseFile) {
        Matcher matcher = JAVA_VERSION.matcher(releaseFile);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String[] parts = matcher.group(1).split("[.+_-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return Optional.of(first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<Jdk> fromHomes(String commaSeparatedHomes) {
        Map<Path, Jdk> byHome = new LinkedHashMap<>();
        for (String entry : Arrays.stream(commaSeparatedHomes.split(",")).map(String::trim).toList()) {
            if (entry.isEmpty()) {
                continue;
            }
            Path home = Path.of(entry).toAbsolutePath().normalize();
            if (!Files.isExecutable(home.resolve("bin/java"))) {
                throw new IllegalArgumentException(OVERRIDE_PROPERTY + ": no bin/java under " + home);
            }
            int major = majorOf(home).orElseThrow(() -> new IllegalArgumentException(
                    OVERRIDE_PROPERTY + ": no JAVA_VERSION in " + home.resolve("release")));
            byHome.putIfAbsent(home, new Jdk(home, major));
        }
        if (byHome.isEmpty()) {
            throw new IllegalArgumentException(OVERRIDE_PROPERTY + " names no JDK: '" + commaSeparatedHomes + "'");
        }
        return List.copyOf(byHome.values());
    }
}
