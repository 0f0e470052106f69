package dev.heddle.pipeline;

import dev.heddle.config.CacheConfig;
import dev.heddle.config.TrackConfig;
import dev.heddle.resilience.ResilienceSettings;
import java.util.List;
import java.util.Optional;

/**
 * A method Heddle has woven, with what was known when it was woven (its annotations, the rules
 * that matched it) and the policy that applies now. The policy is replaced as a whole when the
 * configuration changes; a call reads it once.
 */
public final class WovenMethod {

    private final String signature;
    private final List<String> ruleNames;
    private final Optional<CacheConfig> annotationCache;
    private final ResilienceSettings annotationResilience;
    private final boolean async;
    private final int userIdParameter;
    private final Optional<TrackConfig> annotationTrack;
    private volatile MethodPolicy policy = MethodPolicy.NONE;

    /**
     * @param signature {@code binary.type.Name:method(descriptor)}
     * @param ruleNames the rules whose {@code match} selected it, in file order
     * @param annotationCache the cache asked for by its {@code @Cached} annotation, when it has one
     */
    public WovenMethod(String signature, List<String> ruleNames, Optional<CacheConfig> annotationCache) {
        this(signature, ruleNames, annotationCache, ResilienceSettings.NONE);
    }

    /**
     * @param signature {@code binary.type.Name:method(descriptor)}
     * @param ruleNames the rules whose {@code match} selected it, in file order
     * @param annotationCache the cache asked for by its {@code @Cached} annotation, when it has one
     * @param annotationResilience the policies its {@code @Retry}, {@code @CircuitBreaker} and
     *     {@code @Timeout} annotations ask for
     */
    public WovenMethod(String signature, List<String> ruleNames, Optional<CacheConfig> annotationCache,
            ResilienceSettings annotationResilience) {
        this(signature, ruleNames, annotationCache, annotationResilience, -1);
    }

    /**
     * @param signature {@code binary.type.Name:method(descriptor)}
     * @param ruleNames the rules whose {@code match} selected it, in file order
     * @param annotationCache the cache asked for by its {@code @Cached} annotation, when it has one
     * @param annotationResilience the policies its resilience annotations ask for
     * @param userIdParameter the index of its parameter annotated {@code @UserId}, or -1
     */
    public WovenMethod(String signature, List<String> ruleNames, Optional<CacheConfig> annotationCache,
            ResilienceSettings annotationResilience, int userIdParameter) {
        this(signature, ruleNames, annotationCache, annotationResilience, userIdParameter, Optional.empty());
    }

    /**
     * @param signature {@code binary.type.Name:method(descriptor)}
     * @param ruleNames the rules whose {@code match} selected it, in file order
     * @param annotationCache the cache asked for by its {@code @Cached} annotation, when it has one
     * @param annotationResilience the policies its resilience annotations ask for
     * @param userIdParameter the index of its parameter annotated {@code @UserId}, or -1
     * @param annotationTrack the app event its {@code @Tracked} annotation asks for, when it has one
     */
    public WovenMethod(String signature, List<String> ruleNames, Optional<CacheConfig> annotationCache,
            ResilienceSettings annotationResilience, int userIdParameter, Optional<TrackConfig> annotationTrack) {
        this.annotationTrack = annotationTrack;
        this.userIdParameter = userIdParameter;
        this.signature = signature;
        this.ruleNames = List.copyOf(ruleNames);
        this.annotationCache = annotationCache;
        this.annotationResilience = annotationResilience;
        String returnType = signature.substring(signature.lastIndexOf(')') + 1);
        this.async = returnType.equals("Ljava/util/concurrent/CompletableFuture;")
                || returnType.equals("Ljava/util/concurrent/CompletionStage;");
    }

    /** @return whether it returns a {@code CompletableFuture} or {@code CompletionStage} of its answer */
    public boolean async() {
        return async;
    }

    /** @return the index of the parameter annotated {@code @UserId}, or -1 */
    public int userIdParameter() {
        return userIdParameter;
    }

    /**
     * @param signature {@code binary.type.Name:name(descriptor)}
     * @return the method's name
     */
    static String nameOf(String signature) {
        int colon = signature.indexOf(':');
        int parenthesis = signature.indexOf('(', colon);
        return colon < 0 || parenthesis < 0 ? signature : signature.substring(colon + 1, parenthesis);
    }

    /** @return {@code binary.type.Name:method(descriptor)} */
    public String signature() {
        return signature;
    }

    /** @return the rules whose {@code match} selected it, in file order */
    public List<String> ruleNames() {
        return ruleNames;
    }

    /** @return the cache its {@code @Cached} annotation asks for */
    public Optional<CacheConfig> annotationCache() {
        return annotationCache;
    }

    /** @return the policies its resilience annotations ask for */
    public ResilienceSettings annotationResilience() {
        return annotationResilience;
    }

    /** @return the app event its {@code @Tracked} annotation asks for */
    public Optional<TrackConfig> annotationTrack() {
        return annotationTrack;
    }

    /** @return the policy that applies now */
    public MethodPolicy policy() {
        return policy;
    }

    void policy(MethodPolicy current) {
        policy = current;
    }
}
