package dev.acf.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.audit.AuditEvent;
import dev.acf.api.json.AcfJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditLinesTest {

    private static String line(AuditEvent event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AuditLines.write(event, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesAFullEventExactlyAsTheMapperDoes() throws IOException {
        AuditEvent event = AuditEvent.builder("a2a.call").time(Instant.parse("2026-11-26T09:44:01.123456789Z"))
                .requestId("r-1").source("ans://v1.0.0.caller.ops.example.net").destination("ans://v1.0.0.rca.ops.example.net")
                .method("SendMessage").taskId("t \"1\"\n").contextId("c-\u00e9\u4e2d").status(200).outcome("ok")
                .latencyMicros(830).bytesIn(152).bytesOut(1_000_000_000_000L)
                .attribute("traceId", "4bf92f3577b34da6a3ce929d0e0e4736").attribute("jsonrpcError", "-32601").build();

        assertThat(line(event)).isEqualTo(new String(AcfJson.writeBytes(event), StandardCharsets.UTF_8));
    }

    @Test
    void writesAPlainAsciiEventWithoutAGeneratorExactlyAsTheMapperDoes() throws IOException {
        AuditEvent event = AuditEvent.builder("a2a.call").time(Instant.parse("2026-11-26T09:44:01.5Z"))
                .requestId("r-2").source("bench-user").destination("ans://v1.0.0.bench.ops.example.net").method("SendMessage")
                .contextId("c-1").status(429).outcome("rate_limited").latencyMicros(-1).bytesIn(0).bytesOut(Long.MAX_VALUE)
                .attribute("traceId", "4bf92f3577b34da6a3ce929d0e0e4736").attribute("qosReason", "rate limit ~ {x}: 1/s").build();

        assertThat(line(event)).isEqualTo(new String(AcfJson.writeBytes(event), StandardCharsets.UTF_8));
        for (String odd : new String[] {"tab\there", "quote\"", "back\\slash", "del\u007f", "\u0001", "caf\u00e9", "\ud83d\ude00"}) {
            AuditEvent escaped = AuditEvent.builder("a2a.call").time(Instant.parse("2026-11-26T09:44:01Z")).source(odd).status(200)
                    .outcome("ok").attribute("k", odd).build();
            assertThat(line(escaped)).isEqualTo(new String(AcfJson.writeBytes(escaped), StandardCharsets.UTF_8));
        }
    }

    @Test
    void leavesOutAbsentMembersExactlyAsTheMapperDoes() throws IOException {
        AuditEvent event = AuditEvent.builder("transport.refused").time(Instant.parse("2026-11-26T09:44:01Z"))
                .status(0).outcome("headers_too_large").build();

        assertThat(line(event)).isEqualTo(new String(AcfJson.writeBytes(event), StandardCharsets.UTF_8));
    }

    @Test
    void timesAreWrittenExactlyAsInstantToStringWritesThem() {
        for (String t : new String[] {"2026-11-26T09:44:01Z", "2026-11-26T09:44:01.100Z", "2026-11-26T09:44:01.000100Z",
                "2026-11-26T09:44:01.000000001Z", "2026-11-26T09:44:01.123456789Z", "2026-11-26T09:44:02.010Z", "1970-01-01T00:00:00Z",
                "+12026-11-26T09:44:01.5Z", "-0001-01-01T00:00:00Z"}) {
            Instant time = Instant.parse(t);
            org.assertj.core.api.Assertions.assertThat(AuditLines.time(time)).isEqualTo(time.toString());
        }
    }
}
