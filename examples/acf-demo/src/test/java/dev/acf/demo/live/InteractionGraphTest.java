package dev.acf.demo.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.audit.AuditEvent;
import dev.acf.api.json.AcfJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InteractionGraphTest {
    private static final String DESK = "ans://v1.0.0.desk.ops.broadband.example.net";
    private static final String RCA = "ans://v1.0.0.root-cause.repair.broadband.example.net";
    private static final String PERCEPTION = "ans://perception-collection.repair.broadband.example.net";

    private static AuditEvent call(String from, String to, String contextId, int status, long micros) {
        return AuditEvent.builder("a2a.call").source(from).destination(to).method("SendMessage").contextId(contextId)
                .status(status).latencyMicros(micros).build();
    }

    @Test
    void callsBetweenTheSamePartiesBecomeOneEdgeWithCountsAndLatencies() {
        InteractionGraph graph = InteractionGraph.of(List.of(
                call(RCA, PERCEPTION, "repair-1-002", 200, 4_000),
                call(RCA, PERCEPTION, "repair-1-003", 502, 8_000),
                call(DESK, RCA, "repair-1-001", 200, 30_000),
                AuditEvent.builder("a2a.call").source("anonymous").status(401).build()));

        assertThat(graph.nodes()).extracting(InteractionGraph.Node::id).containsExactly("root-cause", "perception-collection", "desk");
        assertThat(graph.edge("root-cause", "perception-collection"))
                .isEqualTo(new InteractionGraph.Edge("root-cause", "perception-collection", 2, 1, 12_000, 8_000));
        assertThat(graph.toDot()).startsWith("digraph acf_demo {")
                .contains("\"desk\" -> \"root-cause\" [label=\"1 call, 30.0 ms\"];")
                .contains("\"root-cause\" -> \"perception-collection\" [label=\"2 calls, avg 6.0 ms, 1 failed\", color=red];");
        JsonNode json = AcfJson.readTree(graph.toJson().getBytes(StandardCharsets.UTF_8));
        assertThat(json.path("nodes")).hasSize(3);
        assertThat(json.path("edges").get(0).path("calls").asInt()).isEqualTo(2);
        assertThat(json.path("edges").get(0).path("maxLatencyMicros").asLong()).isEqualTo(8_000);
    }

    @Test
    void aCallTheGatewayDidNotAuditOrRefusedIsReportedMissing() {
        AgentCall viaGateway = new AgentCall("repair-1-001", "desk", "root-cause", "why is it failing",
                List.of(new AgentCall.Candidate("root-cause", 0.97)));
        AgentCall refused = new AgentCall("repair-1-002", "root-cause", "perception-collection", null, List.of());
        AgentCall bypassed = new AgentCall("repair-1-003", "root-cause", "perception-collection", null, List.of());
        DemoRun<String> run = new DemoRun<>("repair", "done", List.of(viaGateway, refused, bypassed),
                List.of(call(DESK, RCA, "repair-1-001", 200, 1), call(RCA, PERCEPTION, "repair-1-002", 403, 1)), Duration.ofMillis(5));

        assertThat(run.callsMissingFromAudit()).containsExactly(refused, bypassed);
        assertThat(run.resolvedCalls()).isEqualTo(1);
        assertThat(viaGateway.score()).contains(0.97);
    }
}
