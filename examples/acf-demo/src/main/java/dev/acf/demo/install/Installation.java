package dev.acf.demo.install;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.demo.agent.AgentDefinition;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.InMemoryAgents;
import dev.acf.demo.agent.IntentRoute;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.agent.Scenario;
import dev.acf.demo.agent.Trace;
import dev.acf.demo.network.SimulatedNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The draft's case 1, home broadband service installation, on a simulated network. Phases:
 *
 * <pre>
 * 1 service intent recognition              order-intent -> install-master
 * 2 orchestration and resource allocation   install-master -> order-management, orchestration (-> site-survey,
 *                                           resource-inventory), maintenance-scheduling (installation visit)
 * 3 data preparation and distribution       install-master -> access-, ip-edge-, home-network-, service-platform-config
 * 4 service validation (closed loop)        install-master -> service-validation -> each config agent by name;
 *                                           findings -> re-push by name -> validate again; order-management completes
 * 5 quality monitoring                      maintenance-scheduling
 * 6 customer feedback survey                personal-assistant -> maintenance-scheduling
 * </pre>
 *
 * <p>Phases 2 to 4 run inside the master control agent, which reports them to the trace.
 * Prepare once per run: the run changes the network.
 *
 * <pre>{@code
 * Installation scenario = Installation.prepare(42);
 * InstallationOutcome outcome = scenario.run(new InMemoryAgents(scenario.agents(), trace).as(Scenario.DESK));
 * }</pre>
 */
public final class Installation implements Scenario<InstallationOutcome> {
    /** The DNS label of this scenario's zone. */
    public static final String ZONE = "install";

    private final SimulatedNetwork network;
    private final String request;
    private final List<AgentDefinition> agents;

    private Installation(SimulatedNetwork network) {
        this.network = network;
        this.request = ServiceRequests.text(network, customerName(network));
        this.agents = InstallAgents.create(network);
    }

    private static String customerName(SimulatedNetwork network) {
        List<String> first = List.of("Amara", "Bastian", "Carmen", "Dario", "Esme", "Felix", "Greta", "Henrik");
        List<String> last = List.of("Lindgren", "Okoye", "Marchetti", "Nakamura", "Petrov", "Quinn", "Santos", "Weber");
        return first.get((int) (network.noise("install:first") * first.size())) + " "
                + last.get((int) (network.noise("install:last") * last.size()));
    }

    /** Builds the network for {@code seed}, the new customer's request, and binds the 13 agents to it. */
    public static Installation prepare(long seed) {
        return new Installation(SimulatedNetwork.generate(seed));
    }

    /** Prepares and runs the scenario in process, through {@link InMemoryAgents}, reporting to {@code trace}. */
    public static InstallationOutcome run(long seed, Trace trace) {
        Installation scenario = prepare(seed);
        return scenario.run(new InMemoryAgents(scenario.agents(), trace).as(DESK));
    }

    /** Returns the simulated network the agents work on. */
    public SimulatedNetwork network() {
        return network;
    }

    /** Returns what the customer writes, which starts phase 1. */
    public String request() {
        return request;
    }

    @Override
    public String zone() {
        return ZONE;
    }

    @Override
    public List<AgentDefinition> agents() {
        return agents;
    }

    @Override
    public List<IntentRoute> intents() {
        return InstallIntents.routes();
    }

    @Override
    public InstallationOutcome run(Collaborators desk) {
        Trace trace = desk.trace();
        List<Integer> phases = new ArrayList<>();

        trace.phase(1, "Service intent recognition");
        JsonNode recognised = desk.call(InstallIntents.UNDERSTAND_REQUEST, Payload.object().put("request", request));
        JsonNode intent = recognised.path("intent");
        JsonNode fulfilment = recognised.path("fulfilment");
        JsonNode plan = fulfilment.path("plan");
        phases.addAll(List.of(1, 2, 3, 4));
        String subscriberId = plan.path("subscriberId").asText();

        trace.phase(5, "Quality monitoring");
        JsonNode monitoring = desk.call(InstallIntents.WATCH_NEW_LINE, Payload.object().put("task", "monitor")
                .put("subscriberId", subscriberId));
        phases.add(5);

        trace.phase(6, "Customer feedback survey");
        JsonNode survey = desk.call(InstallIntents.SURVEY, Payload.object().put("subscriberId", subscriberId)
                .put("validationPassed", fulfilment.path("validationPassed").asBoolean())
                .put("validationRounds", fulfilment.path("validationRounds").asInt()));
        phases.add(6);

        List<String> domains = new ArrayList<>();
        List<String> configuredBy = new ArrayList<>();
        fulfilment.path("configuredBy").properties().forEach(e -> {
            domains.add(e.getKey());
            configuredBy.add(e.getValue().asText());
        });
        InstallationOutcome outcome = new InstallationOutcome(fulfilment.path("orderId").asText(), subscriberId,
                intent.path("customerName").asText(), intent.path("address").asText(), intent.path("downMbps").asInt(),
                texts(intent.path("addOns")), plan.path("portId").asText(), plan.path("rerouted").asBoolean(),
                plan.path("vlan").asInt(), plan.path("ontSerial").asText(), texts(plan.path("servicePath")),
                fulfilment.path("visit").path("engineer").asText(), domains, configuredBy,
                fulfilment.path("validationRounds").asInt(), texts(fulfilment.path("corrected")),
                fulfilment.path("validationPassed").asBoolean(), "completed".equals(fulfilment.path("orderStatus").asText()),
                monitoring.path("stable").asBoolean(), survey.path("satisfaction").asInt(), phases);
        trace.outcome(String.format(Locale.ROOT, "%s for %s: %d Mbit/s on %s%s, %d domains configured, validation %s after"
                        + " %d round(s)%s; monitoring %s; satisfaction %d/5",
                outcome.orderId(), outcome.subscriberId(), outcome.downMbps(), outcome.portId(),
                outcome.rerouted() ? " (re-routed)" : "", outcome.configuredDomains().size(),
                outcome.validationPassed() ? "passed" : "FAILED", outcome.validationRounds(),
                outcome.correctedDomains().isEmpty() ? "" : " (corrected " + outcome.correctedDomains() + ")",
                outcome.monitoringStable() ? "stable" : "UNSTABLE", outcome.satisfaction()));
        return outcome;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(value -> texts.add(value.asText()));
        return texts;
    }
}
