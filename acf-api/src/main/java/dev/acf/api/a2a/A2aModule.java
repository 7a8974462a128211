package dev.acf.api.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.Serial;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The Jackson module of one A2A version: its writers decide the wire shape, and the readers,
 * the same in both modules, accept either version's documents. {@link dev.acf.api.json.AcfJson}
 * registers the v1.0 module, so every ACF mapper writes A2A types in the v1.0 shape;
 * {@link A2aJson} adds the v0.3 module on top for v0.3 output (a module registered later wins).
 */
public final class A2aModule extends SimpleModule {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the module that writes the given version. */
    public A2aModule(A2aVersion version) {
        super("acf-a2a-" + version.headerValue());
        MessageWriter messages = new MessageWriter(version);
        CardWriter cards = new CardWriter(version);

        both(TextPart.class, messages::part, (node, path) -> (TextPart) part(node, path, TextPart.class));
        both(FilePart.class, messages::part, (node, path) -> (FilePart) part(node, path, FilePart.class));
        both(DataPart.class, messages::part, (node, path) -> (DataPart) part(node, path, DataPart.class));
        addDeserializer(Part.class, new TreeDeserializer<>(Part.class, MessageReader::part));
        both(Message.class, messages::message, MessageReader::message);
        both(Artifact.class, messages::artifact, MessageReader::artifact);
        both(TaskStatus.class, messages::status, MessageReader::status);
        both(Task.class, messages::task, MessageReader::task);
        both(TaskStatusUpdateEvent.class, messages::statusUpdate, MessageReader::statusUpdate);
        both(TaskArtifactUpdateEvent.class, messages::artifactUpdate, MessageReader::artifactUpdate);
        addDeserializer(StreamEvent.class, new TreeDeserializer<>(StreamEvent.class, MessageReader::event));
        addDeserializer(SendMessageResult.class, new TreeDeserializer<>(SendMessageResult.class, MessageReader::result));
        both(StreamResponse.class, response -> messages.event(response.event()), MessageReader::streamResponse);
        both(SendMessageResponse.class, response -> messages.event(response.result()),
                MessageReader::sendMessageResponse);
        both(SendMessageRequest.class, messages::sendMessage, MessageReader::sendMessage);
        both(SendMessageConfiguration.class, messages::configuration,
                (node, path) -> MessageReader.configuration(Fields.object(node, path), path));
        both(TaskPushNotificationConfig.class, messages::pushConfig, MessageReader::pushConfig);
        both(TaskQueryParams.class, messages::query, MessageReader::query);
        both(TaskIdParams.class, messages::taskId, MessageReader::taskId);

        both(AgentCard.class, cards::card, CardReader::card);
        both(SecurityRequirement.class, cards::requirement, CardReader::requirement);

        both(TaskState.class, state -> JsonNodeFactory.instance.textNode(state.wireName(version)),
                (node, path) -> MessageReader.state(node, path));
        both(Role.class, role -> JsonNodeFactory.instance.textNode(role.wireName(version)), MessageReader::role);

        both(JsonRpcRequest.class, JsonRpcCodec::write, (node, path) -> JsonRpcCodec.request(node));
        both(JsonRpcResponse.class, JsonRpcCodec::write, (node, path) -> JsonRpcCodec.response(node));
        both(JsonRpcError.class, JsonRpcCodec::write, (node, path) -> JsonRpcCodec.error(node, "error"));
    }

    private <T> void both(Class<T> type, Function<T, JsonNode> writer, BiFunction<JsonNode, String, T> reader) {
        addSerializer(type, new TreeSerializer<>(type, writer));
        addDeserializer(type, new TreeDeserializer<>(type, reader));
    }

    private static Part part(JsonNode node, String path, Class<? extends Part> expected) {
        Part part = MessageReader.part(node, path);
        if (!expected.isInstance(part)) {
            throw Fields.malformed(path, "expected a " + expected.getSimpleName() + ", was a " + part.getClass().getSimpleName());
        }
        return part;
    }
}
