package dev.acf.ans.sync;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.acf.api.error.AuthenticationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.PermissionDeniedException;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.sync.PeerSyncTransport;
import dev.acf.api.sync.SyncPage;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link PeerSyncTransport}: HTTP to the peer ANS's {@code GET /v1/sync/changes}
 * (pages, asked for in the whole-batch form) and {@code GET /v1/sync/stream} (Server-Sent Events {@code changed} notifications),
 * presenting one peer token as {@code Authorization: Bearer}. A notification stream that drops is
 * reopened after a second, and every (re)connection counts as a notification, so nothing written
 * while disconnected waits for the next poll.
 *
 * <p>Thread-safe; {@link #fetch} blocks. Verifies no signature: the importer does.
 */
public final class HttpPeerSyncTransport implements PeerSyncTransport {
    private static final Logger LOG = LoggerFactory.getLogger(HttpPeerSyncTransport.class);
    private static final Duration RECONNECT = Duration.ofSeconds(1);

    private final HttpClient http;
    private final String token;

    /** Creates a transport presenting {@code token} to peers. */
    public HttpPeerSyncTransport(String token) {
        this.token = Objects.requireNonNull(token, "token");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public SyncPage fetch(URI peer, @Nullable String cursor, int limit) {
        // form=whole: the page's changes signed by the peer come as one batch, verified at once (SignedChange).
        String query = "form=whole&limit=" + limit + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        HttpRequest request = request(peer.resolve("/v1/sync/changes?" + query)).timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "peer ANS " + peer + " did not answer its sync feed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "interrupted while reading the sync feed of " + peer);
        }
        int status = response.statusCode();
        if (status == 401) {
            throw new AuthenticationException("peer ANS " + peer + " refused our sync token");
        }
        if (status == 403) {
            throw new PermissionDeniedException("peer ANS " + peer + " does not export to us");
        }
        if (status != 200) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "peer ANS " + peer + " answered HTTP " + status + " to its sync feed");
        }
        return page(peer, response.body());
    }

    private static final byte[] CHANGES = "{\"changes\":[".getBytes(StandardCharsets.US_ASCII);

    /**
     * Reads a page with the streaming parser: a page holds thousands of long strings, and a tree of them costs twice.
     * A page as ACF writes it ({@code {"changes":["...",...],...}}, signed changes needing no escapes) has its changes
     * cut straight out of the bytes, megabytes of base64url that a JSON parser would otherwise decode character by
     * character; anything else is parsed in full.
     */
    static SyncPage page(URI peer, byte[] body) {
        List<String> changes = new ArrayList<>();
        int rest = plainChanges(body, changes);
        if (rest < 0) {
            changes.clear();
            rest = 0;
        }
        String next = null;
        boolean more = false;
        try (JsonParser parser = AcfJson.mapper().getFactory().createParser(body, rest, body.length - rest)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a sync page is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "changes" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new IOException("changes is not an array");
                        }
                        while (parser.nextToken() == JsonToken.VALUE_STRING) {
                            changes.add(parser.getText());
                        }
                    }
                    case "cursor" -> next = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "hasMore" -> more = value == JsonToken.VALUE_TRUE;
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "peer ANS " + peer + " sent an unreadable sync page: " + e.getMessage(), e);
        }
        if (next == null) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "peer ANS " + peer + " sent a sync page without a cursor");
        }
        return new SyncPage(changes, next, more);
    }

    /**
     * Cuts the changes out of a page that starts {@code {"changes":["} and whose strings hold no escape or control
     * character, and returns the offset where a parser can take over (a {@code {} put in place of the array's
     * closing {@code ]}, so the rest reads as an object), or -1 when the page is not of that shape.
     */
    private static int plainChanges(byte[] body, List<String> changes) {
        if (!java.util.Arrays.equals(body, 0, Math.min(body.length, CHANGES.length), CHANGES, 0, CHANGES.length)) {
            return -1;
        }
        int at = CHANGES.length;
        if (at < body.length && body[at] == ']') {
            return tail(body, at);
        }
        while (at < body.length && body[at] == '"') {
            int end = at + 1;
            while (end < body.length && body[end] != '"') {
                byte b = body[end];
                if (b == '\\' || (b >= 0 && b < 0x20) || b < 0) {
                    return -1;
                }
                end++;
            }
            if (end >= body.length) {
                return -1;
            }
            changes.add(new String(body, at + 1, end - at - 1, StandardCharsets.ISO_8859_1));
            at = end + 1;
            if (at < body.length && body[at] == ',') {
                at++;
            } else if (at < body.length && body[at] == ']') {
                return tail(body, at);
            } else {
                return -1;
            }
        }
        return -1;
    }

    /** Turns {@code ],"cursor":...} at {@code at} into {@code {"cursor":...} (in place) and returns where it starts. */
    private static int tail(byte[] body, int at) {
        if (at + 1 < body.length && body[at + 1] == ',') {
            body[at + 1] = '{';
            return at + 1;
        }
        if (at + 1 < body.length && body[at + 1] == '}') {
            body[at] = '{';
            return at; // "{}" : no cursor, reported by the caller
        }
        return -1;
    }

    @Override
    public AutoCloseable watch(URI peer, Runnable onChange) {
        AtomicBoolean open = new AtomicBoolean(true);
        Thread thread = Thread.ofVirtual().name("acf-sync-watch-" + peer.getHost()).start(() -> {
            while (open.get()) {
                HttpRequest request = request(peer.resolve("/v1/sync/stream")).header("Accept", "text/event-stream").GET().build();
                try {
                    HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
                    try (Stream<String> lines = response.body()) {
                        if (response.statusCode() == 200) {
                            onChange.run(); // connected: whatever happened while away is fetched now
                            Iterator<String> it = lines.iterator();
                            while (open.get() && it.hasNext()) {
                                if (it.next().equals("event: changed")) {
                                    onChange.run();
                                }
                            }
                        } else {
                            LOG.debug("sync stream of {} answered HTTP {}", peer, response.statusCode());
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.debug("sync stream of {} dropped: {}", peer, e.toString());
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    Thread.sleep(RECONNECT);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return () -> {
            open.set(false);
            thread.interrupt();
        };
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token);
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
