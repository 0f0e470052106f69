package dev.heddle.it.app;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Calls one method three times with equal arguments (a fresh, equal instance each time) and once
 * with a different argument, and prints how often the method really ran:
 *
 * <pre>
 * PREFIX.callsAfterRepeats=1      (1 when cached, 3 when not)
 * PREFIX.callsAfterDifferent=2    (2 when cached, 4 when not)
 * PREFIX.answersConsistent=true   (the repeats answered alike, the different argument otherwise)
 * </pre>
 */
public final class RepeatProbe {

    private RepeatProbe() {
    }

    /**
     * Runs the probe and prints its three lines.
     *
     * @param prefix the key prefix of the printed lines
     * @param method the method under test
     * @param realCalls how often the method really ran, from its own counter
     * @param sameArgument makes the repeated argument; each call gets a new, equal instance
     * @param differentArgument the argument of the last call
     * @param <T> the argument type
     */
    public static <T> void run(String prefix, Function<T, String> method, IntSupplier realCalls,
                               Supplier<T> sameArgument, T differentArgument) {
        int before = realCalls.getAsInt();
        String first = method.apply(sameArgument.get());
        String second = method.apply(sameArgument.get());
        String third = method.apply(sameArgument.get());
        Out.print(prefix + ".callsAfterRepeats", realCalls.getAsInt() - before);
        String different = method.apply(differentArgument);
        Out.print(prefix + ".callsAfterDifferent", realCalls.getAsInt() - before);
        boolean consistent = first != null && first.equals(second) && first.equals(third)
                && !Objects.equals(first, different);
        Out.print(prefix + ".answersConsistent", consistent);
    }
}
