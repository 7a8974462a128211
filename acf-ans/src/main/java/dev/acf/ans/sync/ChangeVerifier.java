package dev.acf.ans.sync;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.TrustException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.client.jws.JwsKeys;
import java.io.IOException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Verifies changes of the sync feed in either form of {@link SignedChange} against the keys pinned
 * per origin domain. The signature over a batch's Merkle root is checked once and remembered (up to
 * {@value #BATCH_CACHE} batches), so a page of thousands of changes costs one signature check and a
 * few hashes per change. Thread-safe: verify a page's changes in parallel.
 *
 * <pre>{@code
 * ChangeVerifier verifier = new ChangeVerifier(domain -> Optional.of(pinnedJwks));
 * SignedChange change = verifier.verify(token);
 * }</pre>
 */
public final class ChangeVerifier {
    private static final int BATCH_CACHE = 64;
    /** Readers of one value inside a payload: what follows it is the payload's, not trailing garbage. */
    private static final ObjectReader RECORD = AcfJson.mapper().readerFor(AgentRecord.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectReader TIME = AcfJson.mapper().readerFor(Instant.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Function<Domain, Optional<JWKSet>> keys;
    private final Map<String, SignedChange.BatchHead> batches = new ConcurrentHashMap<>();

    /** Creates a verifier trusting, for each origin domain, the keys {@code keys} answers (empty: none). */
    public ChangeVerifier(Function<Domain, Optional<JWKSet>> keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Verifies a change and returns it.
     *
     * @throws TrustException ({@code bad_signature}) when the change is malformed, signed by a key not
     *     pinned for its origin, altered, or inconsistent with its record
     */
    public SignedChange verify(String signed) {
        return verifyKeepingRecord(signed).change();
    }

    /**
     * A verified change with its record's JSON exactly as the origin signed it, so an importer stores
     * those bytes instead of encoding the record again, and the change's own signed form (single or
     * batched, verifiable alone: what a relay passes on), {@code null} when not asked for.
     */
    record Verified(SignedChange change, byte @Nullable [] recordJson, @Nullable String proof) {}

    /** Verifies a change as {@link #verify} does and keeps the record's signed JSON. */
    Verified verifyKeepingRecord(String signed) {
        String token = Objects.requireNonNull(signed, "signed").trim();
        Parsed parsed;
        SignedChange.Payload payload;
        if (token.indexOf('~') < 0) {
            JWSObject jws = parse(token);
            parsed = readPayload(jws.getPayload().toBytes());
            payload = parsed.payload();
            checkSignature(jws, SignedChange.TYPE, origin(payload.origin()), payload.name());
        } else {
            String[] parts = token.split("~", -1);
            if (parts.length != 4) {
                throw new TrustException("a batched change must read <batch JWS>~<index>~<path>~<payload>");
            }
            SignedChange.BatchHead head = batch(parts[0]);
            byte[] bytes = base64(parts[3]);
            parsed = readPayload(bytes);
            payload = parsed.payload();
            if (!head.origin().equals(payload.origin())) {
                throw new TrustException("change of " + payload.name() + " names origin " + payload.origin() + " in a batch signed by " + head.origin());
            }
            List<byte[]> path = new ArrayList<>();
            if (!parts[2].isEmpty()) {
                for (String hash : parts[2].split(":", -1)) {
                    path.add(base64(hash));
                }
            }
            long index;
            try {
                index = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                throw new TrustException("a batched change's leaf index is not a number");
            }
            if (!ChangeBatch.verifyInclusion(index, head.size(), ChangeBatch.leafHash(bytes), path, base64(head.root()))) {
                throw new TrustException("change of " + payload.name() + " is not in the batch " + head.origin() + " signed: altered or forged");
            }
        }
        SignedChange change = checked(payload, token);
        return new Verified(change, change.record() == null ? null : parsed.recordJson(), token);
    }

    /** Returns whether a signed form is a whole batch ({@code <batch JWS>~*~<payload>~...}). */
    static boolean isWhole(String signed) {
        int first = signed.indexOf('~');
        return first >= 0 && signed.startsWith(SignedChange.WHOLE + "~", first + 1);
    }

    /** Returns how many changes a whole batch claims to hold (its payloads), for counting a refused one. */
    static long size(String whole) {
        return Math.max(1, whole.chars().filter(c -> c == '~').count() - 1);
    }

    /**
     * Verifies a whole batch at once: its signature once, then the Merkle root recomputed over all its
     * payloads (leaves hashed and payloads read in parallel), and returns its changes in batch order. A
     * payload that verifies but fails its own checks (kind, name, origin of the record) is handed to
     * {@code refused} and left out; the rest are returned.
     *
     * @param withProofs whether to derive each change's batched form with its inclusion path (a relay needs it)
     * @throws TrustException ({@code bad_signature}) when the batch as a whole is malformed, not signed by a key
     *     pinned for its origin, or altered (its root does not match): then none of its changes counts
     */
    List<Verified> verifyWhole(String signed, boolean withProofs, Consumer<TrustException> refused) {
        String token = Objects.requireNonNull(signed, "signed").trim();
        String[] parts = token.split("~", -1);
        if (parts.length < 3 || !parts[1].equals(SignedChange.WHOLE)) {
            throw new TrustException("a whole batch must read <batch JWS>~*~<payload>~...");
        }
        SignedChange.BatchHead head = batch(parts[0]);
        int n = parts.length - 2;
        if (head.size() != n) {
            throw new TrustException("a batch of " + head.origin() + " signed for " + head.size() + " changes holds " + n);
        }
        byte[][] payloads = new byte[n][];
        List<byte[]> leaves = IntStream.range(0, n).parallel().mapToObj(i -> {
            payloads[i] = base64(parts[i + 2]);
            return ChangeBatch.leafHash(payloads[i]);
        }).toList();
        ChangeBatch tree = withProofs ? ChangeBatch.ofLeaves(leaves) : null;
        byte[] root = tree != null ? tree.root() : ChangeBatch.rootOf(leaves);
        if (!MessageDigest.isEqual(root, base64(head.root()))) {
            throw new TrustException("a batch of " + n + " changes does not match the root " + head.origin() + " signed: altered or forged");
        }
        return IntStream.range(0, n).parallel().mapToObj(i -> {
            try {
                Parsed parsed = readPayload(payloads[i]);
                if (!head.origin().equals(parsed.payload().origin())) {
                    throw new TrustException("change of " + parsed.payload().name() + " names origin " + parsed.payload().origin()
                            + " in a batch signed by " + head.origin());
                }
                SignedChange change = checked(parsed.payload(), token);
                String proof = tree == null ? null : SignedChange.inBatch(parts[0], i, tree.path(i), parts[i + 2]);
                return new Verified(change, change.record() == null ? null : parsed.recordJson(), proof);
            } catch (TrustException e) {
                refused.accept(e);
                return null;
            }
        }).filter(Objects::nonNull).toList();
    }

    private record Parsed(SignedChange.Payload payload, byte @Nullable [] recordJson) {}

    /**
     * Reads a change payload in one pass with the streaming parser, keeping the bytes of its
     * {@code record} object as signed (an importer stores them instead of encoding the record again).
     */
    private static Parsed readPayload(byte[] json) {
        try (JsonParser parser = AcfJson.mapper().getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new TrustException("a change payload is not a JSON object");
            }
            String origin = null;
            String name = null;
            String version = null;
            String kind = null;
            AgentRecord record = null;
            byte[] raw = null;
            long revision = 0;
            Instant time = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "origin" -> origin = text(parser, value);
                    case "name" -> name = text(parser, value);
                    case "version" -> version = text(parser, value);
                    case "kind" -> kind = text(parser, value);
                    case "revision" -> revision = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : 0;
                    case "time" -> time = value == JsonToken.VALUE_NULL ? null : TIME.readValue(parser);
                    case "record" -> {
                        if (value == JsonToken.START_OBJECT) {
                            long from = parser.currentTokenLocation().getByteOffset();
                            record = RECORD.readValue(parser);
                            long to = parser.currentLocation().getByteOffset();
                            boolean whole = from >= 0 && to > from && to <= json.length && json[(int) from] == '{' && json[(int) to - 1] == '}';
                            raw = whole ? Arrays.copyOfRange(json, (int) from, (int) to) : null;
                        } else {
                            record = null;
                            raw = null;
                            parser.skipChildren();
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (time == null) {
                throw new TrustException("a change payload has no time");
            }
            return new Parsed(new SignedChange.Payload(origin, name, version, kind, record, revision, time), raw);
        } catch (IOException | AcfException | IllegalArgumentException | NullPointerException e) {
            throw new TrustException("a change payload is not valid: " + e.getMessage());
        }
    }

    private static @Nullable String text(JsonParser parser, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? parser.getText() : null;
    }

    private SignedChange.BatchHead batch(String compact) {
        SignedChange.BatchHead known = batches.get(compact);
        if (known != null) {
            return known;
        }
        JWSObject jws = parse(compact);
        SignedChange.BatchHead head = read(jws.getPayload().toBytes(), SignedChange.BatchHead.class, "batch");
        if (head.root() == null || head.size() < 1) {
            throw new TrustException("a batch head needs a root and a positive size");
        }
        checkSignature(jws, SignedChange.BATCH_TYPE, origin(head.origin()), "a batch of " + head.size());
        if (batches.size() >= BATCH_CACHE) {
            batches.clear();
        }
        batches.put(compact, head);
        return head;
    }

    private void checkSignature(JWSObject jws, String type, Domain origin, String what) {
        if (!new JOSEObjectType(type).equals(jws.getHeader().getType())) {
            throw new TrustException("a JWS of the sync feed must have typ " + type + ", was " + jws.getHeader().getType());
        }
        JWKSet pinned = keys.apply(origin).orElseThrow(() -> new TrustException("no key is pinned for origin " + origin + ": change refused"));
        String kid = jws.getHeader().getKeyID();
        JWK key = kid == null ? null : pinned.getKeyByKeyId(kid);
        if (key == null) {
            throw new TrustException(what + " is signed with key '" + kid + "', not a key pinned for " + origin);
        }
        if (!verifies(jws, key)) {
            throw new TrustException(what + " does not verify with " + origin + "'s key " + kid + ": altered or forged");
        }
    }

    private static SignedChange checked(SignedChange.Payload payload, String token) {
        Domain origin = origin(payload.origin());
        AgentRecord record = payload.record();
        SignedChange.Kind kind = switch (String.valueOf(payload.kind())) {
            case "upsert" -> SignedChange.Kind.UPSERT;
            case "revoke" -> SignedChange.Kind.REVOKE;
            case "withdraw" -> SignedChange.Kind.WITHDRAW;
            default -> throw new TrustException("change of " + payload.name() + " has an unknown kind " + payload.kind());
        };
        if (kind == SignedChange.Kind.WITHDRAW) {
            // Signed by the domain that exported the record to us, which need not be its origin (a relay withdraws too).
            if (record != null) {
                throw new TrustException("a withdrawal of " + payload.name() + " carries a record");
            }
            AgentName name = name(payload.name());
            if (!name.hasVersion() || !name.versionIfPresent().orElseThrow().toString().equals(payload.version())) {
                throw new TrustException("withdrawal of " + payload.name() + " disagrees with its version " + payload.version());
            }
            return new SignedChange(origin, kind, name, null, payload.revision(), payload.time(), token);
        }
        if (record == null || (kind == SignedChange.Kind.REVOKE) != (record.status() == AgentStatus.REVOKED)
                || !record.name().toString().equals(payload.name()) || !record.version().toString().equals(payload.version())) {
            throw new TrustException("change of " + payload.name() + " disagrees with its record (kind, name or version)");
        }
        if (!origin.contains(record.domain())) {
            throw new TrustException("origin " + origin + " signed a record of domain " + record.domain() + ", which it is not authoritative for");
        }
        return new SignedChange(origin, kind, record.name(), record, payload.revision(), payload.time(), token);
    }

    private static AgentName name(@Nullable String text) {
        try {
            return AgentName.parse(Objects.requireNonNull(text, "name"));
        } catch (AcfException | IllegalArgumentException | NullPointerException e) {
            throw new TrustException("a change names no valid agent: " + e.getMessage());
        }
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new TrustException("a batched change has a part that is not base64url: " + e.getMessage());
        }
    }

    private static JWSObject parse(String compact) {
        try {
            return JWSObject.parse(compact);
        } catch (ParseException e) {
            throw new TrustException("not a compact JWS: " + e.getMessage());
        }
    }

    private static <T> T read(byte[] json, Class<T> type, String what) {
        try {
            T value = AcfJson.read(json, type);
            if (value == null) {
                throw new TrustException("a " + what + " payload is null");
            }
            return value;
        } catch (AcfException | IllegalArgumentException | NullPointerException e) {
            throw new TrustException("a " + what + " payload is not valid: " + e.getMessage());
        }
    }

    private static Domain origin(String name) {
        try {
            return Domain.of(Objects.requireNonNull(name, "origin"));
        } catch (AcfException | IllegalArgumentException | NullPointerException e) {
            throw new TrustException("a change names no valid origin domain: " + e.getMessage());
        }
    }

    private static boolean verifies(JWSObject jws, JWK key) {
        try {
            JWSAlgorithm alg = jws.getHeader().getAlgorithm();
            if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg.getName())) {
                return false;
            }
            JWSVerifier verifier = JwsKeys.verifier(key);
            return verifier.supportedJWSAlgorithms().contains(alg) && jws.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }
}
