package dev.heddle.weave;

import dev.heddle.config.HeddleConfig;
import dev.heddle.config.MatchConfig;
import dev.heddle.config.RuleConfig;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Which methods of a class the agent would weave, and why, for tools that read class files without
 * running the agent ({@code heddle-agent.jar check --classpath}).
 *
 * <p>It asks the agent's own {@link IgnoredTypes} and {@link MethodSelector}, so what a tool shows
 * cannot drift from what the agent does; it adds nothing to the matching and never weaves.
 */
public final class WeavePreview {

    /**
     * A method the agent would weave.
     *
     * @param method the method, as read from its class file
     * @param ruleNames the rules that name it, in file order; empty when only annotations select it
     * @param annotations the Heddle annotations that select it, such as {@code @Cached}, in a fixed order
     */
    public record Selection(MethodDescription method, List<String> ruleNames, List<String> annotations) {

        public Selection {
            ruleNames = List.copyOf(ruleNames);
            annotations = List.copyOf(annotations);
        }
    }

    private static final ElementMatcher<TypeDescription> IGNORED = IgnoredTypes.matcher();

    private final MethodSelector selector;

    /**
     * @param config the configuration whose rules select methods
     */
    public WeavePreview(HeddleConfig config) {
        this.selector = new MethodSelector(() -> config);
    }

    /**
     * @param type a class, described from its class file
     * @param loader a loader that can find the class files of the class's world, for the check
     *     "can this loader see the rule's type"; only its resources are read, no class is loaded
     * @return the methods the agent would weave in the class, possibly none
     */
    public List<Selection> select(TypeDescription type, ClassLoader loader) {
        if (IGNORED.matches(type)) return List.of();
        List<Selection> selections = new ArrayList<>();
        for (MethodSelector.Selected selected : selector.select(type, loader)) {
            List<String> annotations = new ArrayList<>();
            if (selected.annotationCache().isPresent()) annotations.add("@Cached");
            if (selected.annotationResilience().retry().isPresent()) annotations.add("@Retry");
            if (selected.annotationResilience().circuitBreaker().isPresent()) annotations.add("@CircuitBreaker");
            if (selected.annotationResilience().timeout().isPresent()) annotations.add("@Timeout");
            if (selected.annotationResilience().fallback().isPresent()) annotations.add("@Fallback");
            if (selected.annotationTrack().isPresent()) annotations.add("@Tracked");
            selections.add(new Selection(selected.method(), selected.ruleNames(), annotations));
        }
        return selections;
    }

    /**
     * @param rule a rule
     * @return what the rule weaves: its {@code match}, or else its preset's methods; nothing for an unknown preset
     */
    public static List<MatchConfig> targetsOf(RuleConfig rule) {
        return MethodSelector.matchesOf(rule);
    }

    /**
     * @param rule a rule
     * @param config the configuration it is part of
     * @return the settings of the rule that the agent accepts but does not act on, which it warns about at start-up
     */
    public static List<String> inactiveSettings(RuleConfig rule, HeddleConfig config) {
        return UnavailableFeatures.inactiveSettings(rule, config);
    }
}
