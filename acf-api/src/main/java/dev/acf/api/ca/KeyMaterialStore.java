package dev.acf.api.ca;

import java.util.Optional;
import java.util.Set;

/**
 * Durable storage for private keys and their certificates: a CA's root and issuing keys, an
 * agent's or a gateway's own identity. The embedded default writes PKCS#12/PKCS#8 files
 * readable only by their owner; other implementations may use an HSM or a secret manager.
 *
 * <p>Implementations are thread-safe; {@link #store} is atomic (a reader sees the old or
 * the new entry, never a partial one) and durable when it returns.
 */
public interface KeyMaterialStore {

    /** Returns the entry stored under an alias, if any. */
    Optional<KeyMaterial> load(String alias);

    /** Stores (or replaces) the entry under an alias. */
    void store(String alias, KeyMaterial material);

    /** Returns the aliases present. */
    Set<String> aliases();
}
