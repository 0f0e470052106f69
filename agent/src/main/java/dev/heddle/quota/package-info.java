/**
 * Quotas: limits on requests and LLM tokens per user, tier, model or the whole app, in process
 * ({@link dev.heddle.quota.LocalQuotaStore}) or exact across JVMs through Redis
 * ({@link dev.heddle.quota.RedisQuotaStore}); and the adaptive concurrency limit that learns what
 * the vendor takes ({@link dev.heddle.quota.AdaptiveConcurrencyLimit}), with the rule that tightens
 * per-user limits under load ({@link dev.heddle.quota.LoadShrink}).
 *
 * <p>A call is checked with one {@link dev.heddle.quota.QuotaCheck} (all of its
 * {@link dev.heddle.quota.Charge}s, admitted and charged together or not at all) and, when it
 * reserved an estimate, settled once with what it used. See {@code docs/quota-engine-notes.md}.
 */
package dev.heddle.quota;
