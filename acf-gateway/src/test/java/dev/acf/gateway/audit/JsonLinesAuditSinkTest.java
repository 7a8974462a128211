package dev.acf.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import dev.acf.api.audit.AuditSinkProvider;
import dev.acf.api.json.AcfJson;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ProviderConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAuditSinkTest {
    @TempDir
    Path dir;

    static AuditEvent event(int i) {
        return AuditEvent.builder("a2a.call").requestId("req-" + i).source("ans://v1.0.0.beta.ops.example.net")
                .destination("ans://v1.0.0.alpha.ops.example.net").method("SendMessage").taskId("task-" + i).contextId("ctx-1")
                .status(200).latencyMicros(830).bytesIn(120).bytesOut(300).attribute("note", "line\nbreak \"quoted\"").build();
    }

    static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(AcfJson.readTree(line.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    @Test
    void everyEventBecomesOneWellFormedLineWithItsFields() throws IOException {
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.builder(dir).build()) {
            for (int i = 0; i < 500; i++) {
                sink.accept(event(i));
            }
        }

        List<JsonNode> lines = lines(dir.resolve("audit.jsonl"));
        assertThat(lines).hasSize(500);
        JsonNode first = lines.get(0);
        assertThat(first.path("type").asText()).isEqualTo("a2a.call");
        assertThat(first.path("requestId").asText()).isEqualTo("req-0");
        assertThat(first.path("source").asText()).isEqualTo("ans://v1.0.0.beta.ops.example.net");
        assertThat(first.path("destination").asText()).isEqualTo("ans://v1.0.0.alpha.ops.example.net");
        assertThat(first.path("method").asText()).isEqualTo("SendMessage");
        assertThat(first.path("taskId").asText()).isEqualTo("task-0");
        assertThat(first.path("contextId").asText()).isEqualTo("ctx-1");
        assertThat(first.path("status").asInt()).isEqualTo(200);
        assertThat(first.path("outcome").asText()).isEqualTo("ok");
        assertThat(first.path("latencyMicros").asLong()).isEqualTo(830);
        assertThat(first.path("bytesIn").asLong()).isEqualTo(120);
        assertThat(first.path("bytesOut").asLong()).isEqualTo(300);
        assertThat(first.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(first.path("attributes").path("note").asText()).isEqualTo("line\nbreak \"quoted\"");
        assertThat(lines.get(499).path("requestId").asText()).isEqualTo("req-499");
    }

    @Test
    void linesAreVisibleBeforeCloseOnceTheQueueRunsEmpty() {
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.builder(dir).build()) {
            sink.accept(event(1));

            await().atMost(Duration.ofSeconds(5)).until(() -> Files.size(sink.currentFile()) > 0);
            assertThat(sink.written()).isEqualTo(1);
        }
    }

    @Test
    void fileIsRotatedBySizeKeepingTheConfiguredNumberOfFiles() throws IOException {
        int lineBytes = AcfJson.writeBytes(event(100)).length + 1;
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.builder(dir).maxFileBytes(lineBytes * 10L).maxFiles(2).build()) {
            for (int i = 100; i < 135; i++) {
                sink.accept(event(i));
            }
        }

        List<JsonNode> current = lines(dir.resolve("audit.jsonl"));
        List<JsonNode> previous = lines(dir.resolve("audit-1.jsonl"));
        List<JsonNode> older = lines(dir.resolve("audit-2.jsonl"));
        assertThat(Files.exists(dir.resolve("audit-3.jsonl"))).isFalse();
        assertThat(current).hasSize(5);
        assertThat(previous).hasSize(10);
        assertThat(older).hasSize(10);
        assertThat(older.get(0).path("requestId").asText()).isEqualTo("req-110");
        assertThat(current.get(4).path("requestId").asText()).isEqualTo("req-134");
        for (Path file : List.of(dir.resolve("audit.jsonl"), dir.resolve("audit-1.jsonl"))) {
            assertThat(Files.size(file)).isLessThanOrEqualTo(lineBytes * 10L);
        }
    }

    @Test
    void fullQueueDropsAndCountsWithoutBlocking() throws IOException {
        int sent = 50_000;
        long elapsed;
        long written;
        long dropped;
        JsonLinesAuditSink sink = JsonLinesAuditSink.builder(dir).queueCapacity(8).build();
        AuditEvent e = event(1);
        long start = System.nanoTime();
        for (int i = 0; i < sent; i++) {
            sink.accept(e);
        }
        elapsed = System.nanoTime() - start;
        sink.close();
        written = sink.written();
        dropped = sink.dropped();
        sink.accept(e);
        assertThat(sink.dropped()).isEqualTo(dropped + 1);

        assertThat(dropped).isPositive();
        assertThat(written + dropped).isEqualTo(sent);
        assertThat(lines(dir.resolve("audit.jsonl"))).hasSize((int) written);
        // 50,000 offers to a full queue take microseconds each; blocking on the writer would take far longer.
        assertThat(Duration.ofNanos(elapsed)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void providerIsFoundByNameAndWritesWhereConfigured() throws Exception {
        AuditSinkProvider provider = ExtensionLoader.select(AuditSinkProvider.class, getClass().getClassLoader(), "jsonl");

        try (AuditSink sink = provider.create(ProviderConfig.of(Map.of("directory", dir.toString(), "baseName", "calls")))) {
            sink.accept(event(7));
        }

        assertThat(lines(dir.resolve("calls.jsonl"))).singleElement().satisfies(n -> assertThat(n.path("requestId").asText()).isEqualTo("req-7"));
    }
}
