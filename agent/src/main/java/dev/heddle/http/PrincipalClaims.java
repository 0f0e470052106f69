package dev.heddle.http;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a claim of the token the app's own security checked, from its authenticated principal, by
 * the accessors the common frameworks give it: MicroProfile JWT's {@code getClaim(String)} (Quarkus,
 * Open Liberty), Spring Security's {@code getTokenAttributes()} ({@code JwtAuthenticationToken}),
 * {@code getClaims()} ({@code Jwt}) and {@code getAttributes()} (an OAuth2 principal), also on the
 * principal's own {@code getPrincipal()}.
 */
final class PrincipalClaims {

    private static final String[] CLAIM_MAPS = {"getTokenAttributes", "getClaims", "getAttributes"};

    private PrincipalClaims() {
    }

    /**
     * @param principal the request's authenticated principal, or null
     * @param claim the claim's name
     * @return its value when it is a string, a number or a boolean
     */
    static Optional<String> claim(Object principal, String claim) {
        if (principal == null) return Optional.empty();
        Optional<String> own = ownClaim(principal, claim);
        if (own.isPresent()) return own;
        Object inner = invoke(principal, "getPrincipal");
        return inner == null || inner == principal ? Optional.empty() : ownClaim(inner, claim);
    }

    private static Optional<String> ownClaim(Object holder, String claim) {
        Method getClaim = publicMethod(holder.getClass(), "getClaim", String.class);
        if (getClaim != null) {
            Optional<String> value = text(invoke(getClaim, holder, claim));
            if (value.isPresent()) return value;
        }
        for (String accessor : CLAIM_MAPS) {
            if (invoke(holder, accessor) instanceof Map<?, ?> claims) {
                Optional<String> value = text(claims.get(claim));
                if (value.isPresent()) return value;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> text(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            String text = value.toString();
            return text.isBlank() ? Optional.empty() : Optional.of(text);
        }
        // MicroProfile JWT may give a JSON string value (jakarta.json.JsonString): its getString()
        Object string = value == null ? null : invoke(value, "getString");
        return string instanceof String text && !text.isBlank() ? Optional.of(text) : Optional.empty();
    }

    private static Object invoke(Object target, String name) {
        Method method = publicMethod(target.getClass(), name);
        return method == null ? null : invoke(method, target);
    }

    private static Object invoke(Method method, Object target, Object... arguments) {
        try {
            return method.invoke(target, arguments);
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * A public method callable from outside: found on a public class or interface of the hierarchy,
     * as the principal's own class may be package-private.
     */
    private static Method publicMethod(Class<?> type, String name, Class<?>... parameters) {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            Method found = publicMethodOf(current, name, parameters);
            if (found != null) return found;
            for (Class<?> implemented : current.getInterfaces()) {
                found = publicMethodOf(implemented, name, parameters);
                if (found != null) return found;
            }
        }
        return null;
    }

    private static Method publicMethodOf(Class<?> type, String name, Class<?>... parameters) {
        if (!Modifier.isPublic(type.getModifiers())) return null;
        try {
            Method method = type.getMethod(name, parameters);
            return Modifier.isStatic(method.getModifiers()) ? null : method;
        } catch (NoSuchMethodException | SecurityException absent) {
            return null;
        }
    }
}
