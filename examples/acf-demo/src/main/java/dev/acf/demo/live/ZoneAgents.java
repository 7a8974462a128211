package dev.acf.demo.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.name.AgentName;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.host.AgentHost;
import dev.acf.demo.agent.AgentDefinition;
import dev.acf.demo.agent.Trace;
import dev.acf.demo.verify.DemoSkillTests;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * The hosted agents of one zone: each an {@link AgentHost} with its own key and ANS
 * certificate, registered with its descriptive card (with the skill test cases of
 * {@link DemoSkillTests}, for ANS's capability verification), and an {@link AcfClient} that
 * calls as that agent through the gateway. The hosts answer with the behaviours of the run bound
 * at the moment ({@link #bind}), so one set of registered agents serves many prepared scenarios;
 * before any run, with those they were hosted with and an untraced binding: an agent answers
 * whoever calls it (ANS's probe, a person's curl), scenario or not. Thread-safe.
 */
final class ZoneAgents implements AutoCloseable {
    /** What every hosted agent needs from the stack. */
    record Wiring(URI ans, URI gateway, AgentName gatewayName, AcfClient registrar, String bootstrapToken) {}

    private final ZoneNames names;
    private final Map<String, AgentHost> hosts = new LinkedHashMap<>();
    private final Map<String, CallerClient> callers = new LinkedHashMap<>();
    private final RunBinding idle;
    private volatile @Nullable RunBinding run;

    private ZoneAgents(ZoneNames names, List<AgentDefinition> agents) {
        this.names = names;
        this.idle = new RunBinding(names.zone(), names.zone() + "-idle", agents, Trace.discard());
    }

    /**
     * Registers and starts one host per agent, in parallel (each registration is a key, a CSR and
     * a certificate); returns once all serve.
     */
    static ZoneAgents host(ZoneNames names, List<AgentDefinition> agents, Wiring wiring) {
        ZoneAgents zone = new ZoneAgents(names, agents);
        List<AgentHost> built = new ArrayList<>();
        try (ExecutorService starting = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<AgentHost>> started = new ArrayList<>();
            for (AgentDefinition agent : agents) {
                AgentIdentity identity = AgentIdentity.generate(names.registeredName(agent.id()));
                zone.callers.put(agent.id(), new CallerClient(AcfClient.builder().ans(wiring.ans()).gateway(wiring.gateway())
                        .gatewayName(wiring.gatewayName()).identity(identity).signedResolution(true).build()));
                AgentHost host = AgentHost.builder()
                        .identity(identity)
                        .card(DemoSkillTests.declare(agent.id(),
                                agent.card(new AgentInterface("https://" + identity.name().fqdn() + "/a2a", AgentInterface.JSONRPC, null, "1.0"))))
                        .handler((ctx, message) -> {
                            try {
                                return DataMessages.answer(zone.handle(agent.id(), DataMessages.data(message)), ctx.contextId());
                            } catch (AcfException refused) {
                                // A request the agent cannot act on (or a failed callee) is an answer, not a crash to log.
                                return ctx.fail(refused.getMessage());
                            }
                        })
                        .trustedGateways(wiring.gatewayName())
                        .register(wiring.registrar(), wiring.bootstrapToken())
                        .build();
                built.add(host);
                started.add(starting.submit(host::start));
            }
            for (Future<AgentHost> future : started) {
                AgentHost host = future.get();
                zone.hosts.put(names.idOf(host.identity().name()), host);
            }
        } catch (ExecutionException e) {
            built.forEach(AgentHost::close);
            zone.close();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            built.forEach(AgentHost::close);
            zone.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the agents of zone " + names.zone(), e);
        }
        return zone;
    }

    private JsonNode handle(String agentId, JsonNode request) {
        RunBinding bound = run;
        RunBinding current = bound == null ? idle : bound;
        AgentDefinition agent = current.agent(agentId);
        if (agent == null) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "agent " + agentId + " of zone " + names.zone() + " has no part in the bound scenario");
        }
        return agent.behavior().handle(request, collaborators(agentId, current));
    }

    /** Returns the collaborators that call as {@code callerId} (one of this zone's agents) in a run. */
    GatewayCollaborators collaborators(String callerId, RunBinding binding) {
        CallerClient caller = callers.get(callerId);
        if (caller == null) {
            throw new IllegalArgumentException("zone " + names.zone() + " hosts no agent " + callerId);
        }
        return new GatewayCollaborators(callerId, caller, binding, names);
    }

    /** Makes the hosts answer with the behaviours of this run, or of none when null. */
    void bind(@Nullable RunBinding binding) {
        this.run = binding;
    }

    ZoneNames names() {
        return names;
    }

    /** Returns the hosts by agent id, in the scenario's order. */
    Map<String, AgentHost> hosts() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
    }

    @Override
    public void close() {
        hosts.values().forEach(AgentHost::close);
        callers.values().forEach(CallerClient::close);
    }
}
