package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.api.a2a.Artifact;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.a2a.StreamEvent;
import dev.acf.api.a2a.Task;
import dev.acf.api.a2a.TaskArtifactUpdateEvent;
import dev.acf.api.a2a.TaskState;
import dev.acf.api.a2a.TaskStatusUpdateEvent;
import dev.acf.api.a2a.TextPart;
import dev.acf.api.name.AgentName;
import dev.acf.api.session.SessionEvent;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentChannel;
import dev.acf.client.AgentIdentity;
import dev.acf.client.EventStream;
import dev.acf.client.host.AgentHandler;
import dev.acf.client.host.AgentHost;
import dev.acf.gateway.session.jdbc.JdbcSessionStore;
import dev.acf.gateway.session.jdbc.TestPostgres;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GW-SCALE-1 and REL-3 end to end: two gateway instances of one identity share a
 * {@link JdbcSessionStore} on a real PostgreSQL; a caller streams a long task through the first,
 * which dies mid-stream, and continues the same stream through the second with
 * {@code Last-Event-ID}, receiving every remaining event once, in order, to the final status.
 * Slow (a PostgreSQL and an ANS with its search model start): tagged {@code it}.
 */
@Tag("it")
class SharedSessionsTest {
    static final AgentName CALLER = AgentName.parse("ans://v1.0.0.noc.ops.example.net");
    static final AgentName GATEWAY_NAME = AgentName.parse("ans://gateway.ops.example.net");
    static final AgentName WORKER = AgentName.parse("ans://v1.0.0.counter.ops.example.net");
    static final int STEPS = 12;

    @TempDir
    static Path ansData;

    static AnsFixture fixture;
    static TestPostgres postgres;
    static AcfClient ans;
    static AgentIdentity gatewayIdentity;
    static AgentIdentity callerIdentity;

    @BeforeAll
    static void start() {
        postgres = TestPostgres.start();
        fixture = AnsFixture.start(ansData);
        ans = AcfClient.builder().ans(fixture.ans().baseUri()).build();
        gatewayIdentity = fixture.register(AnsFixture.GATEWAY, "https://127.0.0.1:9/gateway");
        callerIdentity = fixture.certify(CALLER);
    }

    @AfterAll
    static void stop() throws Exception {
        ans.close();
        fixture.close();
        postgres.close();
    }

    private static JdbcSessionStore store() {
        return JdbcSessionStore.builder().jdbcUrl(postgres.jdbcUrl()).username("postgres").poolSize(4).schema("shared").build();
    }

    private static GatewayServer gateway(JdbcSessionStore store) {
        // No drain on close: a gateway that goes away mid-stream is what this test is about.
        return GatewayServer.builder().lookup(fixture.client()).identity(gatewayIdentity).sessionStore(store)
                .limits(GatewayLimits.defaults().toBuilder().drainTimeout(Duration.ZERO).build()).build().start();
    }

    private static AcfClient caller(URI gatewayUri) {
        return AcfClient.builder().ans(fixture.ans().baseUri()).gateway(gatewayUri).gatewayName(GATEWAY_NAME)
                .identity(callerIdentity).build();
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

    @Test
    void aStreamWhoseGatewayDiesContinuesThroughTheOtherGatewayWithEveryEventOnceInOrder() throws Exception {
        CountDownLatch afterThree = new CountDownLatch(1);
        CountDownLatch afterEight = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        // Steps 1 to 12, a checkpoint after every fourth; it pauses after step 3 and after step 8.
        AgentHandler counter = (ctx, message) -> {
            calls.incrementAndGet();
            for (int n = 1; n <= STEPS; n++) {
                ctx.artifact(Artifact.of("step-" + n, null, List.of(TextPart.of("step " + n))));
                if (n % 4 == 0) {
                    ctx.checkpoint(String.valueOf(n + 1).getBytes(StandardCharsets.UTF_8));
                }
                if (n == 3) {
                    afterThree.await();
                } else if (n == 8) {
                    afterEight.await();
                }
            }
            return ctx.complete("counted to " + STEPS);
        };
        List<StreamEvent> before = new ArrayList<>();
        List<StreamEvent> after = new ArrayList<>();
        try (JdbcSessionStore storeA = store();
             JdbcSessionStore storeB = store();
             GatewayServer b = gateway(storeB);
             AgentHost host = AgentHost.builder().identity(AgentIdentity.generate(WORKER))
                     .card("Counts steps.", AgentSkill.builder("count", "Count", "Counts steps, one event each.").build())
                     .handler(counter).trustedGateways(GATEWAY_NAME).register(ans, AnsFixture.TOKEN).build().start()) {
            String taskId;
            String lastSeen;
            GatewayServer a = gateway(storeA);
            try (AcfClient viaA = caller(a.baseUri());
                 EventStream stream = viaA.agent(WORKER).stream(AgentChannel.userMessage("count"))) {
                while (!steps(before).contains(3)) {
                    before.add(stream.next());
                }
                taskId = ((Task) before.get(0)).id();
                lastSeen = stream.lastEventId().orElseThrow();
                // Gateway A dies mid-stream: its listeners, relays and connections go at once.
                a.close();
            }
            // The agent goes on while no gateway listens: steps 4 to 8 reach nobody.
            afterThree.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> host.taskStore().get(taskId)
                    .map(t -> Objects.requireNonNull(t.artifacts()).size() == 8).orElse(false));

            try (AcfClient viaB = caller(b.baseUri());
                 EventStream resumed = viaB.agent(WORKER).subscribe(taskId, lastSeen)) {
                while (!steps(after).contains(8)) {
                    after.add(resumed.next());
                }
                // Now live: what the agent streams from here reaches the caller through gateway B as it happens.
                afterEight.countDown();
                resumed.forEachRemaining(after::add);
                assertThat(resumed.reconnects()).isZero();
                assertThat(resumed.lastEventId()).contains(taskId + ":" + (before.size() + after.size()));
            }

            assertThat(lastSeen).isEqualTo(taskId + ":" + before.size());
            List<StreamEvent> all = new ArrayList<>(before);
            all.addAll(after);
            assertThat(steps(all)).as("every step once, in order").containsExactlyElementsOf(IntStream.rangeClosed(1, STEPS).boxed().toList());
            assertThat(steps(after)).first().isEqualTo(4);
            assertThat(all.get(all.size() - 1)).isInstanceOfSatisfying(TaskStatusUpdateEvent.class,
                    s -> assertThat(s.status().state()).isEqualTo(TaskState.COMPLETED));
            assertThat(all).filteredOn(Task.class::isInstance).hasSize(1);
            assertThat(all).noneMatch(e -> metadata(e).containsKey("acf.checkpoint"));
            assertThat(sequences(all)).isSorted().doesNotHaveDuplicates();
            assertThat(calls).as("the message reached the agent once").hasValue(1);
            // The shared store holds the session once: gateway ids 1..n without a gap, each agent event once.
            List<SessionEvent> kept = storeA.eventsAfter(taskId, 0, 1000);
            assertThat(kept).extracting(SessionEvent::sequence)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, all.size()).boxed().toList());
            assertThat(storeB.lastCheckpoint(taskId)).hasValueSatisfying(c -> assertThat(new String(c.state(), StandardCharsets.UTF_8))
                    .isEqualTo("13"));
        }
    }
}
