package dev.heddle.pipeline;

import dev.heddle.bootstrap.CallHandler;
import dev.heddle.cache.PendingStore;

/**
 * The runtime entry point of every woven call. Stages run in the order of the architecture brief;
 * this version has the exact response cache: a hit answers without running the method, a miss
 * stores the method's answer. A stage that needs the method to run again uses {@link OriginalMethod},
 * whose nested call passes through here untouched.
 */
public final class CallPipeline implements CallHandler {

    private final Registry registry;

    /**
     * @param registry where each woven method's current policy is
     */
    public CallPipeline(Registry registry) {
        this.registry = registry;
    }

    @Override
    public Object enter(String method, Class<?> type, Object self, Object[] arguments) {
        WovenMethod woven = registry.method(method);
        if (woven == null || OriginalMethod.isReentry()) return null;
        MethodPolicy policy = woven.policy();
        if (policy.cache() == null) return null;
        return policy.cache().lookup(policy.cacheKeyPrefix(), arguments, policy.cacheCounters());
    }

    @Override
    public Object exit(Object call, Object returned, Throwable thrown) {
        if (call instanceof PendingStore store) {
            store.complete(returned, thrown);
        }
        return returned;
    }
}
