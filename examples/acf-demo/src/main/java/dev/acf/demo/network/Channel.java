package dev.acf.demo.network;

/** Where a reading comes from; each kind of agent reads through one or two of these. */
public enum Channel {
    /** The 15-minute performance collection: cheap, but may have gaps. */
    PERIODIC,
    /** An on-demand poll or probe of the equipment: fresh, but a poll can time out. */
    LIVE,
    /** Stored records: configuration snapshots, provisioning inventory, history. */
    RECORDS,
    /** The alarm feed of the OLTs and cells, after correlation. */
    ALARMS,
    /** What the customer sees at home, learned by asking them. */
    CUSTOMER
}
