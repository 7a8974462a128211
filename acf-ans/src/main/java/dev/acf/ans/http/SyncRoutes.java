package dev.acf.ans.http;

import dev.acf.ans.events.AgentEvents;
import dev.acf.ans.sync.ChangeFeed;
import dev.acf.ans.sync.Federation;
import dev.acf.ans.sync.Peer;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.NotFoundException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.sync.SyncPage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * The sync routes of the ANS API (ANS-SYNC-2), for peer domains presenting their peer token:
 * <ul>
 *   <li>{@code GET /v1/sync/changes?cursor=&limit=&form=}: a page of signed changes ({@code form=whole}: this ANS's
 *       changes as one whole batch),
 *       {@code {"origin": "...", "changes": ["<compact JWS>", ...], "cursor": "...", "hasMore": false}};
 *       without a cursor, the snapshot's first page (see {@link ChangeFeed});</li>
 *   <li>{@code GET /v1/sync/stream}: Server-Sent Events, {@code event: changed} with
 *       {@code data: {"head": "<position>"}} whenever this ANS's records change, so importers fetch
 *       at once instead of polling; a comment line every {@value #HEARTBEAT_MILLIS} ms otherwise.</li>
 * </ul>
 * Thread-safe; a stream runs on its request's (virtual) thread until the client leaves.
 */
final class SyncRoutes {
    static final long HEARTBEAT_MILLIS = 10_000;
    /** How often a stream looks at the store's head besides waiting for events: writes of other ANS nodes publish none here. */
    private static final long HEAD_POLL_MILLIS = 200;
    private static final int DEFAULT_LIMIT = 1_000;

    private final ChangeFeed feed;
    private final AgentEvents events;

    SyncRoutes(ChangeFeed feed, AgentEvents events) {
        this.feed = feed;
        this.events = events;
    }

    /** Returns true for the sync paths this class answers through {@link #handle}. */
    static boolean matches(List<String> segments) {
        return segments.size() >= 2 && segments.get(0).equals("v1") && segments.get(1).equals("sync");
    }

    /** Returns true for the notification stream, which {@link #stream} serves. */
    static boolean isStream(List<String> segments, String method) {
        return segments.equals(List.of("v1", "sync", "stream")) && method.equals("GET");
    }

    HttpAnswer handle(HttpCall call) {
        List<String> s = call.segments();
        if (s.size() == 3 && s.get(2).equals("changes")) {
            if (!call.method().equals("GET") && !call.method().equals("HEAD")) {
                throw new AnsRoutes.MethodNotAllowed("GET");
            }
            Peer peer = feed.authenticate(call.bearer());
            boolean whole = "whole".equals(call.query().get("form"));
            SyncPage page = feed.page(peer, blankToNull(call.query().get("cursor")), limit(call.query().get("limit")), whole);
            // Not signed as a whole: every change carries its origin's signature, and signing megabytes again costs time.
            return HttpAnswer.bytes(200, "application/json", body(page));
        }
        if (s.size() == 3 && s.get(2).equals("stream")) {
            throw new AnsRoutes.MethodNotAllowed("GET");
        }
        throw new NotFoundException(ErrorCode.NOT_FOUND, "no such resource: " + call.method() + " /" + String.join("/", s));
    }

    void stream(Request request, Response response, Callback callback, @Nullable String bearer) {
        feed.authenticate(bearer);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            long seen = events.head();
            long sent = feed.head().position();
            out.write((": acf sync stream\nevent: changed\ndata: {\"head\":\"" + sent + "\"}\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            long quietSince = System.nanoTime();
            while (!events.isClosed()) {
                List<AgentEvents.Numbered> batch = events.after(seen, HEAD_POLL_MILLIS);
                if (!batch.isEmpty()) {
                    seen = batch.getLast().sequence();
                }
                long head = feed.head().position();
                if (head != sent) {
                    sent = head;
                    out.write(("event: changed\ndata: {\"head\":\"" + head + "\"}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > HEARTBEAT_MILLIS * 1_000_000) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    quietSince = System.nanoTime();
                }
            }
        } catch (IOException e) {
            callback.succeeded(); // the peer went away
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.succeeded();
            return;
        }
        callback.succeeded();
    }

    /**
     * Writes a page as {@code {"changes": [...], "cursor": "...", "hasMore": ...}} straight into bytes: pages
     * run to megabytes, and a signed change (base64url, {@code .~:} and digits) needs no escaping.
     */
    static byte[] body(SyncPage page) {
        List<byte[]> changes = new ArrayList<>(page.changes().size());
        int size = 64 + page.cursor().length();
        for (String change : page.changes()) {
            // Signed changes are base64url, '.', '~', ':' and digits by construction (SignedChange): nothing to escape.
            byte[] bytes = change.getBytes(StandardCharsets.ISO_8859_1);
            changes.add(bytes);
            size += bytes.length + 3;
        }
        byte[] out = new byte[size];
        int at = put(out, 0, "{\"changes\":[");
        for (int i = 0; i < changes.size(); i++) {
            at = put(out, at, i == 0 ? "\"" : ",\"");
            byte[] change = changes.get(i);
            System.arraycopy(change, 0, out, at, change.length);
            at += change.length;
            out[at++] = '"';
        }
        byte[] cursor = page.cursor().getBytes(StandardCharsets.ISO_8859_1);
        if (!plain(cursor)) {
            throw new IllegalStateException("a sync cursor holds a character that needs escaping");
        }
        at = put(out, at, "],\"cursor\":\"");
        System.arraycopy(cursor, 0, out, at, cursor.length);
        at += cursor.length;
        at = put(out, at, "\",\"hasMore\":" + page.hasMore() + "}");
        return java.util.Arrays.copyOf(out, at);
    }

    private static int put(byte[] out, int at, String ascii) {
        byte[] bytes = ascii.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    /** Whether text (as Latin-1 bytes) needs no JSON escaping; anything else is refused rather than sent malformed. */
    private static boolean plain(byte[] text) {
        for (byte b : text) {
            if (b < 0x20 || b == '"' || b == '\\' || b == 0x7f) { // bytes >= 0x80 are negative: not plain either
                return false;
            }
        }
        return true;
    }

    private static int limit(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1 && value <= Federation.MAX_PAGE) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ValidationException("limit must be 1-" + Federation.MAX_PAGE + ", was '" + text + "'");
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
