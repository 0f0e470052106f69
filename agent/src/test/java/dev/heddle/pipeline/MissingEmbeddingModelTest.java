package dev.heddle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.bootstrap.Answer;
import dev.heddle.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule with {@code cache.semantic} whose local embedding model cannot be loaded (no companion jar,
 * or a file that is not one): its method is still woven with the exact cache, and the semantic
 * tier is off. Weaving must not load the model.
 */
class MissingEmbeddingModelTest {

    private static final String ANSWER = "com.example.Bot:answer(Ljava/lang/String;)Ljava/lang/String;";

    @TempDir
    Path dir;

    @AfterEach
    void forgetTheJarPath() {
        System.clearProperty("heddle.embeddings.jar");
    }

    private static Registry registry() throws Exception {
        Registry registry = new Registry(ConfigLoader.parse("""
                rules:
                  - name: bot
                    match: { type: com.example.Bot, method: answer }
                    cache: { ttl: 1h, semantic: {} }
                """, "test.yaml"));
        registry.register(new WovenMethod(ANSWER, List.of("bot"), Optional.empty()));
        return registry;
    }

    private static void assertTheExactCacheAnswersTheSecondCall(Registry registry) {
        CallPipeline pipeline = new CallPipeline(registry);
        Object first = pipeline.enter(ANSWER, Object.class, null, new Object[] {"What is a heddle?"});
        assertThat(first).as("a miss whose answer is stored").isNotNull().isNotInstanceOf(Answer.class);
        pipeline.exit(first, "A frame part of a loom.", null);

        Object second = pipeline.enter(ANSWER, Object.class, null, new Object[] {"What is a heddle?"});

        assertThat(second).isInstanceOf(Answer.class);
        assertThat(((Answer) second).value()).isEqualTo("A frame part of a loom.");
        assertThat(registry.cacheCounters("bot").hits()).isEqualTo(1);
    }

    @Test
    void withoutTheCompanionJarTheMethodIsWovenWithItsExactCache() throws Exception {
        System.setProperty("heddle.embeddings.jar", dir.resolve("heddle-embeddings.jar").toString());

        assertTheExactCacheAnswersTheSecondCall(registry());
    }

    @Test
    void withACompanionJarThatIsNotAJarTheMethodIsWovenWithItsExactCache() throws Exception {
        Path broken = Files.write(dir.resolve("heddle-embeddings.jar"), new byte[] {'P', 'K', 3, 4, 0, 0});
        System.setProperty("heddle.embeddings.jar", broken.toString());

        assertTheExactCacheAnswersTheSecondCall(registry());
    }
}
