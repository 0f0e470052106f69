package dev.heddle.weave;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.MatchConfig;
import dev.heddle.config.RuleConfig;
import dev.heddle.pipeline.Registry;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Weaves loaded classes again after a configuration change that added, removed or retargeted a
 * rule's {@code match} (or preset): the JVM retransforms them from their original class files, so
 * a class that a new rule matches gets its advice, and one that no rule matches any more is back to
 * the app's own code. A change of policy settings alone needs nothing here: the advice reads its
 * policy from the registry on every call.
 */
final class Reweaver {

    /** Classes retransformed in one call to the JVM; a failing batch does not stop the others. */
    private static final int BATCH = 50;

    private final Instrumentation instrumentation;
    private final Registry registry;

    Reweaver(Instrumentation instrumentation, Registry registry) {
        this.instrumentation = instrumentation;
        this.registry = registry;
    }

    /**
     * @param before the configuration that was in force
     * @param after the configuration now in force
     */
    void reweave(HeddleConfig before, HeddleConfig after) {
        Set<String> changedTypes = changedTypes(before, after);
        if (changedTypes.isEmpty()) return;
        List<Class<?>> affected = new ArrayList<>();
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (loaded.getClassLoader() == null || loaded.isArray() || !instrumentation.isModifiableClass(loaded)) continue;
            if (isOrExtendsAny(loaded, changedTypes)) affected.add(loaded);
        }
        for (Class<?> type : affected) {
            registry.forgetMethodsOf(type.getName());
        }
        for (int from = 0; from < affected.size(); from += BATCH) {
            List<Class<?>> batch = affected.subList(from, Math.min(affected.size(), from + BATCH));
            try {
                instrumentation.retransformClasses(batch.toArray(Class<?>[]::new));
            } catch (Throwable failed) {
                AgentLog.warn("could not weave again " + batch.size() + " class(es) after a configuration change (" + failed
                        + "); their methods keep the weaving they had");
            }
        }
        AgentLog.debug(() -> "configuration change: " + affected.size() + " loaded class(es) woven again for " + changedTypes);
    }

    /** The types named by a rule whose matches appeared, disappeared or changed. */
    static Set<String> changedTypes(HeddleConfig before, HeddleConfig after) {
        Set<String> was = matches(before);
        Set<String> is = matches(after);
        Set<String> changed = new HashSet<>();
        for (String match : was) {
            if (!is.contains(match)) changed.add(typeOf(match));
        }
        for (String match : is) {
            if (!was.contains(match)) changed.add(typeOf(match));
        }
        return changed;
    }

    /** Each match as {@code type|rule|method|parameters}, so that any difference shows. */
    private static Set<String> matches(HeddleConfig config) {
        Set<String> matches = new HashSet<>();
        for (RuleConfig rule : config.rules()) {
            for (MatchConfig match : MethodSelector.matchesOf(rule)) {
                matches.add(match.type() + "|" + rule.name() + "|" + match);
            }
        }
        if (config.http().isPresent()) matches.add(ServletEdgePlan.HTTP_SERVLET + "|http|" + ServletEdgePlan.SERVICE);
        return matches;
    }

    private static String typeOf(String match) {
        return match.substring(0, match.indexOf('|'));
    }

    private static boolean isOrExtendsAny(Class<?> type, Set<String> names) {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            if (names.contains(current.getName())) return true;
            for (Class<?> implemented : current.getInterfaces()) {
                if (isOrExtendsAny(implemented, names)) return true;
            }
        }
        return false;
    }
}
