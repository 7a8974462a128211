package dev.acf.gateway.proxy;

import dev.acf.api.error.InvalidNameException;
import dev.acf.api.name.AgentName;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A gateway path that addresses an agent: {@code /agents/{url-encoded ANS name}{rest}}, where
 * {@code rest} (possibly empty, possibly with a query) is appended to the agent's endpoint.
 * The name may also be given without its {@code ans://} scheme. Immutable.
 *
 * <pre>{@code
 * AgentPath p = AgentPath.parse("/agents/ans%3A%2F%2Fv1.0.0.rca.ops.example.net/tasks?x=1").orElseThrow();
 * p.name();  // ans://v1.0.0.rca.ops.example.net
 * p.rest();  // /tasks?x=1
 * }</pre>
 *
 * @param name the agent named in the path
 * @param rest the path and query after the name
 */
public record AgentPath(AgentName name, String rest) {
    /** The prefix of agent paths. */
    public static final String PREFIX = "/agents/";
    /** The Agent Card path under an agent (and at the root). */
    public static final String CARD = "/.well-known/agent-card.json";

    /** Bounds the parsed-path cache: paths come from callers, so it is emptied when full. */
    private static final int MAX_PARSED = 1024;
    private static final ConcurrentHashMap<String, Optional<AgentPath>> PARSED = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<AgentName, String> ENCODED = new ConcurrentHashMap<>();

    /**
     * Parses a request target.
     *
     * @return empty when the path is not under {@link #PREFIX}
     * @throws InvalidNameException when it is, but the name is not a valid ANS name
     */
    public static Optional<AgentPath> parse(String target) {
        if (!target.startsWith(PREFIX)) {
            return Optional.empty();
        }
        // A gateway sees the same few agent paths again and again; parsing a name (regex, version, FQDN) costs more than a lookup.
        Optional<AgentPath> known = PARSED.get(target);
        if (known != null) {
            return known;
        }
        Optional<AgentPath> parsed = parseUncached(target);
        if (PARSED.size() >= MAX_PARSED) {
            PARSED.clear();
        }
        PARSED.put(target, parsed);
        return parsed;
    }

    private static Optional<AgentPath> parseUncached(String target) {
        String after = target.substring(PREFIX.length());
        int end = indexOfAny(after, "/?#");
        String segment = end < 0 ? after : after.substring(0, end);
        String rest = end < 0 ? "" : after.substring(end);
        String text;
        try {
            text = URLDecoder.decode(segment, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidNameException("the agent name in the path is not validly URL-encoded");
        }
        if (text.isEmpty()) {
            throw new InvalidNameException("the path names no agent; expected /agents/{url-encoded ANS name}");
        }
        return Optional.of(new AgentPath(AgentName.parse(text.contains("://") ? text : "ans://" + text), rest));
    }

    /** Returns the gateway path of an agent: {@code /agents/} and the URL-encoded name. */
    public static String of(AgentName name) {
        String known = ENCODED.get(name);
        if (known != null) {
            return known;
        }
        String path = PREFIX + URLEncoder.encode(name.toString(), StandardCharsets.UTF_8);
        if (ENCODED.size() >= MAX_PARSED) {
            ENCODED.clear();
        }
        ENCODED.put(name, path);
        return path;
    }

    /** Returns true when the rest is the agent's card. */
    public boolean isCard() {
        return rest.equals(CARD) || rest.startsWith(CARD + "?");
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
