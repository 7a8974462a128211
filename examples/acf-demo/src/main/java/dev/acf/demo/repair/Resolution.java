package dev.acf.demo.repair;

/** How a diagnosed fault was cleared. */
public enum Resolution {
    /** A remote action cleared it. */
    REMOTE_REPAIR,
    /** The remote action did not help, so an engineer was dispatched. */
    DISPATCH
}
