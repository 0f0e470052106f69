package dev.heddle.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.ClassFileReferences;
import dev.heddle.it.harness.ItFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the shipped {@code heddle-agent.jar} holds, class by class: no Heddle class refers to Java
 * deserialization ({@code ObjectInputStream}, {@code ObjectInput}, {@code XMLDecoder}), and of the
 * relocated third-party classes exactly one constructs an {@code ObjectInputStream}: Jedis's
 * client-side cache ({@code redis.clients.jedis.csc.CacheEntry}), which no Heddle class uses.
 * A dependency upgrade that adds another fails here, for someone to look at.
 */
class AgentJarDeserializationTest {

    private static final Set<String> DESERIALIZERS = Set.of("java/io/ObjectInputStream", "java/io/ObjectInput",
            "java/beans/XMLDecoder");
    private static final String SHADED = "dev/heddle/shaded/";
    private static final List<String> OWN = new ArrayList<>();
    private static final Set<String> OWN_REFERRING = new TreeSet<>();
    private static final Set<String> THIRD_PARTY_DESERIALIZING = new TreeSet<>();

    /** Reads every class of the jar once; a class under {@code dev/heddle/inst/} is loaded by the agent's own loader. */
    @BeforeAll
    static void scan() throws IOException {
        try (JarFile jar = new JarFile(ItFiles.agentJar().toFile())) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (!entry.getName().endsWith(".class") || entry.getName().endsWith("module-info.class")) continue;
                String name = entry.getName().startsWith("dev/heddle/inst/")
                        ? entry.getName().substring("dev/heddle/inst/".length()) : entry.getName();
                ClassFileReferences references = ClassFileReferences.of(jar.getInputStream(entry).readAllBytes());
                boolean own = name.startsWith("dev/heddle/") && !name.startsWith(SHADED);
                if (own) {
                    OWN.add(name);
                    boolean refers = references.classes().stream()
                            .anyMatch(type -> DESERIALIZERS.contains(type) || type.startsWith(SHADED + "redis/clients/jedis/csc/"));
                    if (refers) OWN_REFERRING.add(name);
                } else if (references.deserializes()) {
                    THIRD_PARTY_DESERIALIZING.add(name);
                }
            }
        }
    }

    @Test
    void noHeddleClassInTheJarRefersToJavaDeserializationOrJedisClientSideCaching() {
        assertThat(OWN).as("Heddle's classes in the jar").hasSizeGreaterThan(200).contains("dev/heddle/redis/EntrySeal.class");
        assertThat(OWN_REFERRING).isEmpty();
    }

    @Test
    void theOnlyRelocatedClassThatDeserializesIsJedisClientSideCacheEntry() {
        assertThat(THIRD_PARTY_DESERIALIZING).containsExactly(SHADED + "redis/clients/jedis/csc/CacheEntry.class");
    }
}
