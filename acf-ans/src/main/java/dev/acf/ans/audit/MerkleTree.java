package dev.acf.ans.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Merkle tree of RFC 9162 section 2.1 over the log's lines: leaf hash
 * {@code SHA-256(0x00 || line)}, node hash {@code SHA-256(0x01 || left || right)}, the empty
 * tree's hash {@code SHA-256()}.
 *
 * <p>Appending keeps the roots of the perfect subtrees that make up the tree (the tree of
 * {@code n} leaves splits into perfect subtrees along the binary digits of {@code n}), so the
 * current root costs O(log n); proofs and roots of older sizes are computed from the leaf
 * hashes. Not thread-safe: {@link AuditLog} guards it. The static hash functions and the
 * inclusion check are public so that other RFC 9162 trees (the sync feed's signed batches)
 * share them.
 */
public final class MerkleTree {
    private final List<byte[]> leaves = new ArrayList<>();
    private final List<byte[]> perfectRoots = new ArrayList<>();

    MerkleTree() {}

    void append(byte[] line) {
        byte[] leaf = leafHash(line);
        leaves.add(leaf);
        perfectRoots.add(leaf);
        // Each trailing zero of the new size is one pair of equal perfect subtrees to merge.
        for (long size = leaves.size(); (size & 1) == 0; size >>= 1) {
            byte[] right = perfectRoots.removeLast();
            byte[] left = perfectRoots.removeLast();
            perfectRoots.add(nodeHash(left, right));
        }
    }

    long size() {
        return leaves.size();
    }

    byte[] root() {
        if (perfectRoots.isEmpty()) {
            return sha256(new byte[0]);
        }
        byte[] root = perfectRoots.getLast();
        for (int i = perfectRoots.size() - 2; i >= 0; i--) {
            root = nodeHash(perfectRoots.get(i), root);
        }
        return root;
    }

    /** MTH(D[0:size]). */
    byte[] root(long size) {
        checkSize(size);
        return size == 0 ? sha256(new byte[0]) : subtree(0, (int) size);
    }

    /** PATH(index, D[0:size]), leaf side first (RFC 9162 2.1.3.1). */
    List<byte[]> inclusionPath(long index, long size) {
        checkSize(size);
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size + " leaves");
        }
        List<byte[]> path = new ArrayList<>();
        path((int) index, 0, (int) size, path);
        return path;
    }

    private void checkSize(long size) {
        if (size < 0 || size > leaves.size()) {
            throw new IllegalArgumentException("tree size must be 0-" + leaves.size() + ", was " + size);
        }
    }

    private void path(int m, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, from, from + k, out);
            out.add(subtree(from + k, to));
        } else {
            path(m - k, from + k, to, out);
            out.add(subtree(from, from + k));
        }
    }

    private byte[] subtree(int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = largestPowerOfTwoBelow(n);
        return nodeHash(subtree(from, from + k), subtree(from + k, to));
    }

    private static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }

    /** Verifies an inclusion proof with the algorithm of RFC 9162 section 2.1.3.2; thread-safe. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /** The leaf hash {@code SHA-256(0x00 || data)}; thread-safe. */
    public static byte[] leafHash(byte[] data) {
        return sha256((byte) 0x00, data);
    }

    /** The node hash {@code SHA-256(0x01 || left || right)}; thread-safe. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = digest();
        digest.update((byte) 0x01);
        digest.update(left);
        return digest.digest(right);
    }

    private static byte[] sha256(byte prefix, byte[] data) {
        MessageDigest digest = digest();
        digest.update(prefix);
        return digest.digest(data);
    }

    private static byte[] sha256(byte[] data) {
        return digest().digest(data);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
