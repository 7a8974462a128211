package dev.acf.demo.network;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The faults the simulation can inject. Each leaves its own trail in the readings, but the
 * first, periodic view of a line rarely tells them apart: that is what the root-cause loop is for.
 */
public enum FaultType {
    /** A feeder fibre is cut: every ONT on the PON port loses light; needs a splicing crew. */
    FIBER_CUT("fibre cut (loss of signal)", AccessType.FIBER, "fiber-splicing", true),
    /** A dirty or bent connector: low optical power, bit errors and drops; needs an on-site clean. */
    OPTICAL_DEGRADATION("optical power degradation", AccessType.FIBER, "optical-testing", false),
    /** The home Wi-Fi sits on a channel crowded by neighbours; a remote channel change fixes it. */
    WIFI_INTERFERENCE("Wi-Fi interference", null, null, false),
    /** The home gateway points at a DNS resolver that does not answer; a remote config push fixes it. */
    DNS_MISCONFIGURATION("DNS misconfiguration", null, null, false),
    /** A cell's antenna tilt left the plan, leaving its edge in a coverage hole; a remote tilt fixes it. */
    RAN_COVERAGE_HOLE("radio coverage hole", AccessType.FIXED_WIRELESS, null, false),
    /** The ONT carries the wrong service VLAN after a migration; a remote re-provisioning fixes it. */
    ONT_MISCONFIGURATION("ONT service misconfiguration", AccessType.FIBER, null, false);

    private final String label;
    private final @Nullable AccessType access;
    private final @Nullable String fieldSkill;
    private final boolean urgent;

    FaultType(String label, @Nullable AccessType access, @Nullable String fieldSkill, boolean urgent) {
        this.label = label;
        this.access = access;
        this.fieldSkill = fieldSkill;
        this.urgent = urgent;
    }

    /** Returns a short description for people. */
    public String label() {
        return label;
    }

    /** Returns the access type the fault needs, or empty if it can hit any home. */
    public Optional<AccessType> access() {
        return Optional.ofNullable(access);
    }

    /** Returns whether a remote action can clear the fault; if not, an engineer must go on site. */
    public boolean remotelyRepairable() {
        return fieldSkill == null;
    }

    /** Returns the skill an engineer needs to clear the fault on site, if it needs one. */
    public Optional<String> fieldSkill() {
        return Optional.ofNullable(fieldSkill);
    }

    /** Returns whether the fault is urgent (it takes many customers down). */
    public boolean urgent() {
        return urgent;
    }
}
