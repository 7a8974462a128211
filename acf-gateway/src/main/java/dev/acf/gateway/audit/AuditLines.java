package dev.acf.gateway.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.acf.api.audit.AuditEvent;
import dev.acf.api.json.AcfJson;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes an {@link AuditEvent} as the JSON object {@code AcfJson} makes of it (members in
 * record order, nulls left out, the time in ISO-8601), with a streaming generator instead of
 * data binding: the audit writer serialises every request, and reflection, per-property
 * serializers and the time formatter's machinery cost several times the writing itself. Used
 * by one writer thread at a time; the only state is the last second formatted, a cache any thread may replace.
 */
final class AuditLines {
    private static final JsonFactory FACTORY = AcfJson.mapper().getFactory();

    private AuditLines() {}

    /** Writes the event's JSON (no line end) to {@code out}. */
    static void write(AuditEvent e, OutputStream out) throws IOException {
        Ascii plain = plain(e);
        if (plain != null) {
            out.write(plain.bytes, 0, plain.size);
            return;
        }
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("type", e.type());
            g.writeStringField("time", time(e.time()));
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

    /**
     * Returns the event's JSON written without a generator when every string in it is printable
     * ASCII with nothing to escape (the usual event: names, ids, codes), else null (the generator writes it). Byte for byte
     * what the generator writes then, at a fraction of its cost per event.
     */
    private static @Nullable Ascii plain(AuditEvent e) {
        String time = time(e.time());
        int length = 300 + e.type().length() + time.length() + e.outcome().length();
        for (String s : new String[] {e.type(), time, e.requestId(), e.source(), e.destination(), e.method(), e.taskId(), e.contextId(),
                e.outcome()}) {
            if (s != null) {
                if (!plain(s)) {
                    return null;
                }
                length += s.length();
            }
        }
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            if (!plain(a.getKey()) || !plain(a.getValue())) {
                return null;
            }
            length += a.getKey().length() + a.getValue().length() + 6;
        }
        Ascii out = new Ascii(length);
        out.raw("{\"type\":\"").raw(e.type()).raw("\",\"time\":\"").raw(time).raw("\"");
        out.member("requestId", e.requestId()).member("source", e.source()).member("destination", e.destination())
                .member("method", e.method()).member("taskId", e.taskId()).member("contextId", e.contextId());
        out.raw(",\"status\":").raw(Integer.toString(e.status())).raw(",\"outcome\":\"").raw(e.outcome())
                .raw("\",\"latencyMicros\":").raw(Long.toString(e.latencyMicros()))
                .raw(",\"bytesIn\":").raw(Long.toString(e.bytesIn()))
                .raw(",\"bytesOut\":").raw(Long.toString(e.bytesOut())).raw(",\"attributes\":{");
        boolean first = true;
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            out.raw(first ? "\"" : ",\"").raw(a.getKey()).raw("\":\"").raw(a.getValue()).raw("\"");
            first = false;
        }
        return out.raw("}}");
    }

    /** Printable ASCII without a quote or a backslash: written as it is. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** A byte array filled with ASCII text, grown when a guess of its length was short. */
    private static final class Ascii {
        private byte[] bytes;
        private int size;

        Ascii(int capacity) {
            bytes = new byte[capacity];
        }

        Ascii raw(String s) {
            int n = s.length();
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
            }
            for (int i = 0; i < n; i++) {
                bytes[size++] = (byte) s.charAt(i);
            }
            return this;
        }

        Ascii member(String name, @Nullable String value) {
            return value == null ? this : raw(",\"").raw(name).raw("\":\"").raw(value).raw("\"");
        }
    }

    /** The second last formatted, as {@code Instant.toString} writes it without the {@code Z}: events mostly share it. */
    private static @Nullable Second second;

    private record Second(long epochSecond, String text) {}

    /** Returns {@code time.toString()}, formatting the date and time of day once per second. */
    static String time(Instant time) {
        Second s = second;
        if (s == null || s.epochSecond() != time.getEpochSecond()) {
            String whole = Instant.ofEpochSecond(time.getEpochSecond()).toString();
            if (whole.length() != 20) {
                return time.toString();   // a year outside 0000-9999: rare, formatted in full
            }
            s = new Second(time.getEpochSecond(), whole.substring(0, 19));
            second = s;
        }
        int nano = time.getNano();
        StringBuilder out = new StringBuilder(30).append(s.text());
        if (nano != 0) {
            // ISO_INSTANT prints the fraction in groups of three digits, as many as needed.
            int digits = nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
            int value = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1_000 : nano;
            String v = Integer.toString(value);
            out.append('.');
            for (int i = v.length(); i < digits; i++) {
                out.append('0');
            }
            out.append(v);
        }
        return out.append('Z').toString();
    }

    private static void text(JsonGenerator g, String name, @Nullable String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
