package dev.heddle.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heddle.api.CircuitOpenException;
import dev.heddle.api.FallbackAnswer;
import dev.heddle.api.Heddle;
import dev.heddle.config.FallbackConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FallbackChainTest {

    private static final Predicate<Throwable> IO_IS_VENDOR_TROUBLE = failure -> failure instanceof IOException;
    private static final FallbackConfig EVERY_FALLBACK = new FallbackConfig(Optional.of(Duration.ofDays(1)),
            Optional.of("gpt-4o-mini"), Optional.of("cannedAnswer"), Optional.of("Please try again later."));
    private static final IOException OUTAGE = new IOException("503 Service Unavailable");

    private final ResilienceCounters counters = new ResilienceCounters();
    private final List<String> alternativesCalled = new ArrayList<>();

    @AfterEach
    void forgetTheLastFallback() {
        FallbackAnswer.recordForThisThread(null);
    }

    /** Alternative calls that fail unless named in {@code working}. */
    private FallbackChain.AlternativeCalls alternatives(String... working) {
        List<String> answering = List.of(working);
        return new FallbackChain.AlternativeCalls() {
            @Override
            public Object withModel(String model) throws Throwable {
                alternativesCalled.add("model " + model);
                if (!answering.contains("model")) throw new IOException("the cheaper model is down too");
                return "answer of " + model;
            }

            @Override
            public Object otherMethod(String method) throws Throwable {
                alternativesCalled.add("method " + method);
                if (!answering.contains("method")) throw new IllegalStateException("canned answers are missing");
                return "answer of " + method;
            }
        };
    }

    private FallbackChain chain(FallbackConfig settings) {
        return new FallbackChain("support-bot", settings, true, IO_IS_VENDOR_TROUBLE, counters);
    }

    @Test
    void aStaleCacheEntryIsPreferredToEveryOtherFallback() {
        Optional<Object> answer = chain(EVERY_FALLBACK).answer(OUTAGE, "yesterday's answer", alternatives("model", "method"));

        assertThat(answer).contains("yesterday's answer");
        assertThat(alternativesCalled).isEmpty();
        assertThat(Heddle.lastFallback()).contains(new FallbackAnswer("support-bot", "stale-cache",
                "java.io.IOException: 503 Service Unavailable"));
        assertThat(counters.fallbacks()).isEqualTo(1);
    }

    @Test
    void withoutAStaleEntryTheOtherModelIsAskedThenTheOtherMethodThenTheValue() {
        Optional<Object> fromTheValue = chain(EVERY_FALLBACK).answer(OUTAGE, null, alternatives());
        Optional<Object> fromTheMethod = chain(EVERY_FALLBACK).answer(OUTAGE, null, alternatives("method"));

        assertThat(fromTheValue).contains("Please try again later.");
        assertThat(fromTheMethod).contains("answer of cannedAnswer");
        assertThat(alternativesCalled).containsExactly("model gpt-4o-mini", "method cannedAnswer", "model gpt-4o-mini",
                "method cannedAnswer");
        assertThat(Heddle.lastFallback()).map(FallbackAnswer::kind).contains("method");
    }

    @Test
    void heddlesOwnRefusalsAreAnsweredByTheFallback() {
        Optional<Object> answer = chain(EVERY_FALLBACK).answer(new CircuitOpenException("open", null), null, alternatives("model"));

        assertThat(answer).contains("answer of gpt-4o-mini");
    }

    @Test
    void anErrorOfTheRequestItselfIsNotHiddenByAFallback() {
        Optional<Object> answer = chain(EVERY_FALLBACK).answer(new IllegalArgumentException("400 Bad Request"),
                "yesterday's answer", alternatives("model", "method"));

        assertThat(answer).isEmpty();
        assertThat(alternativesCalled).isEmpty();
        assertThat(counters.fallbacks()).isZero();
    }

    @Test
    void whenNoFallbackCanAnswerTheFailureStands() {
        FallbackConfig onlyAlternatives = new FallbackConfig(Optional.of(Duration.ofDays(1)), Optional.of("gpt-4o-mini"),
                Optional.empty(), Optional.empty());

        assertThat(chain(onlyAlternatives).answer(OUTAGE, null, alternatives())).isEmpty();
        assertThat(Heddle.lastFallback()).isEmpty();
    }

    @Test
    void aFixedValueIsLeftOutForAMethodThatDoesNotReturnText() {
        FallbackConfig onlyValue = new FallbackConfig(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("Please try again later."));

        FallbackChain chain = new FallbackChain("openai", onlyValue, false, IO_IS_VENDOR_TROUBLE, counters);

        assertThat(chain.isEmpty()).isTrue();
    }

    @Test
    void anAsynchronousCallIsAnsweredByTheFirstFallbackWhoseFutureSucceeds() throws Exception {
        FallbackConfig alternativesOnly = new FallbackConfig(Optional.empty(), Optional.of("gpt-4o-mini"),
                Optional.of("cannedAnswer"), Optional.empty());
        FallbackChain.AlternativeCalls futures = new FallbackChain.AlternativeCalls() {
            @Override
            public Object withModel(String model) {
                return CompletableFuture.failedFuture(new IOException("the cheaper model is down too"));
            }

            @Override
            public Object otherMethod(String method) {
                return CompletableFuture.completedFuture("answer of " + method);
            }
        };

        CompletableFuture<Object> answer = chain(alternativesOnly).answerAsync(OUTAGE, null, futures);

        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("answer of cannedAnswer");
        assertThat(counters.fallbacks()).isEqualTo(1);
    }

    @Test
    void anAsynchronousCallThatNoFallbackCanAnswerFailsWithTheOriginalFailure() {
        FallbackConfig withoutValue = new FallbackConfig(Optional.of(Duration.ofDays(1)), Optional.of("gpt-4o-mini"),
                Optional.of("cannedAnswer"), Optional.empty());

        CompletableFuture<Object> answer = chain(withoutValue).answerAsync(OUTAGE, null, alternatives());

        assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasCause(OUTAGE);
    }
}
