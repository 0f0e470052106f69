package dev.heddle.weave;

import dev.heddle.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The advice inlined into every woven method. It knows nothing of the configuration: it hands the
 * call to {@link Dispatcher}, skips the method body when the pipeline answered (a cache hit, or the
 * outcome of attempts the pipeline made itself through retries), and lets the pipeline see, and
 * replace, the result or the exception.
 */
final class CallAdvice {

    private CallAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static boolean enter(@Advice.Origin("#t:#m#d") String method,
                         @Advice.Origin Class<?> type,
                         @Advice.This(optional = true) Object self,
                         @Advice.AllArguments Object[] arguments,
                         @Advice.Local("heddleCall") Object call) {
        call = Dispatcher.enter(method, type, self, arguments);
        return Dispatcher.answered(call);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Local("heddleCall") Object call,
                     @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (call != null) {
            returned = Dispatcher.exit(call, returned, thrown);
            thrown = Dispatcher.thrown(call, thrown);
        }
    }
}
