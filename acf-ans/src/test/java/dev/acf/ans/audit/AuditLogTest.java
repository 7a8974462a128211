package dev.acf.ans.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    private static final String AGENT = "ans://v1.0.0.probe.ops.example.net";

    @TempDir
    Path dir;

    private static AuditRecord record(int i) {
        return AuditRecord.of(i % 2 == 0 ? "admin" : AGENT, "agent.update", AGENT, i % 3 == 0 ? "ok" : "incompatible_change")
                .withRequestBody(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8))
                .withDetail("version", "1." + i + ".0")
                .withDetail("note", "line \"" + i + "\"\n\u00e9\u2028\t\u0001");
    }

    private AuditLog logWith(int entries) {
        AuditLog log = AuditLog.open(dir);
        for (int i = 0; i < entries; i++) {
            log.append(record(i));
        }
        return log;
    }

    private List<String> lines() throws Exception {
        return Files.readAllLines(dir.resolve(AuditLog.FILE_NAME), StandardCharsets.UTF_8);
    }

    private void writeLines(List<String> lines) throws Exception {
        Files.write(dir.resolve(AuditLog.FILE_NAME), lines, StandardCharsets.UTF_8);
    }

    @Test
    void appendedEntriesFormAVerifiableChain() {
        try (AuditLog log = logWith(5)) {
            assertThat(log.size()).isEqualTo(5);
            AuditEntry sixth = log.append(record(5));
            assertThat(sixth.sequence()).isEqualTo(5);
            assertThat(sixth.record().requestHash()).isEqualTo(AuditRecord.sha256Hex("{\"n\":5}".getBytes(StandardCharsets.UTF_8)));
            assertThat(log.verify()).isEqualTo(VerificationResult.ok(6));
        }
    }

    @Test
    void firstEntryLinksToGenesisAndEachNextToItsPredecessor() throws Exception {
        try (AuditLog log = AuditLog.open(dir)) {
            AuditEntry first = log.append(record(0));
            AuditEntry second = log.append(record(1));
            assertThat(first.previousHash()).isEqualTo(AuditEntry.GENESIS);
            assertThat(second.previousHash()).isEqualTo(first.hash());
        }
        assertThat(EntryCodec.parse(lines().get(1).getBytes(StandardCharsets.UTF_8)).record()).isEqualTo(record(1));
    }

    @Test
    void emptyLogVerifies() {
        try (AuditLog log = AuditLog.open(dir)) {
            assertThat(log.verify()).isEqualTo(VerificationResult.ok(0));
        }
    }

    @Test
    void oneChangedByteInAMiddleLineIsReportedAtThatEntry() throws Exception {
        logWith(5).close();
        Path file = dir.resolve(AuditLog.FILE_NAME);
        byte[] original = Files.readAllBytes(file);
        List<String> lines = lines();
        int start = lines.get(0).getBytes(StandardCharsets.UTF_8).length + lines.get(1).getBytes(StandardCharsets.UTF_8).length + 2;
        int end = start + lines.get(2).getBytes(StandardCharsets.UTF_8).length;
        // Every single-byte change anywhere in entry 2 is caught, and blamed on entry 2.
        for (int at = start; at < end; at++) {
            byte[] tampered = original.clone();
            tampered[at] ^= 0x01;
            Files.write(file, tampered);
            try (AuditLog log = AuditLog.open(dir)) {
                VerificationResult result = log.verify();
                assertThat(result.intact()).as("byte %d flipped", at - start).isFalse();
                assertThat(result.brokenSequence()).as("byte %d flipped: %s", at - start, result.reason()).isEqualTo(2);
                assertThat(result.entriesVerified()).isEqualTo(2);
            }
        }
    }

    @Test
    void alteredEntryWithRecomputedHashBreaksTheNextLink() throws Exception {
        logWith(4).close();
        List<String> lines = new ArrayList<>(lines());
        AuditEntry original = EntryCodec.parse(lines.get(1).getBytes(StandardCharsets.UTF_8));
        AuditRecord forged = new AuditRecord("admin", "agent.revoke", AGENT, "ok", null, java.util.Map.of());
        String hash = EntryCodec.hash(1, original.time(), forged, original.previousHash());
        lines.set(1, new String(EntryCodec.line(new AuditEntry(1, original.time(), forged, original.previousHash(), hash)),
                StandardCharsets.UTF_8));
        writeLines(lines);
        try (AuditLog log = AuditLog.open(dir)) {
            VerificationResult result = log.verify();
            assertThat(result.brokenSequence()).isEqualTo(2);
            assertThat(result.reason()).contains("link to entry 1 is broken");
        }
    }

    @Test
    void deletedLineIsDetected() throws Exception {
        logWith(5).close();
        List<String> lines = new ArrayList<>(lines());
        lines.remove(3);
        writeLines(lines);
        try (AuditLog log = AuditLog.open(dir)) {
            VerificationResult result = log.verify();
            assertThat(result.brokenSequence()).isEqualTo(3);
            assertThat(result.reason()).contains("expected entry 3 but found entry 4");
        }
    }

    @Test
    void reorderedLinesAreDetected() throws Exception {
        logWith(5).close();
        List<String> lines = new ArrayList<>(lines());
        java.util.Collections.swap(lines, 1, 2);
        writeLines(lines);
        try (AuditLog log = AuditLog.open(dir)) {
            assertThat(log.verify().brokenSequence()).isEqualTo(1);
        }
    }

    @Test
    void truncationWhileOpenIsDetected() throws Exception {
        try (AuditLog log = logWith(4)) {
            List<String> lines = lines();
            writeLines(lines.subList(0, 3));
            VerificationResult result = log.verify();
            assertThat(result.brokenSequence()).isEqualTo(3);
            assertThat(result.reason()).contains("log truncated");
        }
    }

    @Test
    void restartContinuesTheChain() {
        AuditEntry last;
        try (AuditLog log = logWith(3)) {
            last = log.append(record(3));
        }
        try (AuditLog reopened = AuditLog.open(dir)) {
            assertThat(reopened.size()).isEqualTo(4);
            AuditEntry next = reopened.append(record(4));
            assertThat(next.sequence()).isEqualTo(4);
            assertThat(next.previousHash()).isEqualTo(last.hash());
            assertThat(reopened.verify()).isEqualTo(VerificationResult.ok(5));
        }
    }

    @Test
    void unfinishedLastLineFromACrashIsCutOffOnReopen() throws Exception {
        logWith(3).close();
        Files.writeString(dir.resolve(AuditLog.FILE_NAME), "{\"seq\":3,\"time\":\"20", StandardOpenOption.APPEND);
        try (AuditLog log = AuditLog.open(dir)) {
            assertThat(log.size()).isEqualTo(3);
            log.append(record(3));
            assertThat(log.verify()).isEqualTo(VerificationResult.ok(4));
        }
    }

    @Test
    void damagedLastEntryRefusesToContinueTheChain() throws Exception {
        logWith(2).close();
        Files.writeString(dir.resolve(AuditLog.FILE_NAME), "garbage\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> AuditLog.open(dir)).hasMessageContaining("last entry of the audit log");
    }

    @Test
    void concurrentAppendsFromFourThreadsFormOneChainWithoutGaps() throws Exception {
        int threads = 4;
        int perThread = 50;
        try (AuditLog log = AuditLog.open(dir); ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<AuditEntry>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<AuditEntry> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(log.append(AuditRecord.of("thread-" + thread, "test.append", null, "ok")
                                .withDetail("i", Integer.toString(i))));
                    }
                    return mine;
                }));
            }
            start.countDown();
            Set<Long> sequences = new HashSet<>();
            for (Future<List<AuditEntry>> future : futures) {
                future.get().forEach(e -> sequences.add(e.sequence()));
            }
            assertThat(sequences).hasSize(threads * perThread);
            assertThat(sequences).allMatch(s -> s >= 0 && s < threads * perThread);
            assertThat(log.verify()).isEqualTo(VerificationResult.ok(threads * perThread));
            assertThat(lines()).hasSize(threads * perThread);
        }
    }

    @Test
    void logFileIsReadableOnlyByItsOwner() throws Exception {
        logWith(1).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(AuditLog.FILE_NAME))))
                .isEqualTo("rw-------");
    }

    @Test
    void appendAfterCloseFails() {
        AuditLog log = logWith(1);
        log.close();
        log.close();
        assertThatThrownBy(() -> log.append(record(1))).isInstanceOf(IllegalStateException.class);
    }
}
