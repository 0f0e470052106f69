package dev.heddle.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code status:}, the status endpoint: {@code { port: 9464, bind: 127.0.0.1, token: ${HEDDLE_STATUS_TOKEN} }}.
 * A token is never repeated in a message.
 */
final class StatusReader {

    private static final List<String> KEYS = List.of("port", "bind", "token");
    private static final String EXPECTED_STATUS = "a mapping such as { port: 9464 }";
    private static final String EXPECTED_BIND = "an IP address such as 127.0.0.1, 0.0.0.0 or ::";
    private static final String EXPECTED_TOKEN = "a token such as \"${HEDDLE_STATUS_TOKEN}\"";
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    /** Only the characters of an IPv6 literal, so that parsing one never asks DNS. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    /** What an HTTP header carries without quoting: visible ASCII. */
    private static final Pattern TOKEN_CHARACTERS = Pattern.compile("[\\x21-\\x7E]+");

    private final Problems problems;
    private final Scalars scalars;

    StatusReader(Problems problems, Scalars scalars) {
        this.problems = problems;
        this.scalars = scalars;
    }

    /** @return the endpoint's settings; empty when they have problems, which are reported */
    Optional<StatusConfig> read(Node node, String path) {
        return YamlMapping.read(node, path, EXPECTED_STATUS, problems).flatMap(status -> {
            status.allowOnly(KEYS, problems);
            Optional<Node> portNode = status.get("port");
            if (portNode.isEmpty()) {
                // no default port: 9464 and its neighbours are popular, and a clash should be a choice
                problems.report(status.node(), path, "'port' is required: " + Scalars.PORT + ", such as { port: 9464 }");
                return Optional.empty();
            }
            Optional<Integer> port = scalars.port(portNode.get(), status.pathOf("port"));
            Optional<InetAddress> bind = status.get("bind").isEmpty() ? Optional.of(StatusConfig.IPV4_LOOPBACK)
                    : bind(status.get("bind").get(), status.pathOf("bind"));
            Optional<Optional<String>> token = status.get("token").isEmpty() ? Optional.of(Optional.empty())
                    : token(status.get("token").get(), status.pathOf("token"));
            if (port.isEmpty() || bind.isEmpty() || token.isEmpty()) return Optional.empty();
            if (!bind.get().isLoopbackAddress() && token.get().isEmpty()) {
                Node where = status.get("bind").orElse(status.node());
                problems.report(where, status.pathOf("bind"), bind.get().getHostAddress()
                        + " is not a loopback address, so the status endpoint needs a 'token' of at least "
                        + StatusConfig.MIN_TOKEN_LENGTH + " characters (token: \"${HEDDLE_STATUS_TOKEN}\"), which every"
                        + " request for / and /status must send as 'Authorization: Bearer <token>'; or bind to 127.0.0.1");
                return Optional.empty();
            }
            return Optional.of(new StatusConfig(port.get(), bind.get(), token.get()));
        });
    }

    private Optional<InetAddress> bind(Node node, String path) {
        return scalars.name(node, path, EXPECTED_BIND).flatMap(text -> {
            String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
            if (literal.toLowerCase(Locale.ROOT).equals("localhost")) return Optional.of(StatusConfig.IPV4_LOOPBACK);
            if (IPV4.matcher(literal).matches() || IPV6.matcher(literal).matches()) {
                try {
                    return Optional.of(InetAddress.getByName(literal));
                } catch (UnknownHostException notAnAddress) {
                    // reported below
                }
            }
            problems.report(node, path, "expected " + EXPECTED_BIND + " (an address of this machine, not a host name),"
                    + " but found '" + text + "'");
            return Optional.empty();
        });
    }

    /** @return the token, or an empty one when the value is empty (an unset {@code ${VAR:}}); empty when it has problems */
    private Optional<Optional<String>> token(Node node, String path) {
        return scalars.text(node, path, EXPECTED_TOKEN).flatMap(text -> {
            if (text.isEmpty()) return Optional.of(Optional.<String>empty());
            if (!TOKEN_CHARACTERS.matcher(text).matches()) {
                problems.report(node, path, "the token may hold only visible ASCII characters, without blanks"
                        + " (it travels in an HTTP header)");
                return Optional.empty();
            }
            if (text.length() < StatusConfig.MIN_TOKEN_LENGTH) {
                problems.report(node, path, "the token must have at least " + StatusConfig.MIN_TOKEN_LENGTH
                        + " characters, but has " + text.length() + "; generate one, such as with 'openssl rand -hex 24'");
                return Optional.empty();
            }
            return Optional.of(Optional.of(text));
        });
    }
}
