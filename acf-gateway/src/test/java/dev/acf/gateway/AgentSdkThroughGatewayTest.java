package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.a2a.Message;
import dev.acf.api.a2a.SendMessageResult;
import dev.acf.api.a2a.StreamEvent;
import dev.acf.api.a2a.Task;
import dev.acf.api.a2a.TaskState;
import dev.acf.api.a2a.TaskStatusUpdateEvent;
import dev.acf.api.name.AgentName;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentChannel;
import dev.acf.client.AgentIdentity;
import dev.acf.client.host.AgentHost;
import dev.acf.client.host.TaskContext;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's SDK example, run as written: a real ANS, a gateway with its ANS identity, an
 * agent hosted and registered with {@link AgentHost}, and another agent calling it by intent
 * through the gateway over mutual TLS.
 */
class AgentSdkThroughGatewayTest {
    @TempDir
    static Path ansData;

    static AnsFixture fixture;
    static GatewayServer gateway;

    @BeforeAll
    static void start() {
        fixture = AnsFixture.start(ansData);
        gateway = GatewayServer.builder().lookup(fixture.client()).identity(fixture.register(AnsFixture.GATEWAY, "https://127.0.0.1:9/gateway")).build().start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixture.close();
    }

    @Test
    @SuppressWarnings("try") // the hosted agent is used through the gateway, never by name in the block
    void readmeExampleHostsAnAgentAndAnotherCallsItByIntentThroughTheGateway() {
        URI ansUri = fixture.ans().baseUri();
        URI gatewayUri = gateway.baseUri();
        String token = AnsFixture.TOKEN;
        SendMessageResult answer;
        List<StreamEvent> events;
        // --- README: "Host an agent and call another by intent" (keep the two in step) ---
        try (AcfClient ans = AcfClient.builder().ans(ansUri).build();
             AgentHost rca = AgentHost.builder()
                     .identity(AgentIdentity.generate(AgentName.parse("ans://v1.0.0.rca.broadband.ops.example.net")))
                     .card("Finds the root cause of broadband faults.", AgentSkill.builder("rca", "Root cause analysis",
                             "Diagnoses home broadband lines that drop or run slow").tags(List.of("broadband", "fault")).build())
                     .handler((ctx, message) -> {
                         ctx.working("reading the line counters");
                         return ctx.complete("the line is fine; the fault is the home Wi-Fi (asked by "
                                 + ctx.caller().map(Object::toString).orElse("?") + ")");
                     })
                     .trustedGateways(AgentName.parse("ans://gateway.ops.example.net"))
                     .register(ans, token)                        // registers at start, renews until closed
                     .build().start();
             AgentHost noc = AgentHost.builder()
                     .identity(AgentIdentity.generate(AgentName.parse("ans://v1.0.0.noc.ops.example.net")))
                     .card("Watches the network operations centre.")
                     .handler((ctx, message) -> ctx.reply("noted"))
                     .register(ans, token)
                     .build().start();
             AcfClient caller = AcfClient.builder().ans(ansUri).gateway(gatewayUri)
                     .gatewayName(AgentName.parse("ans://gateway.ops.example.net"))
                     .identity(noc.identity())                     // mTLS to the gateway as the noc agent
                     .build()) {
            answer = caller.ask("my home broadband keeps dropping, find the root cause", "line 17 drops every evening");
            events = caller.agentFor("diagnose a broadband fault").stream(AgentChannel.userMessage("line 18")).toList();
        }
        // --- end of the README example ---

        assertThat(answer).isInstanceOfSatisfying(Task.class, task -> {
            assertThat(task.status().state()).isEqualTo(TaskState.COMPLETED);
            assertThat(TaskContext.text(task.status().message()))
                    .isEqualTo("the line is fine; the fault is the home Wi-Fi (asked by ans://v1.0.0.noc.ops.example.net)");
        });
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isInstanceOf(Task.class);
        assertThat(events.get(2)).isInstanceOfSatisfying(TaskStatusUpdateEvent.class,
                s -> assertThat(s.status().state()).isEqualTo(TaskState.COMPLETED));
        assertThat(events).noneMatch(Message.class::isInstance);
    }
}
