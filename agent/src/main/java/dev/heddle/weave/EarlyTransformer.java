package dev.heddle.weave;

import dev.heddle.bootstrap.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one class file transformer Heddle registers with the JVM, from the first moment of
 * {@code premain}, so that the app can start while Byte Buddy loads and builds its transformer in
 * the background.
 *
 * <p>Once Byte Buddy's transformer is ready, every class goes to it. Until then, a class passes
 * untouched, and Byte Buddy's installation retransforms it later, unless its class file names a
 * Heddle annotation or the type of a rule, or has a constant that is exactly a rule's method name:
 * such a class may hold a woven method that the app is about to call (a subclass of a subclass of
 * a rule's type names only its direct supertypes, but still declares the method), so its loading
 * waits for the transformer and it is woven on first load; its first call is never missed. An app
 * whose first classes need no weaving starts without waiting for Heddle.
 */
final class EarlyTransformer implements ClassFileTransformer {

    /** Longest a class load waits for the weaver; past it the class loads unwoven and is retransformed later. */
    private static final long MAX_WAIT_SECONDS = 60;

    private final List<byte[]> weavingHints;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile ClassFileTransformer weaver;
    private volatile Thread installer;

    /**
     * @param typeNames binary type names (such as {@code dev.heddle.annotations.Cached} or a rule's
     *     type) whose mention in a class file means the class may need weaving
     * @param methodNames method names whose presence as a constant means the class may need weaving
     */
    EarlyTransformer(List<String> typeNames, List<String> methodNames) {
        List<byte[]> hints = new ArrayList<>();
        for (String typeName : typeNames) {
            hints.add(typeName.replace('.', '/').getBytes(StandardCharsets.UTF_8));
        }
        for (String methodName : methodNames) {
            hints.add(utf8Constant(methodName));
        }
        this.weavingHints = List.copyOf(hints);
    }

    /** A CONSTANT_Utf8 entry of the constant pool: tag 1, a two-byte length, the bytes. */
    private static byte[] utf8Constant(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] constant = new byte[bytes.length + 3];
        constant[0] = 1;
        constant[1] = (byte) (bytes.length >>> 8);
        constant[2] = (byte) bytes.length;
        System.arraycopy(bytes, 0, constant, 3, bytes.length);
        return constant;
    }

    /** @param thread the thread that installs the weaver; it never waits for itself */
    void installerThread(Thread thread) {
        installer = thread;
    }

    /** @param transformer Byte Buddy's transformer, or null to stop weaving new classes */
    void weaver(ClassFileTransformer transformer) {
        weaver = transformer;
    }

    /** @return the weaver now in place, or null */
    ClassFileTransformer weaver() {
        return weaver;
    }

    /** The installation has ended, well or not: nothing waits any longer. */
    void installationEnded() {
        ready.countDown();
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classFile) throws IllegalClassFormatException {
        ClassFileTransformer current = weaver;
        if (current == null) {
            if (loader == null || classBeingRedefined != null || ready.getCount() == 0
                    || Thread.currentThread() == installer || !mayNeedWeaving(classFile)) {
                return null;
            }
            current = awaitWeaver(className);
            if (current == null) return null;
        }
        return current.transform(module, loader, className, classBeingRedefined, protectionDomain, classFile);
    }

    private ClassFileTransformer awaitWeaver(String className) {
        try {
            if (!ready.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
                AgentLog.warnOnce("weaver-slow", "Heddle's weaver was not ready after " + MAX_WAIT_SECONDS
                        + " s; " + className.replace('/', '.') + " loads unwoven and is woven later");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return weaver;
    }

    boolean mayNeedWeaving(byte[] classFile) {
        for (byte[] hint : weavingHints) {
            if (contains(classFile, hint)) return true;
        }
        return false;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        int last = haystack.length - needle.length;
        byte first = needle[0];
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) continue;
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }
}
