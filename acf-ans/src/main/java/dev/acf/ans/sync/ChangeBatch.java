package dev.acf.ans.sync;

import dev.acf.ans.audit.MerkleTree;
import java.util.ArrayList;
import java.util.List;

/**
 * The Merkle tree of a batch of changes signed together (RFC 9162 section 2.1, as the audit log
 * uses): leaf hash {@code SHA-256(0x00 || payload)}, node hash {@code SHA-256(0x01 || left || right)},
 * a tree of {@code n} leaves split at the largest power of two below {@code n}. One signature over
 * the root then stands for every change, and each change carries its inclusion path, so it stays
 * verifiable on its own when a relay passes it on. Building a batch costs O(n log n) hashes.
 */
final class ChangeBatch {
    private final byte[] root;
    private final List<List<byte[]>> paths;

    private ChangeBatch(byte[] root, List<List<byte[]>> paths) {
        this.root = root;
        this.paths = paths;
    }

    /** Builds the tree of these payloads (at least one). */
    static ChangeBatch of(List<byte[]> payloads) {
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one change");
        }
        List<byte[]> leaves = new ArrayList<>(payloads.size());
        for (byte[] payload : payloads) {
            leaves.add(leafHash(payload));
        }
        return ofLeaves(leaves);
    }

    /** Builds the tree over leaf hashes already computed (at least one), keeping every leaf's inclusion path. */
    static ChangeBatch ofLeaves(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one change");
        }
        List<List<byte[]>> paths = new ArrayList<>(leaves.size());
        for (int i = 0; i < leaves.size(); i++) {
            paths.add(new ArrayList<>());
        }
        byte[] root = node(leaves, paths, 0, leaves.size());
        return new ChangeBatch(root, paths);
    }

    /** Hashes leaves [from, to) and appends, leaf side first, each leaf's siblings within that range to its path. */
    private static byte[] node(List<byte[]> leaves, List<List<byte[]>> paths, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = Integer.highestOneBit(n - 1);
        byte[] left = node(leaves, paths, from, from + k);
        byte[] right = node(leaves, paths, from + k, to);
        for (int i = from; i < from + k; i++) {
            paths.get(i).add(right);
        }
        for (int i = from + k; i < to; i++) {
            paths.get(i).add(left);
        }
        return nodeHash(left, right);
    }

    byte[] root() {
        return root.clone();
    }

    /**
     * Returns the Merkle root over these leaf hashes (at least one) without keeping inclusion paths: what
     * verifying a whole batch at once needs, n - 1 node hashes for n leaves.
     */
    static byte[] rootOf(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one change");
        }
        return rootOf(leaves, 0, leaves.size());
    }

    private static byte[] rootOf(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = Integer.highestOneBit(n - 1);
        return nodeHash(rootOf(leaves, from, from + k), rootOf(leaves, from + k, to));
    }

    /** Returns the inclusion path of leaf {@code index}, leaf side first. */
    List<byte[]> path(int index) {
        return paths.get(index);
    }

    /** Verifies an inclusion path with the algorithm of RFC 9162 section 2.1.3.2. */
    static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        return MerkleTree.verifyInclusion(index, size, leafHash, path, root);
    }

    static byte[] leafHash(byte[] payload) {
        return MerkleTree.leafHash(payload);
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        return MerkleTree.nodeHash(left, right);
    }
}
