package dev.acf.demo.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.Artifact;
import dev.acf.api.a2a.DataPart;
import dev.acf.api.a2a.Message;
import dev.acf.api.a2a.Part;
import dev.acf.api.a2a.Role;
import dev.acf.api.a2a.SendMessageResult;
import dev.acf.api.a2a.Task;
import dev.acf.api.a2a.TaskState;
import dev.acf.api.a2a.TextPart;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * How the demo agents' JSON travels over A2A: a request is a user message with one data part,
 * an answer an agent message with one data part. A text part holding JSON is read too, so any
 * A2A client can talk to the agents.
 */
final class DataMessages {
    private DataMessages() {}

    /** Returns a user message carrying {@code request} in the conversation {@code contextId}. */
    static Message request(JsonNode request, String contextId) {
        return Message.builder(UUID.randomUUID().toString(), Role.USER).contextId(contextId)
                .parts(List.of(DataPart.of(request))).build();
    }

    /** Returns an agent message carrying {@code answer} in the conversation {@code contextId}. */
    static Message answer(JsonNode answer, String contextId) {
        return Message.builder(UUID.randomUUID().toString(), Role.AGENT).contextId(contextId)
                .parts(List.of(DataPart.of(answer))).build();
    }

    /**
     * Returns the JSON a message carries: its first data part, else its text read as JSON.
     *
     * @throws ValidationException when it carries neither
     */
    static JsonNode data(Message message) {
        JsonNode found = data(message.parts());
        if (found == null) {
            throw new ValidationException("the demo agents read JSON: send a data part, or a text part holding a JSON object");
        }
        return found;
    }

    /**
     * Returns the JSON of {@code callee}'s answer: a message's data part, or that of a completed
     * task's status message or artifacts.
     *
     * @throws UnavailableException ({@code upstream_failed}) when the task failed or the answer carries no JSON
     */
    static JsonNode answerOf(SendMessageResult result, String callee) {
        List<Part> parts = new ArrayList<>();
        if (result instanceof Message message) {
            parts.addAll(message.parts());
        } else if (result instanceof Task task) {
            Message status = task.status().message();
            if (task.status().state() != TaskState.COMPLETED) {
                String why = status == null ? task.status().state().name() : text(status.parts());
                throw new UnavailableException(ErrorCode.UPSTREAM_FAILED, "agent " + callee + " did not complete: " + why);
            }
            if (status != null) {
                parts.addAll(status.parts());
            }
            for (Artifact artifact : task.artifacts()) {
                parts.addAll(artifact.parts());
            }
        }
        JsonNode found = data(parts);
        if (found == null) {
            throw new UnavailableException(ErrorCode.UPSTREAM_FAILED, "agent " + callee + " answered without JSON");
        }
        return found;
    }

    private static @Nullable JsonNode data(List<Part> parts) {
        for (Part part : parts) {
            if (part instanceof DataPart data) {
                return data.data();
            }
        }
        for (Part part : parts) {
            if (part instanceof TextPart text && text.text().strip().startsWith("{")) {
                try {
                    return AcfJson.readTree(text.text().getBytes(StandardCharsets.UTF_8));
                } catch (AcfException | IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String text(List<Part> parts) {
        return parts.stream().filter(TextPart.class::isInstance).map(p -> ((TextPart) p).text()).collect(Collectors.joining(" "));
    }
}
