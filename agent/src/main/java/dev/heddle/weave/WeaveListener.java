package dev.heddle.weave;

import dev.heddle.bootstrap.AgentLog;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Reports weaving: every failure, once per class, as a warning (the class then runs unwoven), and
 * each woven class only in debug mode.
 */
final class WeaveListener extends AgentBuilder.Listener.Adapter {

    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
            DynamicType dynamicType) {
        AgentLog.debug(() -> "wove " + type.getName() + (loaded ? " (retransformed)" : ""));
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
        AgentLog.warnOnce("weave:" + typeName, "could not weave " + typeName + "; it runs as without Heddle: " + error);
        if (AgentLog.isDebug()) error.printStackTrace(System.err);
    }
}
