package dev.acf.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.error.AcfException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.resolve.AgentEvent;
import dev.acf.client.internal.Backoff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code GET /v1/events} (Server-Sent Events) on one background thread and hands every
 * verified agent event to the listeners. Each {@code data} line must be
 * {@code {"payload": base64url(event JSON), "signature": detached JWS}}; an unsigned or forged
 * event is logged and dropped, never acted on. After a broken connection it reconnects with
 * exponential backoff and {@code Last-Event-ID}; since the ANS keeps a bounded backlog, every
 * reconnection also calls {@code onResync} so the cache forgets what it may have missed. The
 * ANS sends a comment every 10 s, so a read timeout of 30 s detects a dead connection. Without
 * a token the ANS sends only the events of agents an anonymous caller may discover, and every
 * withdrawal. Thread-safe.
 */
final class EventWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventWatch.class);
    private static final long MAX_LINE = 1 << 20;

    private final OkHttpClient http;
    private final HttpUrl url;
    private final AnsKeys keys;
    private final Runnable onResync;
    private final Backoff backoff;
    private final @Nullable String token;
    private final List<Consumer<AgentEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> permissionListeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch connected = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;
    private volatile @Nullable Call current;
    private @Nullable String lastEventId;

    /**
     * @param token the bearer token presented on the stream (administrator or grant reader token),
     *     or {@code null} to follow it as an anonymous subscriber
     */
    EventWatch(OkHttpClient http, HttpUrl url, AnsKeys keys, Runnable onResync, Backoff backoff, @Nullable String token) {
        this.http = http.newBuilder().readTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ZERO).build();
        this.url = url;
        this.keys = keys;
        this.onResync = onResync;
        this.backoff = backoff;
        this.token = token;
        this.thread = Thread.ofVirtual().name("acf-ans-events").unstarted(this::run);
    }

    /** Starts following and waits up to {@code wait} for the first connection; returns whether it connected. */
    boolean start(Duration wait) throws InterruptedException {
        thread.start();
        return connected.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    void addListener(Consumer<AgentEvent> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<AgentEvent> listener) {
        listeners.remove(listener);
    }

    /** Adds a listener told of every verified grant change, and of every reconnection (changes may have been missed). */
    void addPermissionListener(Runnable listener) {
        permissionListeners.add(listener);
    }

    void removePermissionListener(Runnable listener) {
        permissionListeners.remove(listener);
    }

    private void permissionsChanged() {
        for (Runnable listener : permissionListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("permission change listener {} failed", listener, e);
            }
        }
    }

    private void run() {
        int failures = 0;
        boolean everConnected = false;
        while (!closed) {
            Request.Builder request = new Request.Builder().url(url).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            Call call = http.newCall(request.build());
            current = call;
            try (Response response = call.execute()) {
                if (response.code() != 200) {
                    throw new IOException("the ANS answered HTTP " + response.code() + " to " + url);
                }
                if (everConnected) {
                    onResync.run();
                    permissionsChanged();
                }
                everConnected = true;
                failures = 0;
                connected.countDown();
                LOG.debug("following ANS events at {}", url);
                read(response.body().source());
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    break;
                }
                LOG.warn("ANS event stream {} failed ({}); reconnecting", url, e.toString());
            }
            if (closed) {
                break;
            }
            try {
                Thread.sleep(backoff.delay(failures++, ThreadLocalRandom.current()).toMillis());
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    private void read(BufferedSource source) throws IOException {
        StringBuilder data = new StringBuilder();
        String id = null;
        String name = null;
        while (!closed && !source.exhausted()) {
            String line = source.readUtf8LineStrict(MAX_LINE);
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    dispatch(data.toString(), "permission".equals(name));
                }
                if (id != null) {
                    lastEventId = id;
                }
                data.setLength(0);
                id = null;
                name = null;
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(field(line, 5));
            } else if (line.startsWith("id:")) {
                id = field(line, 3);
            } else if (line.startsWith("event:")) {
                name = field(line, 6);
            }
            // comments (":") are ignored; events are "agent" (the default) or "permission" (a grant changed)
        }
    }

    private static String field(String line, int start) {
        return line.startsWith(" ", start) ? line.substring(start + 1) : line.substring(start);
    }

    private void dispatch(String data, boolean permission) {
        AgentEvent event;
        try {
            JsonNode envelope = AcfJson.readTree(data.getBytes(StandardCharsets.UTF_8));
            if (!envelope.path("payload").isTextual() || !envelope.path("signature").isTextual()) {
                LOG.warn("unsigned ANS event dropped: the ANS at {} does not sign its events", url);
                return;
            }
            byte[] payload = Base64.getUrlDecoder().decode(envelope.path("payload").asText());
            keys.verify(envelope.path("signature").asText(), payload);
            if (permission) {
                permissionsChanged();
                return;
            }
            event = AcfJson.read(payload, AgentEvent.class);
        } catch (AcfException | IllegalArgumentException e) {
            LOG.warn("ANS event dropped: {}", e.getMessage());
            return;
        }
        for (Consumer<AgentEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("ANS event listener {} failed on {} {}", listener, event.type(), event.agent().name(), e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Call call = current;
        if (call != null) {
            call.cancel();
        }
        thread.interrupt();
    }
}
