package dev.heddle.weave;

import dev.heddle.pipeline.Registry;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Weaves {@link ServletAdvice} into {@code jakarta.servlet.http.HttpServlet#service(ServletRequest,
 * ServletResponse)} while the configuration in force has an {@code http:} section; the
 * {@link Reweaver} weaves the class again when the section comes or goes.
 */
final class ServletEdgePlan implements AgentBuilder.RawMatcher, AgentBuilder.Transformer {

    /** The one class woven for the HTTP edge. */
    static final String HTTP_SERVLET = "jakarta.servlet.http.HttpServlet";
    /** Its woven method, as {@link Reweaver} and the status name it. */
    static final String SERVICE = "service";

    private final Registry registry;
    private final Advice advice = Advice.to(ServletAdvice.class);

    ServletEdgePlan(Registry registry) {
        this.registry = registry;
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> beingRedefined,
            ProtectionDomain protectionDomain) {
        return loader != null && type.getName().equals(HTTP_SERVLET) && registry.config().http().isPresent();
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
            JavaModule module, ProtectionDomain protectionDomain) {
        return builder.visit(advice.on(ElementMatchers.named(SERVICE)
                .and(ElementMatchers.isPublic())
                .and(ElementMatchers.takesArguments(2))
                .and(ElementMatchers.takesArgument(0, ElementMatchers.named("jakarta.servlet.ServletRequest")))
                .and(ElementMatchers.takesArgument(1, ElementMatchers.named("jakarta.servlet.ServletResponse")))));
    }
}
