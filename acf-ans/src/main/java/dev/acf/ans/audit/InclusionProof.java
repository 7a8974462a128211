package dev.acf.ans.audit;

import java.util.List;
import java.util.Objects;

/**
 * Proof that one entry is leaf {@code leafIndex} of the log's Merkle tree of
 * {@code treeSize} leaves (RFC 9162 section 2.1.3): the sibling hashes from the leaf up.
 * Check it with {@link AuditLog#verifyInclusion} against a root hash obtained independently.
 * Immutable.
 *
 * @param leafIndex the entry's sequence number
 * @param treeSize the number of leaves of the tree the proof is for
 * @param path the audit path, leaf side first, as lower-case hex SHA-256 hashes
 */
public record InclusionProof(long leafIndex, long treeSize, List<String> path) {

    /** Requires {@code 0 <= leafIndex < treeSize}; copies the path. */
    public InclusionProof {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf index must be 0-" + (treeSize - 1) + ", was " + leafIndex);
        }
        path = List.copyOf(Objects.requireNonNull(path, "path"));
    }
}
