package dev.heddle.weave;

import dev.heddle.pipeline.Registry;
import dev.heddle.pipeline.WovenMethod;
import java.security.ProtectionDomain;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Matches the classes that have methods to weave and inlines {@link CallAdvice} into exactly those
 * methods, registering each with the {@link Registry} so that woven code finds its policy.
 */
final class WeavePlan implements AgentBuilder.RawMatcher, AgentBuilder.Transformer {

    private final MethodSelector selector;
    private final Registry registry;
    private final Advice advice = Advice.to(CallAdvice.class);

    WeavePlan(MethodSelector selector, Registry registry) {
        this.selector = selector;
        this.registry = registry;
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> beingRedefined,
            ProtectionDomain protectionDomain) {
        return loader != null && !selector.select(type, loader).isEmpty();
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
            JavaModule module, ProtectionDomain protectionDomain) {
        List<MethodSelector.Selected> selected = selector.select(type, loader);
        Set<String> signatures = new HashSet<>();
        for (MethodSelector.Selected method : selected) {
            String signature = signature(type, method.method());
            signatures.add(signature);
            registry.register(new WovenMethod(signature, method.ruleNames(), method.annotationCache(),
                    method.annotationResilience(), method.userIdParameter(), method.annotationTrack()));
        }
        return builder.visit(advice.on(method -> signatures.contains(signature(type, method))));
    }

    /** The same text as {@code @Advice.Origin("#t:#m#d")} produces in the woven code. */
    static String signature(TypeDescription type, MethodDescription method) {
        return type.getName() + ":" + method.getInternalName() + method.getDescriptor();
    }
}
