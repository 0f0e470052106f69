package dev.heddle.identity;

import dev.heddle.api.Heddle;
import dev.heddle.bootstrap.AgentLog;
import dev.heddle.config.UserConfig;
import dev.heddle.preset.Preset;
import dev.heddle.telemetry.AppClassName;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Finds the user a call is made for, from the first of these that names one:
 * <ol>
 *   <li>the method's parameter annotated {@code @UserId};</li>
 *   <li>the rule's {@code user: arg0.path} in an argument;</li>
 *   <li>the preset's user field of the request (such as OpenAI's {@code user});</li>
 *   <li>the {@code Heddle.runAs(user, ...)} scope on the calling thread;</li>
 *   <li>the user of the HTTP request the thread is serving ({@link RequestUser}, the {@code http:} section);</li>
 *   <li>the rule's SLF4J MDC key, then its OpenTelemetry baggage key, read from the app's own
 *       libraries;</li>
 *   <li>else {@value #ANONYMOUS}.</li>
 * </ol>
 */
public final class UserResolver {

    /** The user of a call that names none. */
    public static final String ANONYMOUS = "anonymous";

    private final int userIdParameter;
    private final Optional<ArgumentPath> argument;
    private final Optional<String> mdcKey;
    private final Optional<String> baggageKey;
    private final Preset preset;
    private final boolean threadUser;

    /**
     * @param userIdParameter the index of the {@code @UserId} parameter, or -1
     * @param settings the rule's {@code user:}, when it has one
     * @param preset the rule's preset, or null
     */
    public UserResolver(int userIdParameter, Optional<UserConfig> settings, Preset preset) {
        this.userIdParameter = userIdParameter;
        this.argument = settings.flatMap(UserConfig::argument).map(ArgumentPath::parse);
        this.mdcKey = settings.flatMap(UserConfig::mdc);
        this.baggageKey = settings.flatMap(UserConfig::baggage);
        this.preset = preset;
        this.threadUser = true;
    }

    private UserResolver(UserConfig settings) {
        this.userIdParameter = -1;
        this.argument = settings.argument().map(ArgumentPath::parse);
        this.mdcKey = settings.mdc();
        this.baggageKey = settings.baggage();
        this.preset = null;
        this.threadUser = false;
    }

    /**
     * A resolver of tenants: only the places the settings name are read (no {@code @UserId}, no
     * preset field, no {@code Heddle.runAs}), and a call that names none gets {@value #ANONYMOUS}.
     *
     * @param settings where a call's tenant id is
     * @return the resolver
     */
    public static UserResolver tenants(UserConfig settings) {
        return new UserResolver(settings);
    }

    /**
     * @param type the woven method's class, whose class loader sees the app's libraries
     * @param self the receiver
     * @param arguments the arguments
     * @return the user's id, never null or blank
     */
    public String userOf(Class<?> type, Object self, Object[] arguments) {
        if (userIdParameter >= 0 && userIdParameter < arguments.length && arguments[userIdParameter] != null) {
            String user = arguments[userIdParameter].toString();
            if (!user.isBlank()) return user;
        }
        Optional<String> user = argument.flatMap(path -> path.read(arguments))
                .or(() -> fromPreset(self, arguments))
                .or(() -> threadUser ? Heddle.currentUser() : Optional.empty())
                .or(() -> threadUser ? RequestUser.current() : Optional.empty())
                .or(() -> mdcKey.flatMap(key -> AppContext.mdc(type, key)))
                .or(() -> baggageKey.flatMap(key -> AppContext.baggage(type, key)));
        return user.orElse(ANONYMOUS);
    }

    private Optional<String> fromPreset(Object self, Object[] arguments) {
        if (preset == null) return Optional.empty();
        try {
            return preset.user(self, arguments);
        } catch (RuntimeException unreadable) {
            AgentLog.debug(() -> "the user of a " + preset.name() + " request could not be read: " + unreadable);
            return Optional.empty();
        }
    }

    /** Reads the app's own SLF4J MDC and OpenTelemetry baggage, by reflection, through the woven class's loader. */
    static final class AppContext {

        /** The app's own classes, named so that the agent jar's relocation leaves them be (see {@link AppClassName}). */
        private static final String MDC = AppClassName.of("org", "slf4j.MDC");
        private static final String BAGGAGE = AppClassName.of("io", "opentelemetry.api.baggage.Baggage");

        private static final ClassValue<Optional<Method>> MDC_GET = new ClassValue<>() {
            @Override
            protected Optional<Method> computeValue(Class<?> type) {
                return method(type, MDC, "get", String.class);
            }
        };

        private static final ClassValue<Optional<Method>> BAGGAGE_CURRENT = new ClassValue<>() {
            @Override
            protected Optional<Method> computeValue(Class<?> type) {
                return method(type, BAGGAGE, "current");
            }
        };

        private AppContext() {
        }

        static Optional<String> mdc(Class<?> type, String key) {
            return MDC_GET.get(type).flatMap(get -> text(invoke(get, null, key)));
        }

        static Optional<String> baggage(Class<?> type, String key) {
            return BAGGAGE_CURRENT.get(type).flatMap(current -> {
                Object baggage = invoke(current, null);
                if (baggage == null) return Optional.empty();
                return method(baggage.getClass(), BAGGAGE, "getEntryValue", String.class)
                        .flatMap(entry -> text(invoke(entry, baggage, key)));
            });
        }

        private static Optional<Method> method(Class<?> type, String className, String name, Class<?>... parameters) {
            try {
                Class<?> declaring = Class.forName(className, false, type.getClassLoader());
                return Optional.of(declaring.getMethod(name, parameters));
            } catch (ReflectiveOperationException | LinkageError absent) {
                return Optional.empty();
            }
        }

        private static Object invoke(Method method, Object target, Object... arguments) {
            try {
                return method.invoke(target, arguments);
            } catch (ReflectiveOperationException | RuntimeException unreadable) {
                return null;
            }
        }

        private static Optional<String> text(Object value) {
            return value instanceof String text && !text.isBlank() ? Optional.of(text) : Optional.empty();
        }
    }
}
