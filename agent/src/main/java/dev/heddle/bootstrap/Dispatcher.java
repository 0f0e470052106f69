package dev.heddle.bootstrap;

/**
 * The one entry point of woven code. The advice that Heddle inlines into application methods calls
 * only these static methods, so it never depends on the configuration: the handler behind them is
 * swapped as a whole. Until the agent installs a handler, and whenever the handler fails, every
 * call runs exactly as without Heddle.
 */
public final class Dispatcher {

    private static volatile CallHandler handler;

    private Dispatcher() {
    }

    /**
     * Installs the pipeline. Called once by the agent.
     *
     * @param pipeline the handler every woven call enters
     */
    public static void install(CallHandler pipeline) {
        handler = pipeline;
    }

    /**
     * See {@link CallHandler#enter}; never throws.
     *
     * @param method the woven method, as {@code binary.type.Name:method(descriptor)}
     * @param type the class that declares it
     * @param self the receiver, null for a static method
     * @param arguments the arguments
     * @return a token for {@link #exit}, or null when the call runs untouched
     */
    public static Object enter(String method, Class<?> type, Object self, Object[] arguments) {
        CallHandler current = handler;
        if (current == null) return null;
        try {
            return current.enter(method, type, self, arguments);
        } catch (Throwable internalError) {
            AgentLog.internalError("pipeline.enter", internalError);
            return null;
        }
    }

    /**
     * @param call the token from {@link #enter}
     * @return true when the pipeline answered and the method body must not run
     */
    public static boolean answered(Object call) {
        return call instanceof Answer;
    }

    /**
     * @param call the non-null token from {@link #enter}
     * @param thrown what the method body threw, or null
     * @return what the caller receives as an exception: the pipeline's failure answer, else {@code thrown}
     */
    public static Throwable thrown(Object call, Throwable thrown) {
        if (call instanceof Answer) {
            Throwable failure = ((Answer) call).failure();
            if (failure != null) return failure;
        }
        return thrown;
    }

    /**
     * See {@link CallHandler#exit}; never throws.
     *
     * @param call the non-null token from {@link #enter}
     * @param returned what the method returned, boxed; the default value when its body was skipped
     * @param thrown what it threw, or null
     * @return what the caller receives
     */
    public static Object exit(Object call, Object returned, Throwable thrown) {
        if (call instanceof Answer) {
            Answer answer = (Answer) call;
            return answer.failure() == null ? answer.value() : returned;
        }
        CallHandler current = handler;
        if (current == null) return returned;
        try {
            return current.exit(call, returned, thrown);
        } catch (Throwable internalError) {
            AgentLog.internalError("pipeline.exit", internalError);
            return returned;
        }
    }
}
