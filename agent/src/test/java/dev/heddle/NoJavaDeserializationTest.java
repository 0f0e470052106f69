package dev.heddle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.redis.EntrySeal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No Java deserialization anywhere in Heddle's own classes: none refers to {@code ObjectInputStream},
 * {@code ObjectInput} or {@code XMLDecoder} (nor calls their {@code readObject}), and none uses Jedis's client-side cache
 * (the one place in the relocated Jedis that constructs an {@code ObjectInputStream}; see
 * {@code docs/reliability/integrity.md}). Everything Heddle reads back from Redis is text that a
 * preset or a store decodes itself.
 */
class NoJavaDeserializationTest {

    /** A class that does deserialize, to show that the check sees it. */
    static final class Deserializer {

        static Object read(byte[] bytes) throws IOException, ClassNotFoundException {
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                return in.readObject();
            }
        }
    }

    /** The JDK's readers of serialized objects. */
    private static final Set<String> DESERIALIZERS = Set.of("java/io/ObjectInputStream", "java/io/ObjectInput",
            "java/beans/XMLDecoder");

    private static Path classesOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** @return each class under {@code dev/heddle} of that folder, with the forbidden things it refers to */
    private static TreeMap<String, List<String>> forbiddenReferences(Path classes) throws IOException {
        TreeMap<String, List<String>> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes.resolve("dev/heddle"))) {
            files.filter(file -> file.toString().endsWith(".class")).forEach(file -> {
                try {
                    ClassFileReferences references = ClassFileReferences.of(Files.readAllBytes(file));
                    List<String> forbidden = new ArrayList<>();
                    references.classes().stream()
                            .filter(name -> DESERIALIZERS.contains(name) || name.contains("redis/clients/jedis/csc/"))
                            .forEach(forbidden::add);
                    references.methods().stream().filter(method -> DESERIALIZERS.contains(method.substring(0, method.lastIndexOf('.'))))
                            .forEach(forbidden::add);
                    found.put(classes.relativize(file).toString(), forbidden);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return found;
    }

    @Test
    void noClassOfHeddleDeserializesOrUsesJedisClientSideCaching() throws Exception {
        TreeMap<String, List<String>> scanned = forbiddenReferences(classesOf(EntrySeal.class));

        assertThat(scanned.size()).as("Heddle's compiled classes").isGreaterThan(200);
        assertThat(scanned).containsKey("dev/heddle/redis/EntrySeal.class").containsKey("dev/heddle/preset/StainlessSdkPreset.class");
        assertThat(scanned.entrySet().stream().filter(entry -> !entry.getValue().isEmpty()).map(Object::toString).toList())
                .isEmpty();
    }

    @Test
    void theCheckSeesAClassThatDeserializes() throws Exception {
        TreeMap<String, List<String>> scanned = forbiddenReferences(classesOf(NoJavaDeserializationTest.class));

        assertThat(scanned.get("dev/heddle/NoJavaDeserializationTest$Deserializer.class"))
                .contains("java/io/ObjectInputStream", "java/io/ObjectInputStream.readObject");
        assertThat(ClassFileReferences.of(Files.readAllBytes(classesOf(Deserializer.class)
                .resolve("dev/heddle/NoJavaDeserializationTest$Deserializer.class"))).deserializes()).isTrue();
        assertThat(ClassFileReferences.of(Files.readAllBytes(classesOf(EntrySeal.class)
                .resolve("dev/heddle/redis/EntrySeal.class"))).deserializes()).isFalse();
    }
}
