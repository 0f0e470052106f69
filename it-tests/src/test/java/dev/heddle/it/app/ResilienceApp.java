package dev.heddle.it.app;

import dev.heddle.api.FallbackAnswer;
import dev.heddle.api.Heddle;
import java.util.concurrent.Callable;

/**
 * Calls the methods of {@link ResilientAssistant} and prints what the caller saw: answers, the
 * types of the exceptions caught, and how often each method really ran.
 */
public final class ResilienceApp {

    private ResilienceApp() {
    }

    /**
     * Runs the calls, on a virtual thread when the first argument is {@code virtual} (JDK 21 and
     * later; reached by reflection, since the test apps are compiled for Java 17).
     *
     * @param args {@code virtual}, or nothing for the main thread
     * @throws Exception when the virtual thread cannot be started or joined
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("virtual")) {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Thread thread = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class).invoke(builder,
                    (Runnable) ResilienceApp::calls);
            thread.join();
        } else {
            calls();
        }
    }

    private static void calls() {
        Out.print("thread.virtual", Thread.currentThread().getClass().getName().contains("Virtual"));
        ResilientAssistant assistant = new ResilientAssistant();
        Out.print("flaky.result", outcome(() -> assistant.flaky("what is a heddle?")));
        Out.print("flaky.calls", ResilientAssistant.FLAKY_CALLS.get());
        for (int i = 1; i <= 4; i++) {
            Out.print("broken.call" + i, outcome(() -> assistant.broken("what is a heddle?")));
        }
        Out.print("broken.calls", ResilientAssistant.BROKEN_CALLS.get());
        long start = System.nanoTime();
        Out.print("slow.result", outcome(() -> assistant.slow("what is a heddle?")));
        Out.print("slow.returnedBeforeTheMethodWould", (System.nanoTime() - start) / 1_000_000L < 5_000);
        Out.print("count.result", outcome(assistant::count));
        Out.print("count.calls", ResilientAssistant.COUNT_CALLS.get());
        try {
            assistant.unavailable("what is a heddle?");
            Out.print("unavailable.sameInstance", false);
        } catch (ModelUnavailableException e) {
            Out.print("unavailable.sameInstance", e == ResilientAssistant.UNAVAILABLE);
        }
        Out.print("unavailable.calls", ResilientAssistant.UNAVAILABLE_CALLS.get());
        Out.print("overloaded.result", outcome(() -> assistant.overloaded("what is a heddle?")));
        Out.print("overloaded.fallback", Heddle.lastFallback().map(FallbackAnswer::kind).orElse("none"));
        Out.print("done", true);
    }

    private static String outcome(Callable<?> call) {
        try {
            return "value:" + call.call();
        } catch (Exception e) {
            return "thrown:" + e.getClass().getName();
        }
    }
}
