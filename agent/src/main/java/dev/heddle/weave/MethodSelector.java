package dev.heddle.weave;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.CacheConfig;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.MatchConfig;
import dev.heddle.config.RuleConfig;
import dev.heddle.config.TrackConfig;
import dev.heddle.preset.Preset;
import dev.heddle.preset.Presets;
import dev.heddle.preset.StreamedPreset;
import dev.heddle.resilience.ResilienceSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Decides which methods of a class Heddle weaves: those annotated {@code @Cached}, {@code @Retry},
 * {@code @CircuitBreaker} or {@code @Timeout}, and those a
 * rule's {@code match} (or, without one, its preset) names, where the named type is the class itself
 * or one of its supertypes.
 *
 * <p>Checks run cheapest first: the class's own declared annotations; then, per rule, whether the
 * class loader can see the rule's type at all; only then the class's hierarchy. A failure to
 * resolve a supertype means no match, never an error for the app.
 */
final class MethodSelector {

    /** A method to weave and why. */
    record Selected(MethodDescription method, List<String> ruleNames, Optional<CacheConfig> annotationCache,
            ResilienceSettings annotationResilience, int userIdParameter, Optional<TrackConfig> annotationTrack) {
    }

    private static final String USER_ID = "dev.heddle.annotations.UserId";

    private static final Set<String> PRIMITIVES =
            Set.of("boolean", "byte", "char", "short", "int", "long", "float", "double");

    private final Supplier<HeddleConfig> config;
    private final ClassLoaderGate gate = new ClassLoaderGate();

    /**
     * @param config the configuration in force when a class is examined
     */
    MethodSelector(Supplier<HeddleConfig> config) {
        this.config = config;
    }

    /**
     * @param type a class about to be loaded or retransformed
     * @param loader its class loader, not the bootstrap loader
     * @return the methods to weave, possibly none
     */
    List<Selected> select(TypeDescription type, ClassLoader loader) {
        if (type.isInterface() || type.isAnnotation()) return List.of();
        Map<String, List<MatchConfig>> rules = matchingRules(type, loader);
        List<Selected> selected = new ArrayList<>();
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            if (!isWeavable(method) && !isStreamingToAHandler(type, method, rules)) continue;
            Optional<CacheConfig> annotationCache = CachedAnnotation.of(method);
            ResilienceSettings annotationResilience = ResilienceAnnotations.of(method);
            Optional<TrackConfig> annotationTrack = TrackedAnnotation.of(method);
            List<String> ruleNames = new ArrayList<>();
            for (Map.Entry<String, List<MatchConfig>> rule : rules.entrySet()) {
                if (rule.getValue().stream().anyMatch(match -> matchesMethod(match, method))) ruleNames.add(rule.getKey());
            }
            if (annotationCache.isPresent() || !annotationResilience.isEmpty() || annotationTrack.isPresent() || !ruleNames.isEmpty()) {
                selected.add(new Selected(method, ruleNames, annotationCache, annotationResilience, userIdParameter(method),
                        annotationTrack));
            }
        }
        return selected;
    }

    /** @return the index of the parameter annotated {@code @UserId}, or -1 */
    private static int userIdParameter(MethodDescription method) {
        for (ParameterDescription parameter : method.getParameters()) {
            boolean annotated = parameter.getDeclaredAnnotations().stream()
                    .anyMatch(annotation -> annotation.getAnnotationType().getName().equals(USER_ID));
            if (annotated) return parameter.getIndex();
        }
        return -1;
    }

    /** Rule name → the rule's matches whose type is this class or one of its supertypes, in file order. */
    private Map<String, List<MatchConfig>> matchingRules(TypeDescription type, ClassLoader loader) {
        Map<String, List<MatchConfig>> matching = new LinkedHashMap<>();
        for (RuleConfig rule : config.get().rules()) {
            for (MatchConfig match : matchesOf(rule)) {
                String ruleType = match.type();
                if (type.getName().equals(ruleType) || (gate.canSee(loader, ruleType) && isSubtypeOf(type, ruleType))) {
                    matching.computeIfAbsent(rule.name(), name -> new ArrayList<>()).add(match);
                }
            }
        }
        return matching;
    }

    /**
     * A rule's own {@code match}, or else the methods of its preset.
     *
     * @param rule a rule
     * @return what it weaves; nothing for an unknown preset
     */
    static List<MatchConfig> matchesOf(RuleConfig rule) {
        if (rule.match().isPresent()) return List.of(rule.match().get());
        return rule.preset().flatMap(Presets::named).map(Preset::targets).orElse(List.of());
    }

    private static boolean isSubtypeOf(TypeDescription type, String superTypeName) {
        try {
            return hasSuperType(named(superTypeName)).matches(type);
        } catch (RuntimeException unresolvable) {
            AgentLog.debug(() -> "cannot resolve the supertypes of " + type.getName() + ": " + unresolvable);
            return false;
        }
    }

    /** Methods with a body that return a value; constructors, bridges and synthetic methods never. */
    private static boolean isWeavable(MethodDescription method) {
        return hasBody(method) && !method.getReturnType().represents(void.class);
    }

    /** A method of the class's own code: not a constructor, abstract, native, a bridge or synthetic. */
    private static boolean hasBody(MethodDescription method) {
        return method.isMethod() && !method.isAbstract() && !method.isNative() && !method.isBridge() && !method.isSynthetic();
    }

    /**
     * A {@code void} method a preset weaves as a streamed call: one that hands its chunks to a
     * handler argument (LangChain4j's {@code StreamingChatModel.doChat(request, handler)}). Other
     * {@code void} methods have no answer to cache and are never woven.
     */
    private boolean isStreamingToAHandler(TypeDescription type, MethodDescription method, Map<String, List<MatchConfig>> rules) {
        if (rules.isEmpty() || !hasBody(method)) return false;
        String signature = type.getName() + ":" + method.getName() + method.getDescriptor();
        for (RuleConfig rule : config.get().rules()) {
            List<MatchConfig> matches = rules.get(rule.name());
            if (rule.match().isPresent() || matches == null || matches.stream().noneMatch(match -> matchesMethod(match, method))) continue;
            if (rule.preset().flatMap(Presets::named).map(preset -> preset.forMethod(signature) instanceof StreamedPreset).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesMethod(MatchConfig match, MethodDescription method) {
        if (!method.getName().equals(match.method())) return false;
        if (match.parameterTypes().isEmpty()) return true;
        List<String> wanted = match.parameterTypes().get();
        List<TypeDescription> actual = method.getParameters().asTypeList().asErasures();
        if (wanted.size() != actual.size()) return false;
        for (int i = 0; i < wanted.size(); i++) {
            if (!sourceName(actual.get(i)).equals(canonical(wanted.get(i)))) return false;
        }
        return true;
    }

    /** {@code java.lang.String}, {@code int}, {@code byte[]}, {@code com.example.Outer$Inner}. */
    private static String sourceName(TypeDefinition type) {
        if (type.isArray()) return sourceName(type.getComponentType()) + "[]";
        return type.asErasure().getName();
    }

    /** Simple names of {@code java.lang} types, such as {@code String}, stand for the full name. */
    private static String canonical(String written) {
        String name = written.replace(" ", "");
        int array = name.indexOf('[');
        String element = array < 0 ? name : name.substring(0, array);
        String dimensions = array < 0 ? "" : name.substring(array);
        if (!element.contains(".") && !PRIMITIVES.contains(element)) element = "java.lang." + element;
        return element + dimensions;
    }
}
