package dev.acf.gateway.proxy;

import dev.acf.api.gateway.HttpHeaders;
import dev.acf.api.security.CallerIdentity;
import dev.acf.gateway.server.HeaderNames;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

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
        HttpHeaders.Builder out = HttpHeaders.builder(client.fields().size() + 2);
        upstream(client, requestId, caller, out::add);
        return out.build();
    }

    /** Hands the fields to send upstream to the sink, in order, without building headers in between (the transport writes them). */
    static void upstream(HttpHeaders client, String requestId, CallerIdentity caller, BiConsumer<String, List<String>> sink) {
        List<String> connection = client.all("connection");
        client.fields().forEach((name, values) -> {
            if (passes(name, connection, NOT_UPSTREAM)) {
                sink.accept(name, values);
            }
        });
        sink.accept(REQUEST_ID, List.of(requestId));
        if (caller.isAuthenticated()) {
            sink.accept(CALLER, List.of(caller.subject()));
        }
    }

    static HttpHeaders downstream(HttpHeaders upstream, UrlRewriter urls) {
        HttpHeaders.Builder out = HttpHeaders.builder(upstream.fields().size());
        List<String> connection = upstream.all("connection");
        upstream.fields().forEach((name, values) -> {
            if (passes(name, connection, NOT_DOWNSTREAM)) {
                out.add(name, rewritten(name, values, urls));
            }
        });
        return out.build();
    }

    /** The answer's headers as the client sees them, read from the transport's in one pass. */
    static HttpHeaders downstream(io.netty.handler.codec.http.HttpHeaders upstream, UrlRewriter urls) {
        HttpHeaders.Builder out = HttpHeaders.builder(upstream.size());
        List<String> connection = upstream.getAll("connection");
        for (Iterator<Map.Entry<CharSequence, CharSequence>> i = upstream.iteratorCharSequence(); i.hasNext();) {
            Map.Entry<CharSequence, CharSequence> h = i.next();
            String name = HeaderNames.lower(h.getKey());
            if (passes(name, connection, NOT_DOWNSTREAM)) {
                String value = h.getValue().toString();
                out.add(name, name.equals("location") || name.equals("content-location") ? urls.rewrite(value) : value);
            }
        }
        return out.build();
    }

    private static List<String> rewritten(String name, List<String> values, UrlRewriter urls) {
        return name.equals("location") || name.equals("content-location") ? values.stream().map(urls::rewrite).toList() : values;
    }

    /** Whether a (lower-case) field crosses: not hop-by-hop, not dropped in this direction, not named by {@code Connection}. */
    private static boolean passes(String name, List<String> connection, Set<String> drop) {
        return !HOP_BY_HOP.contains(name) && !drop.contains(name) && !name.startsWith("x-http2-")
                && (connection.isEmpty() || !named(connection, name));
    }

    /** Whether one of the comma-separated tokens of the {@code Connection} values is this name, ignoring case. */
    private static boolean named(List<String> connection, String name) {
        for (String value : connection) {
            int from = 0;
            while (from <= value.length()) {
                int comma = value.indexOf(',', from);
                int end = comma < 0 ? value.length() : comma;
                int a = from;
                int b = end;
                while (a < b && value.charAt(a) <= ' ') {
                    a++;
                }
                while (b > a && value.charAt(b - 1) <= ' ') {
                    b--;
                }
                if (b - a == name.length() && value.regionMatches(true, a, name, 0, b - a)) {
                    return true;
                }
                from = end + 1;
            }
        }
        return false;
    }
}
