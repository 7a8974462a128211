package dev.acf.ans.registry;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.json.AcfJson;
import dev.acf.api.registry.Change;
import dev.acf.api.registry.Cursor;
import dev.acf.api.registry.Revision;
import dev.acf.api.registry.StoredAgent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One change as the embedded log stores it: the JSON payload of a frame. Kept apart from the
 * API's {@link Change} so that the file format only changes on purpose.
 */
record LogEntry(long cursor, Change.Type type, long revision, Instant time, AgentRecord record) {

    LogEntry {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(record, "record");
    }

    static LogEntry of(Change change) {
        return new LogEntry(change.cursor().position(), change.type(), change.agent().revision().value(), change.time(),
                change.agent().record());
    }

    Change toChange() {
        return new Change(new Cursor(cursor), type, new StoredAgent(record, new Revision(revision)), time);
    }

    /**
     * Writes the entry around a record already serialized, so that the costly part of encoding
     * happens before the writer takes the store's lock. The spliced fields are numbers, an enum
     * constant and an ISO instant, none of which need escaping.
     */
    static byte[] encode(long cursor, Change.Type type, long revision, Instant time, byte[] recordJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(recordJson.length + 128);
        out.writeBytes(("{\"cursor\":" + cursor + ",\"type\":\"" + type.name() + "\",\"revision\":" + revision
                + ",\"time\":\"" + time + "\",\"record\":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(recordJson);
        out.write('}');
        return out.toByteArray();
    }

    static LogEntry decode(byte[] payload) {
        return AcfJson.read(payload, LogEntry.class);
    }

    /**
     * Splits an entry as {@link #encode} wrote it into its header fields and the record's JSON bytes,
     * without decoding the record; an entry of another layout is decoded and its record encoded again.
     */
    static Stored split(byte[] payload) {
        String prefix = "{\"cursor\":";
        String marker = ",\"record\":";
        int limit = Math.min(payload.length, 160);
        String head = new String(payload, 0, limit, StandardCharsets.ISO_8859_1);
        int at = head.indexOf(marker);
        if (head.startsWith(prefix) && at > 0 && payload[payload.length - 1] == '}') {
            try {
                String[] fields = head.substring(1, at).split(",");
                if (fields.length == 4 && fields[2].startsWith("\"revision\":") && fields[3].startsWith("\"time\":\"")) {
                    long revision = Long.parseLong(fields[2].substring("\"revision\":".length()));
                    String time = fields[3].substring("\"time\":\"".length(), fields[3].length() - 1);
                    int from = at + marker.length();
                    return new Stored(revision, Instant.parse(time), java.util.Arrays.copyOfRange(payload, from, payload.length - 1));
                }
            } catch (RuntimeException e) {
                // not the layout encode() writes: decoded in full below
            }
        }
        LogEntry entry = decode(payload);
        return new Stored(entry.revision(), entry.time(), AcfJson.writeBytes(entry.record()));
    }

    /** An entry's revision, time and record JSON, as {@link #split} reads them. */
    record Stored(long revision, Instant time, byte[] recordJson) {}
}
