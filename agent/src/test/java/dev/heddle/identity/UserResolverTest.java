package dev.heddle.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.heddle.api.Heddle;
import dev.heddle.config.UserConfig;
import dev.heddle.preset.Preset;
import dev.heddle.preset.Presets;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Scope;
import java.lang.reflect.Field;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.spi.MDCAdapter;

class UserResolverTest {

    private static final UserConfig EVERY_SOURCE = new UserConfig(Optional.of("arg0.customer.id"), Optional.of("userId"),
            Optional.of("user.id"));
    private static final Preset OPENAI = Presets.named("openai-java").orElseThrow();

    /** An app's request object: a record whose customer may be missing. */
    public record Ticket(Customer customer, String text) {
    }

    /** Read through its getter. */
    public static final class Customer {
        private final String id;

        public Customer(String id) {
            this.id = id;
        }

        public String getId() {
            return id;
        }
    }

    private static MDCAdapter originalAdapter;

    /**
     * The test class path has SLF4J's no-op provider, whose MDC keeps nothing; an app with a real
     * logging back end has an MDC that does, like SLF4J's own basic adapter installed here.
     */
    @BeforeAll
    static void useAnMdcThatKeepsValues() throws ReflectiveOperationException {
        originalAdapter = MDC.getMDCAdapter();
        mdcAdapterField().set(null, new BasicMDCAdapter());
    }

    @AfterAll
    static void restoreTheMdc() throws ReflectiveOperationException {
        mdcAdapterField().set(null, originalAdapter);
    }

    private static Field mdcAdapterField() throws NoSuchFieldException {
        Field adapter = MDC.class.getDeclaredField("MDC_ADAPTER");
        adapter.setAccessible(true);
        return adapter;
    }

    private static String userOf(UserResolver resolver, Object... arguments) {
        return resolver.userOf(UserResolverTest.class, null, arguments);
    }

    @Test
    void aUserIdParameterComesFirst() throws Exception {
        UserResolver resolver = new UserResolver(1, Optional.of(EVERY_SOURCE), null);

        String user = Heddle.runAs("scope-user", () -> userOf(resolver, new Ticket(new Customer("path-user"), "q"), "param-user"));

        assertThat(user).isEqualTo("param-user");
    }

    @Test
    void aTenantIsReadOnlyWhereTheSettingsSaySoNeverFromTheCallingUser() throws Exception {
        UserResolver tenants = UserResolver.tenants(new UserConfig(Optional.of("arg0.customer.id"), Optional.empty(),
                Optional.empty()));

        assertThat(Heddle.runAs("alice", () -> userOf(tenants, new Ticket(new Customer("acme"), "q")))).isEqualTo("acme");
        assertThat(Heddle.runAs("alice", () -> userOf(tenants, new Ticket(null, "q")))).isEqualTo(UserResolver.ANONYMOUS);
    }

    @Test
    void theRulesPathReadsRecordComponentsAndGetters() {
        UserResolver resolver = new UserResolver(-1, Optional.of(EVERY_SOURCE), null);

        assertThat(userOf(resolver, new Ticket(new Customer("alice"), "q"))).isEqualTo("alice");
    }

    @Test
    void aNullOnThePathFallsThroughToTheNextSource() throws Exception {
        UserResolver resolver = new UserResolver(-1, Optional.of(EVERY_SOURCE), null);

        assertThat(Heddle.runAs("bob", () -> userOf(resolver, new Ticket(null, "q")))).isEqualTo("bob");
    }

    @Test
    void thePresetReadsTheUserOfTheSdkRequest() throws Exception {
        UserResolver resolver = new UserResolver(-1, Optional.empty(), OPENAI);
        ChatCompletionCreateParams request = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
                .addUserMessage("What is a heddle?").user("carol").build();

        assertThat(Heddle.runAs("scope-user", () -> userOf(resolver, request, com.openai.core.RequestOptions.none())))
                .isEqualTo("carol");
    }

    @Test
    void theAppsMdcNamesTheUserWhenNothingCloserDoes() {
        UserResolver resolver = new UserResolver(-1, Optional.of(EVERY_SOURCE), null);
        MDC.put("userId", "dave");
        try {
            assertThat(userOf(resolver, new Ticket(null, "q"))).isEqualTo("dave");
        } finally {
            MDC.remove("userId");
        }
    }

    @Test
    void theAppsOpenTelemetryBaggageNamesTheUserAfterTheMdc() {
        UserResolver resolver = new UserResolver(-1, Optional.of(EVERY_SOURCE), null);

        try (Scope ignored = Baggage.builder().put("user.id", "erin").build().makeCurrent()) {
            assertThat(userOf(resolver, new Ticket(null, "q"))).isEqualTo("erin");
        }
    }

    @Test
    void aCallThatNamesNoUserIsAnonymous() {
        UserResolver resolver = new UserResolver(-1, Optional.of(EVERY_SOURCE), null);

        assertThat(userOf(resolver, new Ticket(null, "q"))).isEqualTo(UserResolver.ANONYMOUS);
        assertThat(userOf(new UserResolver(-1, Optional.empty(), null), "q")).isEqualTo(UserResolver.ANONYMOUS);
    }
}
