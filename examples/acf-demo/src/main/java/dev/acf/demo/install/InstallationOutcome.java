package dev.acf.demo.install;

import java.util.List;
import java.util.Objects;

/**
 * The result of one installation run, phase by phase. Immutable.
 *
 * @param orderId the order opened in phase 2
 * @param subscriberId the new customer's account
 * @param customerName the customer's name, as phase 1 recognised it
 * @param address the service address
 * @param downMbps the ordered speed
 * @param addOns the ordered extras ({@code iptv}, {@code voip})
 * @param portId the PON port allocated
 * @param rerouted whether the address's own port was full and another one was allocated
 * @param vlan the customer VLAN allocated
 * @param ontSerial the ONT taken from stock
 * @param servicePath the planned path, home gateway to core
 * @param engineer the engineer who installed the ONT
 * @param configuredDomains the network domains configured in phase 3, in order
 * @param configuredBy the agent that configured each domain (as resolved by intent)
 * @param validationRounds how many validation rounds phase 4's closed loop needed
 * @param correctedDomains the domains re-configured because validation found a discrepancy
 * @param validationPassed whether the final validation passed
 * @param orderCompleted whether the order was completed and the line activated
 * @param monitoringStable whether phase 5 found the new line stable
 * @param satisfaction the customer's rating in phase 6, 1-5
 * @param phasesCompleted the phases that ran, in order
 */
public record InstallationOutcome(String orderId, String subscriberId, String customerName, String address, int downMbps,
        List<String> addOns, String portId, boolean rerouted, int vlan, String ontSerial, List<String> servicePath,
        String engineer, List<String> configuredDomains, List<String> configuredBy, int validationRounds,
        List<String> correctedDomains, boolean validationPassed, boolean orderCompleted, boolean monitoringStable,
        int satisfaction, List<Integer> phasesCompleted) {

    /** Validates and copies the components. */
    public InstallationOutcome {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(customerName, "customerName");
        Objects.requireNonNull(address, "address");
        addOns = List.copyOf(addOns);
        Objects.requireNonNull(portId, "portId");
        Objects.requireNonNull(ontSerial, "ontSerial");
        servicePath = List.copyOf(servicePath);
        Objects.requireNonNull(engineer, "engineer");
        configuredDomains = List.copyOf(configuredDomains);
        configuredBy = List.copyOf(configuredBy);
        correctedDomains = List.copyOf(correctedDomains);
        phasesCompleted = List.copyOf(phasesCompleted);
    }
}
