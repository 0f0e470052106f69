package dev.heddle.it.app;

/**
 * Calls the throwing and null-returning {@code @Cached} methods of {@link UnreliableModel} twice or
 * three times each with the same argument, and prints what the caller saw (N is the attempt, 1 or 2):
 * <pre>
 * checked.attemptN.type=...  checked.attemptN.message=...  checked.attemptN.sameInstance=true  checked.calls=2
 * unchecked.attemptN.type=... unchecked.attemptN.message=... unchecked.attemptN.sameInstance=true unchecked.calls=2
 * flaky.firstThrew=true  flaky.answer=...  flaky.calls=2   (throws, then answers, then a cache hit)
 * null.result=null  null.calls=2
 * </pre>
 */
public final class FailuresApp {

    private FailuresApp() {
    }

    /**
     * Runs the calls.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        UnreliableModel model = new UnreliableModel();
        probeChecked(model);
        probeUnchecked(model);
        probeFlaky(model);
        probeNull(model);
        Out.print("done", true);
    }

    private static void probeChecked(UnreliableModel model) {
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                model.unavailable("what is a heddle?");
                Out.print("checked.attempt" + attempt + ".type", "none");
            } catch (ModelUnavailableException e) {
                printCaught("checked.attempt" + attempt, e);
            }
        }
        Out.print("checked.calls", UnreliableModel.UNAVAILABLE_CALLS.get());
    }

    private static void probeUnchecked(UnreliableModel model) {
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                model.overloaded("what is a heddle?");
                Out.print("unchecked.attempt" + attempt + ".type", "none");
            } catch (RuntimeException e) {
                printCaught("unchecked.attempt" + attempt, e);
            }
        }
        Out.print("unchecked.calls", UnreliableModel.OVERLOADED_CALLS.get());
    }

    private static void probeFlaky(UnreliableModel model) {
        boolean firstThrew = false;
        try {
            model.flaky("what is a heddle?");
        } catch (IllegalStateException e) {
            firstThrew = true;
        }
        String second = model.flaky("what is a heddle?");
        String third = model.flaky("what is a heddle?");
        Out.print("flaky.firstThrew", firstThrew);
        Out.print("flaky.answer", second);
        Out.print("flaky.answersConsistent", second != null && second.equals(third));
        Out.print("flaky.calls", UnreliableModel.FLAKY_CALLS.get());
    }

    private static void probeNull(UnreliableModel model) {
        String first = model.nothing("what is a heddle?");
        String second = model.nothing("what is a heddle?");
        Out.print("null.result", first == null && second == null ? "null" : first + "," + second);
        Out.print("null.calls", UnreliableModel.NOTHING_CALLS.get());
    }

    private static void printCaught(String prefix, Throwable caught) {
        Out.print(prefix + ".type", caught.getClass().getName());
        Out.print(prefix + ".message", caught.getMessage());
        Out.print(prefix + ".sameInstance", caught == UnreliableModel.lastThrown);
    }
}
