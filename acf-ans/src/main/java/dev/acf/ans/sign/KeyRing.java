package dev.acf.ans.sign;

import com.nimbusds.jose.jwk.JWK;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The ANS's signing keys at one moment: the current key (private) and the retired keys
 * (public only) that stay published until their retention has passed. Immutable.
 *
 * @param keys the current key first, then retired keys, newest first
 */
record KeyRing(List<StoredKey> keys) {

    /**
     * One key and its life: created, and retired when a rotation replaced it.
     *
     * @param jwk the key; private while current, public once retired
     * @param created when the key was made
     * @param retired when it stopped signing; null for the current key
     */
    record StoredKey(JWK jwk, Instant created, @Nullable Instant retired) {
        StoredKey {
            Objects.requireNonNull(jwk, "jwk");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(jwk.getKeyID(), "kid");
        }

        String kid() {
            return jwk.getKeyID();
        }
    }

    KeyRing {
        keys = List.copyOf(keys);
        if (keys.isEmpty() || keys.get(0).retired() != null || !keys.get(0).jwk().isPrivate()) {
            throw new IllegalArgumentException("a key ring starts with its current, private key");
        }
        for (StoredKey key : keys.subList(1, keys.size())) {
            if (key.retired() == null) {
                throw new IllegalArgumentException("only the first key may be current, also found " + key.kid());
            }
        }
    }

    StoredKey current() {
        return keys.get(0);
    }

    /** Returns the ring with a new current key; the old one keeps only its public part. */
    KeyRing rotate(JWK next, Instant now) {
        List<StoredKey> rotated = new ArrayList<>();
        rotated.add(new StoredKey(next, now, null));
        rotated.add(new StoredKey(current().jwk().toPublicJWK(), current().created(), now));
        rotated.addAll(keys.subList(1, keys.size()));
        return new KeyRing(rotated);
    }

    /** Returns the keys still published at {@code now}: the current one and those retired less than {@code retention} ago. */
    List<StoredKey> published(Instant now, Duration retention) {
        return keys.stream()
                .filter(k -> k.retired() == null || k.retired().plus(retention).isAfter(now))
                .toList();
    }

    /** Returns the ring without the keys whose retention has passed. */
    KeyRing pruned(Instant now, Duration retention) {
        return new KeyRing(published(now, retention));
    }
}
