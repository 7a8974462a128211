package dev.acf.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.a2a.Artifact;
import dev.acf.api.name.AgentName;
import dev.acf.client.AgentIdentity;
import dev.acf.client.host.TaskContext;
import io.a2a.A2A;
import io.a2a.client.Client;
import io.a2a.client.ClientEvent;
import io.a2a.client.TaskEvent;
import io.a2a.client.TaskUpdateEvent;
import io.a2a.client.config.ClientConfig;
import io.a2a.client.http.A2AHttpClient;
import io.a2a.client.http.JdkA2AHttpClient;
import io.a2a.client.transport.jsonrpc.JSONRPCTransport;
import io.a2a.client.transport.jsonrpc.JSONRPCTransportConfig;
import io.a2a.spec.AgentCard;
import io.a2a.spec.Message;
import io.a2a.spec.Task;
import io.a2a.spec.TaskArtifactUpdateEvent;
import io.a2a.spec.TaskState;
import io.a2a.spec.TaskStatusUpdateEvent;
import io.a2a.spec.TextPart;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client built with the official A2A Java SDK ({@code io.github.a2asdk:a2a-java-sdk-client}
 * 0.3.3.Final, A2A v0.3, JSON-RPC over the JDK's HTTP client) calls an ACF agent through the
 * gateway over mutual TLS: it reads the card the gateway rewrote, sends a message and streams
 * another, the second turn of a task ending in input-required.
 */
class JavaSdkClientToAcfAgentTest {
    static final AgentName AGENT = AgentName.parse("ans://v1.0.0.javasdkecho." + InteropWorld.DOMAIN);
    static final AgentName CALLER = AgentName.parse("ans://v1.0.0.javasdkclient." + InteropWorld.DOMAIN);

    @RegisterExtension
    static final InteropExtension INTEROP = new InteropExtension();

    static InteropWorld world;
    static A2AHttpClient http;
    static AgentCard card;

    @BeforeAll
    static void start() throws Exception {
        world = INTEROP.world();
        world.host(AGENT, (ctx, message) -> {
            String text = TaskContext.text(message);
            if (text.startsWith("ask me")) {
                ctx.working("thinking of a question");
                return ctx.requireInput("which line?");
            }
            ctx.working("reading the question");
            ctx.artifact(Artifact.of("answer", "answer", List.of(dev.acf.api.a2a.TextPart.of("42"))));
            return ctx.complete("echo: " + text + " (from " + ctx.caller().map(Object::toString).orElse("?") + ")");
        });
        AgentIdentity caller = world.certify(CALLER, URI.create("https://127.0.0.1:9/a2a"));
        http = jdkClientWith(AnsPeerTrust.context(caller, InteropWorld.GATEWAY.toString()));
        // The resolver resolves the card path against the base URL: a relative path keeps the agent's gateway prefix.
        card = A2A.getAgentCard(http, world.agentUri(AGENT) + "/", ".well-known/agent-card.json", null);
    }

    @Test
    void theJavaSdkReadsTheCardTheGatewayRewrote() {
        assertThat(card.url()).isEqualTo(world.agentUri(AGENT).toString());
        assertThat(card.preferredTransport()).isEqualTo("JSONRPC");
        assertThat(card.capabilities().streaming()).isTrue();
    }

    @Test
    void javaSdkClientSendsAMessageToAnAcfAgentThroughTheGateway() throws Exception {
        List<ClientEvent> events = new CopyOnWriteArrayList<>();
        Client client = client(false, events);
        try {
            client.sendMessage(A2A.toUserMessage("hello"), null);
        } finally {
            client.close();
        }

        assertThat(events).singleElement().isInstanceOfSatisfying(TaskEvent.class, e -> {
            Task task = e.getTask();
            assertThat(task.getStatus().state()).isEqualTo(TaskState.COMPLETED);
            assertThat(text(task.getStatus().message())).isEqualTo("echo: hello (from " + CALLER + ")");
            assertThat(task.getArtifacts()).singleElement().satisfies(a -> assertThat(a.artifactId()).isEqualTo("answer"));
        });
    }

    @Test
    void javaSdkClientStreamsFromAnAcfAgentThroughTheGateway() throws Exception {
        List<ClientEvent> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Client client = client(true, events);
        try {
            client.sendMessage(A2A.toUserMessage("hello"), List.of((event, c) -> {
                events.add(event);
                if (event instanceof TaskUpdateEvent u && u.getUpdateEvent() instanceof TaskStatusUpdateEvent s && s.isFinal()) {
                    done.complete(null);
                }
            }), endOfStream(done), null);
            done.get(20, TimeUnit.SECONDS);
        } finally {
            client.close();
        }

        assertThat(events).first().isInstanceOf(TaskEvent.class);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TaskUpdateEvent.class,
                u -> assertThat(u.getUpdateEvent()).isInstanceOf(TaskArtifactUpdateEvent.class)));
        TaskUpdateEvent last = (TaskUpdateEvent) events.getLast();
        assertThat(last.getTask().getStatus().state()).isEqualTo(TaskState.COMPLETED);
        assertThat(text(last.getTask().getStatus().message())).isEqualTo("echo: hello (from " + CALLER + ")");
    }

    @Test
    void javaSdkStreamOfATurnThatNeedsInputEndsWithAFinalInputRequiredStatus() throws Exception {
        List<ClientEvent> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Client client = client(true, events);
        try {
            client.sendMessage(A2A.toUserMessage("ask me something"), List.of((event, c) -> {
                events.add(event);
                if (event instanceof TaskUpdateEvent u && u.getUpdateEvent() instanceof TaskStatusUpdateEvent s && s.isFinal()) {
                    done.complete(null);
                }
            }), endOfStream(done), null);
            done.get(20, TimeUnit.SECONDS);
        } finally {
            client.close();
        }

        TaskUpdateEvent last = (TaskUpdateEvent) events.getLast();
        assertThat(last.getTask().getStatus().state()).isEqualTo(TaskState.INPUT_REQUIRED);
        assertThat(text(last.getTask().getStatus().message())).isEqualTo("which line?");
        assertThat(last.getUpdateEvent()).isInstanceOfSatisfying(TaskStatusUpdateEvent.class,
                s -> assertThat(s.isFinal()).as("v0.3 final: the stream ends with the turn").isTrue());
    }

    /** The SDK reports the end of a stream to the error handler: {@code null} when it ended normally. */
    private static java.util.function.Consumer<Throwable> endOfStream(CompletableFuture<Void> done) {
        return failure -> {
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failure);
            }
        };
    }

    private static Client client(boolean streaming, List<ClientEvent> events) throws Exception {
        return Client.builder(card)
                .clientConfig(new ClientConfig.Builder().setStreaming(streaming).build())
                .withTransport(JSONRPCTransport.class, new JSONRPCTransportConfig(http))
                .addConsumer((event, c) -> events.add(event))
                .build();
    }

    /** The SDK's JDK client takes the default TLS context when built: lend it ours for that moment. */
    private static synchronized A2AHttpClient jdkClientWith(SSLContext tls) throws Exception {
        SSLContext previous = SSLContext.getDefault();
        SSLContext.setDefault(tls);
        try {
            return new JdkA2AHttpClient();
        } finally {
            SSLContext.setDefault(previous);
        }
    }

    private static String text(Message message) {
        return message.getParts().stream().filter(TextPart.class::isInstance).map(p -> ((TextPart) p).getText())
                .reduce("", String::concat);
    }
}
