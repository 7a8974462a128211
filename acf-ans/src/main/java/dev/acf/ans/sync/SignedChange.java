package dev.acf.ans.sync;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.acf.ans.sign.AnsSigner;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.TrustException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.Domain;
import dev.acf.client.jws.JwsKeys;
import java.text.ParseException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One change of a domain's agents as the sync feed carries it (ANS-SYNC-2), verified. On the
 * wire a change is a compact JWS ({@code header.payload.signature}, RFC 7515) signed by the
 * <em>origin</em> domain's ANS key, with {@code typ: }{@value #TYPE}, {@code kid} and {@code iat}
 * in the protected header and this payload:
 * <pre>
 * {"origin": "a.example.net", "name": "ans://v1.0.0.rca.a.example.net", "version": "1.0.0",
 *  "kind": "upsert" | "revoke", "record": {agent record}, "revision": 3, "time": "2026-...Z"}
 * </pre>
 * A relaying peer passes the JWS unchanged; an importer accepts it only when it verifies with a
 * key pinned for the payload's {@code origin}, the record's domain lies within that origin, and
 * {@code name}, {@code version} and {@code kind} agree with the record. Immutable.
 *
 * @param origin the domain whose ANS is authoritative for the record and signed the change
 * @param kind whether the record is current ({@code UPSERT}) or revoked
 * @param record the record after the change
 * @param revision the record's revision in the origin's store; later changes have higher ones
 * @param time when the origin's store accepted the change
 * @param jws the compact JWS this change was read from (or signed as)
 */
public record SignedChange(Domain origin, Kind kind, AgentRecord record, long revision, Instant time, String jws) {
    /** The {@code typ} of a change JWS. */
    public static final String TYPE = "acf-sync-change+jws";

    /** What a change does to the importer's copy. */
    public enum Kind {
        /** Create or replace the record (any status but revoked). */
        UPSERT,
        /** The record is revoked: it leaves resolution at once and stays revoked. */
        REVOKE;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
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

    /** The JSON payload of a change JWS. */
    record Payload(String origin, String name, String version, String kind, AgentRecord record, long revision, Instant time) {}

    /** Signs a change of one of this ANS's own records with its current key. */
    public static SignedChange sign(AnsSigner signer, Domain origin, AgentRecord record, long revision, Instant time) {
        Kind kind = record.status() == AgentStatus.REVOKED ? Kind.REVOKE : Kind.UPSERT;
        Payload payload = new Payload(origin.name(), record.name().toString(), record.version().toString(), kind.wire(), record, revision, time);
        return new SignedChange(origin, kind, record, revision, time, signer.sign(AcfJson.writeBytes(payload), TYPE));
    }

    /**
     * Verifies a change JWS and returns the change.
     *
     * @param keys the pinned keys of a domain, empty when this ANS trusts none for it
     * @throws TrustException ({@code bad_signature}) when the JWS is malformed, signed by a key not
     *     pinned for its origin, altered, or inconsistent with its record
     */
    public static SignedChange verify(String jws, Function<Domain, Optional<JWKSet>> keys) {
        JWSObject object;
        try {
            object = JWSObject.parse(Objects.requireNonNull(jws, "jws").trim());
        } catch (ParseException e) {
            throw new TrustException("a change is not a compact JWS: " + e.getMessage());
        }
        if (!new JOSEObjectType(TYPE).equals(object.getHeader().getType())) {
            throw new TrustException("a change JWS must have typ " + TYPE + ", was " + object.getHeader().getType());
        }
        Payload payload;
        Domain origin;
        try {
            payload = AcfJson.read(object.getPayload().toBytes(), Payload.class);
            origin = Domain.of(Objects.requireNonNull(payload.origin(), "origin"));
            Objects.requireNonNull(payload.record(), "record");
            Objects.requireNonNull(payload.time(), "time");
        } catch (AcfException | NullPointerException | IllegalArgumentException e) {
            throw new TrustException("a change's payload is not a valid change: " + e.getMessage());
        }
        JWKSet pinned = keys.apply(origin).orElseThrow(() -> new TrustException("no key is pinned for origin " + origin + ": change refused"));
        String kid = object.getHeader().getKeyID();
        JWK key = kid == null ? null : pinned.getKeyByKeyId(kid);
        if (key == null) {
            throw new TrustException("change of " + payload.name() + " is signed with key '" + kid + "', not a key pinned for " + origin);
        }
        if (!verifies(object, key)) {
            throw new TrustException("change of " + payload.name() + " does not verify with " + origin + "'s key " + kid + ": altered or forged");
        }
        AgentRecord record = payload.record();
        Kind kind = "revoke".equals(payload.kind()) ? Kind.REVOKE : "upsert".equals(payload.kind()) ? Kind.UPSERT : null;
        if (kind == null || (kind == Kind.REVOKE) != (record.status() == AgentStatus.REVOKED)
                || !record.name().toString().equals(payload.name()) || !record.version().toString().equals(payload.version())) {
            throw new TrustException("change of " + payload.name() + " disagrees with its record (kind, name or version)");
        }
        if (!origin.contains(record.domain())) {
            throw new TrustException("origin " + origin + " signed a record of domain " + record.domain() + ", which it is not authoritative for");
        }
        return new SignedChange(origin, kind, record, payload.revision(), payload.time(), jws.trim());
    }

    private static boolean verifies(JWSObject object, JWK key) {
        try {
            JWSAlgorithm alg = object.getHeader().getAlgorithm();
            if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg.getName())) {
                return false;
            }
            JWSVerifier verifier = JwsKeys.verifier(key);
            return verifier.supportedJWSAlgorithms().contains(alg) && object.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }
}
