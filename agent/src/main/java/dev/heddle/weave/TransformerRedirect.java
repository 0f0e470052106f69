package dev.heddle.weave;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * An {@link Instrumentation} for Byte Buddy's installation that hands the transformer Byte Buddy
 * registers to the {@link EarlyTransformer}, already registered with the JVM, instead of adding a
 * second one; everything else (retransforming the classes already loaded, above all) goes to the
 * JVM's instrumentation. A proxy, so that it stays complete whatever methods later JDKs add.
 */
final class TransformerRedirect {

    private TransformerRedirect() {
    }

    static Instrumentation to(EarlyTransformer early, Instrumentation jvm) {
        return (Instrumentation) Proxy.newProxyInstance(TransformerRedirect.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, arguments) -> {
                    switch (method.getName()) {
                        case "addTransformer":
                            early.weaver((ClassFileTransformer) arguments[0]);
                            return null;
                        case "removeTransformer":
                            if (early.weaver() != arguments[0]) return false;
                            early.weaver(null);
                            return true;
                        default:
                            try {
                                return method.invoke(jvm, arguments);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }
}
