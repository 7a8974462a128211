package dev.acf.ans.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MerkleTreeTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    /** MTH straight from the definition in RFC 9162 section 2.1.1, to check the incremental one against. */
    private static byte[] reference(List<byte[]> lines) {
        if (lines.isEmpty()) {
            return HEX.parseHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        }
        if (lines.size() == 1) {
            return MerkleTree.leafHash(lines.get(0));
        }
        int k = Integer.highestOneBit(lines.size() - 1);
        return MerkleTree.nodeHash(reference(lines.subList(0, k)), reference(lines.subList(k, lines.size())));
    }

    @Test
    void incrementalRootMatchesTheDefinitionForEverySize() {
        MerkleTree tree = new MerkleTree();
        List<byte[]> lines = new ArrayList<>();
        assertThat(tree.root()).isEqualTo(reference(lines));
        for (int i = 0; i < 70; i++) {
            byte[] line = ("entry " + i).getBytes(StandardCharsets.UTF_8);
            lines.add(line);
            tree.append(line);
            assertThat(tree.root()).as("size %d", i + 1).isEqualTo(reference(lines));
            assertThat(tree.root(i + 1)).isEqualTo(reference(lines));
        }
        assertThat(tree.root(13)).isEqualTo(reference(lines.subList(0, 13)));
    }

    @Test
    void everyLeafHasAnInclusionProofForEveryTreeSize() {
        MerkleTree tree = new MerkleTree();
        for (int i = 0; i < 33; i++) {
            tree.append(("entry " + i).getBytes(StandardCharsets.UTF_8));
        }
        for (int size = 1; size <= 33; size++) {
            byte[] root = tree.root(size);
            for (int leaf = 0; leaf < size; leaf++) {
                byte[] leafHash = MerkleTree.leafHash(("entry " + leaf).getBytes(StandardCharsets.UTF_8));
                List<byte[]> path = tree.inclusionPath(leaf, size);
                assertThat(MerkleTree.verifyInclusion(leaf, size, leafHash, path, root)).as("leaf %d of %d", leaf, size).isTrue();
                if (size > 1) {
                    assertThat(MerkleTree.verifyInclusion((leaf + 1) % size, size, leafHash, path, root)).isFalse();
                    byte[] other = MerkleTree.leafHash("forged".getBytes(StandardCharsets.UTF_8));
                    assertThat(MerkleTree.verifyInclusion(leaf, size, other, path, root)).isFalse();
                }
            }
        }
    }

    @Test
    void auditLogEntriesProveTheirInclusionAgainstTheTreeHead() {
        try (AuditLog log = AuditLog.open(dir)) {
            List<AuditEntry> entries = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                entries.add(log.append(AuditRecord.of("admin", "agent.approve", "ans://v1.0.0.a" + i + ".ops.example.net", "ok")));
            }
            String root = log.rootHash();
            assertThat(root).isEqualTo(log.rootHash(11));
            for (AuditEntry entry : entries) {
                InclusionProof proof = log.inclusionProof(entry.sequence());
                assertThat(proof.treeSize()).isEqualTo(11);
                assertThat(AuditLog.verifyInclusion(AuditLog.leafHash(entry), proof, root)).isTrue();
            }
            InclusionProof old = log.inclusionProof(3, 7);
            assertThat(AuditLog.verifyInclusion(AuditLog.leafHash(entries.get(3)), old, log.rootHash(7))).isTrue();
            assertThat(AuditLog.verifyInclusion(AuditLog.leafHash(entries.get(4)), log.inclusionProof(3), root)).isFalse();
            assertThat(AuditLog.verifyInclusion("not hex", log.inclusionProof(3), root)).isFalse();
        }
    }

    @Test
    void treeHeadSurvivesARestart() {
        String root;
        try (AuditLog log = AuditLog.open(dir)) {
            for (int i = 0; i < 6; i++) {
                log.append(AuditRecord.of("admin", "agent.revoke", "ans://v1.0.0.a" + i + ".ops.example.net", "ok"));
            }
            root = log.rootHash();
        }
        try (AuditLog reopened = AuditLog.open(dir)) {
            assertThat(reopened.rootHash()).isEqualTo(root);
        }
    }
}
