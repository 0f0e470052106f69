package dev.heddle.weave;

import dev.heddle.bootstrap.EdgeDispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The advice inlined into {@code jakarta.servlet.http.HttpServlet#service(ServletRequest,
 * ServletResponse)}, the public method every servlet container calls for every servlet (Spring's
 * {@code DispatcherServlet} included). It hands the request to {@link EdgeDispatcher}, skips the
 * servlet when Heddle answered (a 429 or a cached page), and runs it with the response Heddle gives
 * (one that also records the body of a page to cache).
 */
final class ServletAdvice {

    private ServletAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static boolean enter(@Advice.Origin Class<?> servletApi,
                         @Advice.Argument(0) Object request,
                         @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object response,
                         @Advice.Local("heddleEdge") Object edge) {
        edge = EdgeDispatcher.enter(servletApi, request, response);
        response = EdgeDispatcher.response(edge, response);
        return EdgeDispatcher.answered(edge);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Local("heddleEdge") Object edge, @Advice.Thrown Throwable thrown) {
        EdgeDispatcher.exit(edge, thrown);
    }
}
