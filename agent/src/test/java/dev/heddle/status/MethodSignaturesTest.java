package dev.heddle.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MethodSignaturesTest {

    @Test
    void parameterTypesAreWrittenWithSimpleNames() {
        assertThat(MethodSignatures.readable("com.example.Bot:answer(Ljava/lang/String;I)Ljava/lang/String;"))
                .isEqualTo("com.example.Bot.answer(String, int)");
    }

    @Test
    void arraysNestedTypesAndPrimitivesAreWrittenAsInJava() {
        assertThat(MethodSignatures.readable("com.example.Bot$Inner:ask([[JLcom/example/Bot$Question;Z)V"))
                .isEqualTo("com.example.Bot$Inner.ask(long[][], Bot.Question, boolean)");
    }

    @Test
    void aMethodWithoutParametersHasEmptyParentheses() {
        assertThat(MethodSignatures.readable("com.example.Bot:ping()V")).isEqualTo("com.example.Bot.ping()");
    }

    @Test
    void textThatIsNoSignatureIsKeptAsItIs() {
        assertThat(MethodSignatures.readable("not a signature")).isEqualTo("not a signature");
        assertThat(MethodSignatures.readable("com.example.Bot:ask(Q)V")).isEqualTo("com.example.Bot:ask(Q)V");
    }
}
