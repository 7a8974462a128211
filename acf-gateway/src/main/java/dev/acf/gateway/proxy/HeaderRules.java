package dev.acf.gateway.proxy;

import dev.acf.api.gateway.HttpHeaders;
import dev.acf.api.security.CallerIdentity;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What headers cross the proxy in each direction (topology hiding). Towards the agent: no
 * hop-by-hop fields, no client claims about identity or network position ({@code ACF-Caller},
 * {@code Forwarded}, {@code X-Forwarded-*}, {@code X-Real-IP}); the gateway adds its own
 * {@code ACF-Request-Id} and the authenticated caller as {@code ACF-Caller}. Towards the
 * client: no hop-by-hop fields and nothing naming the upstream ({@code Server}, {@code Via},
 * {@code X-Powered-By}, the {@code x-http2-*} fields Netty adds when converting an HTTP/2
 * answer); {@code Location} and {@code Content-Location} point at the gateway.
 */
final class HeaderRules {
    /** The gateway-issued request id, sent upstream and back to the client. */
    static final String REQUEST_ID = "acf-request-id";
    /** The authenticated caller, sent upstream only. */
    static final String CALLER = "acf-caller";

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization");
    // No Accept-Encoding: filters read the agent's answer (JSON-RPC, events) unencoded, and the
    // gateway compresses towards the client itself (GW-FWD-3).
    private static final Set<String> NOT_UPSTREAM = Set.of("host", "content-length", "expect", "accept-encoding", CALLER, REQUEST_ID,
            "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip");
    private static final Set<String> NOT_DOWNSTREAM = Set.of("server", "via", "x-powered-by", "x-aspnet-version",
            "x-aspnetmvc-version", "x-backend-server", "x-upstream", "x-served-by");

    private HeaderRules() {}

    static HttpHeaders upstream(HttpHeaders client, String requestId, CallerIdentity caller) {
        Map<String, List<String>> out = copy(client, NOT_UPSTREAM);
        out.keySet().removeIf(name -> name.startsWith("x-http2-"));
        out.put(REQUEST_ID, List.of(requestId));
        if (caller.isAuthenticated()) {
            out.put(CALLER, List.of(caller.subject()));
        }
        return new HttpHeaders(out);
    }

    static HttpHeaders downstream(HttpHeaders upstream, UrlRewriter urls) {
        Map<String, List<String>> out = copy(upstream, NOT_DOWNSTREAM);
        out.keySet().removeIf(name -> name.startsWith("x-http2-"));
        for (String name : List.of("location", "content-location")) {
            List<String> values = out.get(name);
            if (values != null) {
                out.put(name, values.stream().map(urls::rewrite).toList());
            }
        }
        return new HttpHeaders(out);
    }

    private static Map<String, List<String>> copy(HttpHeaders from, Set<String> drop) {
        Set<String> named = new HashSet<>();
        for (String value : from.all("connection")) {
            for (String token : value.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        from.fields().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name) && !drop.contains(name) && !named.contains(name)) {
                out.put(name, values);
            }
        });
        return out;
    }
}
