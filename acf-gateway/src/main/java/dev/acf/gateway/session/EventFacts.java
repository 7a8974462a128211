package dev.acf.gateway.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.TaskState;
import dev.acf.api.error.AcfException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.session.SessionProtocol;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * What the session layer reads from one streamed A2A event: its data is a JSON-RPC response
 * whose {@code result} is a task, message, status update or artifact update, in the v1.0 shape
 * ({@code {"statusUpdate": {...}}}) or the v0.3 one ({@code {"kind": "status-update", ...}}).
 * Data that is not such an event has no task and passes the gateway untouched.
 *
 * @param taskId the task the event belongs to, or {@code null}
 * @param contextId the task's context, or {@code null}
 * @param sequence the agent's {@code acf.seq}, or 0 when absent
 * @param checkpointState the state of an {@code acf.checkpoint}, or {@code null} when the event is not one
 * @param last whether the event ends the task's stream (a terminal or interrupted state, {@code final: true},
 *     a JSON-RPC error)
 */
record EventFacts(@Nullable String taskId, @Nullable String contextId, long sequence, byte @Nullable [] checkpointState,
        boolean last) {

    private static final EventFacts NONE = new EventFacts(null, null, 0, null, false);

    static EventFacts of(@Nullable String data) {
        if (data == null || data.isEmpty() || data.charAt(0) != '{') {
            return NONE;
        }
        JsonNode root;
        try {
            root = AcfJson.readTree(data.getBytes(StandardCharsets.UTF_8));
        } catch (AcfException e) {
            return NONE;
        }
        if (root == null || !root.isObject()) {
            return NONE;
        }
        if (root.has("error") && !root.has("result")) {
            return new EventFacts(null, null, 0, null, true);
        }
        JsonNode result = root.has("result") ? root.get("result") : root;
        JsonNode event = result;
        boolean task = "task".equals(result.path("kind").asText());
        for (String shape : new String[] {"task", "message", "statusUpdate", "artifactUpdate"}) {
            if (result.path(shape).isObject()) {
                event = result.get(shape);
                task = shape.equals("task");
                break;
            }
        }
        String taskId = text(event, "taskId");
        if (taskId == null && task) {
            taskId = text(event, "id");
        }
        JsonNode metadata = event.path("metadata");
        long sequence = metadata.path(SessionProtocol.SEQ).canConvertToLong() ? metadata.path(SessionProtocol.SEQ).asLong() : 0;
        byte[] state = null;
        JsonNode checkpoint = metadata.path(SessionProtocol.CHECKPOINT);
        if (checkpoint.isObject()) {
            if (checkpoint.path("sequence").canConvertToLong()) {
                sequence = checkpoint.path("sequence").asLong();
            }
            try {
                state = Base64.getDecoder().decode(checkpoint.path("state").asText(""));
            } catch (IllegalArgumentException e) {
                state = null;
            }
        }
        boolean last = event.path("final").asBoolean(false);
        String stateName = event.path("status").path("state").asText("");
        if (!stateName.isEmpty()) {
            last |= TaskState.fromWireName(stateName).map(s -> s.isTerminal() || s.isInterrupted()).orElse(false);
        }
        return new EventFacts(taskId, text(event, "contextId"), sequence, sequence > 0 ? state : null, last);
    }

    /** Returns whether the event is a checkpoint the gateway keeps instead of passing on. */
    boolean isCheckpoint() {
        return checkpointState != null && taskId != null;
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }
}
