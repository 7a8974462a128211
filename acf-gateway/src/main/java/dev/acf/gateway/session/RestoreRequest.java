package dev.acf.gateway.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.error.AcfException;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.json.AcfJson;
import dev.acf.api.session.Checkpoint;
import dev.acf.api.session.SessionProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The requests the session layer sends on a caller's behalf: the original streaming request
 * again with the task's last checkpoint ({@code ACF-Checkpoint} header, {@code acf.restore} in the
 * message metadata), a {@code SubscribeToTask} for a task the gateway lost the stream of, and
 * the caller's own requests cleaned of the restore marks only the gateway may set. Stateless.
 */
final class RestoreRequest {
    static final String CHECKPOINT_HEADER = SessionProtocol.CHECKPOINT_HEADER.toLowerCase(Locale.ROOT);

    private static final byte[] RESTORE_BYTES = SessionProtocol.RESTORE.getBytes(StandardCharsets.US_ASCII);

    private RestoreRequest() {}

    /** Whether the bytes hold {@code word} anywhere: a cheap test before parsing, without decoding the body to a string. */
    static boolean mentions(ByteBuffer bytes, byte[] word) {
        int end = bytes.limit() - word.length;
        byte first = word[0];
        for (int i = bytes.position(); i <= end; i++) {
            if (bytes.get(i) != first) {
                continue;
            }
            int j = 1;
            while (j < word.length && bytes.get(i + j) == word[j]) {
                j++;
            }
            if (j == word.length) {
                return true;
            }
        }
        return false;
    }

    /** Returns the caller's request without {@code ACF-Checkpoint} and without {@code acf.restore} in its message. */
    static Exchange.Request fromCaller(Exchange.Request request) {
        Exchange.Request out = request;
        if (out.headers().contains(CHECKPOINT_HEADER)) {
            out = new Exchange.Request(out.method(), out.path(), out.headers().without(CHECKPOINT_HEADER), out.body());
        }
        if (!mentions(out.body().asReadOnlyBuffer(), RESTORE_BYTES)) {
            return out;
        }
        ObjectNode root = json(out.body());
        if (root == null) {
            return out;
        }
        JsonNode metadata = root.path("params").path("message").path("metadata");
        if (metadata instanceof ObjectNode m && m.has(SessionProtocol.RESTORE)) {
            m.remove(SessionProtocol.RESTORE);
            return out.withBody(Body.of(AcfJson.writeBytes(root)));
        }
        return out;
    }

    /**
     * Returns the original request marked to restore the task on another instance.
     *
     * @param delivered the last {@code acf.seq} the caller received, 0 for none
     */
    static Exchange.Request restore(Exchange.Request original, String taskId, @Nullable String contextId,
            @Nullable Checkpoint checkpoint, long delivered) {
        ObjectNode root = json(original.body());
        long sequence = checkpoint == null ? 0 : checkpoint.sequence();
        Exchange.Request out = original.withHeader(CHECKPOINT_HEADER, Long.toString(sequence));
        if (root == null || !root.path("params").path("message").isObject()) {
            return out;
        }
        ObjectNode message = (ObjectNode) root.path("params").path("message");
        ObjectNode metadata = message.path("metadata").isObject() ? (ObjectNode) message.get("metadata") : message.putObject("metadata");
        ObjectNode restore = metadata.putObject(SessionProtocol.RESTORE);
        restore.put("taskId", taskId);
        if (contextId != null) {
            restore.put("contextId", contextId);
        }
        restore.put("sequence", sequence);
        if (checkpoint != null) {
            restore.put("state", Base64.getEncoder().encodeToString(checkpoint.state()));
        }
        restore.put("delivered", delivered);
        return out.withBody(Body.of(AcfJson.writeBytes(root)));
    }

    /**
     * Returns a request subscribing to a task, in the dialect of the caller's method
     * ({@code tasks/resubscribe} for v0.3 names, {@code SubscribeToTask} otherwise), with the caller's id.
     */
    static Exchange.Request subscribe(Exchange.Request caller, String method, String taskId) {
        ObjectNode root = AcfJson.mapper().createObjectNode();
        root.put("jsonrpc", "2.0");
        ObjectNode callerRoot = json(caller.body());
        JsonNode id = callerRoot == null ? null : callerRoot.get("id");
        root.set("id", id == null ? AcfJson.mapper().getNodeFactory().numberNode(1) : id);
        root.put("method", method.contains("/") ? "tasks/resubscribe" : "SubscribeToTask");
        root.putObject("params").put("id", taskId);
        return new Exchange.Request(caller.method(), caller.path(),
                caller.headers().without("last-event-id").without(CHECKPOINT_HEADER).with("content-type", "application/json"),
                Body.of(AcfJson.writeBytes(root)));
    }

    /** Returns the JSON-RPC id of a request, or null. */
    static @Nullable JsonNode id(Exchange.Request request) {
        ObjectNode root = json(request.body());
        return root == null ? null : root.get("id");
    }

    private static @Nullable ObjectNode json(Body body) {
        if (body.isEmpty()) {
            return null;
        }
        try {
            JsonNode node = AcfJson.readTree(body.bytes());
            return node instanceof ObjectNode o ? o : null;
        } catch (AcfException e) {
            return null;
        }
    }
}
