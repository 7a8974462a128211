package dev.acf.gateway.filter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.json.AcfJson;
import dev.acf.gateway.pipeline.JsonBuffers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What the audit needs from an answer, found by one pass of a streaming parser without building
 * a tree: the task and context ids a JSON-RPC result names ({@code result}, then
 * {@code result.task}, then {@code result.message}: a {@code taskId}, else the {@code id} of a
 * task, that is of an object with {@code kind: "task"} or a {@code status}; a
 * {@code contextId}) and the error's {@code code}, as the API-4 string or the JSON-RPC number.
 * Members the audit does not need are skipped unread. An answer that is not exactly one
 * well-formed JSON value (or not JSON, or larger than {@link A2aFacts#MAX_PARSED_BODY}) yields
 * nothing, as a tree parse would. Immutable.
 *
 * @param taskId the task id the result names, if any
 * @param contextId the context id the result names, if any
 * @param errorCode {@code error.code} when it is a string (an API-4 error), else null
 * @param rpcErrorCode {@code error.code} when it is an integral number (a JSON-RPC error), as text, else null
 */
record AnswerScan(@Nullable String taskId, @Nullable String contextId, @Nullable String errorCode, @Nullable String rpcErrorCode) {
    static final AnswerScan NOTHING = new AnswerScan(null, null, null, null);

    /** The mapper's settings (nesting limit) with buffers recycled per event loop or through a shared pool ({@link JsonBuffers}), as for requests. */
    private static final JsonFactory FACTORY = AcfJson.mapper().getFactory().rebuild()
            .recyclerPool(JsonBuffers.POOL)
            .build();

    /** Scans the answer's body; never throws. */
    static AnswerScan of(Exchange.Response response) {
        String type = response.headers().first("content-type").orElse(null);
        if (type != null && !type.toLowerCase(Locale.ROOT).contains("json")) {
            return NOTHING;
        }
        return of(response.body());
    }

    /** Scans one JSON-RPC answer, such as the data of one event of a stream; never throws. */
    static AnswerScan of(Body body) {
        if (body.isEmpty() || body.length() > A2aFacts.MAX_PARSED_BODY) {
            return NOTHING;
        }
        if (!mayName(body.asReadOnlyBuffer())) {
            // Well-formed or not, an answer naming none of the members the scan reads yields nothing.
            return NOTHING;
        }
        Scan s = new Scan();
        try (JsonParser p = FACTORY.createParser(body.inputStream())) {
            if (!s.root(p)) {
                return NOTHING;
            }
        } catch (IOException | RuntimeException e) {
            return NOTHING;
        }
        String task = s.result.taskId(null);
        task = task != null ? task : s.task.taskId(null);
        task = task != null ? task : s.message.taskId(null);
        String context = s.result.contextId != null ? s.result.contextId : s.task.contextId != null ? s.task.contextId : s.message.contextId;
        if (!s.resultIsObject) {
            task = null;
            context = null;
        }
        return new AnswerScan(task, context, s.errorCode, s.rpcErrorCode);
    }

    /** The quoted names whose members the scan reads (a task's id counts only beside a kind or a status), each with its closing quote. */
    private static final byte[][] NAMES = {
            "taskId\"".getBytes(StandardCharsets.US_ASCII), "contextId\"".getBytes(StandardCharsets.US_ASCII),
            "error\"".getBytes(StandardCharsets.US_ASCII), "kind\"".getBytes(StandardCharsets.US_ASCII),
            "status\"".getBytes(StandardCharsets.US_ASCII)};

    /**
     * Returns false when the bytes hold none of {@link #NAMES} after a quote and no escape (which
     * could spell a name otherwise): a plain message answer is then done without a parser.
     */
    static boolean mayName(ByteBuffer bytes) {
        int end = bytes.limit();
        for (int i = bytes.position(); i < end; i++) {
            byte b = bytes.get(i);
            if (b == '\\') {
                return true;
            }
            if (b == '"' && i + 1 < end) {
                // The names start with distinct letters: at most one comparison per quote.
                byte[] name = switch (bytes.get(i + 1)) {
                    case 't' -> NAMES[0];
                    case 'c' -> NAMES[1];
                    case 'e' -> NAMES[2];
                    case 'k' -> NAMES[3];
                    case 's' -> NAMES[4];
                    default -> null;
                };
                if (name != null && startsWith(bytes, i + 1, end, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean startsWith(ByteBuffer bytes, int at, int end, byte[] name) {
        if (end - at < name.length) {
            return false;
        }
        for (int j = 0; j < name.length; j++) {
            if (bytes.get(at + j) != name[j]) {
                return false;
            }
        }
        return true;
    }

    /** The members of one object that name a task; last member wins on duplicates, as with a tree. */
    private static final class Ids {
        @Nullable String taskId;
        @Nullable String id;
        @Nullable String contextId;
        boolean kindTask;
        boolean hasStatus;

        void clear() {
            taskId = null;
            id = null;
            contextId = null;
            kindTask = false;
            hasStatus = false;
        }

        @Nullable String taskId(@Nullable String fallback) {
            if (taskId != null) {
                return taskId;
            }
            return (kindTask || hasStatus) && id != null ? id : fallback;
        }

        /** Reads the members of an object whose START_OBJECT was just read; stops at its END_OBJECT. */
        void read(JsonParser p, @Nullable Ids task, @Nullable Ids message) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "taskId" -> taskId = text(p, v);
                    case "id" -> id = text(p, v);
                    case "contextId" -> contextId = text(p, v);
                    case "kind" -> kindTask = v == JsonToken.VALUE_STRING && p.getText().equals("task");
                    case "status" -> {
                        hasStatus = true;
                        p.skipChildren();
                    }
                    case "task" -> nested(p, v, task);
                    case "message" -> nested(p, v, message);
                    default -> p.skipChildren();
                }
            }
        }

        private static void nested(JsonParser p, JsonToken v, @Nullable Ids into) throws IOException {
            if (into == null) {
                p.skipChildren();
                return;
            }
            into.clear();
            if (v == JsonToken.START_OBJECT) {
                into.read(p, null, null);
            } else {
                p.skipChildren();
            }
        }

        /** Returns a non-empty string value; anything else counts as absent. */
        private static @Nullable String text(JsonParser p, JsonToken v) throws IOException {
            if (v == JsonToken.VALUE_STRING) {
                String t = p.getText();
                return t.isEmpty() ? null : t;
            }
            p.skipChildren();
            return null;
        }
    }

    /** The parser's findings. */
    private static final class Scan {
        final Ids result = new Ids();
        final Ids task = new Ids();
        final Ids message = new Ids();
        boolean resultIsObject;
        @Nullable String errorCode;
        @Nullable String rpcErrorCode;

        /** Reads the whole document; false when it is not exactly one JSON value. */
        boolean root(JsonParser p) throws IOException {
            JsonToken first = p.nextToken();
            if (first == null) {
                return false;
            }
            if (first == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (name) {
                        case "result" -> {
                            result.clear();
                            task.clear();
                            message.clear();
                            resultIsObject = v == JsonToken.START_OBJECT;
                            if (resultIsObject) {
                                result.read(p, task, message);
                            } else {
                                p.skipChildren();
                            }
                        }
                        case "error" -> error(p, v);
                        default -> p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
            return p.nextToken() == null;
        }

        private void error(JsonParser p, JsonToken v) throws IOException {
            errorCode = null;
            rpcErrorCode = null;
            if (v != JsonToken.START_OBJECT) {
                p.skipChildren();
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken c = p.nextToken();
                if (name.equals("code")) {
                    errorCode = c == JsonToken.VALUE_STRING ? p.getText() : null;
                    rpcErrorCode = c == JsonToken.VALUE_NUMBER_INT ? p.getNumberValue().toString() : null;
                }
                p.skipChildren();
            }
        }
    }
}
