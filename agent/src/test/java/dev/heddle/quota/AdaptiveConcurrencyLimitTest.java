package dev.heddle.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heddle.quota.AdaptiveConcurrencyLimit.Permit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AdaptiveConcurrencyLimitTest {

    private static AdaptiveConcurrencyLimit limit(int initial) {
        return new AdaptiveConcurrencyLimit(initial, 2, 100, 0.75, 0.25, Set.of("pro"));
    }

    private static List<Permit> acquireAll(AdaptiveConcurrencyLimit limit, String tier) {
        List<Permit> permits = new ArrayList<>();
        for (Optional<Permit> permit = limit.tryAcquire(tier); permit.isPresent(); permit = limit.tryAcquire(tier)) {
            permits.add(permit.get());
        }
        return permits;
    }

    @Test
    void anOverloadShrinksTheLimitByAQuarterButNeverBelowTheMinimum() {
        AdaptiveConcurrencyLimit limit = limit(20);

        List<Integer> limits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            limit.tryAcquire("pro").orElseThrow().onOverload();
            limits.add(limit.limit());
        }

        assertThat(limits).containsExactly(15, 11, 8, 6, 4, 3, 2, 2);
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void overloadsOfCallsThatStartedBeforeADecreaseDoNotDecreaseItAgain() {
        AdaptiveConcurrencyLimit limit = limit(20);
        List<Permit> inFlightWhenTheVendorSaturated = acquireAll(limit, "pro");
        assertThat(inFlightWhenTheVendorSaturated).hasSize(20);

        inFlightWhenTheVendorSaturated.forEach(Permit::onOverload);

        assertThat(limit.limit()).isEqualTo(15);
        limit.tryAcquire("pro").orElseThrow().onOverload();
        assertThat(limit.limit()).as("a call started after the decrease may decrease again").isEqualTo(11);
    }

    @Test
    void aWindowOfSuccessesAtHighUseGrowsTheLimitByOne() {
        AdaptiveConcurrencyLimit limit = limit(10);
        List<Permit> busy = acquireAll(limit, "pro");

        succeedAndReplace(busy, limit, 9);
        assertThat(limit.limit()).isEqualTo(10);
        succeedAndReplace(busy, limit, 1);
        assertThat(limit.limit()).as("10 successes with the limit in use: one window").isEqualTo(11);

        succeedAndReplace(busy, limit, 11 + 12 + 13);
        assertThat(limit.limit()).isEqualTo(14);
    }

    /** Ends the oldest call with success and starts another, {@code times} times: a limit kept busy. */
    private static void succeedAndReplace(List<Permit> busy, AdaptiveConcurrencyLimit limit, int times) {
        for (int i = 0; i < times; i++) {
            busy.remove(0).onSuccess();
            busy.add(limit.tryAcquire("pro").orElseThrow());
        }
    }

    @Test
    void successesWhileTheLimitIsMostlyUnusedDoNotGrowIt() {
        AdaptiveConcurrencyLimit limit = limit(10);

        for (int i = 0; i < 1_000; i++) limit.tryAcquire("pro").orElseThrow().onSuccess();

        assertThat(limit.limit()).isEqualTo(10);
    }

    @Test
    void theLimitNeverGrowsPastTheMaximum() {
        AdaptiveConcurrencyLimit limit = new AdaptiveConcurrencyLimit(4, 1, 5, 0.75, 0, Set.of());

        for (int round = 0; round < 50; round++) acquireAll(limit, null).forEach(Permit::onSuccess);

        assertThat(limit.limit()).isEqualTo(5);
    }

    @Test
    void aQuarterOfTheLimitIsReservedForPayingTiers() {
        AdaptiveConcurrencyLimit limit = limit(20);

        List<Permit> free = acquireAll(limit, "free");
        List<Permit> unknown = acquireAll(limit, null);
        List<Permit> pro = acquireAll(limit, "pro");

        assertThat(free).hasSize(15);
        assertThat(unknown).isEmpty();
        assertThat(pro).hasSize(5);
        assertThat(limit.inFlight()).isEqualTo(20);
    }

    @Test
    void whenTheVendorIsSaturatedPayingTiersStillGetThrough() {
        AdaptiveConcurrencyLimit limit = limit(20);
        List<Permit> free = acquireAll(limit, "free");
        free.get(0).onOverload();
        assertThat(limit.limit()).isEqualTo(15);
        free.subList(1, free.size()).forEach(Permit::onIgnore);

        assertThat(acquireAll(limit, "free")).hasSize(11);
        assertThat(acquireAll(limit, "pro")).hasSize(4);
    }

    @Test
    void aPermitEndsOnceHoweverOftenItIsEnded() {
        AdaptiveConcurrencyLimit limit = limit(10);
        Permit permit = limit.tryAcquire("pro").orElseThrow();
        limit.tryAcquire("pro").orElseThrow();

        permit.onOverload();
        permit.onOverload();
        permit.onSuccess();
        permit.onIgnore();

        assertThat(limit.inFlight()).isEqualTo(1);
        assertThat(limit.limit()).isEqualTo(7);
    }

    @Test
    void loadIsInFlightOverTheLimit() {
        AdaptiveConcurrencyLimit limit = limit(8);
        for (int i = 0; i < 6; i++) limit.tryAcquire("pro");

        assertThat(limit.load()).isEqualTo(0.75);
    }

    @Test
    void concurrentCallersNeverExceedTheLimitAndReturnEveryPlace() throws Exception {
        AdaptiveConcurrencyLimit limit = new AdaptiveConcurrencyLimit(10, 10, 10, 0.75, 0, Set.of());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            workers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 20_000; i++) {
                    Optional<Permit> permit = limit.tryAcquire("any");
                    if (permit.isEmpty()) continue;
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    running.decrementAndGet();
                    permit.get().onSuccess();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> worker : workers) worker.get();
        pool.shutdown();

        assertThat(mostAtOnce.get()).isLessThanOrEqualTo(10);
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void theSettingsAreChecked() {
        assertThatThrownBy(() -> new AdaptiveConcurrencyLimit(1, 2, 10, 0.75, 0, Set.of())).hasMessageContaining("min <= initial");
        assertThatThrownBy(() -> new AdaptiveConcurrencyLimit(5, 2, 10, 1.0, 0, Set.of())).hasMessageContaining("backoffRatio");
        assertThatThrownBy(() -> new AdaptiveConcurrencyLimit(5, 2, 10, 0.5, 1.0, Set.of())).hasMessageContaining("reservedShare");
    }
}
