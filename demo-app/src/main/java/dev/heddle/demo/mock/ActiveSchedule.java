package dev.heddle.demo.mock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A {@link FaultSchedule} in force on a server: the time it started, and for its background and
 * each phase an {@link ActivePlan} with its own request numbers and random draws.
 */
final class ActiveSchedule {

    private final FaultSchedule schedule;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final ActivePlan background;
    private final List<ActivePlan> phases = new ArrayList<>();

    /**
     * @param schedule the schedule
     * @param seed the seed of every plan's random draws
     * @param nanoClock the clock, like {@link System#nanoTime()}; the schedule starts at its reading now
     */
    ActiveSchedule(FaultSchedule schedule, long seed, LongSupplier nanoClock) {
        this.schedule = schedule;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.background = new ActivePlan(FaultSchedule.BACKGROUND, schedule.background(), seed);
        for (FaultSchedule.Phase phase : schedule.phases()) {
            phases.add(new ActivePlan(phase.name(), phase.faults(), seed));
        }
    }

    FaultSchedule schedule() {
        return schedule;
    }

    /** @return the time since the schedule started */
    Duration elapsed() {
        return Duration.ofNanos(nanoClock.getAsLong() - startNanos);
    }

    /** @return the plan in force now: the phase's that covers this moment, or the background */
    ActivePlan current() {
        Duration elapsed = elapsed();
        List<FaultSchedule.Phase> timed = schedule.phases();
        for (int i = 0; i < timed.size(); i++) {
            if (timed.get(i).covers(elapsed)) {
                return phases.get(i);
            }
        }
        return background;
    }

    /** A plan in force: its name in the stats, its own request counter and its own seeded random draws. */
    static final class ActivePlan {
        private final String name;
        private final FaultPlan plan;
        private final AtomicLong requests = new AtomicLong();
        private final Random random;

        ActivePlan(String name, FaultPlan plan, long seed) {
            this.name = name;
            this.plan = plan;
            this.random = new Random(seed);
        }

        String name() {
            return name;
        }

        FaultPlan plan() {
            return plan;
        }

        /** @return the fault of the next request under this plan, or {@code null} for none */
        FaultKind next() {
            long number = requests.incrementAndGet();
            if (plan.isEmpty()) {
                return null;
            }
            return plan.pick(number, plan.rates().isEmpty() ? 1.0 : random.nextDouble());
        }
    }
}
