package dev.heddle.weave;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.pipeline.Registry;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

/**
 * Byte Buddy's part of the agent, run on a background thread: the one {@link AgentBuilder} recipe,
 * installed behind the {@link EarlyTransformer}.
 *
 * <p>The recipe, as in OpenTelemetry's agent: retransformation, so classes loaded before the weaver
 * was ready (or before a late attach) are woven too; {@code disableClassFormatChanges()}, so a
 * retransformed class keeps its shape; inline {@code Advice} only; type descriptions read from class
 * files, never by loading classes; errors logged, successes only in debug mode.
 */
final class Weaver {

    private Weaver() {
    }

    /**
     * @param registry where woven methods are registered
     * @param early the transformer the JVM already calls
     * @param instrumentation the JVM's instrumentation
     * @return whether the weaver is in place
     */
    static boolean install(Registry registry, EarlyTransformer early, Instrumentation instrumentation) {
        if (!jvmSupported()) return false;
        WeavePlan plan = new WeavePlan(new MethodSelector(registry::config), registry);
        ServletEdgePlan edge = new ServletEdgePlan(registry);
        builder(Weaver.class.getClassLoader())
                .type(plan)
                .transform(plan)
                .type(edge)
                .transform(edge)
                .installOn(TransformerRedirect.to(early, instrumentation));
        return true;
    }

    static AgentBuilder.Ignored builder(ClassLoader heddleLoader) {
        return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                .with(new WeaveListener())
                .ignore(IgnoredTypes.matcher(), IgnoredTypes.loaders(heddleLoader));
    }

    /** Byte Buddy refuses class files newer than it knows; on such a JVM Heddle stays off. */
    private static boolean jvmSupported() {
        try {
            ClassFileVersion running = ClassFileVersion.ofThisVm();
            if (running.isGreaterThan(ClassFileVersion.latest()) && !Boolean.getBoolean("net.bytebuddy.experimental")) {
                AgentLog.warn("Java " + running.getJavaVersion() + " is newer than this Heddle supports (up to Java "
                        + ClassFileVersion.latest().getJavaVersion() + "); Heddle weaves nothing and the app runs without it");
                return false;
            }
            return true;
        } catch (RuntimeException unknown) {
            AgentLog.warn("cannot tell which Java version this is (" + unknown + "); Heddle weaves nothing");
            return false;
        }
    }
}
