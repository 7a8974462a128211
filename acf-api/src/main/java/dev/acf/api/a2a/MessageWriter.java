package dev.acf.api.a2a;

import static dev.acf.api.a2a.Nodes.flag;
import static dev.acf.api.a2a.Nodes.list;
import static dev.acf.api.a2a.Nodes.object;
import static dev.acf.api.a2a.Nodes.requiredList;
import static dev.acf.api.a2a.Nodes.strings;
import static dev.acf.api.a2a.Nodes.struct;
import static dev.acf.api.a2a.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes messages, tasks, events and request parameters in one version's shape: v1.0 as
 * ProtoJSON (enum names, oneofs as the present field, wrappers for results and events), v0.3
 * with {@code kind} discriminators, kebab-case states and nested files.
 */
final class MessageWriter {
    private final A2aVersion version;
    private final boolean v03;

    MessageWriter(A2aVersion version) {
        this.version = version;
        this.v03 = version == A2aVersion.V0_3;
    }

    JsonNode part(Part part) {
        ObjectNode out = object();
        switch (part) {
            case TextPart text -> {
                kind(out, "text");
                out.put("text", text.text());
                v10Only(out, "mediaType", text.mediaType());
                struct(out, "metadata", text.metadata());
            }
            case FilePart file when v03 -> {
                kind(out, "file");
                ObjectNode inner = object();
                text(inner, "bytes", file.raw());
                text(inner, "uri", file.url());
                text(inner, "mimeType", file.mediaType());
                text(inner, "name", file.filename());
                out.set("file", inner);
                struct(out, "metadata", file.metadata());
            }
            case FilePart file -> {
                text(out, "raw", file.raw());
                text(out, "url", file.url());
                text(out, "filename", file.filename());
                text(out, "mediaType", file.mediaType());
                struct(out, "metadata", file.metadata());
            }
            case DataPart data -> {
                kind(out, "data");
                JsonNode value = data.data();
                Map<String, Object> metadata = data.metadata();
                if (v03 && !value.isObject()) {
                    // v0.3 data is an object: wrap the value the way the official SDKs do.
                    ObjectNode wrapper = object();
                    wrapper.set("value", value);
                    value = wrapper;
                    Map<String, Object> flagged = new LinkedHashMap<>(metadata);
                    flagged.put(MessageReader.DATA_PART_COMPAT, true);
                    metadata = flagged;
                }
                out.set("data", value);
                v10Only(out, "mediaType", data.mediaType());
                struct(out, "metadata", metadata);
            }
        }
        return out;
    }

    JsonNode message(Message message) {
        ObjectNode out = object();
        kind(out, "message");
        out.put("messageId", message.messageId());
        text(out, "contextId", message.contextId());
        text(out, "taskId", message.taskId());
        out.put("role", message.role().wireName(version));
        requiredList(out, "parts", message.parts(), this::part);
        struct(out, "metadata", message.metadata());
        strings(out, "extensions", message.extensions());
        strings(out, "referenceTaskIds", message.referenceTaskIds());
        return out;
    }

    JsonNode artifact(Artifact artifact) {
        ObjectNode out = object();
        out.put("artifactId", artifact.artifactId());
        text(out, "name", artifact.name());
        text(out, "description", artifact.description());
        requiredList(out, "parts", artifact.parts(), this::part);
        struct(out, "metadata", artifact.metadata());
        strings(out, "extensions", artifact.extensions());
        return out;
    }

    JsonNode status(TaskStatus status) {
        ObjectNode out = object();
        out.put("state", status.state().wireName(version));
        if (status.message() != null) {
            out.set("message", message(status.message()));
        }
        if (status.timestamp() != null) {
            out.put("timestamp", status.timestamp().toString());
        }
        return out;
    }

    JsonNode task(Task task) {
        ObjectNode out = object();
        kind(out, "task");
        out.put("id", task.id());
        text(out, "contextId", task.contextId());
        out.set("status", status(task.status()));
        list(out, "artifacts", task.artifacts(), this::artifact);
        list(out, "history", task.history(), this::message);
        struct(out, "metadata", task.metadata());
        return out;
    }

    JsonNode statusUpdate(TaskStatusUpdateEvent event) {
        ObjectNode out = object();
        kind(out, "status-update");
        out.put("taskId", event.taskId());
        out.put("contextId", event.contextId());
        out.set("status", status(event.status()));
        if (v03) {
            out.put("final", event.isFinal());
        }
        struct(out, "metadata", event.metadata());
        return out;
    }

    JsonNode artifactUpdate(TaskArtifactUpdateEvent event) {
        ObjectNode out = object();
        kind(out, "artifact-update");
        out.put("taskId", event.taskId());
        out.put("contextId", event.contextId());
        out.set("artifact", artifact(event.artifact()));
        flag(out, "append", event.append());
        flag(out, "lastChunk", event.lastChunk());
        struct(out, "metadata", event.metadata());
        return out;
    }

    /** v1.0 wraps an event in the oneof field that names it; v0.3 writes it bare. */
    JsonNode event(StreamEvent event) {
        return switch (event) {
            case Task task -> wrap("task", task(task));
            case Message message -> wrap("message", message(message));
            case TaskStatusUpdateEvent update -> wrap("statusUpdate", statusUpdate(update));
            case TaskArtifactUpdateEvent update -> wrap("artifactUpdate", artifactUpdate(update));
        };
    }

    JsonNode sendMessage(SendMessageRequest request) {
        ObjectNode out = object();
        v10Only(out, "tenant", request.tenant());
        out.set("message", message(request.message()));
        if (request.configuration() != null) {
            out.set("configuration", configuration(request.configuration()));
        }
        struct(out, "metadata", request.metadata());
        return out;
    }

    JsonNode configuration(SendMessageConfiguration config) {
        ObjectNode out = object();
        strings(out, "acceptedOutputModes", config.acceptedOutputModes());
        if (config.pushNotificationConfig() != null) {
            out.set(v03 ? "pushNotificationConfig" : "taskPushNotificationConfig",
                    v03 ? innerPushConfig(config.pushNotificationConfig()) : pushConfig(config.pushNotificationConfig()));
        }
        if (config.historyLength() != null) {
            out.put("historyLength", config.historyLength());
        }
        if (v03) {
            out.put("blocking", !config.returnImmediately());
        } else {
            flag(out, "returnImmediately", config.returnImmediately());
        }
        return out;
    }

    JsonNode pushConfig(TaskPushNotificationConfig config) {
        if (v03) {
            ObjectNode out = object();
            text(out, "taskId", config.taskId() == null ? "" : config.taskId());
            out.set("pushNotificationConfig", innerPushConfig(config));
            return out;
        }
        ObjectNode out = object();
        text(out, "tenant", config.tenant());
        text(out, "id", config.id());
        text(out, "taskId", config.taskId());
        out.put("url", config.url());
        text(out, "token", config.token());
        if (config.authentication() != null) {
            ObjectNode auth = object().put("scheme", config.authentication().scheme());
            text(auth, "credentials", config.authentication().credentials());
            out.set("authentication", auth);
        }
        return out;
    }

    private JsonNode innerPushConfig(TaskPushNotificationConfig config) {
        ObjectNode out = object();
        text(out, "id", config.id());
        out.put("url", config.url());
        text(out, "token", config.token());
        if (config.authentication() != null) {
            ObjectNode auth = object();
            auth.putArray("schemes").add(config.authentication().scheme());
            text(auth, "credentials", config.authentication().credentials());
            out.set("authentication", auth);
        }
        return out;
    }

    JsonNode query(TaskQueryParams params) {
        ObjectNode out = object();
        out.put("id", params.id());
        if (params.historyLength() != null) {
            out.put("historyLength", params.historyLength());
        }
        v10Only(out, "tenant", params.tenant());
        struct(out, "metadata", params.metadata());
        return out;
    }

    JsonNode taskId(TaskIdParams params) {
        ObjectNode out = object();
        out.put("id", params.id());
        v10Only(out, "tenant", params.tenant());
        struct(out, "metadata", params.metadata());
        return out;
    }

    private JsonNode wrap(String field, JsonNode value) {
        if (v03) {
            return value;
        }
        ObjectNode out = object();
        out.set(field, value);
        return out;
    }

    private void kind(ObjectNode out, String kind) {
        if (v03) {
            out.put("kind", kind);
        }
    }

    private void v10Only(ObjectNode out, String name, @Nullable String value) {
        if (!v03) {
            text(out, name, value);
        }
    }
}
