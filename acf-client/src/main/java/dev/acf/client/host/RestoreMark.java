package dev.acf.client.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.JsonRpcError;
import dev.acf.api.a2a.Message;
import dev.acf.api.json.AcfJson;
import dev.acf.api.session.SessionProtocol;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code acf.restore} mark a gateway puts in a re-dispatched message:
 * {@code {"taskId", "contextId", "sequence", "state", "delivered"}} (see {@link SessionProtocol}).
 *
 * @param taskId the task to continue
 * @param contextId its context, when the gateway knew it
 * @param restored the checkpoint to continue from
 */
record RestoreMark(String taskId, @Nullable String contextId, Restored restored) {

    /** Returns whether the message carries a mark (well-formed or not). */
    static boolean isMarked(Message message) {
        return message.metadata().containsKey(SessionProtocol.RESTORE);
    }

    /**
     * Reads the mark of a message.
     *
     * @throws RpcFailure (invalid params) when the mark is malformed
     */
    static Optional<RestoreMark> read(Message message) {
        Object value = message.metadata().get(SessionProtocol.RESTORE);
        if (value == null) {
            return Optional.empty();
        }
        JsonNode mark = AcfJson.mapper().valueToTree(value);
        String taskId = mark.path("taskId").asText("");
        long sequence = mark.path("sequence").canConvertToLong() ? mark.path("sequence").asLong() : -1;
        long delivered = mark.path("delivered").canConvertToLong() ? mark.path("delivered").asLong() : 0;
        if (taskId.isEmpty() || sequence < 0 || delivered < 0) {
            throw new RpcFailure(JsonRpcError.invalidParams(SessionProtocol.RESTORE + " needs a taskId and a sequence of 0 or more"));
        }
        byte[] state;
        try {
            state = Base64.getDecoder().decode(mark.path("state").asText(""));
        } catch (IllegalArgumentException e) {
            throw new RpcFailure(JsonRpcError.invalidParams(SessionProtocol.RESTORE + " has a state that is not base64"));
        }
        String contextId = mark.path("contextId").asText("");
        return Optional.of(new RestoreMark(taskId, contextId.isEmpty() ? null : contextId, new Restored(sequence, state, delivered)));
    }

    /** Returns the message without the mark: handlers and the task's history never see it. */
    static Message strip(Message message) {
        if (!isMarked(message)) {
            return message;
        }
        Map<String, Object> metadata = new LinkedHashMap<>(message.metadata());
        metadata.remove(SessionProtocol.RESTORE);
        return new Message(message.messageId(), message.contextId(), message.taskId(), message.role(), message.parts(), metadata,
                message.extensions(), message.referenceTaskIds());
    }
}
