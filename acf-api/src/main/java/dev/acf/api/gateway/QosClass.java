package dev.acf.api.gateway;

/**
 * Priority classes of gateway traffic (GW-FWD-1), highest first. Each class has its own
 * bounded queue and limits; under overload the lowest class is shed first.
 */
public enum QosClass {
    /** Fault handling and other work that must keep flowing. */
    CRITICAL,
    /** Ordinary agent calls. */
    STANDARD,
    /** Bulk data collection, reports, probes: shed first. */
    BULK
}
