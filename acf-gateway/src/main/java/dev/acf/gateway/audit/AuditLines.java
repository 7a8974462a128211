package dev.acf.gateway.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.acf.api.audit.AuditEvent;
import dev.acf.api.json.AcfJson;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes an {@link AuditEvent} as the JSON object {@code AcfJson} makes of it (members in
 * record order, nulls left out, the time in ISO-8601), with a streaming generator instead of
 * data binding: the audit writer serialises every request, and reflection, per-property
 * serializers and the time formatter's machinery cost several times the writing itself. Used
 * by one writer thread; stateless.
 */
final class AuditLines {
    private static final JsonFactory FACTORY = AcfJson.mapper().getFactory();

    private AuditLines() {}

    /** Writes the event's JSON (no line end) to {@code out}. */
    static void write(AuditEvent e, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("type", e.type());
            g.writeStringField("time", e.time().toString());
            text(g, "requestId", e.requestId());
            text(g, "source", e.source());
            text(g, "destination", e.destination());
            text(g, "method", e.method());
            text(g, "taskId", e.taskId());
            text(g, "contextId", e.contextId());
            g.writeNumberField("status", e.status());
            g.writeStringField("outcome", e.outcome());
            g.writeNumberField("latencyMicros", e.latencyMicros());
            g.writeNumberField("bytesIn", e.bytesIn());
            g.writeNumberField("bytesOut", e.bytesOut());
            g.writeObjectFieldStart("attributes");
            for (Map.Entry<String, String> a : e.attributes().entrySet()) {
                g.writeStringField(a.getKey(), a.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    private static void text(JsonGenerator g, String name, @Nullable String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
