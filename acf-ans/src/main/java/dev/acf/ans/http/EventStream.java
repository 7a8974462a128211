package dev.acf.ans.http;

import dev.acf.ans.AnsService;
import dev.acf.ans.events.AgentEvents;
import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.resolve.AgentEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/events}: the agent event stream as Server-Sent Events, so gateways learn of
 * revocations within a second (ANS-LIFE-3, REL-4). Each event has the stream number as its
 * {@code id}; a client resumes with {@code Last-Event-ID} or {@code ?after=N}. The
 * {@code data} is the event JSON; when the ANS signs, it is
 * {@code {"payload": base64url(event JSON), "signature": detached JWS over those bytes}} so a
 * gateway verifies the exact bytes before acting. Agent events are named {@code agent}; grant
 * changes (ANS-SEC-1) are named {@code permission}, with {@code {"grant","version","status"}}, so
 * gateways reload the grants in force. A comment line every {@value #HEARTBEAT_MILLIS} ms keeps idle connections open
 * and detects closed ones. Without a token a subscriber receives only the agent events that
 * {@link AnsService#eventVisibility} allows an anonymous caller; the administrator token or a grant
 * reader token ({@code Authorization: Bearer}) receives all. Runs on the request's (virtual)
 * thread until the client leaves.
 */
final class EventStream {
    static final long HEARTBEAT_MILLIS = 10_000;

    private final AnsService service;
    private final AgentEvents events;
    private final @Nullable ResponseSigner signer;

    EventStream(AnsService service, @Nullable ResponseSigner signer) {
        this.service = service;
        this.events = service.events();
        this.signer = signer;
    }

    /**
     * Streams the events after the position asked for, those the subscriber may see.
     *
     * @param bearer the subscription's bearer token, or {@code null} for an anonymous subscriber
     */
    void serve(Request request, Response response, Callback callback, @Nullable String afterParam, @Nullable String bearer) {
        long after = position(afterParam != null ? afterParam : request.getHeaders().get("Last-Event-ID"));
        // Checked before the stream starts, so a wrong token gets its error status, not an empty stream.
        Predicate<AgentEvent> visible = service.eventVisibility(bearer);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            out.write(": acf ans events\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            long lastWrite = System.nanoTime();
            while (!events.isClosed()) {
                List<AgentEvents.Numbered> batch = events.after(after, HEARTBEAT_MILLIS);
                boolean wrote = false;
                for (AgentEvents.Numbered n : batch) {
                    after = n.sequence();
                    if (n.event() != null && !visible.test(n.event())) {
                        continue;
                    }
                    byte[] data = AcfJson.writeBytes(n.event() != null ? n.event() : n.permission());
                    String name = n.event() != null ? "agent" : "permission";
                    String line = signer == null
                            ? new String(data, StandardCharsets.UTF_8)
                            : AcfJson.writeString(Map.of(
                                    "payload", Base64.getUrlEncoder().withoutPadding().encodeToString(data),
                                    "signature", signer.signDetached(data)));
                    out.write(("id: " + n.sequence() + "\nevent: " + name + "\ndata: " + line + "\n\n").getBytes(StandardCharsets.UTF_8));
                    wrote = true;
                }
                if (!wrote && System.nanoTime() - lastWrite >= HEARTBEAT_MILLIS * 1_000_000) {
                    // Quiet, or nothing this subscriber may see: a comment still shows the connection is alive.
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    wrote = true;
                }
                if (wrote) {
                    out.flush();
                    lastWrite = System.nanoTime();
                }
            }
        } catch (IOException e) {
            callback.succeeded(); // the client went away: nothing more to send
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.succeeded();
            return;
        }
        callback.succeeded(); // the ANS is stopping: the stream ends cleanly
    }

    private long position(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return events.head(); // a new subscriber wants what happens from now on
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ValidationException("event position must be a non-negative number, was '" + text + "'");
        }
    }
}
