package dev.acf.ans.sync;

import dev.acf.ans.sign.AnsSigner;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import com.nimbusds.jose.jwk.JWKSet;
import dev.acf.api.error.TrustException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One change of a domain's agents as the sync feed carries it (ANS-SYNC-2), verified. Its payload
 * is
 * <pre>
 * {"origin": "a.example.net", "name": "ans://v1.0.0.rca.a.example.net", "version": "1.0.0",
 *  "kind": "upsert" | "revoke" | "withdraw", "record": {agent record}, "revision": 3, "time": "2026-...Z"}
 * </pre>
 * A {@code withdraw} change has no record ({@code "record": null}): it tells a peer that the
 * signing domain no longer exports the named record to it (its export policy stopped permitting
 * it), so the peer removes its copy.
 * and it travels in one of two forms, both signed by the <em>origin</em> domain's ANS key:
 * <ul>
 *   <li><b>single</b>: a compact JWS ({@code header.payload.signature}, RFC 7515) over the payload,
 *       {@code typ: }{@value #TYPE}, {@code kid}, {@code iat} in the protected header;</li>
 *   <li><b>batched</b> (a page of several changes): {@code <batch JWS>~<leaf index>~<path>~<payload>},
 *       where the batch JWS ({@code typ: }{@value #BATCH_TYPE}) signs
 *       {@code {"origin", "root", "size", "time"}}, {@code root} being the base64url RFC 9162
 *       Merkle root over the batch's payloads (leaf {@code SHA-256(0x00 || payload bytes)}),
 *       {@code path} the leaf's inclusion path (base64url hashes joined by {@code :}, leaf side
 *       first) and {@code payload} the base64url payload bytes. One signature covers a page, yet
 *       every change still carries the origin's signature and verifies on its own.</li>
 *   <li><b>whole batch</b> (how an importer that asks for it reads pages):
 *       {@code <batch JWS>~*~<payload>~<payload>~...}, every payload of the batch in leaf order, so the
 *       signature and root appear once per page and the importer recomputes the root over all leaves
 *       instead of checking one inclusion path per change. It verifies as a whole only; an importer
 *       that passes a change on (a relay) derives that change's batched form from it.</li>
 * </ul>
 * A relaying peer passes either form unchanged; an importer accepts a change only when it
 * verifies with a key pinned for the payload's {@code origin}, the record's domain lies within
 * that origin, and {@code name}, {@code version} and {@code kind} agree with the record. Immutable.
 *
 * @param origin the domain whose ANS is authoritative for the record and signed the change
 * @param kind whether the record is current ({@code UPSERT}), revoked, or no longer exported ({@code WITHDRAW})
 * @param name the agent version the change is about
 * @param record the record after the change, {@code null} for a withdrawal
 * @param revision the record's revision in the origin's store; later changes have higher ones
 * @param time when the origin's store accepted the change
 * @param jws the signed form this change was read from (or signed as): single, batched, or the whole batch
 *     it came in
 */
public record SignedChange(Domain origin, Kind kind, AgentName name, @Nullable AgentRecord record, long revision, Instant time, String jws) {
    /** The {@code typ} of a single change JWS. */
    public static final String TYPE = "acf-sync-change+jws";
    /** The {@code typ} of the JWS over a batch's Merkle root. */
    public static final String BATCH_TYPE = "acf-sync-batch+jws";
    /** The leaf index of the whole-batch form: every payload follows. */
    static final String WHOLE = "*";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    /** What a change does to the importer's copy. */
    public enum Kind {
        /** Create or replace the record (any status but revoked). */
        UPSERT,
        /** The record is revoked: it leaves resolution at once and stays revoked. */
        REVOKE,
        /** The signer no longer exports the record to this peer: the peer removes its copy. */
        WITHDRAW;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Requires every field, and a record exactly when the change is not a withdrawal. */
    public SignedChange {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if ((record == null) != (kind == Kind.WITHDRAW)) {
            throw new IllegalArgumentException("a withdrawal has no record, every other change has one");
        }
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(jws, "jws");
    }

    /**
     * A change to sign: a record of the origin at a revision.
     *
     * @param record the record after the change
     * @param revision its revision in the origin's store
     * @param time when the store accepted it
     */
    public record Unsigned(AgentRecord record, long revision, Instant time) {}

    /** The JSON payload of a change. */
    record Payload(String origin, String name, String version, String kind, @Nullable AgentRecord record, long revision, Instant time) {}

    /** The JSON payload of a batch JWS. */
    record BatchHead(String origin, String root, long size, Instant time) {}

    /** Signs one change of this ANS's own records with its current key (the single form). */
    public static SignedChange sign(AnsSigner signer, Domain origin, AgentRecord record, long revision, Instant time) {
        Unsigned change = new Unsigned(record, revision, time);
        return of(origin, change, signer.sign(payload(origin, change), TYPE));
    }

    /**
     * Signs changes together (the batched form when there are several): one signature over their
     * Merkle root, each change with its inclusion path.
     */
    public static List<SignedChange> signBatch(AnsSigner signer, Domain origin, List<Unsigned> changes) {
        if (changes.size() == 1) {
            Unsigned only = changes.getFirst();
            return List.of(sign(signer, origin, only.record(), only.revision(), only.time()));
        }
        List<byte[]> payloads = new ArrayList<>(changes.size());
        for (Unsigned change : changes) {
            payloads.add(payload(origin, change));
        }
        Instant newest = changes.stream().map(Unsigned::time).max(Instant::compareTo).orElseThrow();
        List<String> signed = signPayloads(signer, origin, payloads, newest);
        List<SignedChange> out = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            out.add(of(origin, changes.get(i), signed.get(i)));
        }
        return out;
    }

    /**
     * Signs encoded payloads ({@link #payload(Domain, Kind, AgentName, byte[], long, Instant)}) together and
     * returns their signed forms in order: the single form for one, else one signature over their Merkle root.
     */
    static List<String> signPayloads(AnsSigner signer, Domain origin, List<byte[]> payloads, Instant newest) {
        if (payloads.size() == 1) {
            return List.of(signer.sign(payloads.getFirst(), TYPE));
        }
        ChangeBatch batch = ChangeBatch.of(payloads);
        String head = signHead(signer, origin, batch.root(), payloads.size(), newest);
        List<String> out = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            out.add(inBatch(head, i, batch.path(i), BASE64.encodeToString(payloads.get(i))));
        }
        return out;
    }

    /**
     * Signs encoded payloads as one whole batch, {@code <batch JWS>~*~<payload>~...}: the form a page takes for an
     * importer that verifies it at once. Hashes the leaves in parallel; no inclusion paths are built.
     */
    static String signWhole(AnsSigner signer, Domain origin, List<byte[]> payloads, Instant newest) {
        List<byte[]> leaves = payloads.parallelStream().map(ChangeBatch::leafHash).toList();
        String head = signHead(signer, origin, ChangeBatch.rootOf(leaves), payloads.size(), newest);
        List<String> encoded = payloads.parallelStream().map(BASE64::encodeToString).toList();
        int size = head.length() + 2;
        for (String payload : encoded) {
            size += payload.length() + 1;
        }
        StringBuilder out = new StringBuilder(size).append(head).append('~').append(WHOLE);
        for (String payload : encoded) {
            out.append('~').append(payload);
        }
        return out.toString();
    }

    private static String signHead(AnsSigner signer, Domain origin, byte[] root, int size, Instant newest) {
        return signer.sign(AcfJson.writeBytes(new BatchHead(origin.name(), BASE64.encodeToString(root), size, newest)), BATCH_TYPE);
    }

    /** Returns the batched form of one change: {@code <batch JWS>~<index>~<path>~<payload>}. */
    static String inBatch(String head, int index, List<byte[]> path, String payloadBase64) {
        StringBuilder change = new StringBuilder(head.length() + payloadBase64.length() + 16 + 44 * path.size());
        change.append(head).append('~').append(index).append('~');
        boolean first = true;
        for (byte[] hash : path) {
            change.append(first ? "" : ":").append(BASE64.encodeToString(hash));
            first = false;
        }
        return change.append('~').append(payloadBase64).toString();
    }

    /**
     * Verifies a change in either form and returns it.
     *
     * @param keys the pinned keys of a domain, empty when this ANS trusts none for it
     * @throws TrustException ({@code bad_signature}) when the change is malformed, signed by a key not
     *     pinned for its origin, altered, or inconsistent with its record
     */
    public static SignedChange verify(String jws, Function<Domain, Optional<JWKSet>> keys) {
        return new ChangeVerifier(keys).verify(jws);
    }

    private static byte[] payload(Domain origin, Unsigned change) {
        AgentRecord record = change.record();
        Kind kind = record.status() == AgentStatus.REVOKED ? Kind.REVOKE : Kind.UPSERT;
        return payload(origin, kind, record.name(), AcfJson.writeBytes(record), change.revision(), change.time());
    }

    /**
     * Encodes a change's payload around a record already serialized ({@code null} for a withdrawal), so
     * a feed serves the record's bytes as they were stored instead of encoding the record again.
     */
    static byte[] payload(Domain origin, Kind kind, AgentName name, byte @Nullable [] recordJson, long revision, Instant time) {
        String version = name.versionIfPresent().map(Object::toString).orElse("");
        StringBuilder head = new StringBuilder(160).append("{\"origin\":");
        string(head, origin.name()).append(",\"name\":");
        string(head, name.toString()).append(",\"version\":");
        string(head, version).append(",\"kind\":\"").append(kind.wire()).append("\",\"record\":");
        String tail = ",\"revision\":" + revision + ",\"time\":\"" + time + "\"}";
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] body = recordJson == null ? NULL : recordJson;
        byte[] end = tail.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[start.length + body.length + end.length];
        System.arraycopy(start, 0, out, 0, start.length);
        System.arraycopy(body, 0, out, start.length, body.length);
        System.arraycopy(end, 0, out, start.length + body.length, end.length);
        return out;
    }

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private static StringBuilder string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"');
    }

    private static SignedChange of(Domain origin, Unsigned change, String signed) {
        Kind kind = change.record().status() == AgentStatus.REVOKED ? Kind.REVOKE : Kind.UPSERT;
        return new SignedChange(origin, kind, change.record().name(), change.record(), change.revision(), change.time(), signed);
    }
}
