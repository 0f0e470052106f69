package dev.heddle.it.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An app whose threads are interrupted while Heddle makes them wait: for an identical call in
 * flight (single flight), for a place in a bulkhead, in a retry's backoff. The waits are an hour
 * long in the test's YAML, so only the interrupt can end them. For each it prints, as
 * {@code key=value} lines, what the interrupted call ended with, whether its thread was still
 * interrupted, whether it ended while the call ahead of it still ran, and how often the method
 * really ran; then that later calls work.
 */
public final class InterruptApp {

    private InterruptApp() {
    }

    /** The app's own methods; each counts its runs. */
    public static final class Model {
        static final AtomicInteger SLOW_RUNS = new AtomicInteger();
        static final AtomicInteger LIMITED_RUNS = new AtomicInteger();
        static final AtomicInteger FAILING_RUNS = new AtomicInteger();
        static volatile CountDownLatch release = new CountDownLatch(1);
        static final CountDownLatch SLOW_ENTERED = new CountDownLatch(1);
        static final CountDownLatch LIMITED_ENTERED = new CountDownLatch(1);

        /**
         * @param question a question
         * @return its answer, once the app lets the call finish
         */
        public String slow(String question) {
            SLOW_RUNS.incrementAndGet();
            SLOW_ENTERED.countDown();
            return awaitRelease(question);
        }

        /**
         * @param question a question
         * @return its answer, once the app lets the call finish
         */
        public String limited(String question) {
            LIMITED_RUNS.incrementAndGet();
            LIMITED_ENTERED.countDown();
            return awaitRelease(question);
        }

        /**
         * @param question a question
         * @return never: the vendor is down
         */
        public String failing(String question) {
            FAILING_RUNS.incrementAndGet();
            throw new IllegalStateException("vendor down");
        }

        private static String awaitRelease(String question) {
            try {
                release.await();
                return "answer to " + question;
            } catch (InterruptedException interrupted) {
                // what an SDK does when its thread is interrupted: it keeps the interrupt and fails
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", interrupted);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Model model = new Model();
        // threads of its own: the common pool may have a single thread, which the first blocked call would take
        ExecutorService threads = Executors.newCachedThreadPool();

        // single flight: the leader runs until released; an identical call waits for it, and is interrupted
        CompletableFuture<String> leader = CompletableFuture.supplyAsync(() -> outcome(() -> model.slow("q")), threads);
        Model.SLOW_ENTERED.await();
        report("join", () -> model.slow("q"), leader, Model.SLOW_RUNS);

        // bulkhead of one: the first call holds the place until released; the second waits, and is interrupted
        CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> outcome(() -> model.limited("a")), threads);
        Model.LIMITED_ENTERED.await();
        report("bulkhead", () -> model.limited("b"), holder, Model.LIMITED_RUNS);

        // retry: the first attempt fails, the backoff is an hour, and the caller is interrupted in it
        report("retry", () -> model.failing("c"), null, Model.FAILING_RUNS);

        Model.release.countDown();
        System.out.println("join.leader=" + leader.get(20, TimeUnit.SECONDS));
        System.out.println("bulkhead.holder=" + holder.get(20, TimeUnit.SECONDS));
        int before = Model.SLOW_RUNS.get();
        System.out.println("after.answer=" + outcome(() -> model.slow("q")) + " runs=" + (Model.SLOW_RUNS.get() - before));
        System.out.println("after.bulkhead=" + outcome(() -> model.limited("d")));
        System.out.flush();
        System.exit(0);
    }

    /** Runs a call on a thread of its own, interrupts it once it waits, and prints how it ended. */
    private static void report(String name, Supplier<String> call, CompletableFuture<String> ahead, AtomicInteger runs)
            throws Exception {
        int before = runs.get();
        CompletableFuture<String> ended = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            String outcome = outcome(call);
            ended.complete(outcome + " interrupted=" + Thread.currentThread().isInterrupted());
        }, name + "-caller");
        caller.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // waiting inside Heddle, or (for the retry) after its first attempt failed
        while (!ended.isDone() && (!(runs.get() > before || ahead != null) || (caller.getState() != Thread.State.WAITING
                && caller.getState() != Thread.State.TIMED_WAITING))) {
            if (System.nanoTime() > deadline) break;
            Thread.onSpinWait();
        }
        caller.interrupt();
        String outcome;
        try {
            outcome = ended.get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException hung) {
            outcome = "hung";
        }
        System.out.println(name + ".outcome=" + outcome);
        System.out.println(name + ".endedBeforeTheCallAhead=" + (ahead == null || !ahead.isDone()));
        System.out.println(name + ".runs=" + (runs.get() - before));
    }

    private static String outcome(Supplier<String> call) {
        try {
            String answer = call.get();
            return answer != null && answer.startsWith("answer to") ? "ok" : String.valueOf(answer);
        } catch (RuntimeException failure) {
            return failure.getClass().getSimpleName();
        }
    }
}
