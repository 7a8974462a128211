package dev.acf.ans.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.ans.AnsService;
import dev.acf.ans.graph.GraphAnomaly;
import dev.acf.ans.graph.GraphEdge;
import dev.acf.ans.graph.GraphNode;
import dev.acf.ans.graph.GraphSubscription;
import dev.acf.ans.graph.InteractionGraph;
import dev.acf.api.audit.AuditEvent;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.NotFoundException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.monitor.AnomalyEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * The interaction graph routes of the ANS API (ANS-MON-1, ANS-MON-2):
 * <pre>
 *   GET  /v1/graph?window=5m          the graph (admin): JSON, or DOT with Accept: text/vnd.graphviz (or ?format=dot)
 *   GET  /v1/graph/stream?window=5m   Server-Sent Events (admin): snapshot, then edge / node / anomaly deltas
 *   POST /v1/graph/events             a gateway's batch of audit events, authenticated like its anomaly reports
 * </pre>
 * A window is {@code <n>s}, {@code <n>m}, {@code <n>h} or an ISO-8601 duration, 1 s to 24 h, 5 min
 * by default. A stream sends a comment line every {@value #HEARTBEAT_MILLIS} ms when nothing
 * changed and runs on its request's (virtual) thread until the client leaves. Thread-safe.
 */
final class GraphRoutes {
    static final long HEARTBEAT_MILLIS = 15_000;
    /** The most events one push may carry. */
    static final int MAX_BATCH = 1_000;
    static final String DOT = "text/vnd.graphviz";
    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})([smh])");

    private final AnsService service;
    private final MonitorRoutes reports;

    GraphRoutes(AnsService service, MonitorRoutes reports) {
        this.service = Objects.requireNonNull(service, "service");
        this.reports = Objects.requireNonNull(reports, "reports");
    }

    private InteractionGraph graph() {
        return service.graph();
    }

    /** Returns true for the stream, which {@link #stream} serves. */
    static boolean isStream(List<String> segments, String method) {
        return segments.equals(List.of("v1", "graph", "stream")) && method.equals("GET");
    }

    HttpAnswer handle(HttpCall call) {
        List<String> s = call.segments();
        if (s.size() == 2) {
            if (!call.method().equals("GET") && !call.method().equals("HEAD")) {
                throw new AnsRoutes.MethodNotAllowed("GET");
            }
            service.authorizeAdmin(call.bearer());
            var snapshot = graph().snapshot(window(call.query().get("window")));
            if (wantsDot(call)) {
                return HttpAnswer.text(200, DOT + "; charset=utf-8", snapshot.toDot());
            }
            return HttpAnswer.json(200, snapshot);
        }
        if (s.size() == 3 && s.get(2).equals("events")) {
            if (!call.method().equals("POST")) {
                throw new AnsRoutes.MethodNotAllowed("POST");
            }
            List<AuditEvent> events = events(reports.authenticated(call).json());
            graph().report(events);
            return HttpAnswer.signedJson(202, Map.of("accepted", events.size()));
        }
        if (s.size() == 3 && s.get(2).equals("stream")) {
            throw new AnsRoutes.MethodNotAllowed("GET");
        }
        throw new NotFoundException(ErrorCode.NOT_FOUND, "no such resource: " + call.method() + " /" + String.join("/", s));
    }

    /** Serves the stream; refuses (by exception, before anything is written) without the admin token or with a bad window. */
    void stream(Response response, Callback callback, HttpCall call) {
        service.authorizeAdmin(call.bearer());
        Duration window = window(call.query().get("window"));
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        // Subscribed before the snapshot is taken: a change racing it is sent again, never lost.
        try (GraphSubscription changes = graph().subscribe(window); OutputStream out = Content.Sink.asOutputStream(response)) {
            send(out, "snapshot", graph().snapshot(window));
            out.flush();
            while (!changes.isClosed()) {
                GraphSubscription.Changes c = changes.next(HEARTBEAT_MILLIS);
                if (c.isEmpty()) {
                    if (changes.isClosed()) {
                        break;
                    }
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                }
                for (GraphAnomaly a : c.anomalies()) {
                    send(out, "anomaly", a);
                }
                for (GraphEdge e : c.edges()) {
                    send(out, "edge", e);
                }
                for (GraphNode n : c.nodes()) {
                    send(out, "node", n);
                }
                out.flush();
            }
        } catch (IOException e) {
            callback.succeeded(); // the client went away
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.succeeded();
            return;
        }
        callback.succeeded(); // the ANS is stopping
    }

    private static void send(OutputStream out, String event, Object data) throws IOException {
        out.write(("event: " + event + "\ndata: " + AcfJson.writeString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private static boolean wantsDot(HttpCall call) {
        String format = call.query().get("format");
        if (format != null) {
            return format.trim().equalsIgnoreCase("dot");
        }
        String accept = call.headers().getOrDefault("accept", "");
        return accept.toLowerCase(Locale.ROOT).contains(DOT) && !accept.toLowerCase(Locale.ROOT).contains("application/json");
    }

    /** Reads a window: {@code 30s}, {@code 5m}, {@code 24h} or ISO-8601 ({@code PT5M}); 5 minutes when absent. */
    static Duration window(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return Duration.ofMinutes(5);
        }
        String t = text.trim();
        Duration window;
        Matcher m = SHORT.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            window = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            try {
                window = Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw new ValidationException("window must be like 30s, 5m, 24h or PT5M, was '" + t + "'");
            }
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(InteractionGraph.MAX_WINDOW) > 0) {
            throw new ValidationException("window must be 1s to 24h, was '" + t + "'");
        }
        return window;
    }

    /** Reads a push: {@code {"events": [{"time", "source", "destination", "method", "status", "outcome", "latencyMicros"}]}}. */
    private List<AuditEvent> events(byte[] json) {
        if (json.length == 0) {
            throw new ValidationException(ErrorCode.MALFORMED_JSON, "the push needs a JSON body {\"events\": [...]}");
        }
        JsonNode list = AcfJson.readTree(json).path("events");
        if (!list.isArray()) {
            throw new ValidationException(ErrorCode.MALFORMED_JSON, "the push needs an \"events\" array");
        }
        if (list.size() > MAX_BATCH) {
            throw new ValidationException("a push carries at most " + MAX_BATCH + " events, this one " + list.size());
        }
        Instant now = graph().now();
        List<AuditEvent> out = new ArrayList<>(list.size());
        for (JsonNode e : list) {
            if (!e.isObject()) {
                throw new ValidationException(ErrorCode.MALFORMED_JSON, "an event must be a JSON object");
            }
            Instant time = time(e.path("time"));
            long latency = e.path("latencyMicros").asLong(0);
            if (latency < 0) {
                throw new ValidationException("latencyMicros must not be negative, was " + latency);
            }
            out.add(AuditEvent.builder(text(e, "type", InteractionGraph.CALL))
                    .time(time.isAfter(now) ? now : time) // a gateway's clock ahead of ours must not write the future
                    .source(required(e, "source"))
                    .destination(required(e, "destination"))
                    .method(text(e, "method", null))
                    .status(e.path("status").asInt(0))
                    .outcome(text(e, "outcome", "ok"))
                    .latencyMicros(latency)
                    .build());
        }
        return out;
    }

    private static Instant time(JsonNode node) {
        if (!node.isTextual()) {
            throw new ValidationException("every event needs a \"time\" (ISO-8601 instant)");
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new ValidationException("time must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, was '" + node.asText() + "'");
        }
    }

    private static String required(JsonNode event, String field) {
        String value = text(event, field, null);
        if (value == null || value.isBlank()) {
            throw new ValidationException("every event needs a \"" + field + "\"");
        }
        return value;
    }

    private static @Nullable String text(JsonNode event, String field, @Nullable String absent) {
        JsonNode node = event.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return absent;
        }
        if (!node.isTextual()) {
            throw new ValidationException("\"" + field + "\" must be a string");
        }
        String value = node.asText();
        if (value.length() > AnomalyEvent.MAX_NAME) {
            throw new ValidationException("\"" + field + "\" is longer than " + AnomalyEvent.MAX_NAME + " characters");
        }
        return value;
    }
}
