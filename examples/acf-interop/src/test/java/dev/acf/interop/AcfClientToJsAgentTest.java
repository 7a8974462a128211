package dev.acf.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.a2a.A2aJson;
import dev.acf.api.a2a.A2aVersion;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.SendMessageResult;
import dev.acf.api.a2a.StreamEvent;
import dev.acf.api.a2a.Task;
import dev.acf.api.a2a.TaskArtifactUpdateEvent;
import dev.acf.api.a2a.TaskState;
import dev.acf.api.a2a.TaskStatusUpdateEvent;
import dev.acf.api.name.AgentName;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentChannel;
import dev.acf.client.AgentIdentity;
import dev.acf.client.EventStream;
import dev.acf.client.host.TaskContext;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACF's client calls an agent built with the official A2A JavaScript SDK's server (1.x speaking
 * A2A v1.0, 0.3.x speaking v0.3, on Express) through the gateway. The agent joins as an agent in
 * any language does: the card it serves is registered in ANS, which certifies its key; it serves
 * HTTPS with that certificate and accepts the gateway's client certificate.
 */
class AcfClientToJsAgentTest {
    @RegisterExtension
    static final InteropExtension INTEROP = new InteropExtension();
    @TempDir
    static Path dir;

    static InteropWorld world;
    static AcfClient client;

    @BeforeAll
    static void start() {
        world = INTEROP.world();
        AgentName caller = AgentName.parse("ans://v1.0.0.javacaller." + InteropWorld.DOMAIN);
        client = world.client(world.certify(caller, URI.create("https://127.0.0.1:9/a2a")));
    }

    @BeforeEach
    void needsNode() {
        NodeProcess.requireNode();
    }

    @Test
    void acfClientSendsAndStreamsToAJavascriptSdk1xAgentThroughTheGateway() throws Exception {
        AgentName agent = AgentName.parse("ans://v1.0.0.jsagentone." + InteropWorld.DOMAIN);
        try (NodeProcess node = startAgent("v1", agent)) {
            try {
                talkTo(client.agent(agent));
            } finally {
                INTEROP.transcript(node.transcript());
            }
        }
    }

    @Test
    void acfClientSendsAndStreamsToAJavascriptSdk03AgentThroughTheGateway() throws Exception {
        AgentName agent = AgentName.parse("ans://v1.0.0.jsagentzerothree." + InteropWorld.DOMAIN);
        try (NodeProcess node = startAgent("v03", agent)) {
            try {
                talkTo(client.agent(agent).withVersion(A2aVersion.V0_3));
            } finally {
                INTEROP.transcript(node.transcript());
            }
        }
    }

    /** Starts the agent, registers the card it prints, writes its PEM files and waits until it serves. */
    private static NodeProcess startAgent(String line, AgentName name) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path pems = dir.resolve(name.agentLabel());
        NodeProcess node = NodeProcess.start("agent.mjs", List.of(line, String.valueOf(port), pems.toString()), Map.of());
        try {
            AgentCard card = A2aJson.read(node.awaitLine("CARD ", Duration.ofSeconds(20)), AgentCard.class);
            URI endpoint = URI.create(card.supportedInterfaces().getFirst().url());
            AgentIdentity identity = world.certify(name, card, endpoint);
            InteropWorld.pems(identity, pems);
            node.send("GO");
            node.awaitLine("LISTENING ", Duration.ofSeconds(20));
            return node;
        } catch (Exception | AssertionError e) {
            INTEROP.transcript(node.transcript());
            node.close();
            throw e;
        }
    }

    private static void talkTo(AgentChannel channel) {
        SendMessageResult sent = channel.send("hello");
        assertThat(sent).isInstanceOfSatisfying(Task.class, task -> {
            assertThat(task.status().state()).isEqualTo(TaskState.COMPLETED);
            assertThat(TaskContext.text(task.status().message())).isEqualTo("js echo: hello");
            assertThat(task.artifacts()).singleElement().satisfies(a -> assertThat(a.artifactId()).isEqualTo("answer"));
        });

        List<StreamEvent> events;
        try (EventStream stream = channel.stream(AgentChannel.userMessage("hello again"))) {
            events = stream.toList();
        }
        assertThat(events).first().isInstanceOf(Task.class);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(TaskArtifactUpdateEvent.class));
        assertThat(events.getLast()).isInstanceOfSatisfying(TaskStatusUpdateEvent.class, last -> {
            assertThat(last.status().state()).isEqualTo(TaskState.COMPLETED);
            assertThat(TaskContext.text(last.status().message())).isEqualTo("js echo: hello again");
        });
    }
}
