package dev.acf.demo.network;

/** How a subscriber's home is connected. */
public enum AccessType {
    /** Fibre to the home: an ONT on a PON port of an OLT. */
    FIBER,
    /** Fixed wireless access: a 5G CPE served by a radio cell. */
    FIXED_WIRELESS
}
