package dev.acf.api.a2a;

import static dev.acf.api.a2a.Fields.build;
import static dev.acf.api.a2a.Fields.field;
import static dev.acf.api.a2a.Fields.flag;
import static dev.acf.api.a2a.Fields.has;
import static dev.acf.api.a2a.Fields.int32;
import static dev.acf.api.a2a.Fields.list;
import static dev.acf.api.a2a.Fields.malformed;
import static dev.acf.api.a2a.Fields.object;
import static dev.acf.api.a2a.Fields.optObject;
import static dev.acf.api.a2a.Fields.required;
import static dev.acf.api.a2a.Fields.requiredObject;
import static dev.acf.api.a2a.Fields.requiredText;
import static dev.acf.api.a2a.Fields.strings;
import static dev.acf.api.a2a.Fields.struct;
import static dev.acf.api.a2a.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads messages, tasks, events and request parameters in either version: each object is
 * recognized by its own shape ({@code kind} fields, enum spellings, field names), so a mixed
 * or partly upgraded peer still reads.
 */
final class MessageReader {
    /** The v0.3 metadata flag marking a non-object data value wrapped as {@code {"value": ...}}. */
    static final String DATA_PART_COMPAT = "data_part_compat";

    private static final List<String> V10_PART_FIELDS = List.of("text", "raw", "url", "data");
    private static final List<String> V10_EVENT_FIELDS = List.of("task", "message", "statusUpdate", "artifactUpdate");

    private MessageReader() {}

    static Part part(JsonNode node, String path) {
        ObjectNode part = object(node, path);
        String kind = text(part, "kind", path);
        if (kind == null && part.get("file") instanceof ObjectNode) {
            kind = "file";
        }
        if (kind != null) {
            return v03Part(part, kind, path);
        }
        List<String> present = V10_PART_FIELDS.stream().filter(name -> has(part, name)).toList();
        if (present.size() != 1) {
            throw malformed(path, present.isEmpty()
                    ? "a part needs one of \"text\", \"raw\", \"url\" or \"data\""
                    : "a part has only one of \"text\", \"raw\", \"url\" or \"data\", this one has " + present);
        }
        String mediaType = text(part, "mediaType", path);
        Map<String, Object> metadata = struct(part, "metadata", path);
        return switch (present.get(0)) {
            case "text" -> build(path, () -> new TextPart(requiredText(part, "text", path), mediaType, metadata));
            case "raw" -> build(path, () -> new FilePart(requiredText(part, "raw", path), null,
                    text(part, "filename", path), mediaType, metadata));
            case "url" -> build(path, () -> new FilePart(null, requiredText(part, "url", path),
                    text(part, "filename", path), mediaType, metadata));
            default -> build(path, () -> new DataPart(required(part, "data", path), mediaType, metadata));
        };
    }

    private static Part v03Part(ObjectNode part, String kind, String path) {
        Map<String, Object> metadata = struct(part, "metadata", path);
        switch (kind) {
            case "text":
                return build(path, () -> new TextPart(requiredText(part, "text", path), null, metadata));
            case "file": {
                String at = path + ".file";
                ObjectNode file = requiredObject(part, "file", path);
                String bytes = text(file, "bytes", at);
                String uri = text(file, "uri", at);
                if (bytes == null && uri == null) {
                    throw malformed(at, "a file needs \"bytes\" or \"uri\"");
                }
                return build(at, () -> new FilePart(bytes, bytes == null ? uri : null, text(file, "name", at),
                        text(file, "mimeType", at), metadata));
            }
            case "data": {
                JsonNode data = required(part, "data", path);
                if (Boolean.TRUE.equals(metadata.get(DATA_PART_COMPAT)) && data.isObject() && data.has("value")
                        && data.size() == 1) {
                    Map<String, Object> rest = new LinkedHashMap<>(metadata);
                    rest.remove(DATA_PART_COMPAT);
                    return build(path, () -> new DataPart(data.get("value"), null, rest));
                }
                return build(path, () -> new DataPart(data, null, metadata));
            }
            default:
                throw malformed(path + ".kind", "unknown part kind \"" + kind + "\"");
        }
    }

    static Message message(JsonNode node, String path) {
        ObjectNode message = object(node, path);
        Role role = role(required(message, "role", path), path + ".role");
        List<Part> parts = list(message, "parts", path, MessageReader::part);
        return build(path, () -> new Message(requiredText(message, "messageId", path), text(message, "contextId", path),
                text(message, "taskId", path), role, parts, struct(message, "metadata", path),
                strings(message, "extensions", path), strings(message, "referenceTaskIds", path)));
    }

    static Role role(JsonNode node, String path) {
        var role = node.isIntegralNumber() ? Role.fromProtoNumber(node.intValue())
                : node.isTextual() ? Role.fromWireName(node.textValue()) : Optional.<Role>empty();
        return role.orElseThrow(() -> malformed(path, "unknown role " + node + ": expected ROLE_USER, ROLE_AGENT, "
                + "user or agent"));
    }

    static TaskState state(JsonNode node, String path) {
        var state = node.isIntegralNumber() ? TaskState.fromProtoNumber(node.intValue())
                : node.isTextual() ? TaskState.fromWireName(node.textValue()) : Optional.<TaskState>empty();
        return state.orElseThrow(() -> malformed(path, "unknown task state " + node));
    }

    static Artifact artifact(JsonNode node, String path) {
        ObjectNode artifact = object(node, path);
        List<Part> parts = list(artifact, "parts", path, MessageReader::part);
        return build(path, () -> new Artifact(requiredText(artifact, "artifactId", path), text(artifact, "name", path),
                text(artifact, "description", path), parts, struct(artifact, "metadata", path),
                strings(artifact, "extensions", path)));
    }

    static TaskStatus status(JsonNode node, String path) {
        ObjectNode status = object(node, path);
        TaskState state = state(required(status, "state", path), path + ".state");
        JsonNode message = field(status, "message");
        return build(path, () -> new TaskStatus(state, message == null ? null : message(message, path + ".message"),
                Fields.timestamp(status, "timestamp", path)));
    }

    static Task task(JsonNode node, String path) {
        ObjectNode task = object(node, path);
        TaskStatus status = status(required(task, "status", path), path + ".status");
        List<Artifact> artifacts = list(task, "artifacts", path, MessageReader::artifact);
        List<Message> history = list(task, "history", path, MessageReader::message);
        return build(path, () -> new Task(requiredText(task, "id", path), text(task, "contextId", path), status,
                artifacts, history, struct(task, "metadata", path)));
    }

    static TaskStatusUpdateEvent statusUpdate(JsonNode node, String path) {
        ObjectNode event = object(node, path);
        TaskStatus status = status(required(event, "status", path), path + ".status");
        return build(path, () -> new TaskStatusUpdateEvent(requiredText(event, "taskId", path),
                requiredText(event, "contextId", path), status, struct(event, "metadata", path)));
    }

    static TaskArtifactUpdateEvent artifactUpdate(JsonNode node, String path) {
        ObjectNode event = object(node, path);
        Artifact artifact = artifact(required(event, "artifact", path), path + ".artifact");
        return build(path, () -> new TaskArtifactUpdateEvent(requiredText(event, "taskId", path),
                requiredText(event, "contextId", path), artifact, flag(event, "append", path),
                flag(event, "lastChunk", path), struct(event, "metadata", path)));
    }

    /** A stream event: v0.3 bare with {@code kind}, v1.0 wrapped, or bare and recognized by its fields. */
    static StreamEvent event(JsonNode node, String path) {
        ObjectNode event = object(node, path);
        String kind = text(event, "kind", path);
        if (kind != null) {
            return switch (kind) {
                case "task" -> task(event, path);
                case "message" -> message(event, path);
                case "status-update" -> statusUpdate(event, path);
                case "artifact-update" -> artifactUpdate(event, path);
                default -> throw malformed(path + ".kind", "unknown event kind \"" + kind + "\"");
            };
        }
        List<String> wrapped = V10_EVENT_FIELDS.stream().filter(name -> event.get(name) instanceof ObjectNode).toList();
        if (wrapped.size() == 1 && !has(event, "messageId") && !has(event, "status")) {
            String name = wrapped.get(0);
            String at = path + "." + name;
            return switch (name) {
                case "task" -> task(event.get(name), at);
                case "message" -> message(event.get(name), at);
                case "statusUpdate" -> statusUpdate(event.get(name), at);
                default -> artifactUpdate(event.get(name), at);
            };
        }
        if (has(event, "messageId") && has(event, "role")) {
            return message(event, path);
        }
        if (has(event, "artifact")) {
            return artifactUpdate(event, path);
        }
        if (has(event, "status") && has(event, "taskId")) {
            return statusUpdate(event, path);
        }
        if (has(event, "status") && has(event, "id")) {
            return task(event, path);
        }
        throw malformed(path, "expected a task, a message or a task update event");
    }

    static SendMessageResult result(JsonNode node, String path) {
        StreamEvent event = event(node, path);
        if (event instanceof SendMessageResult result) {
            return result;
        }
        throw malformed(path, "expected a task or a message, was a task update event");
    }

    static SendMessageRequest sendMessage(JsonNode node, String path) {
        ObjectNode request = object(node, path);
        Message message = message(required(request, "message", path), path + ".message");
        ObjectNode configuration = optObject(request, "configuration", path);
        SendMessageConfiguration config = configuration == null ? null
                : configuration(configuration, path + ".configuration");
        return build(path, () -> new SendMessageRequest(text(request, "tenant", path), message, config,
                struct(request, "metadata", path)));
    }

    /**
     * Without {@code returnImmediately} or {@code blocking} the call waits: v1.0 says so, and
     * v0.3 servers (the Python SDK's among them) block by default too.
     */
    static SendMessageConfiguration configuration(ObjectNode config, String path) {
        JsonNode push = field(config, "taskPushNotificationConfig");
        String pushName = "taskPushNotificationConfig";
        if (push == null) {
            push = field(config, "pushNotificationConfig");
            pushName = "pushNotificationConfig";
        }
        TaskPushNotificationConfig pushConfig = push == null ? null : pushConfig(push, path + "." + pushName);
        Boolean returnImmediately = Fields.bool(config, "returnImmediately", path);
        Boolean blocking = Fields.bool(config, "blocking", path);
        boolean immediate = returnImmediately != null ? returnImmediately : blocking != null && !blocking;
        return build(path, () -> new SendMessageConfiguration(strings(config, "acceptedOutputModes", path), pushConfig,
                int32(config, "historyLength", path), immediate));
    }

    /** A push config, flat (v1.0, and v0.3's inner config) or nested under {@code pushNotificationConfig} (v0.3). */
    static TaskPushNotificationConfig pushConfig(JsonNode node, String path) {
        ObjectNode outer = object(node, path);
        ObjectNode inner = outer;
        String at = path;
        if (field(outer, "pushNotificationConfig") != null) {
            inner = requiredObject(outer, "pushNotificationConfig", path);
            at = path + ".pushNotificationConfig";
        }
        ObjectNode config = inner;
        String innerPath = at;
        ObjectNode auth = optObject(config, "authentication", innerPath);
        AuthenticationInfo authentication = auth == null ? null : authentication(auth, innerPath + ".authentication");
        return build(innerPath, () -> new TaskPushNotificationConfig(text(outer, "tenant", path),
                text(config, "id", innerPath), text(outer, "taskId", path), requiredText(config, "url", innerPath),
                text(config, "token", innerPath), authentication));
    }

    private static AuthenticationInfo authentication(ObjectNode auth, String path) {
        String scheme = text(auth, "scheme", path);
        if (scheme == null) {
            List<String> schemes = strings(auth, "schemes", path);
            if (schemes.isEmpty()) {
                throw malformed(path, "\"scheme\" (or v0.3 \"schemes\") is required");
            }
            scheme = schemes.get(0);
        }
        String chosen = scheme;
        return build(path, () -> new AuthenticationInfo(chosen, text(auth, "credentials", path)));
    }

    static TaskQueryParams query(JsonNode node, String path) {
        ObjectNode params = object(node, path);
        return build(path, () -> new TaskQueryParams(requiredText(params, "id", path),
                int32(params, "historyLength", path), text(params, "tenant", path), struct(params, "metadata", path)));
    }

    static TaskIdParams taskId(JsonNode node, String path) {
        ObjectNode params = object(node, path);
        return build(path, () -> new TaskIdParams(requiredText(params, "id", path), text(params, "tenant", path),
                struct(params, "metadata", path)));
    }

    static StreamResponse streamResponse(JsonNode node, String path) {
        return new StreamResponse(event(node, path));
    }

    static SendMessageResponse sendMessageResponse(JsonNode node, String path) {
        return new SendMessageResponse(result(node, path));
    }
}
