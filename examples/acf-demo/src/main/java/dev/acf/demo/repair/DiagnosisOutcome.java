package dev.acf.demo.repair;

import dev.acf.demo.network.FaultType;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of one fault diagnosis run, phase by phase. Immutable.
 *
 * @param injected the fault the network really had
 * @param subscriberId the complaining customer
 * @param complaintType how phase 1 classified the complaint
 * @param rootCause the most likely root cause phase 2 reported
 * @param settled whether the root-cause loop settled on it (rather than running out of iterations)
 * @param confidence the confidence phase 2 gave, 0-1
 * @param iterations how many times the loop weighed the evidence (1 = the first collection sufficed)
 * @param recollections how many re-collections the loop asked the perception agent for
 * @param questionsAsked how many follow-up questions the customer answered
 * @param location the faulty element phase 2 named (PON port, cell, {@code line:}, {@code gateway:} or {@code ont:} id)
 * @param impactScope the affected customers, the complainant first
 * @param recommendation the knowledge base's recommended fix
 * @param resolution whether phase 3 repaired remotely or dispatched an engineer
 * @param repaired whether the fault was gone at the end of phase 3
 * @param workOrder the dispatch work order, if one was opened
 * @param engineer the dispatched engineer's id, if any
 * @param validationPassed whether phase 4's end-to-end tests all passed
 * @param monitoringStable whether phase 5 saw no recurrence
 * @param satisfaction the customer's rating in phase 6, 1-5
 * @param phasesCompleted the phases that ran, in order
 */
public record DiagnosisOutcome(FaultType injected, String subscriberId, ComplaintType complaintType, FaultType rootCause,
        boolean settled, double confidence, int iterations, int recollections, int questionsAsked, String location,
        List<String> impactScope, String recommendation, Resolution resolution, boolean repaired,
        @Nullable String workOrder, @Nullable String engineer, boolean validationPassed, boolean monitoringStable,
        int satisfaction, List<Integer> phasesCompleted) {

    /** Validates and copies the components. */
    public DiagnosisOutcome {
        Objects.requireNonNull(injected, "injected");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(complaintType, "complaintType");
        Objects.requireNonNull(rootCause, "rootCause");
        Objects.requireNonNull(location, "location");
        impactScope = List.copyOf(impactScope);
        Objects.requireNonNull(recommendation, "recommendation");
        Objects.requireNonNull(resolution, "resolution");
        phasesCompleted = List.copyOf(phasesCompleted);
    }

    /** Returns whether the reported root cause is the injected fault. */
    public boolean rootCauseCorrect() {
        return injected == rootCause;
    }
}
