package dev.heddle.bootstrap;

/**
 * The call pipeline as the woven code sees it. Implemented inside Heddle's own class loader and
 * installed in {@link Dispatcher}; this interface lives on the bootstrap class path so that woven
 * code in any class loader can reach it.
 */
public interface CallHandler {

    /**
     * A woven method is about to run.
     *
     * @param method the woven method, as {@code binary.type.Name:method(descriptor)}
     * @param type the class that declares it
     * @param self the receiver, null for a static method
     * @param arguments the arguments
     * @return null to let the call run untouched; an {@link Answer} to return without running the
     *     method; any other object is handed back to {@link #exit} when the method ends
     */
    Object enter(String method, Class<?> type, Object self, Object[] arguments);

    /**
     * A woven method ran, with a token from {@link #enter} that was neither null nor an {@link Answer}.
     *
     * @param call the token from {@link #enter}
     * @param returned what the method returned, boxed
     * @param thrown what it threw, or null
     * @return what the caller receives: normally {@code returned}
     */
    Object exit(Object call, Object returned, Throwable thrown);
}
