package dev.acf.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.Artifact;
import dev.acf.api.a2a.TextPart;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.client.AgentIdentity;
import dev.acf.client.host.TaskContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client built with the official A2A JavaScript SDK (1.x speaking A2A v1.0, 0.3.x speaking
 * v0.3) calls an ACF agent ({@code AgentHost}) through the gateway, over mutual TLS with an ANS
 * certificate written to PEM files: it reads the card the gateway rewrote, sends a message and
 * streams another.
 */
class JsClientToAcfAgentTest {
    static final AgentName AGENT = AgentName.parse("ans://v1.0.0.echo." + InteropWorld.DOMAIN);
    static final AgentName CALLER = AgentName.parse("ans://v1.0.0.jsclient." + InteropWorld.DOMAIN);

    @RegisterExtension
    static final InteropExtension INTEROP = new InteropExtension();
    @TempDir
    static Path dir;

    static InteropWorld world;
    static Path callerPems;

    @BeforeAll
    static void start() throws Exception {
        world = INTEROP.world();
        world.host(AGENT, (ctx, message) -> {
            ctx.working("reading the question");
            ctx.artifact(Artifact.of("answer", "answer", List.of(TextPart.of("42"))));
            return ctx.complete("echo: " + TaskContext.text(message) + " (from " + ctx.caller().map(Object::toString).orElse("?") + ")");
        });
        AgentIdentity caller = world.certify(CALLER, URI.create("https://127.0.0.1:9/a2a"));
        callerPems = InteropWorld.pems(caller, dir.resolve("caller"));
    }

    @BeforeEach
    void needsNode() {
        NodeProcess.requireNode();
    }

    @Test
    void javascriptSdk1xClientSendsAndStreamsToAnAcfAgentThroughTheGateway() throws Exception {
        Run run = runClient("v1");

        JsonNode task = run.send().path("task");
        assertThat(task.path("status").path("state").asText()).isEqualTo("TASK_STATE_COMPLETED");
        assertThat(task.path("status").path("message").path("parts").path(0).path("text").asText())
                .isEqualTo("echo: hello (from " + CALLER + ")");
        assertThat(task.path("artifacts").path(0).path("parts").path(0).path("text").asText()).isEqualTo("42");

        assertThat(run.events()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(run.events().get(0).has("task")).isTrue();
        assertThat(run.events()).anySatisfy(e -> assertThat(e.path("artifactUpdate").path("artifact").path("artifactId").asText()).isEqualTo("answer"));
        JsonNode last = run.events().getLast().path("statusUpdate");
        assertThat(last.path("status").path("state").asText()).isEqualTo("TASK_STATE_COMPLETED");
        assertThat(last.path("status").path("message").path("parts").path(0).path("text").asText())
                .isEqualTo("echo: hello (streamed) (from " + CALLER + ")");
    }

    @Test
    void javascriptSdk03ClientSendsAndStreamsToAnAcfAgentThroughTheGateway() throws Exception {
        Run run = runClient("v03");

        JsonNode task = run.send();
        assertThat(task.path("kind").asText()).isEqualTo("task");
        assertThat(task.path("status").path("state").asText()).isEqualTo("completed");
        assertThat(task.path("status").path("message").path("parts").path(0).path("text").asText())
                .isEqualTo("echo: hello (from " + CALLER + ")");
        assertThat(task.path("artifacts").path(0).path("parts").path(0).path("text").asText()).isEqualTo("42");

        assertThat(run.events()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(run.events().get(0).path("kind").asText()).isEqualTo("task");
        assertThat(run.events()).anySatisfy(e -> assertThat(e.path("kind").asText()).isEqualTo("artifact-update"));
        JsonNode last = run.events().getLast();
        assertThat(last.path("kind").asText()).isEqualTo("status-update");
        assertThat(last.path("final").asBoolean()).isTrue();
        assertThat(last.path("status").path("state").asText()).isEqualTo("completed");
    }

    private Run runClient(String line) throws Exception {
        try (NodeProcess node = NodeProcess.start("client.mjs",
                List.of(line, world.cardUri(AGENT).toString(), callerPems.toString(), InteropWorld.GATEWAY.toString(), "hello"), Map.of())) {
            try {
                JsonNode send = AcfJson.readTree(node.awaitLine("SEND ", Duration.ofSeconds(30)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                List<JsonNode> events = new ArrayList<>();
                while (true) {
                    String next = node.awaitLine("", Duration.ofSeconds(30));
                    if (next.equals("DONE")) {
                        break;
                    }
                    if (next.startsWith("EVENT ")) {
                        events.add(AcfJson.readTree(next.substring("EVENT ".length()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    }
                }
                assertThat(node.waitFor(Duration.ofSeconds(10))).as("exit code").isZero();
                return new Run(send, events);
            } finally {
                INTEROP.transcript(node.transcript());
            }
        }
    }

    private record Run(JsonNode send, List<JsonNode> events) {}
}
