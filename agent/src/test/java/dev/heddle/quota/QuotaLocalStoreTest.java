package dev.heddle.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heddle.quota.QuotaDecision.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QuotaLocalStoreTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final LocalQuotaStore store = new LocalQuotaStore(1_000, nanos::get);

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private QuotaDecision request(String key, Limit limit) {
        return store.acquire(QuotaCheck.of("q", Charge.exact(key, limit, 1)));
    }

    private int admittedOf(int attempts, String key, Limit limit) {
        int admitted = 0;
        for (int i = 0; i < attempts; i++) {
            if (request(key, limit).admitted()) admitted++;
        }
        return admitted;
    }

    @Test
    void slidingWindowAdmitsNoBurstAtTheWindowEdge() {
        Limit tenPerMinute = Limit.slidingWindow(10, Duration.ofMinutes(1));
        advance(Duration.ofSeconds(59));
        assertThat(admittedOf(10, "alice", tenPerMinute)).isEqualTo(10);

        // two seconds later a fixed window would have started afresh and let 10 more through
        advance(Duration.ofSeconds(2));
        QuotaDecision refused = request("alice", tenPerMinute);

        assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(58));
        advance(Duration.ofSeconds(58).minusNanos(1));
        assertThat(request("alice", tenPerMinute).admitted()).isFalse();
        advance(Duration.ofNanos(1));
        assertThat(admittedOf(11, "alice", tenPerMinute)).isEqualTo(10);
    }

    @Test
    void slidingWindowFreesEachChargeOneWindowAfterItWasMade() {
        Limit threePerTenSeconds = Limit.slidingWindow(3, Duration.ofSeconds(10));
        request("bob", threePerTenSeconds);
        advance(Duration.ofSeconds(4));
        request("bob", threePerTenSeconds);
        request("bob", threePerTenSeconds);

        QuotaDecision refused = request("bob", threePerTenSeconds);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(refused.resetAfter()).isEqualTo(Duration.ofSeconds(10));

        advance(Duration.ofSeconds(6));
        assertThat(admittedOf(2, "bob", threePerTenSeconds)).isEqualTo(1);
    }

    @Test
    void tokenBucketBurstsUpToItsCapacityThenRefillsAtTheConfiguredRate() {
        Limit tenPerTenSeconds = Limit.tokenBucket(10, Duration.ofSeconds(10));
        assertThat(admittedOf(11, "carol", tenPerTenSeconds)).isEqualTo(10);
        assertThat(request("carol", tenPerTenSeconds).retryAfter()).isEqualTo(Duration.ofSeconds(1));

        advance(Duration.ofSeconds(1));
        assertThat(admittedOf(2, "carol", tenPerTenSeconds)).isEqualTo(1);

        advance(Duration.ofMillis(5_500));
        assertThat(admittedOf(10, "carol", tenPerTenSeconds)).isEqualTo(5);
        assertThat(request("carol", tenPerTenSeconds).retryAfter()).isEqualTo(Duration.ofMillis(500));

        advance(Duration.ofMinutes(5));
        assertThat(admittedOf(20, "carol", tenPerTenSeconds)).isEqualTo(10);
    }

    @Test
    void tokenBucketKeepsItsWholeBurstWhenTheRefillIsNoWholeNumberOfNanoseconds() {
        Limit threePerSecond = Limit.tokenBucket(3, Duration.ofSeconds(1));
        assertThat(admittedOf(4, "dave", threePerSecond)).isEqualTo(3);

        advance(Duration.ofSeconds(30));
        long admitted = 0;
        for (int i = 0; i <= 3_000; i++) {
            if (request("dave", threePerSecond).admitted()) admitted++;
            advance(Duration.ofMillis(10));
        }
        // every 10 ms from 0 s to 30 s inclusive: the full burst of 3 at 0 s, then one unit each
        // 333.33... ms; the 90th refill falls on 30 s exactly, which the summed costs must not miss
        assertThat(admitted).isEqualTo(3 + 90);
    }

    @Test
    void aRefusalByOneLimitChargesNoneOfTheOthers() {
        Limit user = Limit.slidingWindow(5, Duration.ofMinutes(1));
        Limit global = Limit.tokenBucket(2, Duration.ofMinutes(1));
        QuotaCheck both = QuotaCheck.of("q", Charge.exact("user:erin", user, 1), Charge.exact("global", global, 1));
        assertThat(store.acquire(both).admitted()).isTrue();
        assertThat(store.acquire(both).admitted()).isTrue();

        QuotaDecision refused = store.acquire(both);

        assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(refused.key()).hasValue("global");
        QuotaDecision userAlone = store.acquire(QuotaCheck.of("q", Charge.exact("user:erin", user, 1)));
        assertThat(userAlone.remaining()).as("user limit after 3 charges of its own").isEqualTo(2);
    }

    @Test
    void aRefusalNamesTheLimitThatFreesUpLast() {
        Limit shortWindow = Limit.slidingWindow(1, Duration.ofSeconds(1));
        Limit longWindow = Limit.slidingWindow(1, Duration.ofHours(1));
        QuotaCheck both = QuotaCheck.of("q", Charge.exact("short", shortWindow, 1), Charge.exact("long", longWindow, 1));
        store.acquire(both);

        QuotaDecision refused = store.acquire(both);

        assertThat(refused.key()).hasValue("long");
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anAdmissionReportsTheTightestLimit() {
        QuotaDecision admitted = store.acquire(QuotaCheck.of("q",
                Charge.exact("roomy", Limit.slidingWindow(100, Duration.ofMinutes(1)), 1),
                Charge.exact("tight", Limit.tokenBucket(3, Duration.ofMinutes(1)), 1)));

        assertThat(admitted.outcome()).isEqualTo(Outcome.ADMITTED);
        assertThat(admitted.key()).hasValue("tight");
        assertThat(admitted.remaining()).isEqualTo(2);
        assertThat(admitted.reservation()).isSameAs(Reservation.NONE);
    }

    @Test
    void aChargeLargerThanTheWholeLimitIsTooLargeForever() {
        QuotaDecision decision = store.acquire(QuotaCheck.of("q",
                Charge.estimate("tokens", Limit.slidingWindow(1_000, Duration.ofMinutes(1)), 5_000)));

        assertThat(decision.outcome()).isEqualTo(Outcome.TOO_LARGE);
        assertThat(decision.admitted()).isFalse();
        assertThat(decision.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("5000"));
    }

    @Test
    void settleChargesTheDifferenceAboveTheEstimate() {
        Limit tokens = Limit.slidingWindow(1_000, Duration.ofMinutes(1));
        QuotaDecision reserved = store.acquire(QuotaCheck.of("q", Charge.estimate("tokens", tokens, 200)));
        assertThat(reserved.remaining()).isEqualTo(800);

        store.settle(reserved.reservation(), 350);

        assertThat(remainingOf("tokens", tokens)).isEqualTo(650);
    }

    @Test
    void settleRefundsWhatTheCallDidNotUse() {
        Limit tokens = Limit.tokenBucket(1_000, Duration.ofMinutes(1));
        QuotaDecision reserved = store.acquire(QuotaCheck.of("q", Charge.estimate("tokens", tokens, 500)));

        store.settle(reserved.reservation(), 120);

        assertThat(remainingOf("tokens", tokens)).isEqualTo(880);
    }

    @Test
    void releaseRefundsTheWholeEstimateAndASecondCorrectionIsIgnored() {
        Limit tokens = Limit.slidingWindow(1_000, Duration.ofMinutes(1));
        Reservation reservation = store.acquire(QuotaCheck.of("q", Charge.estimate("tokens", tokens, 400))).reservation();

        store.release(reservation);
        store.settle(reservation, 900);
        store.release(reservation);

        assertThat(remainingOf("tokens", tokens)).isEqualTo(1_000);
    }

    @Test
    void settleCorrectsEveryEstimateOfTheCheckButNotItsExactCharges() {
        Limit requests = Limit.slidingWindow(10, Duration.ofMinutes(1));
        Limit userTokens = Limit.slidingWindow(1_000, Duration.ofMinutes(1));
        Limit globalTokens = Limit.tokenBucket(10_000, Duration.ofMinutes(1));
        QuotaDecision reserved = store.acquire(QuotaCheck.of("q", Charge.exact("requests", requests, 1),
                Charge.estimate("user-tokens", userTokens, 100), Charge.estimate("global-tokens", globalTokens, 100)));

        store.settle(reserved.reservation(), 300);

        assertThat(remainingOf("requests", requests)).isEqualTo(9);
        assertThat(remainingOf("user-tokens", userTokens)).isEqualTo(700);
        assertThat(remainingOf("global-tokens", globalTokens)).isEqualTo(9_700);
    }

    @Test
    void aSettlePastTheLimitIsOwedAndDelaysLaterCalls() {
        Limit tokens = Limit.tokenBucket(1_000, Duration.ofSeconds(10));
        QuotaDecision reserved = store.acquire(QuotaCheck.of("q", Charge.estimate("tokens", tokens, 500)));

        store.settle(reserved.reservation(), 1_500);

        QuotaDecision next = store.acquire(QuotaCheck.of("q", Charge.estimate("tokens", tokens, 100)));
        assertThat(next.outcome()).isEqualTo(Outcome.REFUSED);
        // 500 owed plus 100 wanted, at 100 a second
        assertThat(next.retryAfter()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void aSettleAfterTheEstimateLeftTheWindowChargesOnlyTheExtraAtSettleTime() {
        Limit tokens = Limit.slidingWindow(1_000, Duration.ofSeconds(10));
        QuotaDecision reserved = store.acquire(QuotaCheck.of("q", Charge.estimate("tokens", tokens, 300)));
        advance(Duration.ofSeconds(15));

        store.settle(reserved.reservation(), 500);

        assertThat(remainingOf("tokens", tokens)).isEqualTo(800);
    }

    @Test
    void aZeroEstimateIsAdmittedWhileOneUnitRemainsAndSettlesInFull() {
        Limit tokens = Limit.slidingWindow(100, Duration.ofMinutes(1));
        QuotaDecision first = store.acquire(QuotaCheck.of("q", Charge.estimate("tokens", tokens, 0)));
        assertThat(first.admitted()).isTrue();
        store.settle(first.reservation(), 100);

        QuotaDecision second = store.acquire(QuotaCheck.of("q", Charge.estimate("tokens", tokens, 0)));

        assertThat(second.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(second.retryAfter()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void countersOfOtherScopesAlgorithmsAndWindowsAreSeparate() {
        Limit one = Limit.slidingWindow(1, Duration.ofMinutes(1));
        assertThat(store.acquire(QuotaCheck.of("a", Charge.exact("k", one, 1))).admitted()).isTrue();
        assertThat(store.acquire(QuotaCheck.of("b", Charge.exact("k", one, 1))).admitted()).isTrue();
        assertThat(store.acquire(QuotaCheck.of("a", Charge.exact("k", Limit.tokenBucket(1, Duration.ofMinutes(1)), 1))).admitted()).isTrue();
        assertThat(store.acquire(QuotaCheck.of("a", Charge.exact("k", Limit.slidingWindow(1, Duration.ofMinutes(2)), 1))).admitted()).isTrue();
        assertThat(store.acquire(QuotaCheck.of("a", Charge.exact("k", one, 1))).admitted()).isFalse();
    }

    @Test
    void aShrunkAmountGoesOnFromWhatWasCounted() {
        Limit ten = Limit.slidingWindow(10, Duration.ofMinutes(1));
        assertThat(admittedOf(6, "frank", ten)).isEqualTo(6);

        assertThat(request("frank", ten.withAmount(5)).outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(request("frank", ten).admitted()).isTrue();
    }

    @Test
    void theNumberOfTrackedKeysIsBounded() {
        LocalQuotaStore small = new LocalQuotaStore(50, nanos::get);
        Limit limit = Limit.slidingWindow(5, Duration.ofHours(1));
        for (int i = 0; i < 1_000; i++) {
            small.acquire(QuotaCheck.of("q", Charge.exact("user-" + i, limit, 1)));
        }

        assertThat(small.trackedKeys()).isLessThanOrEqualTo(50);
    }

    @Test
    void keysIdlePastTheirWindowAreForgotten() {
        store.acquire(QuotaCheck.of("q", Charge.exact("a", Limit.slidingWindow(5, Duration.ofSeconds(10)), 1)));
        store.acquire(QuotaCheck.of("q", Charge.exact("b", Limit.tokenBucket(5, Duration.ofSeconds(10)), 1)));
        store.acquire(QuotaCheck.of("q", Charge.exact("c", Limit.slidingWindow(5, Duration.ofHours(1)), 1)));
        assertThat(store.trackedKeys()).isEqualTo(3);

        advance(Duration.ofSeconds(30));

        assertThat(store.trackedKeys()).isEqualTo(1);
    }

    @Test
    void aCounterCarryingADebtIsKeptUntilTheDebtIsPaid() {
        Limit tokens = Limit.tokenBucket(100, Duration.ofSeconds(10));
        Reservation reservation = store.acquire(QuotaCheck.of("q", Charge.estimate("tokens", tokens, 10))).reservation();
        store.settle(reservation, 1_000);

        advance(Duration.ofSeconds(60));
        assertThat(store.acquire(QuotaCheck.of("q", Charge.exact("tokens", tokens, 1))).outcome()).isEqualTo(Outcome.REFUSED);

        advance(Duration.ofSeconds(60));
        assertThat(store.acquire(QuotaCheck.of("q", Charge.exact("tokens", tokens, 1))).admitted()).isTrue();
    }

    @Test
    void concurrentChecksAdmitExactlyTheLimit() throws Exception {
        LocalQuotaStore realClock = new LocalQuotaStore();
        Limit hundred = Limit.slidingWindow(100, Duration.ofHours(1));
        Limit global = Limit.tokenBucket(150, Duration.ofHours(1));
        QuotaCheck check = QuotaCheck.of("q", Charge.exact("user", hundred, 1), Charge.exact("global", global, 1));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            workers.add(pool.submit(() -> {
                start.await();
                int admitted = 0;
                for (int i = 0; i < 200; i++) {
                    if (realClock.acquire(check).admitted()) admitted++;
                }
                return admitted;
            }));
        }
        start.countDown();
        int admitted = 0;
        for (Future<Integer> worker : workers) admitted += worker.get();
        pool.shutdown();

        assertThat(admitted).isEqualTo(100);
        assertThat(realClock.acquire(QuotaCheck.of("q", Charge.exact("global", global, 1))).remaining()).isEqualTo(49);
    }

    @Test
    void aCheckWithNoChargesIsAdmitted() {
        QuotaDecision decision = store.acquire(new QuotaCheck("q", List.of()));

        assertThat(decision.outcome()).isEqualTo(Outcome.ADMITTED);
        assertThat(decision.key()).isEmpty();
    }

    @Test
    void twoChargesOfOneCounterInOneCheckAreRejected() {
        Limit limit = Limit.slidingWindow(5, Duration.ofMinutes(1));

        assertThatThrownBy(() -> QuotaCheck.of("q", Charge.exact("k", limit, 1), Charge.estimate("k", limit.withAmount(9), 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k'");
    }

    @Test
    void aReservationOfAnotherStoreIsIgnored() {
        Limit tokens = Limit.slidingWindow(1_000, Duration.ofMinutes(1));
        LocalQuotaStore other = new LocalQuotaStore(10, nanos::get);
        Reservation foreign = other.acquire(QuotaCheck.of("q", Charge.estimate("tokens", tokens, 100))).reservation();
        store.acquire(QuotaCheck.of("q", Charge.estimate("tokens", tokens, 100)));

        store.release(foreign);

        assertThat(remainingOf("tokens", tokens)).isEqualTo(900);
    }

    private long remainingOf(String key, Limit limit) {
        return store.acquire(QuotaCheck.of("q", Charge.estimate(key, limit, 0))).remaining();
    }
}
