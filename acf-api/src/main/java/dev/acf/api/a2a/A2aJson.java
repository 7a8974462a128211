package dev.acf.api.a2a;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads and writes the A2A wire model in either protocol version.
 *
 * <p>The records of this package are the canonical, v1.0-shaped model. Reading accepts v1.0
 * and v0.3 documents alike, whatever the mapper: each object is recognized by its own shape
 * ({@code kind} discriminators, enum spellings, field names), so no version needs to be given.
 * Writing takes the version to produce: v1.0 writes ProtoJSON (camelCase fields,
 * {@code TASK_STATE_WORKING}, oneofs as the present field, results wrapped as
 * {@code {"task": ...}}); v0.3 writes {@code kind} discriminators, {@code working} and bare
 * results. Unknown fields are ignored, {@code null} is never written (except the JSON-RPC
 * {@code id} a response must carry), instants are ISO-8601.
 *
 * <p>Malformed documents raise {@link ValidationException}: {@code malformed_json} with the
 * JSON path and the reason, or {@code invalid_request} for a JSON-RPC envelope that breaks
 * JSON-RPC 2.0. Thread-safe: the mappers are configured once and must not be reconfigured.
 *
 * <pre>{@code
 * JsonRpcRequest request = A2aJson.read(body, JsonRpcRequest.class);
 * SendMessageRequest params = A2aJson.convert(request.params(), SendMessageRequest.class);
 * A2aVersion version = A2aVersion.fromHeader(headers.get(A2aVersion.HEADER));
 * JsonNode result = A2aJson.toTree(new SendMessageResponse(task), version);
 * byte[] out = A2aJson.write(JsonRpcResponse.success(request.id(), result), version);
 * }</pre>
 */
public final class A2aJson {
    private static final ObjectMapper V03 = build(A2aVersion.V0_3);
    private static final ObjectMapper V10 = AcfJson.mapper();

    private A2aJson() {}

    /** Returns the shared mapper that writes this version (and reads both). Do not reconfigure it. */
    public static ObjectMapper mapper(A2aVersion version) {
        return version == A2aVersion.V1_0 ? V10 : V03;
    }

    /** Reads a document of either version as the given type; see the class comment for errors. */
    public static <T> T read(byte[] json, Class<T> type) {
        try {
            T value = V10.readValue(json, type);
            if (value == null) {
                throw Fields.malformed("$", "expected " + type.getSimpleName() + ", was null");
            }
            return value;
        } catch (IOException e) {
            throw AcfJson.translate(e);
        }
    }

    /** Reads a document of either version from a string. */
    public static <T> T read(String json, Class<T> type) {
        return read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    /**
     * Reads a tree of either version as the given type, such as the {@code params} of a
     * {@link JsonRpcRequest} or the {@code result} of a {@link JsonRpcResponse}.
     */
    public static <T> T convert(JsonNode tree, Class<T> type) {
        try {
            T value = V10.readerFor(type).readValue(tree);
            if (value == null) {
                throw Fields.malformed("$", "expected " + type.getSimpleName() + ", was null");
            }
            return value;
        } catch (IOException e) {
            throw AcfJson.translate(e);
        }
    }

    /** Writes a value in a version's shape as UTF-8 JSON. */
    public static byte[] write(Object value, A2aVersion version) {
        try {
            return mapper(version).writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Our writers build plain trees: failing here is a bug, not bad input.
            throw new IllegalStateException("cannot write " + value.getClass().getName(), e);
        }
    }

    /** Writes a value in a version's shape as a JSON string. */
    public static String writeString(Object value, A2aVersion version) {
        return new String(write(value, version), StandardCharsets.UTF_8);
    }

    /** Returns a value in a version's shape as a tree, such as a JSON-RPC {@code result}. */
    public static JsonNode toTree(Object value, A2aVersion version) {
        return mapper(version).valueToTree(value);
    }

    /**
     * Returns an Agent Card as one document that clients of either version read without asking
     * for one: the v1.0 card, plus the v0.3 fields it lacks ({@code url}, {@code preferredTransport},
     * {@code protocolVersion}, {@code additionalInterfaces}...). Serve this at
     * {@code /.well-known/agent-card.json}, where the caller's version is not known.
     */
    public static ObjectNode dualVersionCard(AgentCard card) {
        ObjectNode merged = (ObjectNode) toTree(card, A2aVersion.V1_0);
        toTree(card, A2aVersion.V0_3).properties().forEach(field -> {
            if (!merged.has(field.getKey())) {
                merged.set(field.getKey(), field.getValue());
            }
        });
        return merged;
    }

    /**
     * Returns the version that wrote a document, judged by the marks only one version makes;
     * empty when the document carries none (or as many of each).
     */
    public static Optional<A2aVersion> detectVersion(JsonNode document) {
        return VersionDetector.detect(document);
    }

    /** Returns the version that wrote a document; fails like {@link #read} on malformed JSON. */
    public static Optional<A2aVersion> detectVersion(byte[] json) {
        return VersionDetector.detect(AcfJson.readTree(json));
    }

    private static ObjectMapper build(A2aVersion version) {
        // AcfJson's mapper already writes v1.0; a later module's serializers take precedence.
        ObjectMapper mapper = AcfJson.newMapper();
        if (version != A2aVersion.V1_0) {
            mapper.registerModule(new A2aModule(version));
        }
        return mapper;
    }
}
