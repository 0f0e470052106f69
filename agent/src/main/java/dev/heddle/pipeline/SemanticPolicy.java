package dev.heddle.pipeline;

import dev.heddle.bootstrap.AgentLog;
import dev.heddle.cache.ArgumentKey;
import dev.heddle.cache.UnkeyableArgumentException;
import dev.heddle.cache.semantic.SemanticCache;
import dev.heddle.config.SemanticConfig.SemanticScope;
import dev.heddle.identity.UserResolver;
import dev.heddle.preset.EmbeddingText;
import dev.heddle.preset.Preset;
import java.time.Duration;

/**
 * How one method's calls use a semantic cache: which text they are compared by, and which
 * partition they belong to.
 *
 * <p>For a preset's method, the text is the request's last user message, and everything else that
 * changes the answer (model, parameters, system prompt, earlier turns, tools) is the partition's
 * context, as {@link Preset#textToEmbed} splits it. For an annotated or {@code match:} method, the
 * text is its one {@code String} argument and the other arguments are the context; a method with
 * no or several {@code String} arguments is not cached semantically.
 *
 * @param cache the namespace's semantic cache
 * @param keyPrefix the method's exact key prefix, part of the context
 * @param scope who may share answers
 * @param scopeResolver finds the user or tenant, for those scopes; null for {@link SemanticScope#GLOBAL}
 */
public record SemanticPolicy(SemanticCache cache, String keyPrefix, SemanticScope scope, UserResolver scopeResolver) {

    /**
     * @param scopeValue from {@link #scopeValue}
     * @return the lookup (hit or miss), or null when this call is not cached semantically: it has no
     *     text to compare, or the embedder failed
     */
    SemanticCache.Lookup lookup(String owner, Preset preset, String scopeValue, Object self, Object[] arguments,
            Duration maxAge) {
        try {
            String text;
            String context;
            if (preset != null) {
                EmbeddingText embedding = preset.textToEmbed(self, arguments);
                text = embedding.text();
                context = embedding.contextFingerprint();
            } else {
                int textArgument = onlyStringArgument(arguments);
                if (textArgument < 0) return null;
                text = (String) arguments[textArgument];
                context = otherArguments(arguments, textArgument);
            }
            if (text == null || text.isBlank() || context == null) return null;
            // an embedder reads a text's first few hundred tokens: two huge questions with one opening would match
            if (text.length() > ArgumentKey.MAX_KEY_CHARS) return null;
            return cache.lookup(cache.partition(keyPrefix + '|' + context, scopeValue), text, maxAge);
        } catch (RuntimeException | LinkageError failure) {
            AgentLog.warnOnce("semantic-lookup:" + owner, owner + ": a semantic cache lookup failed, so such calls use the"
                    + " exact cache only until it works: " + failure);
            return null;
        }
    }

    /**
     * The scope a call's answers are kept in, for both tiers: an answer kept for one user (or tenant)
     * is never given to another, whether the request is equal or only similar.
     *
     * @return {@code *} for everyone, {@code user:<id>} or {@code tenant:<id>}; null when the scope
     *     is per user or tenant and the call names none, and so must not be cached at all
     */
    String scopeValue(Class<?> type, Object self, Object[] arguments) {
        if (scope == SemanticScope.GLOBAL) return "*";
        String found = scopeResolver.userOf(type, self, arguments);
        if (UserResolver.ANONYMOUS.equals(found)) return null;
        return (scope == SemanticScope.USER ? "user:" : "tenant:") + found;
    }

    private static int onlyStringArgument(Object[] arguments) {
        int found = -1;
        for (int i = 0; i < arguments.length; i++) {
            if (arguments[i] instanceof String) {
                if (found >= 0) return -1;
                found = i;
            }
        }
        return found;
    }

    /** The other arguments' key encoding, or null when one cannot be keyed. */
    private static String otherArguments(Object[] arguments, int textArgument) {
        StringBuilder context = new StringBuilder();
        for (int i = 0; i < arguments.length; i++) {
            if (i == textArgument) {
                context.append("<text>");
                continue;
            }
            try {
                context.append(ArgumentKey.encode(arguments[i]));
            } catch (UnkeyableArgumentException unkeyable) {
                return null;
            }
        }
        return context.toString();
    }
}
