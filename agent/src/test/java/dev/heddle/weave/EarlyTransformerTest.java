package dev.heddle.weave;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.annotations.Cached;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EarlyTransformerTest {

    interface RuleType {
        String chat(String prompt);
    }

    static class Annotated {
        @Cached(ttl = "1m")
        String answer(String prompt) {
            return prompt;
        }
    }

    static class DirectImplementation implements RuleType {
        @Override
        public String chat(String prompt) {
            return prompt;
        }
    }

    /** Names neither the annotation nor the rule's type; only declares the rule's method. */
    static class DeclaresTheRuleMethod {
        String chat(String prompt) {
            return prompt;
        }
    }

    static class Unrelated {
        String chatter(String prompt) {
            return prompt;
        }
    }

    private static final byte[] WOVEN = {(byte) 0xCA, (byte) 0xFE};

    private final EarlyTransformer early = new EarlyTransformer(
            List.of("dev.heddle.annotations.Cached", RuleType.class.getName()), List.of("chat"));

    @Test
    void aClassAnnotatedCachedMayNeedWeaving() {
        assertThat(early.mayNeedWeaving(classFile(Annotated.class))).isTrue();
    }

    @Test
    void aClassThatImplementsARuleTypeMayNeedWeaving() {
        assertThat(early.mayNeedWeaving(classFile(DirectImplementation.class))).isTrue();
    }

    @Test
    void aClassThatDeclaresARuleMethodMayNeedWeavingEvenWithoutNamingTheRuleType() {
        assertThat(early.mayNeedWeaving(classFile(DeclaresTheRuleMethod.class))).isTrue();
    }

    @Test
    void aClassWhoseNamesOnlyContainARuleMethodNameDoesNotWait() {
        assertThat(early.mayNeedWeaving(classFile(Unrelated.class))).isFalse();
    }

    @Test
    void aClassThatMayNeedWeavingWaitsForTheWeaverAndIsWovenOnFirstLoad() throws Exception {
        Thread[] loading = new Thread[1];
        CompletableFuture<byte[]> result = CompletableFuture.supplyAsync(() -> {
            loading[0] = Thread.currentThread();
            return transform(Annotated.class);
        });
        while (loading[0] == null || loading[0].getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
            assertThat(result).as("returned before the weaver was ready").isNotDone();
        }

        early.weaver(new FixedResult());
        early.installationEnded();

        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(WOVEN);
    }

    @Test
    void onceTheWeaverIsReadyEveryClassGoesToIt() throws Exception {
        early.weaver(new FixedResult());
        early.installationEnded();

        assertThat(transform(Unrelated.class)).isEqualTo(WOVEN);
    }

    @Test
    void afterAFailedInstallationNothingWaitsAndNothingIsWoven() throws Exception {
        early.installationEnded();

        assertThat(transform(Annotated.class)).isNull();
    }

    @Test
    void theInstallerThreadItselfNeverWaits() throws Exception {
        early.installerThread(Thread.currentThread());

        assertThat(transform(Annotated.class)).isNull();
    }

    private byte[] transform(Class<?> type) {
        try {
            return early.transform(type.getModule(), type.getClassLoader(), type.getName().replace('.', '/'), null,
                    type.getProtectionDomain(), classFile(type));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] classFile(Class<?> type) {
        try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class FixedResult implements ClassFileTransformer {
        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                ProtectionDomain protectionDomain, byte[] classfileBuffer) {
            return WOVEN;
        }
    }
}
