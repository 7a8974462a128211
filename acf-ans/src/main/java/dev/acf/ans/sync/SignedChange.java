package dev.acf.ans.sync;

import dev.acf.ans.sign.AnsSigner;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import com.nimbusds.jose.jwk.JWKSet;
import dev.acf.api.error.TrustException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.Domain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One change of a domain's agents as the sync feed carries it (ANS-SYNC-2), verified. Its payload
 * is
 * <pre>
 * {"origin": "a.example.net", "name": "ans://v1.0.0.rca.a.example.net", "version": "1.0.0",
 *  "kind": "upsert" | "revoke", "record": {agent record}, "revision": 3, "time": "2026-...Z"}
 * </pre>
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
 * </ul>
 * A relaying peer passes either form unchanged; an importer accepts a change only when it
 * verifies with a key pinned for the payload's {@code origin}, the record's domain lies within
 * that origin, and {@code name}, {@code version} and {@code kind} agree with the record. Immutable.
 *
 * @param origin the domain whose ANS is authoritative for the record and signed the change
 * @param kind whether the record is current ({@code UPSERT}) or revoked
 * @param record the record after the change
 * @param revision the record's revision in the origin's store; later changes have higher ones
 * @param time when the origin's store accepted the change
 * @param jws the signed form this change was read from (or signed as), single or batched
 */
public record SignedChange(Domain origin, Kind kind, AgentRecord record, long revision, Instant time, String jws) {
    /** The {@code typ} of a single change JWS. */
    public static final String TYPE = "acf-sync-change+jws";
    /** The {@code typ} of the JWS over a batch's Merkle root. */
    public static final String BATCH_TYPE = "acf-sync-batch+jws";

    /** What a change does to the importer's copy. */
    public enum Kind {
        /** Create or replace the record (any status but revoked). */
        UPSERT,
        /** The record is revoked: it leaves resolution at once and stays revoked. */
        REVOKE;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Requires every field. */
    public SignedChange {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(record, "record");
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
    record Payload(String origin, String name, String version, String kind, AgentRecord record, long revision, Instant time) {}

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
        ChangeBatch batch = ChangeBatch.of(payloads);
        Instant newest = changes.stream().map(Unsigned::time).max(Instant::compareTo).orElseThrow();
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String head = signer.sign(AcfJson.writeBytes(new BatchHead(origin.name(), base64.encodeToString(batch.root()), changes.size(),
                newest)), BATCH_TYPE);
        List<SignedChange> out = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            StringBuilder path = new StringBuilder();
            for (byte[] hash : batch.path(i)) {
                path.append(path.isEmpty() ? "" : ":").append(base64.encodeToString(hash));
            }
            out.add(of(origin, changes.get(i), head + "~" + i + "~" + path + "~" + base64.encodeToString(payloads.get(i))));
        }
        return out;
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
        return AcfJson.writeBytes(new Payload(origin.name(), record.name().toString(), record.version().toString(), kind.wire(), record,
                change.revision(), change.time()));
    }

    private static SignedChange of(Domain origin, Unsigned change, String signed) {
        Kind kind = change.record().status() == AgentStatus.REVOKED ? Kind.REVOKE : Kind.UPSERT;
        return new SignedChange(origin, kind, change.record(), change.revision(), change.time(), signed);
    }
}
