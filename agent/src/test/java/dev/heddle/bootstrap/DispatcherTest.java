package dev.heddle.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    private static final String METHOD = "com.example.Bot:answer(Ljava/lang/String;)Ljava/lang/String;";

    /** A handler whose every call fails, as a broken pipeline stage would. */
    private static final class ThrowingHandler implements CallHandler {
        @Override
        public Object enter(String method, Class<?> type, Object self, Object[] arguments) {
            throw new IllegalStateException("enter failed");
        }

        @Override
        public Object exit(Object call, Object returned, Throwable thrown) {
            throw new LinkageError("exit failed");
        }
    }

    /** A handler that records its calls and answers exit with a marker. */
    private static final class RecordingHandler implements CallHandler {
        final List<String> calls = new ArrayList<>();
        final Object token = new Object();

        @Override
        public Object enter(String method, Class<?> type, Object self, Object[] arguments) {
            calls.add("enter " + method);
            return token;
        }

        @Override
        public Object exit(Object call, Object returned, Throwable thrown) {
            calls.add("exit");
            return call == token ? "handled " + returned : "wrong token";
        }
    }

    @AfterEach
    void uninstall() {
        Dispatcher.install(null);
    }

    @Test
    void withoutAHandlerEveryCallRunsUntouched() {
        Dispatcher.install(null);

        assertThat(Dispatcher.enter(METHOD, Object.class, null, new Object[] {"q"})).isNull();
        assertThat(Dispatcher.exit(new Object(), "returned", null)).isEqualTo("returned");
    }

    @Test
    void aHandlerThatThrowsOnEnterLetsTheCallRunUntouched() {
        Dispatcher.install(new ThrowingHandler());

        assertThat(Dispatcher.enter(METHOD, Object.class, null, new Object[] {"q"})).isNull();
    }

    @Test
    void aHandlerThatThrowsOnExitGivesTheCallerWhatTheMethodReturned() {
        Dispatcher.install(new ThrowingHandler());

        assertThat(Dispatcher.exit(new Object(), "returned", null)).isEqualTo("returned");
        assertThat(Dispatcher.exit(new Object(), null, new RuntimeException("method failed"))).isNull();
    }

    @Test
    void anAnswerTokenMeansAnsweredAndExitReturnsItsValue() {
        Dispatcher.install(new ThrowingHandler());
        Answer answer = new Answer("from the cache");

        assertThat(Dispatcher.answered(answer)).isTrue();
        assertThat(Dispatcher.exit(answer, null, null)).isEqualTo("from the cache");
    }

    @Test
    void anAnswerTokenIsReturnedWithoutAskingTheHandler() {
        RecordingHandler handler = new RecordingHandler();
        Dispatcher.install(handler);

        assertThat(Dispatcher.exit(new Answer(42), null, null)).isEqualTo(42);
        assertThat(handler.calls).isEmpty();
    }

    @Test
    void otherTokensAreNotAnswers() {
        assertThat(Dispatcher.answered(null)).isFalse();
        assertThat(Dispatcher.answered(new Object())).isFalse();
        assertThat(Dispatcher.answered("an answer")).isFalse();
    }

    @Test
    void aWorkingHandlerSeesEnterAndExitAndDecidesWhatTheCallerReceives() {
        RecordingHandler handler = new RecordingHandler();
        Dispatcher.install(handler);

        Object token = Dispatcher.enter(METHOD, Object.class, null, new Object[] {"q"});
        assertThat(token).isSameAs(handler.token);
        assertThat(Dispatcher.answered(token)).isFalse();
        assertThat(Dispatcher.exit(token, "value", null)).isEqualTo("handled value");
        assertThat(handler.calls).containsExactly("enter " + METHOD, "exit");
    }

    @Test
    void installingAnotherHandlerReplacesTheFirst() {
        RecordingHandler first = new RecordingHandler();
        RecordingHandler second = new RecordingHandler();
        Dispatcher.install(first);
        Dispatcher.install(second);

        Dispatcher.enter(METHOD, Object.class, null, new Object[0]);

        assertThat(first.calls).isEmpty();
        assertThat(second.calls).containsExactly("enter " + METHOD);
    }
}
