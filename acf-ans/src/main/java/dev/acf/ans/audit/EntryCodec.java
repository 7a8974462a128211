package dev.acf.ans.audit;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.json.AcfJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The one canonical byte form of an entry, which its hash covers and which is its line in
 * the file: compact JSON, members in a fixed order, details sorted by key, strings escaped
 * only where JSON requires (and lone surrogates, so they survive a round trip), UTF-8.
 * <pre>
 * {"seq":0,"time":"...","actor":"...","action":"...","target":null,"outcome":"ok",
 *  "requestHash":null,"details":{},"prev":"000...","hash":"..."}
 * </pre>
 * A line is trusted only if re-encoding what it parses to gives back the very same bytes.
 */
final class EntryCodec {
    private static final Set<String> MEMBERS =
            Set.of("seq", "time", "actor", "action", "target", "outcome", "requestHash", "details", "prev", "hash");

    private EntryCodec() {}

    /** Returns the hash an entry with these contents must carry. */
    static String hash(long sequence, Instant time, AuditRecord record, String previousHash) {
        return HexFormat.of().formatHex(AuditRecord.sha256(encode(sequence, time, record, previousHash, null)));
    }

    /** Returns the entry's line, without the newline. */
    static byte[] line(AuditEntry entry) {
        return encode(entry.sequence(), entry.time(), entry.record(), entry.previousHash(), entry.hash());
    }

    private static byte[] encode(long sequence, Instant time, AuditRecord record, String previousHash, @Nullable String hash) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"seq\":").append(sequence);
        out.append(",\"time\":");
        string(out, time.toString());
        out.append(",\"actor\":");
        string(out, record.actor());
        out.append(",\"action\":");
        string(out, record.action());
        out.append(",\"target\":");
        string(out, record.target());
        out.append(",\"outcome\":");
        string(out, record.outcome());
        out.append(",\"requestHash\":");
        string(out, record.requestHash());
        out.append(",\"details\":{");
        boolean first = true;
        for (Map.Entry<String, String> detail : record.details().entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, detail.getKey());
            out.append(':');
            string(out, detail.getValue());
        }
        out.append("},\"prev\":");
        string(out, previousHash);
        if (hash != null) {
            out.append(",\"hash\":");
            string(out, hash);
        }
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void string(StringBuilder out, @Nullable String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || isLoneSurrogate(value, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    /**
     * Parses a line into an entry.
     *
     * @throws IllegalArgumentException naming what is wrong when the line is not an entry
     */
    static AuditEntry parse(byte[] line) {
        JsonNode root;
        try {
            root = AcfJson.mapper().readTree(line);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid JSON");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("unreadable: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        for (Map.Entry<String, JsonNode> member : root.properties()) {
            String name = member.getKey();
            if (!MEMBERS.contains(name)) {
                throw new IllegalArgumentException("unexpected member '" + name + "'");
            }
        }
        JsonNode seq = root.get("seq");
        if (seq == null || !seq.canConvertToExactIntegral() || !seq.isIntegralNumber()) {
            throw new IllegalArgumentException("seq is not a whole number");
        }
        Instant time;
        try {
            time = Instant.parse(required(root, "time"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time is not an ISO-8601 instant");
        }
        JsonNode details = root.get("details");
        if (details == null || !details.isObject()) {
            throw new IllegalArgumentException("details is not an object");
        }
        TreeMap<String, String> detailMap = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : details.properties()) {
            if (!field.getValue().isTextual()) {
                throw new IllegalArgumentException("detail '" + field.getKey() + "' is not a string");
            }
            detailMap.put(field.getKey(), field.getValue().asText());
        }
        AuditRecord record = new AuditRecord(required(root, "actor"), required(root, "action"),
                optional(root, "target"), required(root, "outcome"), optional(root, "requestHash"), detailMap);
        return new AuditEntry(seq.longValue(), time, record, required(root, "prev"), required(root, "hash"));
    }

    private static String required(JsonNode root, String name) {
        String value = optional(root, name);
        if (value == null) {
            throw new IllegalArgumentException("member '" + name + "' is null");
        }
        return value;
    }

    private static @Nullable String optional(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null) {
            throw new IllegalArgumentException("member '" + name + "' is missing");
        }
        if (node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException("member '" + name + "' is not a string");
        }
        return node.asText();
    }
}
