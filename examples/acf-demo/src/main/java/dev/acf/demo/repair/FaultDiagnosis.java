package dev.acf.demo.repair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.demo.agent.AgentDefinition;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.InMemoryAgents;
import dev.acf.demo.agent.IntentRoute;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.agent.Scenario;
import dev.acf.demo.agent.Trace;
import dev.acf.demo.network.Fault;
import dev.acf.demo.network.FaultType;
import dev.acf.demo.network.SimulatedNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The draft's case 2, home broadband network fault diagnosis, on a simulated network with one
 * injected fault. Phases, each started by the desk with a plain-language intent:
 *
 * <pre>
 * 1 complaint intent recognition + data sensing   complaint-intent -> preprocessing -> profile, alarms, counters
 * 2 complaint handling: root-cause loop           root-cause <-> perception-collection (-> data-collection),
 *                                                            <-> knowledge-qa (-> personal-assistant)
 * 3 trouble shooting                              fault-handling -> network-config; if that fails -> maintenance-scheduling
 * 4 service validation                            e2e-testing
 * 5 quality monitoring                            maintenance-scheduling -> perception-collection
 * 6 customer feedback survey                      personal-assistant -> maintenance-scheduling
 * </pre>
 *
 * <p>Prepare once per run: the run repairs the network. Not thread-safe to run twice at once.
 *
 * <pre>{@code
 * FaultDiagnosis scenario = FaultDiagnosis.prepare(FaultType.FIBER_CUT, 42);
 * TraceLog log = new TraceLog(System.out::println);
 * DiagnosisOutcome outcome = scenario.run(new InMemoryAgents(scenario.agents(), log).as(Scenario.DESK));
 * }</pre>
 */
public final class FaultDiagnosis implements Scenario<DiagnosisOutcome> {
    /** The DNS label of this scenario's zone. */
    public static final String ZONE = "repair";
    /**
     * The agents that belong to the operator's network rather than to the home edge: the RAN and
     * core network side (alarms and topology, live perception, bulk data collection, element
     * configuration). The cross-domain demo hosts them in the core network domain.
     */
    public static final java.util.Set<String> NETWORK_AGENTS = java.util.Set.of(AlarmTopologyAgent.ID, PerceptionCollectionAgent.ID,
            DataCollectionAgent.ID, NetworkConfigAgent.ID);

    private final SimulatedNetwork network;
    private final Fault fault;
    private final String complaint;
    private final List<AgentDefinition> agents;

    private FaultDiagnosis(SimulatedNetwork network, Fault fault) {
        this.network = network;
        this.fault = fault;
        this.complaint = Complaints.text(fault.type(), network.subscriber(fault.subscriberId()), network);
        this.agents = RepairAgents.create(network);
    }

    /** Builds the network for {@code seed}, injects a fault of type {@code fault} and binds the 13 agents to it. */
    public static FaultDiagnosis prepare(FaultType fault, long seed) {
        Objects.requireNonNull(fault, "fault");
        SimulatedNetwork network = SimulatedNetwork.generate(seed);
        return new FaultDiagnosis(network, network.inject(fault));
    }

    /** Prepares and runs the scenario in process, through {@link InMemoryAgents}, reporting to {@code trace}. */
    public static DiagnosisOutcome run(FaultType fault, long seed, Trace trace) {
        FaultDiagnosis scenario = prepare(fault, seed);
        return scenario.run(new InMemoryAgents(scenario.agents(), trace).as(DESK));
    }

    /** Returns the simulated network the agents work on. */
    public SimulatedNetwork network() {
        return network;
    }

    /** Returns the injected fault: the ground truth. */
    public Fault fault() {
        return fault;
    }

    /** Returns the complaint the customer makes, which starts phase 1. */
    public String complaint() {
        return complaint;
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
        return RepairIntents.routes();
    }

    @Override
    public DiagnosisOutcome run(Collaborators desk) {
        Trace trace = desk.trace();
        List<Integer> phases = new ArrayList<>();

        trace.phase(1, "User complaint intent recognition and data sensing");
        JsonNode sensed = desk.call(RepairIntents.UNDERSTAND_COMPLAINT, Payload.object().put("complaint", complaint));
        String subscriberId = Payload.text(sensed, "subscriberId");
        phases.add(1);

        trace.phase(2, "Home broadband fault complaint handling (root-cause loop)");
        ObjectNode diagnose = Payload.object().put("subscriberId", subscriberId)
                .put("complaintType", sensed.path("complaintType").asText());
        diagnose.set("profile", sensed.path("profile"));
        diagnose.set("evidence", sensed.path("evidence"));
        JsonNode diagnosis = desk.call(RepairIntents.DIAGNOSE, diagnose);
        phases.add(2);

        trace.phase(3, "Trouble shooting: automatic repair, dispatch if it fails");
        ObjectNode repair = Payload.object().put("subscriberId", subscriberId)
                .put("rootCause", diagnosis.path("rootCause").asText()).put("location", diagnosis.path("location").asText());
        repair.set("impactScope", diagnosis.path("impactScope"));
        JsonNode handled = desk.call(RepairIntents.REPAIR, repair);
        phases.add(3);

        trace.phase(4, "Service validation: end-to-end tests");
        ObjectNode check = Payload.object().put("subscriberId", subscriberId);
        check.set("impactScope", diagnosis.path("impactScope"));
        JsonNode validation = desk.call(RepairIntents.CHECK_SERVICE, check);
        phases.add(4);

        trace.phase(5, "Quality monitoring");
        JsonNode monitoring = desk.call(RepairIntents.WATCH, Payload.object().put("task", "monitor")
                .put("subscriberId", subscriberId).put("rootCause", diagnosis.path("rootCause").asText()));
        phases.add(5);

        trace.phase(6, "Customer feedback survey");
        JsonNode survey = desk.call(RepairIntents.SURVEY, Payload.object().put("task", "survey")
                .put("subscriberId", subscriberId).put("resolution", handled.path("resolution").asText())
                .put("validationPassed", validation.path("passed").asBoolean()));
        phases.add(6);

        List<String> scope = new ArrayList<>();
        diagnosis.path("impactScope").forEach(id -> scope.add(id.asText()));
        JsonNode dispatch = handled.path("dispatch");
        DiagnosisOutcome outcome = new DiagnosisOutcome(fault.type(), subscriberId,
                ComplaintType.valueOf(sensed.path("complaintType").asText()),
                FaultType.valueOf(diagnosis.path("rootCause").asText()), diagnosis.path("settled").asBoolean(),
                diagnosis.path("confidence").asDouble(), diagnosis.path("iterations").asInt(),
                diagnosis.path("recollections").asInt(), diagnosis.path("questionsAsked").asInt(),
                diagnosis.path("location").asText(), scope, diagnosis.path("recommendation").asText(),
                Resolution.valueOf(handled.path("resolution").asText()), handled.path("repaired").asBoolean(),
                dispatch.has("workOrder") ? dispatch.get("workOrder").asText() : null,
                dispatch.has("engineer") ? dispatch.get("engineer").asText() : null,
                validation.path("passed").asBoolean(), monitoring.path("stable").asBoolean(),
                survey.path("satisfaction").asInt(), phases);
        trace.outcome(String.format(Locale.ROOT, "injected %s, identified %s (%s) after %d iteration(s); scope %d;"
                        + " %s; validation %s; monitoring %s; satisfaction %d/5",
                outcome.injected(), outcome.rootCause(), outcome.rootCauseCorrect() ? "correct" : "WRONG",
                outcome.iterations(), outcome.impactScope().size(), outcome.resolution(),
                outcome.validationPassed() ? "passed" : "FAILED", outcome.monitoringStable() ? "stable" : "UNSTABLE",
                outcome.satisfaction()));
        return outcome;
    }
}
