package dev.acf.ans.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import dev.acf.api.audit.AuditSinkProvider;
import dev.acf.api.spi.ProviderConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogSinkTest {
    @TempDir
    Path dir;

    private static AuditEvent call(int i) {
        return AuditEvent.builder("a2a.call")
                .time(Instant.parse("2026-11-26T04:00:00Z"))
                .source("ans://v1.0.0.orchestrator.ops.example.net")
                .destination("ans://v1.0.0.rca.ops.example.net")
                .method("SendMessage")
                .requestId("req-" + i)
                .status(200)
                .latencyMicros(830)
                .attribute("requestHash", AuditRecord.sha256Hex(new byte[] {(byte) i}))
                .attribute("rule", "none")
                .build();
    }

    @Test
    void eventsBecomeChainedEntries() {
        AuditLog log = AuditLog.open(dir);
        try (AuditLogSink sink = new AuditLogSink(log, 100, true)) {
            for (int i = 0; i < 20; i++) {
                sink.accept(call(i));
            }
            await().until(() -> sink.written() == 20);
        }
        try (AuditLog reopened = AuditLog.open(dir)) {
            assertThat(reopened.verify()).isEqualTo(VerificationResult.ok(20));
        }
        AuditRecord record = AuditLogSink.toRecord(call(7));
        assertThat(record.actor()).isEqualTo("ans://v1.0.0.orchestrator.ops.example.net");
        assertThat(record.action()).isEqualTo("a2a.call");
        assertThat(record.target()).isEqualTo("ans://v1.0.0.rca.ops.example.net");
        assertThat(record.requestHash()).isEqualTo(AuditRecord.sha256Hex(new byte[] {7}));
        assertThat(record.details()).containsEntry("requestId", "req-7").containsEntry("method", "SendMessage")
                .containsEntry("status", "200").containsEntry("rule", "none").doesNotContainKey("requestHash");
    }

    @Test
    void fullQueueDropsAndCountsInsteadOfBlocking() {
        try (AuditLog log = AuditLog.open(dir); AuditLogSink sink = new AuditLogSink(log, 2, false)) {
            synchronized (log) {
                sink.accept(call(0));
                // The writer took the first event and now waits for the log: the queue is empty again.
                await().until(() -> sink.writerThread().getState() == Thread.State.BLOCKED);
                sink.accept(call(1));
                sink.accept(call(2));
                sink.accept(call(3));
                sink.accept(call(4));
                assertThat(sink.dropped()).isEqualTo(2);
            }
            await().until(() -> sink.written() == 3);
            assertThat(log.verify()).isEqualTo(VerificationResult.ok(3));
        }
    }

    @Test
    void closeWritesWhatIsQueued() {
        AuditLog log = AuditLog.open(dir);
        AuditLogSink sink = new AuditLogSink(log, 1000, true);
        for (int i = 0; i < 200; i++) {
            sink.accept(call(i));
        }
        sink.close();
        sink.close();
        assertThat(sink.written() + sink.dropped()).isEqualTo(200);
        assertThat(sink.dropped()).isZero();
        sink.accept(call(1));
        assertThat(sink.dropped()).isEqualTo(1);
    }

    @Test
    void providerIsFoundByServiceLoaderAndOwnsItsLog() {
        AuditSinkProvider provider = ServiceLoader.load(AuditSinkProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(AuditLogSinkProvider.NAME))
                .findFirst().orElseThrow();
        try (AuditSink sink = provider.create(ProviderConfig.of(Map.of(ProviderConfig.DATA_DIRECTORY, dir.toString())))) {
            sink.accept(call(1));
        }
        try (AuditLog log = AuditLog.open(dir)) {
            assertThat(log.size()).isEqualTo(1);
            assertThat(log.verify().intact()).isTrue();
        }
    }
}
