package dev.acf.benchmarks;

import dev.acf.client.AgentIdentity;
import dev.acf.ans.register.RegistrationRequest;
import dev.acf.api.a2a.AgentCapabilities;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Registrations made ahead of time, one per fresh name and key, so that a benchmark measures
 * the ANS and not the agents' key generation and CSR signing. {@link #take()} is lock-free and
 * thread-safe; {@link #refill()} must run while nobody takes (JMH iteration setup).
 *
 * <p>The pool is sized from what the previous iteration used, so measured iterations (of the
 * same length as warm-up ones) find enough; a registration made on the fly because the pool ran
 * dry is counted in {@link #misses()} and reported, as it pollutes the figure.
 */
final class RegistrationPool {
    static final String DOMAIN = "ops.example.net";
    private static final String ENDPOINT_URL = "https://agents.internal:9443/a2a";
    static final AgentCard CARD = card();
    static final List<Endpoint> ENDPOINTS = List.of(Endpoint.of(ENDPOINT_URL, Endpoint.JSONRPC));

    private final String prefix;
    private final boolean json;
    private final AtomicLong names = new AtomicLong();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong misses = new AtomicLong();
    private volatile Registration[] items = new Registration[0];
    private int minimum;

    /** One registration: the Java request and, for HTTP, its {@code POST /v1/agents} body. */
    record Registration(RegistrationRequest request, byte[] body) {}

    /**
     * @param prefix makes names unique to this pool ({@code agent-<prefix><n>})
     * @param minimum the least number of registrations to hold after a refill
     * @param json whether to serialize HTTP bodies too
     */
    RegistrationPool(String prefix, int minimum, boolean json) {
        this.prefix = prefix;
        this.minimum = minimum;
        this.json = json;
    }

    /** Replaces the pool with three times what the last iteration used (at least the minimum), made on all cores. */
    void refill() {
        int used = Math.min(next.get(), items.length);
        // Throughput on a shared machine swings between iterations: leave ample headroom.
        minimum = Math.max(minimum, 3 * used);
        items = IntStream.range(0, minimum).parallel().mapToObj(i -> make()).toArray(Registration[]::new);
        next.set(0);
    }

    /** Returns an unused registration. */
    Registration take() {
        int i = next.getAndIncrement();
        Registration[] pool = items;
        if (i < pool.length) {
            return pool[i];
        }
        misses.incrementAndGet();
        return make();
    }

    /** Returns how many registrations had to be made during measurement. */
    long misses() {
        return misses.get();
    }

    private Registration make() {
        AgentName name = AgentName.parse("ans://v1.0.0.agent-" + prefix + names.incrementAndGet() + "." + DOMAIN);
        RegistrationRequest request = new RegistrationRequest(name, CARD, ENDPOINTS, AgentIdentity.generate(name).csrPem());
        byte[] body = new byte[0];
        if (json) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", name.toString());
            map.put("agentCard", request.agentCard());
            map.put("endpoints", request.endpoints());
            map.put("csr", request.csr());
            body = AcfJson.writeBytes(map);
        }
        return new Registration(request, body);
    }

    private static AgentCard card() {
        return AgentCard.builder("Broadband diagnosis agent", "Diagnoses faults in home broadband networks.", "1.0.0")
                .supportedInterfaces(List.of(new AgentInterface(ENDPOINT_URL, AgentInterface.JSONRPC, null, "1.0")))
                .capabilities(AgentCapabilities.none())
                .defaultInputModes(List.of("text/plain"))
                .defaultOutputModes(List.of("application/json"))
                .skills(List.of(AgentSkill.builder("diagnose", "Diagnose", "Finds the root cause of broadband faults.")
                        .tags(List.of("diagnosis", "broadband"))
                        .examples(List.of("Why is the line down?"))
                        .build()))
                .build();
    }
}
