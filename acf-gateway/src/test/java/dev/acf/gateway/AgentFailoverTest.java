package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.api.testkit.TcpRelay;
import dev.acf.api.a2a.Artifact;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.a2a.StreamEvent;
import dev.acf.api.a2a.Task;
import dev.acf.api.a2a.TaskArtifactUpdateEvent;
import dev.acf.api.a2a.TaskState;
import dev.acf.api.a2a.TaskStatusUpdateEvent;
import dev.acf.api.a2a.TextPart;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.name.AgentName;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentChannel;
import dev.acf.client.AgentIdentity;
import dev.acf.client.EventStream;
import dev.acf.client.host.AgentHandler;
import dev.acf.client.host.AgentHost;
import dev.acf.client.host.Restored;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REL-2 and GW-SESS-1 end to end with the SDK on both sides: a real ANS, a gateway with its ANS
 * identity, agents served by {@link AgentHost} over mutual TLS, and a caller streaming through the
 * gateway with {@link AcfClient}. Two hosts of one agent are its two instances: one registered
 * agent record listing both endpoints, among which the gateway's balancer chooses and fails over.
 */
class AgentFailoverTest {
    static final AgentName GATEWAY_NAME = AgentName.parse("ans://gateway.ops.example.net");
    static final AgentName CALLER = AgentName.parse("ans://v1.0.0.noc.ops.example.net");
    static final int STEPS = 12;

    @TempDir
    static Path ansData;

    static AnsFixture fixture;
    static GatewayServer gateway;
    static AcfClient ans;
    static AgentIdentity callerIdentity;

    @BeforeAll
    static void start() {
        fixture = AnsFixture.start(ansData);
        gateway = GatewayServer.builder().lookup(fixture.client())
                .identity(fixture.register(AnsFixture.GATEWAY, "https://127.0.0.1:9/gateway")).build().start();
        ans = AcfClient.builder().ans(fixture.ans().baseUri()).build();
        callerIdentity = fixture.certify(CALLER);
    }

    @AfterAll
    static void stop() {
        ans.close();
        gateway.close();
        fixture.close();
    }

    private static AcfClient caller(URI gatewayUri) {
        return AcfClient.builder().ans(fixture.ans().baseUri()).gateway(gatewayUri).gatewayName(GATEWAY_NAME)
                .identity(callerIdentity).build();
    }

    private static AgentHost host(AgentIdentity identity, AgentHandler handler, boolean register) {
        AgentHost.Builder builder = AgentHost.builder()
                .identity(identity)
                .card("Counts steps.", AgentSkill.builder("count", "Count", "Counts steps, one event each.").build())
                .handler(handler)
                .trustedGateways(GATEWAY_NAME);
        if (register) {
            builder.register(ans, AnsFixture.TOKEN);
        }
        return builder.build().start();
    }

    private static Artifact step(int n) {
        return Artifact.of("step-" + n, null, List.of(TextPart.of("step " + n)));
    }

    private static List<Integer> steps(List<StreamEvent> events) {
        return events.stream().filter(TaskArtifactUpdateEvent.class::isInstance)
                .map(e -> Integer.parseInt(((TaskArtifactUpdateEvent) e).artifact().artifactId().substring("step-".length()))).toList();
    }

    private static Map<String, Object> metadata(StreamEvent event) {
        return switch (event) {
            case Task t -> t.metadata();
            case TaskStatusUpdateEvent s -> s.metadata();
            case TaskArtifactUpdateEvent a -> a.metadata();
            default -> Map.of();
        };
    }

    private static List<Long> sequences(List<StreamEvent> events) {
        return events.stream().map(e -> ((Number) metadata(e).get("acf.seq")).longValue()).toList();
    }

    /** Serves instance {@code label}: steps 1 to 12, a checkpoint after every fourth; a first run stalls after step 6. */
    private static final class Counter implements AgentHandler {
        final String label;
        final CompletableFuture<String> stalled;
        final Map<String, Restored> restored;

        Counter(String label, CompletableFuture<String> stalled, Map<String, Restored> restored) {
            this.label = label;
            this.stalled = stalled;
            this.restored = restored;
        }

        @Override
        public Task onMessage(dev.acf.client.host.TaskContext ctx, dev.acf.api.a2a.Message message) throws Exception {
            ctx.restored().ifPresent(r -> restored.put(label, r));
            int first = ctx.restored().filter(Restored::hasCheckpoint).map(r -> Integer.parseInt(r.stateAsText())).orElse(1);
            for (int n = first; n <= STEPS; n++) {
                ctx.artifact(step(n));
                if (n % 4 == 0) {
                    ctx.checkpoint(String.valueOf(n + 1).getBytes(StandardCharsets.UTF_8));
                }
                if (n == 6 && ctx.restored().isEmpty()) {
                    stalled.complete(label);
                    new CountDownLatch(1).await(); // until this instance is killed
                }
            }
            return ctx.complete("counted to " + STEPS);
        }
    }

    @Test
    void aStreamWhoseInstanceIsKilledMidwayCompletesOnTheReplicaFromTheLastCheckpointWithEveryEventOnceInOrder() throws Exception {
        AgentName worker = AgentName.parse("ans://v1.0.0.counter.ops.example.net");
        AgentIdentity identity = AgentIdentity.generate(worker);
        CompletableFuture<String> stalled = new CompletableFuture<>();
        Map<String, Restored> restored = new ConcurrentHashMap<>();
        List<StreamEvent> events = new ArrayList<>();
        String killed;
        AgentHost replica;
        int reconnects;
        String lastEventId;
        try (AgentHost one = host(identity, new Counter("one", stalled, restored), true);
             AgentHost two = host(identity, new Counter("two", stalled, restored), false);
             AcfClient client = caller(gateway.baseUri())) {
            // Two instances of one agent: its record lists both endpoints.
            ans.update(identity, null, List.of(Endpoint.of(one.endpoint().toString(), Endpoint.JSONRPC),
                    Endpoint.of(two.endpoint().toString(), Endpoint.JSONRPC)));
            try (EventStream stream = client.agent(worker).stream(AgentChannel.userMessage("count"))) {
                while (!steps(events).contains(6)) {
                    events.add(stream.next());
                }
                killed = stalled.get(10, TimeUnit.SECONDS);
                replica = killed.equals("one") ? two : one;
                (killed.equals("one") ? one : two).close();
                stream.forEachRemaining(events::add);
                reconnects = stream.reconnects();
                lastEventId = stream.lastEventId().orElseThrow();
            }

            String taskId = ((Task) events.get(0)).id();
            assertThat(steps(events)).as("every step once, in order").containsExactlyElementsOf(IntStream.rangeClosed(1, STEPS).boxed().toList());
            assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(TaskStatusUpdateEvent.class,
                    s -> assertThat(s.status().state()).isEqualTo(TaskState.COMPLETED));
            assertThat(events).filteredOn(Task.class::isInstance).hasSize(1);
            assertThat(events).noneMatch(e -> metadata(e).containsKey("acf.checkpoint"));
            assertThat(sequences(events)).isSorted().doesNotHaveDuplicates();
            assertThat(lastEventId).as("gateway ids without a gap").isEqualTo(taskId + ":" + events.size());
            assertThat(reconnects).as("the caller's stream itself never broke").isZero();
            String replicaLabel = killed.equals("one") ? "two" : "one";
            assertThat(restored).containsOnlyKeys(replicaLabel);
            // task 1, steps 1-4 as 2-5, the checkpoint after step 4 is 6: the replica continues at step 5.
            assertThat(restored.get(replicaLabel).sequence()).isEqualTo(6);
            assertThat(restored.get(replicaLabel).stateAsText()).isEqualTo("5");
            assertThat(restored.get(replicaLabel).delivered()).isEqualTo(8);
            assertThat(replica.taskStore().get(taskId)).hasValueSatisfying(t -> assertThat(t.status().state()).isEqualTo(TaskState.COMPLETED));
        }
    }

    @Test
    void aCallerCutOffMidStreamResumesThroughTheGatewayWithExactlyTheMissedEvents() throws Exception {
        AgentName stepper = AgentName.parse("ans://v1.0.0.stepper.ops.example.net");
        CountDownLatch more = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        AgentHandler handler = (ctx, message) -> {
            calls.incrementAndGet();
            for (int n = 1; n <= 8; n++) {
                ctx.artifact(step(n));
                if (n == 3) {
                    more.await();
                }
            }
            return ctx.complete("eight steps");
        };
        try (AgentHost host = host(AgentIdentity.generate(stepper), handler, true);
             TcpRelay relay = new TcpRelay(gateway.address());
             AcfClient client = caller(URI.create("https://127.0.0.1:" + relay.port()))) {
            List<StreamEvent> before = new ArrayList<>();
            List<StreamEvent> after;
            String taskId;
            String seen;
            try (EventStream stream = client.agent(stepper).stream(AgentChannel.userMessage("steps"))) {
                while (!steps(before).contains(3)) {
                    before.add(stream.next());
                }
                taskId = ((Task) before.get(0)).id();
                seen = stream.lastEventId().orElseThrow();

                relay.cutAll();
                more.countDown();
                // The gateway reads the rest into its session store while the caller is away.
                await().atMost(Duration.ofSeconds(10)).until(() -> host.taskStore().get(taskId)
                        .map(t -> t.status().state() == TaskState.COMPLETED).orElse(false));
                after = stream.toList();
                assertThat(stream.reconnects()).isEqualTo(1);
                assertThat(stream.lastEventId()).contains(taskId + ":" + (before.size() + after.size()));
            }

            assertThat(seen).isEqualTo(taskId + ":4");
            assertThat(steps(after)).containsExactly(4, 5, 6, 7, 8);
            assertThat(after).hasSize(6);
            assertThat(after.get(5)).isInstanceOfSatisfying(TaskStatusUpdateEvent.class,
                    s -> assertThat(s.status().state()).isEqualTo(TaskState.COMPLETED));
            assertThat(relay.connections()).isEqualTo(2);
            assertThat(calls).as("the message reached the agent once").hasValue(1);
            assertThat(Objects.requireNonNull(host.taskStore().get(taskId).orElseThrow().artifacts())).hasSize(8);
        }
    }
}
