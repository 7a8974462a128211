package dev.acf.api.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.acf.api.a2a.A2aModule;
import dev.acf.api.a2a.A2aVersion;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.LimitExceededException;
import dev.acf.api.error.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The one JSON configuration every ACF module uses, and strict-but-friendly reading helpers.
 *
 * <p>The mapper:
 * <ul>
 *   <li>ignores unknown fields, so newer peers can add fields (forward compatibility);</li>
 *   <li>writes instants as ISO-8601 strings ({@code 2026-11-26T04:00:00Z}), never numbers;</li>
 *   <li>never writes {@code null} fields;</li>
 *   <li>writes A2A types ({@code dev.acf.api.a2a}) in the v1.0 wire shape and reads both v1.0
 *       and v0.3 documents; {@link dev.acf.api.a2a.A2aJson} writes v0.3 when a peer needs it;</li>
 *   <li>refuses trailing garbage after the document, nulls for primitives, and documents
 *       nested deeper than {@value #MAX_NESTING_DEPTH} levels.</li>
 * </ul>
 *
 * <p>The {@code read} methods turn every parse or validation failure into a
 * {@link ValidationException} ({@code malformed_json}) whose message gives the JSON path and
 * the reason, never a Java class name, so an HTTP API can return it to the caller as is.
 * An {@link AcfException} raised by a record's constructor (such as an invalid agent name)
 * is passed through unchanged.
 *
 * <p>Thread-safe: the shared mapper is configured once and must not be reconfigured; call
 * {@link #newMapper()} for a private copy to customize.
 *
 * <pre>{@code
 * AgentRecord record = AcfJson.read(body, AgentRecord.class);
 * byte[] out = AcfJson.writeBytes(record);
 * }</pre>
 */
public final class AcfJson {
    /** The deepest nesting of objects and arrays a document may have. */
    public static final int MAX_NESTING_DEPTH = 128;

    private static final ObjectMapper MAPPER = newMapper();

    private AcfJson() {}

    /** Returns the shared, configured mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Returns a new mapper with ACF's configuration, to customize (add modules, features). */
    public static ObjectMapper newMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new A2aModule(A2aVersion.V1_0))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build());
        return mapper;
    }

    /** Reads a document of the given type; see the class comment for the errors. */
    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw translate(e);
        }
    }

    /** Reads a document of the given type from a string. */
    public static <T> T read(String json, Class<T> type) {
        return read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    /** Reads a document of a generic type, such as {@code List<AgentRecord>}. */
    public static <T> T read(byte[] json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw translate(e);
        }
    }

    /** Reads a document as a tree; fails on malformed JSON like the typed readers. */
    public static JsonNode readTree(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new ValidationException(ErrorCode.MALFORMED_JSON, "malformed JSON: the body is empty");
            }
            return node;
        } catch (IOException e) {
            throw translate(e);
        }
    }

    /** Converts a tree (or any object) to a type, with the same error translation as reading. */
    public static <T> T convert(Object value, Class<T> type) {
        try {
            return MAPPER.treeToValue(MAPPER.valueToTree(value), type);
        } catch (IOException e) {
            throw translate(e);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof IOException io) {
                throw translate(io);
            }
            throw e;
        }
    }

    /** Writes a value as UTF-8 JSON bytes. */
    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Serializing our own model cannot fail short of a bug; surface it plainly.
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
    }

    /** Writes a value as a JSON string. */
    public static String writeString(Object value) {
        return new String(writeBytes(value), StandardCharsets.UTF_8);
    }

    /**
     * Turns a Jackson failure into the exception an API returns to its caller: an
     * {@link AcfException} thrown by a constructor as is, a constraint breach as a limit, and
     * anything else as {@code malformed_json} with the JSON path and a reason.
     */
    public static AcfException translate(IOException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AcfException acf) {
                return acf;
            }
        }
        if (failure instanceof StreamConstraintsException) {
            return new LimitExceededException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "JSON document exceeds a limit: " + failure.getMessage().lines().findFirst().orElse(""));
        }
        String where = failure instanceof JsonMappingException mapping ? path(mapping.getPath()) : "";
        String reason;
        if (failure instanceof JsonParseException parse) {
            reason = parse.getOriginalMessage() + location(parse);
        } else if (failure instanceof JsonMappingException mapping && mapping.getCause() != null
                && !(mapping.getCause() instanceof IOException)) {
            // A record constructor refused the value: its message says why.
            reason = mapping.getCause().getMessage();
        } else if (failure instanceof JsonProcessingException processing) {
            reason = readable(processing.getOriginalMessage());
        } else {
            reason = "cannot read the body";
        }
        return new ValidationException(ErrorCode.MALFORMED_JSON,
                "malformed JSON" + (where.isEmpty() ? "" : " at " + where) + ": " + reason, failure);
    }

    private static String location(JsonParseException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    /** Drops Java type names from Jackson's messages: callers see JSON, not classes. */
    private static String readable(String message) {
        String first = message.lines().findFirst().orElse(message);
        return first.replaceAll("`[a-zA-Z0-9_.$]+\\.([A-Za-z0-9_$]+)`", "$1")
                .replaceAll("\\(class [a-zA-Z0-9_.$]+\\)", "")
                .replaceAll("\\s+", " ")
                .trim();
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder out = new StringBuilder("$");
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                out.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.length() == 1 ? "" : out.toString();
    }
}
